"""A message with several asks end to end: each answered alone, flows only explained."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.prices import local_today
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from bot.users import Visitor, touch
from knowledge.kb.entries import Entry
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine
from tests.e2e.bookings_util import pushed
from tests.e2e.questions_util import farmer_and_staff, speaks, stored_questions
from tests.markets_util import seed_markets

pytestmark = pytest.mark.e2e

ENTRIES = [
    Entry("pest-1", "西红柿叶子发黄怎么办", "下部老叶均匀发黄多为缺氮。", [], ["西红柿"], "pests"),
]


@pytest.fixture
async def base(harness: Harness) -> Harness:
    """Markets with prices, a tiny knowledge base and a farmer at station 1."""
    today = local_today(harness.app.bot_data["settings"].tz)
    async with session_scope() as session:
        await seed_markets(session, today)
        await upsert_entries(session, ENTRIES, engine(), by="test")
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        farmer.home_lat, farmer.home_lon = 39.9, 116.4
        farmer.station_id = 1
    return harness


async def test_question_and_price_each_answered(base: Harness) -> None:
    farmer = base.user(10001, "张大爷")
    replies = await farmer.send("西红柿叶子发黄怎么办 还有土豆多少钱", within=15)
    texts = replies.texts
    assert len(texts) == 2
    assert "缺氮" in texts[0]
    assert texts[1].startswith("💰 土豆 批发价")


async def test_alert_never_started_from_a_multi_ask(base: Harness) -> None:
    farmer = base.user(10001, "张大爷")
    replies = await farmer.send(
        "西红柿叶子发黄怎么办，对了土豆啥价，还有那个价格提醒咋弄来着", within=15
    )
    texts = replies.texts
    assert "缺氮" in texts[0]
    assert texts[1].startswith("💰 土豆 批发价")
    last = texts[-1]
    assert last.startswith(t("zh", "multiask.rest", asks="「那个价格提醒咋弄来着」"))
    assert t("zh", "multiask.how_subscribe", product="西红柿") in last
    assert "没找到" not in "".join(texts)


async def test_one_long_question_is_not_split(base: Harness) -> None:
    farmer = base.user(10001, "张大爷")
    replies = await farmer.send("西红柿叶子发黄，下面的老叶先黄，是缺啥肥")
    assert len(replies.texts) == 1
    assert "缺氮" in replies.texts[0]


# --- several asks while a conversation waits for its step's answer ---------------------------

ASKS = {
    "zh": ("土豆多少钱，谁收玉米", "💰 土豆 批发价", "两千斤"),
    "en": ("potato price and who buys corn", "💰 potato", "2000 jin"),
}


async def _english(farmer: SandboxUser) -> None:
    await farmer.send("/language")
    await farmer.press("English")


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_several_asks_at_a_booking_step_put_the_booking_aside(
    base: Harness, lang: str
) -> None:
    # Answered while the booking went on waiting for the amount in silence: the next
    # message was taken for the amount of a booking the farmer thought was over.
    farmer = base.user(10001, "张大爷")
    if lang == "en":
        await _english(farmer)
    await farmer.send(t(lang, "menu.booking"))
    asked = await farmer.send("玉米" if lang == "zh" else "corn")
    corn = "玉米" if lang == "zh" else "corn"
    assert asked.last.text.startswith(t(lang, "bookings.ask_quantity", product=corn)[:4])
    several, price, amount = ASKS[lang]
    replies = await farmer.send(several, within=15)
    texts = replies.texts
    assert texts[0] == t(lang, "bookings.left")
    assert texts[1].startswith(price)
    assert len(texts) >= 3  # the buyers of corn answered too
    # The booking waits no more: 🚚 resumes it at its step.
    resumed = await farmer.send(t(lang, "menu.booking"))
    assert t(lang, "bookings.resumed") in resumed.last.text
    assert t(lang, "bookings.ask_quantity", product=corn)[:4] in resumed.last.text
    await farmer.send(amount)
    assert t(lang, "bookings.left") not in farmer.last.text


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_several_asks_when_an_alert_asks_which_product_are_answered(
    base: Harness, lang: str
) -> None:
    farmer = base.user(10001, "张大爷")
    if lang == "en":
        await _english(farmer)
    await farmer.send(t(lang, "menu.alerts"))
    several, price, _ = ASKS[lang]
    replies = await farmer.send(several, within=15)
    assert replies.texts[0].startswith(price)
    # The alert no longer waits for a product: 土豆 alone asks its price again.
    again = await farmer.send("土豆" if lang == "zh" else "potato")
    assert again.last.text.startswith(price)


@pytest.mark.parametrize(
    ("lang", "text", "price", "rest"),
    [
        (
            "zh",
            "预约明天来收玉米，两千斤，土豆啥价",
            "💰 土豆 批发价",
            "「预约明天来收玉米，两千斤」",
        ),
        (
            "en",
            "book a pickup of corn tomorrow, 2000 jin, and what is the potato price",
            "💰 potato",
            '"book a pickup of corn tomorrow, 2000 jin"',
        ),
    ],
)
async def test_a_booking_sentence_and_a_price_of_other_produce(
    base: Harness, lang: str, text: str, price: str, rest: str
) -> None:
    farmer = base.user(10001, "张大爷")
    if lang == "en":
        await _english(farmer)
    replies = await farmer.send(text, within=15)
    texts = replies.texts
    assert texts[0].startswith(price)
    assert rest in texts[-1]
    assert t(lang, "multiask.how_booking") in texts[-1]


async def test_several_asks_naming_a_booking_do_not_restart_the_booking(base: Harness) -> None:
    # Sandbox walk: at 土豆's amount step, 土豆啥价，谁收玉米，明天能来收吗 (a booking among
    # the asks) restarted the booking on 土豆 instead of answering.
    farmer = base.user(10001, "张大爷")
    await farmer.send(t("zh", "menu.booking"))
    await farmer.send("土豆")
    replies = await farmer.send("土豆啥价，谁收玉米，明天能来收吗", within=15)
    assert replies.texts[0] == t("zh", "bookings.left")
    assert replies.texts[1].startswith("💰 土豆 批发价")
    assert not any(text.startswith("土豆大概有多少") for text in replies.texts)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("zh", "土豆多少钱，鸡不下蛋了咋整"),
        ("en", "potato price and why are my hens not laying"),
    ],
)
async def test_a_clause_the_base_cannot_answer_goes_to_staff_whole(
    base: Harness, lang: str, text: str
) -> None:
    # Staff busy-day walk: 圣城站收不收生猪啊，26公里太远了 reached staff as 「26公里太远了」.
    async with session_scope() as session:
        await farmer_and_staff(session)
    staff = base.user(20001, "李站长")
    farmer = base.user(10001, "张大爷")
    await speaks(lang)
    replies = await farmer.send(text, within=15)
    assert replies.texts[0].startswith("💰")
    button = t(lang, "kb.ask_station_button")
    assert button in replies.last.buttons
    [question] = await stored_questions()
    assert question.text == text  # the whole message, not its last clause
    seen = len(staff.messages)
    await farmer.press(button)
    assert text in (await pushed(staff, seen)).text
