"""A blind tester's messages that the market routes took and had nothing for, through the sandbox.

种地补贴一亩给多少钱 got "我还不知道「种地补贴一亩给」的价格", 农业保险在哪买 this week's risers,
and 哪里收核桃 价钱多少 "暂时没有人在收核桃" though the county's base has 青石县哪里收核桃. Now a
subsidy, insurance or loan is a question for the base, and a market route with nothing to say
gives the base's answer when it has one (after the empty line, for buyers). In English, "where
can I pick up my package" is a parcel question, not a produce pickup, and a question typed at a
booking's product step (whats the weather tomorrow, where is nearest station) leaves it and is
answered, as in Chinese.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.prices import local_today, product_named
from bot.models.markets import DemandListing
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from bot.users import Visitor, touch
from knowledge.kb.entries import Entry, read_shipped
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine
from tests.e2e.county import load_county
from tests.markets_util import seed_markets

pytestmark = pytest.mark.e2e

# A county's own base, written by its admin (no other phrasings, no English).
TOBACCO = "青石县烤烟每亩补贴200元，由烟站按合同面积发放。"
WALNUT = "青石县核桃由县供销社和东山核桃合作社收购，每年9月开秤，电话0000-1234567。"
COUNTY = [
    Entry("county-tobacco", "烟叶补贴一亩补多少钱", TOBACCO, [], ["烟叶", "补贴"], "policy"),
    Entry("county-walnut", "青石县哪里收核桃", WALNUT, [], ["核桃", "收购"], "sell"),
    Entry(
        "county-corn", "玉米晚播怎么管理", "晚播玉米选早熟品种，加大密度。", [], ["玉米"], "plant"
    ),
]
# The shipped base's answers (policy-001, policy-006).
SUBSIDY = "耕地地力保护补贴是原来的良种补贴"
INSURANCE = "1. 大多由村委会、合作社组织统一投保"


async def _farmer(harness: Harness, entries: list[Entry], lang: str = "zh") -> SandboxUser:
    """Markets with prices (no 核桃 buyer), the sample county and the knowledge base `entries`."""
    today = local_today(harness.app.bot_data["settings"].tz)
    await load_county(harness)
    async with session_scope() as session:
        await seed_markets(session, today)
        await upsert_entries(session, entries, engine(), by="test")
        await touch(session, Visitor(10001, "张大爷"))
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    if lang == "en":
        await farmer.send("/language")
        await farmer.press("English")
    return farmer


async def _walnut_buyer(harness: Harness) -> None:
    today = local_today(harness.app.bot_data["settings"].tz)
    async with session_scope() as session:
        walnut = await product_named(session, "核桃")
        assert walnut is not None
        session.add(
            DemandListing(
                buyer="潍坊干果公司",
                product_id=walnut.id,
                quantity=5,
                quantity_unit="吨",
                price=8.0,
                price_unit="斤",
                lat=36.7,
                lon=119.1,
                place="山东潍坊",
                valid_until=today + timedelta(days=7),
                contact="潍坊服务站转 0536-000-0000",
            )
        )


# --- 1-3. the market had nothing: the base answers -----------------------------------------------


async def test_a_subsidy_or_insurance_gets_the_shipped_answer(harness: Harness) -> None:
    farmer = await _farmer(harness, read_shipped())
    subsidy = await farmer.send("种地补贴一亩给多少钱", within=30)  # the first search is slow
    assert len(subsidy.texts) == 1 and subsidy.last.text.startswith(
        f"📖 耕地地力保护补贴是什么，一亩给多少\n{SUBSIDY}"
    )
    assert subsidy.last.buttons == [t("zh", "kb.ask_station_button_county")]
    insurance = await farmer.send("农业保险在哪买")
    assert len(insurance.texts) == 1 and insurance.last.text.startswith(
        f"📖 农业保险怎么买，去哪投保\n{INSURANCE}"
    )
    # Prices are still prices.
    tomato = await farmer.send("西红柿多少钱")
    assert tomato.last.text.startswith("💰 西红柿 批发价")


async def test_a_subsidy_in_english_gets_the_shipped_answer(harness: Harness) -> None:
    farmer = await _farmer(harness, read_shipped(), "en")
    subsidy = await farmer.send("how much is the farmland subsidy per mu", within=30)
    assert t("en", "kb.show_chinese") in subsidy.last.buttons
    shown = await farmer.press(t("en", "kb.show_chinese"))
    assert (shown.last.text or "").startswith(
        f"📖 farmland subsidy — how much? · 耕地地力保护补贴是什么，一亩给多少\n{SUBSIDY}"
    )
    insurance = await farmer.send("where can I buy crop insurance")
    assert t("en", "kb.show_chinese") in insurance.last.buttons
    assert not any("📈" in text for text in insurance.texts)


async def test_a_county_entry_answers_when_nobody_buys(harness: Harness) -> None:
    farmer = await _farmer(harness, COUNTY)
    walnut = await farmer.send("哪里收核桃 价钱多少", within=30)
    assert walnut.texts == [t("zh", "demand.none", product="核桃"), walnut.last.text]
    assert walnut.last.text.startswith(f"📖 青石县哪里收核桃\n{WALNUT}")
    tobacco = await farmer.send("烟叶补贴多少钱一亩")
    assert tobacco.texts == [tobacco.last.text] and tobacco.last.text.startswith(
        f"📖 烟叶补贴一亩补多少钱\n{TOBACCO}"
    )
    # Nothing in the base: the feature's own reply, as before.
    durian = await farmer.send("榴莲多少钱")
    assert durian.last.text == t("zh", "prices.unknown_product_none", word="榴莲")
    # No buyer's listing, but stations take it: they are the answer, never "nobody buys".
    stations = await farmer.send("谁收西红柿")
    assert len(stations.texts) == 1
    assert stations.last.text.startswith(t("zh", "demand.takers_any_header", product="西红柿"))


async def test_buyers_listed_come_before_the_base(harness: Harness) -> None:
    farmer = await _farmer(harness, COUNTY)
    await _walnut_buyer(harness)
    walnut = await farmer.send("哪里收核桃 价钱多少")
    assert len(walnut.texts) == 1 and "潍坊干果公司" in walnut.last.text


async def test_english_who_buys_the_base_does_not_answer_keeps_the_empty_line(
    harness: Harness,
) -> None:
    # The county's entry is in Chinese only and "who buys walnuts" is not close enough to it:
    # the feature's own line, alone.
    farmer = await _farmer(harness, COUNTY, "en")
    walnut = await farmer.send("who buys walnuts", within=30)
    assert walnut.texts == [t("en", "demand.none", product="walnut")]


# --- 4. a parcel, and questions at the booking's product step ------------------------------------


async def test_picking_up_a_package_is_no_produce_pickup(harness: Harness) -> None:
    farmer = await _farmer(harness, read_shipped(), "en")
    package = await farmer.send("where can I pick up my package", within=30)
    assert t("en", "bookings.ask_product") not in package.texts
    assert t("en", "kb.show_chinese") in package.last.buttons
    # Produce still books.
    pickup = await farmer.send("book a pickup")
    assert pickup.last.text == t("en", "bookings.ask_product")


@pytest.mark.parametrize(
    ("lang", "weather", "station"),
    [
        ("zh", "明天天气怎么样", "我是寿光的，最近的服务站在哪"),
        ("en", "whats the weather tomorrow", "Im from shouguang, where is nearest station"),
    ],
)
async def test_a_question_at_the_product_step_leaves_and_is_answered(
    harness: Harness, lang: str, weather: str, station: str
) -> None:
    farmer = await _farmer(harness, [], lang)
    book = "预约收货" if lang == "zh" else "book a pickup"
    assert (await farmer.send(book)).last.text == t(lang, "bookings.ask_product")
    asked = await farmer.send(weather)
    assert asked.texts == [t(lang, "bookings.left"), t(lang, "kb.chatter.weather")]
    resumed = await farmer.send(book)
    assert resumed.last.text.endswith(t(lang, "bookings.ask_product"))
    where = await farmer.send(station)
    # The county named (寿光, shouguang) is searched from its seat, and said to be rough.
    assert where.texts[0] == t(lang, "bookings.left")
    rough = t(lang, "stations.county_rough", place="\0").split("\0")[-1]
    assert "寿光市" in where.texts[1] and where.texts[1].endswith(rough)
    # The booking was put aside, not lost: it carries on, and a product answers its step.
    await farmer.send(book)
    tomato = await farmer.send("西红柿" if lang == "zh" else "tomato")
    assert tomato.last.text == t(lang, "bookings.ask_quantity", product=tomato_label(lang))


def tomato_label(lang: str) -> str:
    return "西红柿" if lang == "zh" else "tomato"


@pytest.mark.parametrize(
    ("lang", "station", "book", "price"),
    [
        ("zh", "最近的服务站在哪", "预约收货", "西红柿多少钱"),
        ("en", "where is the nearest station", "book a pickup", "tomato price"),
    ],
)
async def test_a_question_leaves_a_booking_and_a_station_search_waiting_under_it(
    harness: Harness, lang: str, station: str, book: str, price: str
) -> None:
    # The station search asked for a place, and the farmer booked instead: a question then
    # leaves both, once each (each handed it to the other until Python gave up).
    farmer = await _farmer(harness, [], lang)
    assert (await farmer.send(station)).last.text == t(lang, "stations.ask_place")
    assert (await farmer.send(book)).last.text == t(lang, "bookings.ask_product")
    answer = await farmer.send(price)
    assert answer.texts[:2] == [t(lang, "bookings.left"), t(lang, "stations.left")]
    assert len(answer.texts) == 3 and "💰" in (answer.last.text or "")
    assert (await farmer.send(book)).last.text.endswith(t(lang, "bookings.ask_product"))
