"""A product said for sale again while its listing is open, the answer to 「是想卖吗？」 in words,
the tip after a withdrawal, and herds in English (sandbox walk in a pastoral county)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.herds import herd_said
from bot.markets.listings import change_amount, open_listing_of, withdraw_offer
from bot.markets.prices import product_named
from bot.markets.supply import OfferError, OfferView, confirm_offer, draft_offer
from bot.models.markets import OfferStatus
from handlers.listed_again import what_changed
from handlers.render import listings as view
from handlers.render.supply import ask_herd_weight
from knowledge.text.heads import Herd, says_sell
from knowledge.text.intent import Kind, classify
from knowledge.text.normalise import normalise
from knowledge.text.numbers import Quantity
from knowledge.text.per_head import herd_noun
from tests.test_supply_listings import FARMER, OTHER_FARMER, STATION, _people

TODAY = date(2026, 11, 28)
NOW = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)


def _offer(
    product: str = "羊肉",
    quantity: float | None = 1600,
    heads: int | None = 20,
    high: int | None = None,
) -> OfferView:
    return OfferView(
        id=1,
        farmer_id=FARMER,
        farmer_name="张大爷",
        farmer_username=None,
        product=product,
        quantity=quantity,
        quantity_unit="斤" if quantity is not None else None,
        ready_date=TODAY,
        price=None,
        price_unit=None,
        station_id=STATION,
        status=OfferStatus.open,
        created_at=NOW,
        heads=heads,
        heads_high=high,
    )


@pytest.mark.parametrize(
    "text",
    ["要卖", "卖", "想卖", "是的，要卖", "卖吧", "卖了吧", "我要卖", "打算卖掉", "出手",
     "sell", "sell them", "Yes, sell them", "I want to sell", "I'd like to sell them"],
)  # fmt: skip
def test_selling_said_short_answers_are_they_for_sale(text: str) -> None:
    assert says_sell(normalise(text))


@pytest.mark.parametrize(
    "text", ["不卖", "是的", "要卖吗", "卖多少钱", "卖给谁", "怎么卖", "how do I sell", "yes"]
)
def test_a_question_or_a_plain_yes_is_no_sell_word(text: str) -> None:
    # 是的 / yes are knowledge.text.yesno's; a question asks something else.
    assert not says_sell(normalise(text))


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("my cows are not for sale anymore", "牛肉"),
        ("my cows aren’t for sale any more", "牛肉"),
        ("our sheep are no longer for sale", "羊肉"),
        ("I'm not selling my sheep anymore", "羊肉"),
        ("I’m not selling my sheep anymore", "羊肉"),
        ("I no longer want to sell my cows", "牛肉"),
        ("I won’t sell my pigs anymore", "猪肉"),
        ("I don’t want to sell my sheep anymore", "羊肉"),
        ("the corn isn't for sale any more", "玉米"),
    ],
)
def test_not_for_sale_any_more_in_english_withdraws(text: str, product: str) -> None:
    intent = classify(text)
    assert intent.kind is Kind.my_offers, text
    assert intent.extras.get("listings") == "withdraw"
    assert intent.products == (product,)


@pytest.mark.parametrize(
    "text", ["why are my cows not for sale", "is corn for sale?", "I have 5 cows for sale"]
)
def test_asking_or_offering_is_no_withdrawal(text: str) -> None:
    assert classify(text).extras.get("listings") is None


def test_a_herd_reads_as_said_in_either_language() -> None:
    assert herd_said("zh", "羊肉", 20, None, "羊") == "20只羊"
    assert herd_said("zh", "猪肉", 10, 19, "肥猪") == "10-19头肥猪"
    assert herd_said("en", "牛肉", 5, None, "cows") == "5 cows"
    assert herd_said("en", "牛肉", 5, None, "cattle") == "5 cattle"
    cows = ask_herd_weight("en", _offer("牛肉", None, 5), "cows")
    assert cows.startswith("About how many jin do your 5 cows weigh in all?")
    assert "head of" not in cows
    assert view.herd_told_text("en", "5 cows", "牛肉").startswith("You have 5 cows. Would")
    assert herd_noun("en", "牛肉") == "cattle" and herd_noun("zh", "羊肉") == "羊"


@pytest.mark.parametrize(
    ("lang", "offer", "example"),
    [
        ("zh", _offer(), "以后还要卖，说「我有20只羊要卖」就行。"),
        ("zh", _offer("猪肉", 3000, 10, 19), "说「我有10-19头猪要卖」"),
        ("zh", _offer("大葱", 2000, None), "说「我有2000斤大葱要卖」"),
        ("en", _offer(), 'To sell again, say "I have 20 sheep to sell".'),
        ("en", _offer("牛肉", 2000, 5), 'say "I have 5 cattle to sell"'),
        ("en", _offer("大葱", 2000, None), 'say "I have 2000 jin of scallion to sell"'),
    ],
)
def test_the_tip_after_a_withdrawal_says_what_was_withdrawn(
    lang: str, offer: OfferView, example: str
) -> None:
    text = view.withdrawn_text(lang, offer)
    assert example in text, text
    assert "两千斤羊肉" not in text and "2000 jin of mutton" not in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_keeping_a_listing_says_who_keeps_looking(lang: str) -> None:
    at_station = view.kept_text(lang, _offer())
    at_admins = view.kept_text(lang, replace(_offer(), station_id=None))
    assert at_station == t(lang, "supply.mine.kept")
    assert at_admins == t(lang, "supply.mine.kept_admins")
    assert ("服务站" not in at_admins) and ("station" not in at_admins)
    assert "县里的管理员" in at_admins or "county admin" in at_admins
    unknown = view.kept_text(lang, None)
    assert "服务站" not in unknown and "station" not in unknown


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_keeping_a_listing_no_longer_open_says_it_is_not(lang: str) -> None:
    # 不撤回 on a listing withdrawn or matched meanwhile said 登记保留.
    withdrawn = view.kept_text(lang, None, "withdrawn")
    matched = view.kept_text(lang, None, "matched")
    assert withdrawn == t(lang, "supply.mine.kept_withdrawn")
    assert matched == t(lang, "supply.mine.kept_matched")
    for said in (withdrawn, matched):
        assert "保留" not in said and "stays" not in said and "keeps looking" not in said
    # Someone else's listing: no one is named, nothing said of it.
    assert view.kept_text(lang, None, "not_yours") == t(lang, "supply.mine.kept_any")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_changed_amount_says_who_keeps_looking(lang: str) -> None:
    # ✏️ on a listing at no station said 服务站接着帮您找买家.
    at_station = view.changed_text(lang, _offer())
    at_admins = view.changed_text(lang, replace(_offer(), station_id=None))
    assert ("服务站" in at_station) or ("station" in at_station)
    assert "服务站" not in at_admins and "station" not in at_admins
    assert "县里的管理员" in at_admins or "county admin" in at_admins
    assert "#1" in at_admins


def test_keep_carries_the_listing_and_reads_the_old_button() -> None:
    assert view.KeepOffer.parse(view.KeepOffer(7).encode()) == view.KeepOffer(7)
    assert view.KeepOffer.parse("ol:keep") == view.KeepOffer(0)
    assert view.KeepOffer.parse("ol:keep:x") is None
    keyboard = view.withdraw_keyboard("zh", 7)
    assert keyboard.inline_keyboard[0][1].callback_data == "ol:keep:7"


def test_what_changed_is_offered_as_the_new_amount() -> None:
    listed = _offer()
    # The same 20 sheep again: nothing new, ✏️ asks.
    said, change = what_changed("zh", listed, Herd(20, None, "羊", "羊肉"), None)
    assert said is None and change == view.ChangeAmount(1)
    # 25 this time: offered, the weight asked when pressed.
    said, change = what_changed("zh", listed, Herd(25, None, "羊", "羊肉"), None)
    assert said == "25只羊" and change == view.ChangeAmount(1, 25, 0, "")
    # 25 at 80斤 each: 2000斤, changed at once when pressed.
    said, change = what_changed(
        "zh", listed, Herd(25, None, "羊", "羊肉"), Quantity(80, "斤"), each=True
    )
    assert said == "25只羊 约2000斤" and change == view.ChangeAmount(1, 25, 0, "2000斤")
    # Produce: 1吨 is the 2000斤 listed; 3000斤 is new.
    onions = _offer("大葱", 2000, None)
    assert what_changed("zh", onions, None, Quantity(1, "吨"))[0] is None
    said, change = what_changed("en", onions, None, Quantity(3000, "斤"))
    assert said == "3000 jin" and change.amount == "3000斤"
    assert view.ChangeAmount.parse(change.encode()) == change


async def _listed_sheep(heads: int = 20) -> OfferView:
    async with session_scope() as session:
        await _people(session)
        mutton = await product_named(session, "羊肉")
        assert mutton is not None
        draft = await draft_offer(
            session, FARMER, "20只羊", mutton.id, Quantity(1600, "斤"), None, TODAY, (heads, None)
        )
        return await confirm_offer(session, draft.id, FARMER, NOW, station_id=STATION)


async def test_an_open_listing_is_found_and_its_amount_changed(db: str) -> None:
    sheep = await _listed_sheep()
    async with session_scope() as session:
        mutton = await product_named(session, "羊肉")
        onions = await product_named(session, "大葱")
        assert mutton is not None and onions is not None
        found = await open_listing_of(session, FARMER, mutton.id)
        assert found is not None and found.id == sheep.id
        assert await open_listing_of(session, FARMER, onions.id) is None
        assert await open_listing_of(session, OTHER_FARMER, mutton.id) is None
        # 25 sheep at 80斤 each: 2000斤, the count kept with it.
        changed = await change_amount(
            session, sheep.id, FARMER, Quantity(80, "斤"), each=True, heads=(25, None)
        )
        assert (changed.heads, changed.quantity, changed.quantity_unit) == (25, 2000, "斤")
        assert changed.status is OfferStatus.open
        # 90斤 each of the 25 now listed.
        again = await change_amount(session, sheep.id, FARMER, Quantity(90, "斤"), each=True)
        assert (again.heads, again.quantity) == (25, 2250)


async def test_only_the_farmers_own_open_listing_is_changed(db: str) -> None:
    sheep = await _listed_sheep()
    async with session_scope() as session:
        with pytest.raises(OfferError, match=r"^not_yours$"):
            await change_amount(session, sheep.id, OTHER_FARMER, Quantity(1, "吨"))
        with pytest.raises(OfferError, match=r"^bad_quantity$"):
            await change_amount(session, sheep.id, FARMER, Quantity(0, "斤"))
        with pytest.raises(OfferError, match=r"^not_found$"):
            await change_amount(session, 99999, FARMER, Quantity(1, "吨"))
        await withdraw_offer(session, sheep.id, FARMER, NOW)
        with pytest.raises(OfferError, match=r"^withdrawn$"):
            await change_amount(session, sheep.id, FARMER, Quantity(1, "吨"))
        mutton = await product_named(session, "羊肉")
        assert mutton is not None
        assert await open_listing_of(session, FARMER, mutton.id) is None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_matched_listing_at_no_station_is_refused_naming_the_county_admin(lang: str) -> None:
    # matched_already said 服务站 / the station of a listing the county admin had.
    from handlers.render.supply import refusal

    at_admins = refusal(lang, OfferError("matched", at_station=False))
    assert at_admins == t(lang, "supply.mine.matched_already_admins")
    assert "服务站" not in at_admins and "station" not in at_admins
    at_station = refusal(lang, OfferError("matched", at_station=True))
    assert at_station == t(lang, "supply.mine.matched_already")
    # Other refusals are the same wherever the listing is.
    withdrawn = OfferError("withdrawn", at_station=False)
    assert refusal(lang, withdrawn) == t(lang, "supply.mine.already_withdrawn")
