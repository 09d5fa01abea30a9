"""我的卖货登记 through the sandbox server: listings routed to a station that buys the
product, seen by the farmer, withdrawn (never someone else's), gone from the staff's list."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.supply import OfferView
from bot.markets.supply import view as offer_view
from bot.models.markets import OfferStatus, SupplyOffer
from bot.models.stations import Station
from bot.sandbox.harness import Harness
from handlers.render import listings as view
from tests.e2e.county import direct_booking, living_by_sg01

pytestmark = pytest.mark.e2e

SG01 = "圣城街道邮政便民服务站"
SG04 = "洛城供销社收购站"  # the nearest that takes grain, about 9 km east


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """The sample county; 张大爷 lives by SG01 and uses it; 李站长 runs SG01."""
    return await living_by_sg01(harness)


async def _statuses() -> dict[str, OfferStatus]:
    async with session_scope() as session:
        rows = await session.execute(select(SupplyOffer.text, SupplyOffer.status))
        return {text: status for text, status in rows}


async def test_listings_routed_listed_and_withdrawn(county: Harness) -> None:
    farmer = county.user(10001, "张大爷")
    staff = county.user(20001, "李站长")
    neighbour = county.user(10011, "刘大姐")

    # 大葱 is a vegetable: it stays at SG01, as before.
    await farmer.send("我有两千斤大葱要卖")
    onions = await farmer.press("✅ 确认登记")
    assert onions.last.text.startswith("登记好了！您的大葱 2000斤 已经交给服务站")
    assert onions.last.buttons == ["📋 我的卖货登记"]
    # 玉米 is not: it goes to the nearest station that buys it, and the farmer is told.
    await farmer.send("我有一吨玉米要卖")
    corn = await farmer.press("✅ 确认登记")
    assert corn.last.text.startswith(
        f"登记好了！您常去的{SG01}不收玉米，这条交给了离您最近、收玉米的{SG04}（约 9"
    )

    listed = await staff.send("/offers")
    assert "张大爷：大葱 2000斤" in listed.last.text and "玉米" not in listed.last.text
    matched_data = listed.last.callback_data[0]

    mine = await farmer.send("我的卖货登记")
    assert mine.last.text.startswith("您在等买家的卖货登记（2 条）：")
    assert f"玉米 1吨，现在就能卖，价钱没定，按市场价商量\n🏪 {SG04}" in mine.last.text
    assert f"大葱 2000斤，现在就能卖，价钱没定，按市场价商量\n🏪 {SG01}" in mine.last.text
    assert [b.split(" ", 1)[0] for b in mine.last.buttons] == ["↩️", "↩️"]
    assert (await farmer.send("我登记了哪些")).last.text == mine.last.text

    # 我的大葱不卖了: one 大葱 listing, so straight to "withdraw it?".
    asked = await farmer.send("我的大葱不卖了")
    assert asked.last.text.startswith("确定要撤回您的大葱 2000斤 这条登记")
    assert asked.last.buttons == ["是，撤回", "不撤回"]
    yes_data = asked.last.callback_data[0]

    # Someone else pressing it (forged from the same data) is refused; nothing changes.
    await neighbour.send("/start")
    forged = await neighbour.press_data(yes_data)
    assert forged.answer is not None and forged.answer.text == t("zh", "supply.not_yours")
    assert (await _statuses())["我有两千斤大葱要卖"] is OfferStatus.open

    done = await farmer.press("是，撤回")
    assert done.edited[0].text.startswith("已经撤回您的大葱 2000斤 登记")
    # The station's staff are told, through the outbox (they got no word before: blind test).
    await county.delivered()
    assert staff.last.text == t(
        "zh", "offers.withdrawn_notice", farmer="张大爷", id=1, product="大葱", quantity="2000斤"
    )
    again = await farmer.press_data(yes_data, message=asked.last)
    assert again.answer is not None
    assert again.answer.text == t("zh", "supply.mine.already_withdrawn")
    assert (await _statuses())["我有两千斤大葱要卖"] is OfferStatus.withdrawn

    # The staff no longer see it as open; their old 已对接 button says why.
    assert (await staff.send("/offers")).last.text == t("zh", "offers.none")
    stale = await staff.press_data(matched_data, message=listed.last)
    assert stale.answer is not None and "农户已经撤回了这条登记" in (stale.answer.text or "")

    left = await farmer.send("大葱卖掉了不用登记了")
    assert left.texts[0] == t("zh", "supply.mine.none_of", product="大葱")
    assert "玉米 1吨" in left.last.text and "大葱" not in left.last.text
    # Bookings keep their words.
    assert (await farmer.send("我的预约")).last.text == t("zh", "bookings.mine.none")


async def test_a_product_no_station_near_buys_is_the_farmers_choice(county: Harness) -> None:
    farmer = county.user(10001, "张大爷")
    await farmer.send("我有五百斤核桃要卖")
    asked = await farmer.press("✅ 确认登记")
    text = asked.edited[0].text
    assert text.endswith("县里的服务站都不收核桃。\n这条登记交给哪里？点下面选一个。")
    assert asked.edited[0].buttons == [f"🏪 还是交给{SG01}", "❌ 不登记了"]
    assert await _statuses() == {"我有五百斤核桃要卖": OfferStatus.draft}  # nothing opened yet
    kept = await farmer.press(f"🏪 还是交给{SG01}")
    assert kept.last.text.startswith(f"登记好了！您的核桃 500斤 已经交给{SG01}（📞 0536-5000101）")
    assert await _statuses() == {"我有五百斤核桃要卖": OfferStatus.open}
    # Said again while it is open: that listing, not a second draft to route.
    again = await farmer.send("我有五百斤核桃要卖")
    assert (again.last.text or "").startswith("您的核桃已经登记过了"), again.texts
    assert await _statuses() == {"我有五百斤核桃要卖": OfferStatus.open}


async def test_a_forged_station_choice_is_refused(county: Harness) -> None:
    # A forged choice of a station that does not buy it is refused.
    farmer = county.user(10001, "张大爷")
    await farmer.send("我有五百斤核桃要卖")
    await farmer.press("✅ 确认登记")
    async with session_scope() as session:
        draft = await session.scalar(
            select(SupplyOffer.id).where(SupplyOffer.status == OfferStatus.draft)
        )
        sg04 = await session.scalar(select(Station.id).where(Station.external_id == "SG04"))
    assert draft is not None and sg04 is not None
    forged = await farmer.press_data(view.OfferTo(draft, sg04).encode())
    assert forged.answer is not None
    assert forged.answer.text == t("zh", "supply.station_refused")


async def test_not_selling_any_more_said_short(county: Harness) -> None:
    # 不卖了 alone (a word that also stops a booking): the listings, since nothing is booked.
    farmer = county.user(10001, "张大爷")
    await county.user(20001, "李站长").send("/start")  # SG01's staff, told of the withdrawal
    await farmer.send("我有两千斤大葱要卖")
    await farmer.press("✅ 确认登记")
    await farmer.send("我有两千斤黄瓜要卖")
    await farmer.press("✅ 确认登记")
    short = await farmer.send("不卖了")
    assert short.last.text.startswith(t("zh", "cancel.which_listing"))
    assert len(short.last.buttons) == 2
    # 取消卖货 (小麦 was heard in it, then 答不上来: blind test): the listings, to pick one.
    cancel = await farmer.send("取消卖货")
    assert cancel.last.text.startswith(t("zh", "supply.mine.pick"))
    assert "小麦" not in cancel.last.text
    # 我不想卖了 names no product: both listings, to pick one.
    which = await farmer.send("我不想卖了")
    assert which.last.text.startswith(t("zh", "supply.mine.pick"))
    await farmer.press(which.last.buttons[1])  # ↩️ 撤回 the 大葱 (the older)
    done = await farmer.press("是，撤回")
    assert done.edited[0].text.startswith("已经撤回您的大葱 2000斤 登记")
    # A farmer with a pick-up booked and nothing listed means the pick-up.
    neighbour = county.user(10011, "刘大姐")
    await neighbour.send("/start")
    booking = await direct_booking(10011, "SG01")
    booked = await neighbour.send("我不想卖了")
    assert booked.texts[0] == t("zh", "cancel.which_booking")
    assert f"✖️ 取消 {booking.code}" in booked.last.buttons


async def test_english_listings_and_withdrawal(county: Harness) -> None:
    farmer = county.user(10001, "张大爷")
    await farmer.send("/language")
    await farmer.press("English")
    draft = await farmer.send("I have 1000 jin of corn to sell")
    done = await farmer.press(draft.last.buttons[0])
    assert done.last.text.startswith(
        "Done! Your usual station, 圣城街道邮政便民服务站 (Shengcheng Jiedao Youzheng "
        "Bianmin Fuwuzhan), does not buy corn, so this listing went to the nearest station "
        "that does: 洛城供销社收购站 (Luocheng Gongxiaoshe Shougouzhan) (about 9.2 km"
    )
    mine = await farmer.send("my listings")
    assert mine.last.text.startswith("Your listings waiting for a buyer (1):")
    assert "corn 1000 jin, ready now" in mine.last.text
    asked = await farmer.send("withdraw my corn listing")
    assert asked.last.text.startswith("Withdraw your listing of corn (1000 jin")
    gone = await farmer.press("Yes, withdraw it")
    assert gone.edited[0].text.startswith("Your listing of corn (1000 jin")
    assert (await farmer.send("my listings")).last.text == t("en", "supply.mine.none")


async def test_the_summary_says_where_the_listing_goes(county: Harness) -> None:
    # The summary before ✅ did not say which station gets the listing (blind test).
    farmer = county.user(10001, "张大爷")
    onions = await farmer.send("我有三千斤大葱下周能卖")  # an offer said with 能卖 (blind test)
    assert onions.last.text.startswith("请确认您要卖的货：\n🌾 品种：大葱\n⚖️ 数量：3000斤")
    assert f"🏪 交给：{SG01}\n" in onions.last.text
    done = await farmer.press("✅ 确认登记")
    assert f"🏪 交给：{SG01}" in done.edited[0].text
    corn = await farmer.send("我有一千多斤玉米要卖")  # said loosely: the figure said, and said so
    assert "⚖️ 数量：1000斤（您说的是一千多斤，先按1000斤登记" in corn.last.text
    assert f"🏪 交给：{SG04}（离您最近、收玉米的，约 9" in corn.last.text
    walnuts = await farmer.send("我有五百斤核桃要卖")
    assert "🏪 交给：附近没有收核桃的服务站，点确认后您来选交给哪里" in walnuts.last.text
    chosen = await farmer.press("✅ 确认登记")
    assert "🏪 交给：附近没有收核桃的服务站" in chosen.edited[0].text
    kept = await farmer.press(f"🏪 还是交给{SG01}")
    assert f"🏪 交给：{SG01}" in kept.edited[0].text


async def test_english_summary_and_staff_told_of_a_withdrawal(county: Harness) -> None:
    staff = county.user(20001, "李站长")
    await staff.send("/language")
    await staff.press("English")
    farmer = county.user(10001, "张大爷")
    await farmer.send("/language")
    await farmer.press("English")
    draft = await farmer.send("I have over 1000 jin of onions to sell")
    assert "⚖️ Quantity: 1000 jin (you said over 1000 jin: listed as 1000 jin;" in draft.last.text
    assert "🏪 Goes to: 圣城街道邮政便民服务站 (Shengcheng" in draft.last.text
    await farmer.press(draft.last.buttons[0])
    asked = await farmer.send("withdraw my onion listing")
    await farmer.press(asked.last.buttons[0])
    await county.delivered()
    assert staff.last.text is not None
    assert staff.last.text.startswith("↩️ 张大爷 withdrew listing #1 (onion 1000 jin)")


async def test_a_typed_yes_or_no_answers_withdraw_it(county: Harness) -> None:
    # "Yes, withdraw it" typed at "withdraw it?" was "I can't answer that yet" (blind test).
    farmer = county.user(10001, "张大爷")
    await farmer.send("/language")
    await farmer.press("English")
    draft = await farmer.send("I have 1000 jin of corn to sell")
    await farmer.press(draft.last.buttons[0])
    asked = await farmer.send("withdraw my corn listing")
    assert asked.last.text.startswith("Withdraw your listing of corn (1000 jin")
    kept = await farmer.send("no")
    assert kept.last.text == t("en", "supply.mine.kept")
    assert (await _statuses())["I have 1000 jin of corn to sell"] is OfferStatus.open
    await farmer.send("withdraw my corn listing")
    gone = await farmer.send("Yes, withdraw it")
    assert gone.last.text.startswith("Your listing of corn (1000 jin")
    assert (await _statuses())["I have 1000 jin of corn to sell"] is OfferStatus.withdrawn


async def test_a_typed_shi_withdraws_in_chinese(county: Harness) -> None:
    await county.user(20001, "李站长").send("/start")  # SG01's staff, told of the withdrawal
    farmer = county.user(10001, "张大爷")
    draft = await farmer.send("我有两千斤大葱要卖")
    await farmer.press(draft.last.buttons[0])
    asked = await farmer.send("我的大葱不卖了")
    assert asked.last.text.startswith("确定要撤回您的大葱 2000斤 这条登记")
    gone = await farmer.send("是的")
    assert gone.last.text.startswith("已经撤回您的大葱 2000斤 登记")
    assert (await _statuses())["我有两千斤大葱要卖"] is OfferStatus.withdrawn


async def _at_admins() -> None:
    """Every listing at no station, as one the county admin took (核桃 at 👤)."""
    async with session_scope() as session:
        for offer in (await session.scalars(select(SupplyOffer))).all():
            offer.station_id = None


@pytest.mark.parametrize(
    ("lang", "sell", "withdraw", "no"),
    [
        ("zh", "我有两千斤大葱要卖", "我的大葱不卖了", "不撤回"),
        ("en", "I have 1000 jin of corn to sell", "withdraw my corn listing", "Keep it"),
    ],
)
async def test_keeping_a_listing_at_no_station_names_the_county_admin(
    county: Harness, lang: str, sell: str, withdraw: str, no: str
) -> None:
    # 不撤回 said 服务站接着帮您找买家 of a listing the county admin had.
    farmer = county.user(10001, "张大爷")
    if lang == "en":
        await farmer.send("/language")
        await farmer.press("English")
    draft = await farmer.send(sell)
    await farmer.press(draft.last.buttons[0])
    await _at_admins()
    asked = await farmer.send(withdraw)
    assert asked.last.text == view.withdraw_question(lang, await _the_offer())
    kept = await farmer.press(no)
    assert kept.edited[0].text == t(lang, "supply.mine.kept_admins")
    # Typed: the same.
    await farmer.send(withdraw)
    typed = await farmer.send("不" if lang == "zh" else "no")
    assert typed.last.text == t(lang, "supply.mine.kept_admins")
    assert set((await _statuses()).values()) == {OfferStatus.open}


@pytest.mark.parametrize(
    ("lang", "sell", "withdraw"),
    [
        ("zh", "我有两千斤大葱要卖", "我的大葱不卖了"),
        ("en", "I have 1000 jin of corn to sell", "withdraw my corn listing"),
    ],
)
async def test_withdrawing_a_listing_the_county_admin_matched_names_them(
    county: Harness, lang: str, sell: str, withdraw: str
) -> None:
    # 是，撤回 on a listing at no station matched meanwhile said 服务站已经对接好买家了 /
    # "the station has found a buyer": the county admin had it.
    farmer = county.user(10001, "张大爷")
    if lang == "en":
        await farmer.send("/language")
        await farmer.press("English")
    draft = await farmer.send(sell)
    await farmer.press(draft.last.buttons[0])
    await _at_admins()
    await farmer.send(withdraw)
    async with session_scope() as session:
        (await session.scalars(select(SupplyOffer))).one().status = OfferStatus.matched
    refused = await farmer.press(t(lang, "supply.mine.yes_withdraw"))
    assert refused.answer is not None
    said = refused.answer.text or ""
    assert said == t(lang, "supply.mine.matched_already_admins")
    assert "服务站" not in said and "station" not in said
    assert ("县里的管理员" if lang == "zh" else "county admin") in said


async def test_withdrawing_a_listing_the_station_matched_names_the_station(
    county: Harness,
) -> None:
    farmer = county.user(10001, "张大爷")
    draft = await farmer.send("我有两千斤大葱要卖")
    await farmer.press(draft.last.buttons[0])
    await farmer.send("我的大葱不卖了")
    async with session_scope() as session:
        (await session.scalars(select(SupplyOffer))).one().status = OfferStatus.matched
    refused = await farmer.press("是，撤回")
    assert refused.answer is not None
    assert refused.answer.text == t("zh", "supply.mine.matched_already")


async def test_keeping_a_listing_at_a_station_still_names_the_station(county: Harness) -> None:
    farmer = county.user(10001, "张大爷")
    draft = await farmer.send("我有两千斤大葱要卖")
    await farmer.press(draft.last.buttons[0])
    await farmer.send("我的大葱不卖了")
    kept = await farmer.press("不撤回")
    assert kept.edited[0].text == t("zh", "supply.mine.kept")


async def _the_offer() -> OfferView:
    async with session_scope() as session:
        offer = (await session.scalars(select(SupplyOffer))).one()
        return await offer_view(session, offer)


@pytest.mark.parametrize(
    ("lang", "first", "again"),
    [
        ("zh", "我有两千斤大葱要卖", "我有1吨大葱要卖"),
        (
            "en",
            "I have 2000 jin of green onions to sell",
            "I have 2000 jin of green onions to sell",
        ),
    ],
)
async def test_the_same_listing_twice_is_the_open_one(
    county: Harness, lang: str, first: str, again: str
) -> None:
    # Sandbox walk: the same produce said again was a second listing (a typed 确认 took it);
    # now the open one is shown, nothing is drafted, and its amount can be changed.
    farmer = county.user(10001, "张大爷")
    staff = county.user(20001, "李站长")  # SG01's, told of each change
    await staff.send("/start")
    if lang == "en":
        await farmer.send("/language")
        await farmer.press("English")
    await farmer.send(first)
    await farmer.press(t(lang, "supply.confirm_button"))
    repeat = await farmer.send(again)  # 1吨 is 2000斤: the same amount
    product = "大葱" if lang == "zh" else "scallion"
    amount = "2000" + ("斤" if lang == "zh" else " jin")
    assert repeat.last.text == t(
        lang, "supply.mine.already", id=1, product=product, quantity=amount
    )
    assert repeat.last.buttons == [
        t(lang, "supply.mine.change_button"),
        t(lang, "supply.mine.list_button"),
    ]
    assert await _all_statuses() == [OfferStatus.open]
    # Another amount is offered as the listing's new one; pressed, it is changed.
    other = await farmer.send(
        "我有三千斤大葱要卖" if lang == "zh" else "I have 3000 jin of green onions to sell"
    )
    new = "3000" + ("斤" if lang == "zh" else " jin")
    assert other.last.text == t(
        lang, "supply.mine.already_new", id=1, product=product, quantity=amount, said=new
    )
    changed = await farmer.press(t(lang, "supply.mine.change_to_button", said=new))
    assert changed.last.text == t(lang, "supply.mine.changed", id=1, product=product, quantity=new)
    assert await _all_statuses() == [OfferStatus.open]
    # ✏️ 改数量 asks the amount; typed, it is the listing's.
    await farmer.send(
        "我有三千斤大葱要卖" if lang == "zh" else "I have 3000 jin of green onions to sell"
    )
    asked = await farmer.press(t(lang, "supply.mine.change_button"))
    assert asked.last.text == t(lang, "supply.mine.ask_amount", product=product, quantity=new)
    typed = await farmer.send("两千五百斤" if lang == "zh" else "2500 jin")
    two_five = "2500" + ("斤" if lang == "zh" else " jin")
    assert typed.last.text == t(
        lang, "supply.mine.changed", id=1, product=product, quantity=two_five
    )
    assert await _all_statuses() == [OfferStatus.open]
    # The station's staff are told, through the outbox, as of a withdrawal.
    await county.delivered()
    assert staff.last.text == t(
        "zh", "offers.changed_notice", farmer="张大爷", id=1, product="大葱", quantity="2500斤"
    )


async def _all_statuses() -> list[OfferStatus]:
    async with session_scope() as session:
        return list(await session.scalars(select(SupplyOffer.status).order_by(SupplyOffer.id)))


@pytest.mark.parametrize(
    ("lang", "first", "again", "product", "new"),
    [
        ("zh", "我有两千斤大葱要卖", "我有三千斤大葱要卖", "大葱", "3000斤"),
        (
            "en",
            "I have 2000 jin of green onions to sell",
            "I have 3000 jin of green onions to sell",
            "scallion",
            "3000 jin",
        ),
    ],
)
async def test_changing_a_listing_at_no_station_names_the_county_admin(
    county: Harness, lang: str, first: str, again: str, product: str, new: str
) -> None:
    # ✏️ said 服务站接着帮您找买家 of a listing the county admin had.
    farmer = county.user(10001, "张大爷")
    if lang == "en":
        await farmer.send("/language")
        await farmer.press("English")
    await farmer.send(first)
    await farmer.press(t(lang, "supply.confirm_button"))
    await _at_admins()
    await farmer.send(again)
    changed = await farmer.press(t(lang, "supply.mine.change_to_button", said=new))
    said = changed.last.text or ""
    assert said == t(lang, "supply.mine.changed_admins", id=1, product=product, quantity=new)
    assert "服务站" not in said and "station" not in said
    assert ("县里的管理员" if lang == "zh" else "county admin") in said


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_keeping_a_listing_no_longer_open_says_what_it_is(county: Harness, lang: str) -> None:
    # 不撤回 pressed on a "withdraw it?" whose listing was withdrawn (from a second question)
    # or matched meanwhile said 登记保留，服务站接着帮您找买家.
    farmer = county.user(10001, "张大爷")
    staff = county.user(20001, "李站长")
    if lang == "en":
        await farmer.send("/language")
        await farmer.press("English")
    sell = "我有两千斤大葱要卖" if lang == "zh" else "I have 2000 jin of green onions to sell"
    withdraw = "我的大葱不卖了" if lang == "zh" else "withdraw my green onion listing"
    await farmer.send(sell)
    await farmer.press(t(lang, "supply.confirm_button"))
    first = (await farmer.send(withdraw)).last
    await farmer.send(withdraw)
    await farmer.press(t(lang, "supply.mine.yes_withdraw"))
    kept = await farmer.press(t(lang, "supply.mine.keep"), message=first)
    assert kept.edited[0].text == t(lang, "supply.mine.kept_withdrawn")
    assert (await _statuses())[sell] is OfferStatus.withdrawn
    # Listed again and matched by the station while "withdraw it?" is open.
    await farmer.send(sell)
    await farmer.press(t(lang, "supply.confirm_button"))
    asked = (await farmer.send(withdraw)).last
    listed = await staff.send("/offers")
    matching = await staff.press(listed.last.buttons[0])  # 已对接 asks first
    await staff.press_data(matching.last.callback_data[0], message=matching.last)
    kept = await farmer.press(t(lang, "supply.mine.keep"), message=asked)
    assert kept.edited[0].text == t(lang, "supply.mine.kept_matched")
    assert OfferStatus.matched in (await _all_statuses())
