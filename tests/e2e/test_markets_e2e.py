"""Prices, buyers and supply offers as conversations through the sandbox Bot API server."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.prices import local_today, product_named
from bot.models.markets import DemandListing, Market
from bot.models.users import User
from bot.sandbox.harness import Harness
from bot.users import Visitor, touch
from tests.e2e.questions_util import farmer_and_staff
from tests.markets_util import add_price, seed_markets, tomato_price

pytestmark = pytest.mark.e2e

NEAR_BEIJING = (39.9, 116.4)


@pytest.fixture
async def market(harness: Harness) -> Harness:
    """Three markets with prices up to today, a buyer of 土豆, a farmer near Beijing at
    station 1, that station's staff member, and a farmer with no station."""
    today = local_today(harness.app.bot_data["settings"].tz)
    async with session_scope() as session:
        await seed_markets(session, today)
        potato = await product_named(session, "土豆")
        assert potato is not None
        session.add(
            DemandListing(
                buyer="武汉中百生鲜采购",
                product_id=potato.id,
                quantity=30,
                quantity_unit="吨",
                price=1.0,
                price_unit="斤",
                lat=30.4956,
                lon=114.2925,
                place="湖北武汉",
                valid_until=today + timedelta(days=7),
                contact="武汉服务站转 027-000-0404",
            )
        )
        farmer = await farmer_and_staff(session)
        farmer.home_lat, farmer.home_lon = NEAR_BEIJING
        await touch(session, Visitor(10002, "刘大姐"))
    return harness


async def test_price_near_the_farmer_with_change_and_chart(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    today = local_today(market.app.bot_data["settings"].tz)
    replies = await farmer.send("西红柿多少钱")
    text = replies.last.text
    assert text.startswith("💰 西红柿 批发价（元/斤）")
    assert text.index("📍 新发地（离您约") < text.index("📍 哈达") < text.index("📍 江桥")
    assert f"均价 {tomato_price(today, today):.2f}" in text
    assert f"{today.month}月{today.day}日　比7天前 ↑" in text
    assert "（市场按公斤报价：5.40 元/公斤）" in text  # 江桥 quotes per 公斤, converted
    assert "⚠️ 这是5天前的价格" in text  # 哈达 stopped reporting
    assert replies.last.buttons == ["📈 看走势图", "🔔 订阅价格"]

    chart = await farmer.press("📈 看走势图", within=30)
    assert chart.answer is not None and chart.answer.answered
    photo = chart.last
    assert photo.kind == "photo"
    assert photo.caption == "📈 西红柿 近30天批发价（元/斤）"
    biggest = photo.media["photo"][-1]
    assert (biggest["width"], biggest["height"]) == (960, 600)


async def test_per_kg_named_market_and_stale_warning(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    per_kg = await farmer.send("江桥番茄多少钱一公斤")
    # Asked by 番茄: the card says it beside the product it is priced as.
    assert per_kg.last.text.startswith("💰 番茄（西红柿） 批发价（元/公斤）· 江桥")
    assert "均价 5.40" in per_kg.last.text
    stale = await farmer.send("哈达西红柿价格")
    assert t("zh", "prices.stale", days=5) in stale.last.text


async def test_no_location_gets_the_freshest_markets_and_a_hint(market: Harness) -> None:
    farmer = market.user(10002, "刘大姐")
    replies = await farmer.send("今天土豆啥价")
    assert "📍 新发地\n" in replies.last.text and "离您约" not in replies.last.text
    assert t("zh", "prices.share_location") in replies.last.text


async def test_unknown_product_offers_the_closest_names(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    replies = await farmer.send("生羌多少钱")  # 生姜 typed wrong
    assert replies.last.text == t("zh", "prices.unknown_product", word="生羌")
    assert replies.last.buttons[0] == "生姜" and "西红柿" not in replies.last.buttons
    answer = await farmer.press("生姜")
    assert answer.last.text == t("zh", "prices.no_data", product="生姜")


async def test_a_product_nothing_sounds_like_gets_the_usual_ones(market: Harness) -> None:
    # 榴莲 and 尿素 are no typo of any product: no 莲藕 or 红薯 offered as "did you mean".
    farmer = market.user(10001, "张大爷")
    for word in ("榴莲", "尿素"):
        replies = await farmer.send(f"{word}多少钱")
        assert replies.last.text == t("zh", "prices.unknown_product_none", word=word)
        assert "红薯" not in replies.last.buttons[:1] and "莲藕" not in replies.last.buttons


@pytest.mark.parametrize(
    ("lang", "asked", "named"),
    [("zh", "蒜苔啥价", "蒜苔"), ("zh", "蒜薹多少钱一斤", "蒜薹"), ("en", "蒜薹 price", "蒜薹")],
)
async def test_a_product_without_prices_offers_the_related_ones_that_have(
    market: Harness, lang: str, asked: str, named: str
) -> None:
    # Sandbox walk: 蒜苔 (蒜薹, garlic scapes) is no product of the price list; the farmer was
    # offered the usual products (or a "did you mean price"), never 大蒜, whose prices are there.
    today = local_today(market.app.bot_data["settings"].tz)
    async with session_scope() as session:
        garlic = await product_named(session, "大蒜")
        xinfadi = await session.scalar(select(Market).where(Market.short_name == "新发地"))
        assert garlic is not None and xinfadi is not None
        add_price(session, garlic, xinfadi, today, 3.2, "斤")
    farmer = market.user(10002, "刘大姐")
    if lang == "en":
        await farmer.send("/language")
        await farmer.press("English")
    replies = await farmer.send(asked)
    assert replies.last.text == t(lang, "prices.unknown_product_related", word=named)
    assert replies.last.buttons[0] in ("大蒜", "garlic")
    answer = await farmer.press(replies.last.buttons[0])
    assert "3.20" in (answer.last.text or "")


async def test_price_menu_button_asks_which_product(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    await farmer.send("/start")
    replies = await farmer.send("💰 查价格")
    assert replies.last.text == t("zh", "prices.ask_product")
    assert replies.last.buttons[:3] == ["土豆", "西红柿", "玉米"]
    answer = await farmer.press("西红柿")
    assert answer.last.text.startswith("💰 西红柿 批发价（元/斤）")
    forged = await farmer.press_data("px:c:1:x:1")
    assert forged.answer is not None and forged.answer.text == t("zh", "fallback.unknown_button")


async def test_who_buys_and_what_sells(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    buyers = await farmer.send("哪里收土豆")
    text = buyers.last.text
    assert text.startswith("🛒 收购土豆的买家：")
    assert "🛒 武汉中百生鲜采购（离您约" in text and "出价 1.00 元/斤" in text
    assert "30吨" in text and "武汉服务站转" in text
    nobody = await farmer.send("谁收西红柿")
    assert nobody.last.text.startswith("暂时没有人在收西红柿")
    selling = await farmer.send("最近什么好卖")
    assert selling.texts[0].startswith("📈 这周您附近涨得最多的：")
    assert "1. 西红柿　↑" in selling.texts[0]
    assert "武汉中百生鲜采购" in selling.texts[1]
    # Sandbox walk: 什么 was once taken for a product ("我还不知道「什么」的价格").
    rising = await farmer.send("什么涨价了")
    assert rising.texts[0].startswith("📈 这周您附近涨得最多的：")
    await farmer.send("/start")
    menu = await farmer.send("📦 卖货/收购")
    # The example is the county's own product with a buyer (土豆), not the sample's 玉米.
    assert menu.last.text == t("zh", "demand.ask_product", ex_sold="土豆")
    assert "「我有两千斤土豆要卖」" in menu.last.text
    chosen = await farmer.press("土豆")
    assert chosen.last.text.startswith("🛒 收购土豆的买家：")


@pytest.mark.parametrize(
    ("lang", "asked"),
    [
        ("zh", "收购"),
        ("zh", "谁在收购"),
        ("zh", "最近谁收货"),
        ("en", "who buys"),
        ("en", "buyers"),
    ],
)
async def test_who_buys_answers_the_buyers_before_the_risers(
    market: Harness, lang: str, asked: str
) -> None:
    # Sandbox walk: 收购 showed 「涨得最多」 first, the buyers under it.
    farmer = market.user(10001, "张大爷")
    if lang == "en":
        await farmer.send("/language")
        await farmer.press("English")
    replies = await farmer.send(asked)
    first, then = replies.texts[-2:]
    assert "武汉中百生鲜采购" in first and not first.startswith("📈")
    assert then.startswith("📈")


async def test_supply_offer_confirmed_seen_by_staff_and_matched(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    staff = market.user(20001, "李站长")
    neighbour = market.user(10002, "刘大姐")
    draft = await farmer.send("我有两千斤玉米要卖，一块二一斤")
    assert "🌾 品种：玉米" in draft.last.text and "⚖️ 数量：2000斤" in draft.last.text
    assert "💰 想卖的价：1.20 元/斤" in draft.last.text
    assert draft.last.buttons == ["✅ 确认登记", "❌ 不登记了"]
    confirm_data = draft.last.callback_data[0]

    # Someone else cannot confirm the farmer's offer, even with the right data.
    await neighbour.send("/start")
    forged = await neighbour.press_data(confirm_data)
    assert forged.answer is not None and forged.answer.text == t("zh", "supply.not_yours")

    done = await farmer.press("✅ 确认登记")
    assert done.edited and "没问题就点" not in done.edited[0].text
    assert done.last.text.startswith("登记好了！您的玉米 2000斤 已经交给服务站")

    listed = await staff.send("/offers")
    assert "张大爷：玉米 2000斤" in listed.last.text
    assert len(listed.last.buttons) == 1
    # The farmer's name opens a chat with them, and the list says so.
    assert {"type": "text_link", "offset": listed.last.text.index("张大爷"), "length": 3,
            "url": "tg://user?id=10001"} in listed.last.entities  # fmt: skip
    assert t("zh", "offers.contact_hint") in listed.last.text
    # 已对接 asks first (blind walk: one tap told the farmer): nothing is told yet.
    told_before = len(farmer.messages)
    asked = await staff.press(listed.last.buttons[0])
    assert asked.last.text.startswith("确定 #") and "张大爷：玉米 2000斤" in asked.last.text
    assert asked.last.buttons == [t("zh", "offers.confirm_match"), t("zh", "offers.keep_open")]
    assert len(farmer.messages) == told_before
    matched = await staff.press(t("zh", "offers.confirm_match"), message=asked.last)
    assert "已通知农户 张大爷（玉米 2000斤）" in matched.last.text
    notice = farmer.last
    assert notice.text.startswith("好消息！服务站已经为您的玉米 2000斤 找到了买家")
    assert (await staff.send("/offers")).last.text == t("zh", "offers.none")

    not_staff = await farmer.send("/offers")
    assert not_staff.last.text == t("zh", "guard.staff_only")


async def test_supply_asks_for_what_is_missing(market: Harness) -> None:
    farmer = market.user(10002, "刘大姐")
    stray = await farmer.send("三吨")
    assert stray.last.text == t("zh", "supply.no_draft", ex_sold="土豆")
    asked = await farmer.send("我有玉米要卖")
    assert asked.last.text == t("zh", "supply.ask_quantity", product="玉米")
    summary = await farmer.send("两千斤")
    assert "⚖️ 数量：2000斤" in summary.last.text
    done = await farmer.press("✅ 确认登记")
    # This farmer has no station: the admin gets it, and she is told so.
    assert done.last.text == t("zh", "supply.confirmed_no_station")

    no_product = await farmer.send("我有500公斤要卖")
    assert no_product.last.text == t("zh", "supply.ask_product")
    chosen = await farmer.press("土豆")
    assert "🌾 品种：土豆" in chosen.edited[0].text and "500公斤" in chosen.edited[0].text
    cancelled = await farmer.press("❌ 不登记了")
    assert cancelled.edited[0].text == t("zh", "supply.cancelled")


async def test_a_shared_location_makes_prices_local(market: Harness) -> None:
    farmer = market.user(10002, "刘大姐")
    await farmer.send("/start")
    await farmer.share_location(31.2, 121.4)  # Shanghai; the stations feature saves it
    replies = await farmer.send("西红柿多少钱")
    assert replies.last.text.index("📍 江桥（离您约") < replies.last.text.index("📍 新发地（离您约")
    assert t("zh", "prices.share_location") not in replies.last.text


async def test_buyers_asked_the_way_farmers_ask(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    for text in ("有人收土豆吗", "收不收土豆", "土豆有人要吗"):
        buyers = await farmer.send(text)
        assert buyers.last.text.startswith("🛒 收购土豆的买家："), text


async def test_a_variant_spelling_of_a_product_gets_its_price(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    for text in ("蕃茄", "西红杮多少钱"):
        answer = await farmer.send(text)
        assert answer.last.text.startswith("💰 西红柿 批发价（元/斤）"), text


async def test_a_price_asked_in_cantonese_gets_the_price(market: Harness) -> None:
    # 粤 and 桂 farmers type Cantonese: 几多蚊 is 多少钱 (蚊 is the yuan), 而家 is 现在.
    farmer = market.user(10001, "张大爷")
    cantonese = (await farmer.send("西红柿而家几多蚊一斤")).last.text
    mandarin = (await farmer.send("西红柿现在多少钱一斤")).last.text
    assert cantonese.startswith("💰 西红柿 批发价（元/斤）")
    assert cantonese == mandarin


async def test_several_products_in_one_question_none_dropped(market: Harness) -> None:
    # Sandbox walk: 西红柿和黄瓜多少钱 was answered for tomato only.
    farmer = market.user(10001, "张大爷")
    both = await farmer.send("西红柿和土豆多少钱")
    assert [text.splitlines()[0] for text in both.texts] == [
        "💰 西红柿 批发价（元/斤）",
        "💰 土豆 批发价（元/斤）",
    ]
    # Past MAX_PRODUCTS: the rest are named, never silently left out.
    many = await farmer.send("西红柿、土豆、玉米、黄瓜和茄子多少钱")
    assert len(many.texts) == 4
    assert many.texts[-1] == t("zh", "prices.too_many", max=3, rest="黄瓜、茄子", first="黄瓜")


@pytest.mark.parametrize(("lang", "asked"), [("zh", "西红柿多少钱"), ("en", "tomato price")])
async def test_a_location_right_after_a_price_card_gets_its_prices_nearby(
    market: Harness, lang: str, asked: str
) -> None:
    # Blind walk: the card's 💡 "send me your location", answered, listed service stations.
    async with session_scope() as session:
        user = await session.get(User, 10002)
        assert user is not None
        user.language = lang
    farmer = market.user(10002, "刘大姐")
    card = await farmer.send(asked)
    assert t(lang, "prices.share_location") in card.last.text
    nearby = await farmer.share_location(31.2, 121.4)  # Shanghai
    text = nearby.last.text
    assert len(nearby) == 1 and t(lang, "prices.share_location") not in text
    assert text.index("📍 江桥") < text.index("📍 新发地"), text
    assert nearby.last.buttons == card.last.buttons
    # Only right after the card: a location later finds the stations.
    await farmer.send("/start")
    later = await farmer.share_location(31.2, 121.4)
    assert "📍 江桥" not in (later.last.text or "")
