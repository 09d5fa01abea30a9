"""Changing the subject inside a conversation (issue 13): answered, and the conversation left."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.prices import local_today
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from knowledge.kb.entries import read_shipped
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine
from tests.e2e.county import SANJIA, load_county
from tests.markets_util import seed_markets

pytestmark = pytest.mark.e2e

PRICE_QUESTION = "今天西红柿啥价"
KNOWLEDGE_QUESTION = "黄瓜叶子发黄怎么办"


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """The sample county's stations and slots, and market prices up to today."""
    await load_county(harness)
    async with session_scope() as session:
        await seed_markets(session, local_today(harness.app.bot_data["settings"].tz))
    return harness


async def _outside(harness: Harness, text: str) -> list[str]:
    """What a farmer with no conversation in progress gets for `text`."""
    other = harness.user(10099, "王婶")
    await other.send("/start")
    return (await other.send(text)).texts


async def _at_quantity_step(farmer: SandboxUser) -> None:
    await farmer.send("/start")
    await farmer.press("🚚 预约收货")
    await farmer.press("西红柿")
    assert farmer.last.text.startswith("西红柿大概有多少？")


async def test_a_price_question_mid_booking_is_answered_and_the_draft_resumes(
    county: Harness,
) -> None:
    expected = await _outside(county, PRICE_QUESTION)
    assert "元/斤" in expected[-1]
    farmer = county.user(10001, "张大爷")
    await _at_quantity_step(farmer)
    replies = await farmer.send(PRICE_QUESTION)
    assert replies.texts == [t("zh", "bookings.left"), *expected]
    # The menu button resumes the kept draft where it was (西红柿, the amount step).
    resumed = await farmer.press("🚚 预约收货")
    assert resumed.last.text.startswith(t("zh", "bookings.resumed"))
    assert "西红柿大概有多少？" in resumed.last.text
    where = await farmer.send("两千斤")
    assert where.last.text == t("zh", "bookings.ask_station_place")
    # Resumed once: the next 预约收货 starts afresh.
    await farmer.send("✖️ 取消")
    fresh = await farmer.press("🚚 预约收货")
    assert fresh.last.text == t("zh", "bookings.ask_product")


async def test_a_knowledge_question_mid_booking_is_answered(county: Harness) -> None:
    expected = await _outside(county, KNOWLEDGE_QUESTION)
    farmer = county.user(10001, "张大爷")
    await _at_quantity_step(farmer)
    replies = await farmer.send(KNOWLEDGE_QUESTION)
    assert replies.texts == [t("zh", "bookings.left"), *expected]
    assert not any("没看懂" in text for text in replies.texts)
    # Out of the booking: the price question is a price question again.
    again = await farmer.send(PRICE_QUESTION)
    assert again.texts == await _outside(county, PRICE_QUESTION)


async def test_a_problem_told_without_a_question_word_leaves_the_booking(
    county: Harness,
) -> None:
    # 牛不吃草好几天了 asks nothing in words, but it is no amount: the base knows it.
    problem = "牛不吃草好几天了"
    async with session_scope() as session:
        await upsert_entries(session, read_shipped(), engine(), by="test")
    expected = await _outside(county, problem)
    assert expected[-1] != t("zh", "kb.declined")  # the base has it
    assert t("zh", "bookings.left") not in expected
    farmer = county.user(10001, "张大爷")
    await _at_quantity_step(farmer)
    replies = await farmer.send(problem)
    assert replies.texts == [t("zh", "bookings.left"), *expected]
    # The draft waits where it was: an amount is still an amount.
    resumed = await farmer.press("🚚 预约收货")
    assert resumed.last.text.startswith(t("zh", "bookings.resumed")), resumed.texts
    assert (await farmer.send("两千斤")).last.text == t("zh", "bookings.ask_station_place")


async def test_start_and_cancel_mid_booking_leave_it(county: Harness) -> None:
    expected = await _outside(county, PRICE_QUESTION)
    farmer = county.user(10001, "张大爷")
    await _at_quantity_step(farmer)
    welcome = await farmer.send("/start")
    assert welcome.texts[0] == t("zh", "bookings.left")
    assert welcome.last.text.startswith("张大爷您好！")
    assert (await farmer.send(PRICE_QUESTION)).texts == expected
    # 取消 drops the draft (the farmer asked for it) and leaves the booking too.
    await farmer.press("🚚 预约收货")
    cancelled = await farmer.send("取消")
    assert cancelled.last.text == t("zh", "bookings.flow_cancelled")
    assert (await farmer.send(PRICE_QUESTION)).texts == expected
    assert (await farmer.send("/cancel")).last.text == t("zh", "cancel.nothing")


async def test_cancel_outside_any_conversation_says_nothing_to_cancel(harness: Harness) -> None:
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    assert (await farmer.send("/cancel")).last.text == t("zh", "cancel.nothing")
    harness_en = harness.user(10002, "Tom", language_code="en")
    await harness_en.send("/start")
    assert (await harness_en.send("/cancel")).last.text == t("en", "cancel.nothing")
    # Typed, too: not a question for the knowledge base.
    for word in ("取消", "算了", "✖️ 取消"):
        assert (await farmer.send(word)).texts == [t("zh", "cancel.nothing")]
    assert (await harness_en.send("Cancel")).texts == [t("en", "cancel.nothing")]


async def test_a_price_question_leaves_the_station_search(county: Harness) -> None:
    expected = await _outside(county, PRICE_QUESTION)
    farmer = county.user(10001, "张大爷")
    asked = await farmer.send("最近的服务站在哪")
    assert asked.last.text == t("zh", "stations.ask_place")
    replies = await farmer.send(PRICE_QUESTION)
    assert replies.texts == [t("zh", "stations.left"), *expected]
    # The search is over: /cancel has nothing left to cancel.
    assert (await farmer.send("/cancel")).last.text == t("zh", "cancel.nothing")
    # Asking again starts a new search.
    assert (await farmer.send("最近的服务站在哪")).last.text == t("zh", "stations.ask_place")
    found = await farmer.share_location(*SANJIA)
    assert found[0].text.startswith("离您最近的服务站：")


async def test_a_price_question_leaves_the_alert_change(county: Harness) -> None:
    expected = await _outside(county, PRICE_QUESTION)
    farmer = county.user(10001, "张大爷")
    await farmer.send("/start")
    await farmer.send("每天早上6点半告诉我新发地西红柿价格")
    listing = (await farmer.send("/alerts")).last
    prompt = await farmer.press(listing.callback_data[1], message=listing)  # ✏️
    assert prompt.last.text.endswith(t("zh", "alerts.change_daily"))
    replies = await farmer.send(PRICE_QUESTION)
    assert replies.texts == [t("zh", "alerts.change_left"), *expected]
    # Nothing changed, and the change is no longer waiting for a value.
    assert (await farmer.send("/cancel")).last.text == t("zh", "cancel.nothing")
    assert "每天 06:30 推送今日行情" in (await farmer.send("/alerts")).last.text
    # 算了 while changing keeps the alert as it is.
    listing = (await farmer.send("/alerts")).last
    await farmer.press(listing.callback_data[1], message=listing)
    assert (await farmer.send("算了")).last.text == t("zh", "alerts.change_cancelled")


async def test_a_price_asked_the_southwest_way_mid_booking_is_no_amount(county: Harness) -> None:
    # 好多钱一斤 (how much a 斤) must not be read as an amount of 1斤 to sell.
    question = "西红柿好多钱一斤"
    expected = await _outside(county, question)
    assert "元/斤" in expected[-1]
    farmer = county.user(10001, "张大爷")
    await _at_quantity_step(farmer)
    replies = await farmer.send(question)
    assert replies.texts == [t("zh", "bookings.left"), *expected]
