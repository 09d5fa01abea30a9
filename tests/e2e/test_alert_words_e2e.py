"""Alerts as farmers say them, through the local Bot API server (sandbox walk).

茄子一公斤超过五块告诉我 is 2.50 元/斤 (the unit before the number counts); a new
complete request while "跌到多少提醒您？" is pending is a request of its own, never
the answer to that question (no unwanted alert for the product asked about).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.markets.prices import local_today
from bot.models.alerts import AlertSubscription
from bot.models.markets import Product
from bot.sandbox.harness import Harness
from bot.users import Visitor, touch
from tests.markets_util import seed_markets

pytestmark = pytest.mark.e2e

FARMER = 10001


@pytest.fixture
async def market(harness: Harness) -> Harness:
    """Three markets with 西红柿 and 土豆 prices, and the farmer 张大爷."""
    async with session_scope() as session:
        await seed_markets(session, local_today(harness.app.bot_data["settings"].tz))
        await touch(session, Visitor(FARMER, "张大爷"))
    return harness


async def alerts() -> list[tuple[str, str, float | None]]:
    """The farmer's subscriptions: product, kind and threshold (元/斤)."""
    async with session_scope() as session:
        rows = await session.execute(
            select(Product.name, AlertSubscription.kind, AlertSubscription.threshold)
            .join(Product, Product.id == AlertSubscription.product_id)
            .where(AlertSubscription.user_id == FARMER)
            .order_by(AlertSubscription.id)
        )
        return [(name, kind.value, threshold) for name, kind, threshold in rows]


async def test_a_unit_before_the_number_counts(market: Harness) -> None:
    farmer = market.user(FARMER, "张大爷")
    made = (await farmer.send("茄子一公斤超过五块告诉我")).last.text
    # Said per 公斤, it is said back per 公斤 (stored per 斤, what alerts compare).
    assert "茄子" in made and "涨到 5.00 元/公斤 以上时提醒" in made
    made = (await farmer.send("土豆一公斤低于8块提醒我")).last.text
    assert "跌到 8.00 元/公斤 以下时提醒" in made
    made = (await farmer.send("西红柿5块钱一公斤以上告诉我")).last.text
    assert "涨到 5.00 元/公斤 以上时提醒" in made
    assert await alerts() == [
        ("茄子", "above", 2.5),
        ("土豆", "below", 4.0),
        ("西红柿", "above", 2.5),
    ]


async def test_a_new_request_is_not_the_answer_to_the_pending_question(market: Harness) -> None:
    farmer = market.user(FARMER, "张大爷")
    asked = (await farmer.send("洋芋跌了告诉我一声")).last
    assert asked.text.startswith("跌到多少提醒您？土豆现在")
    made = (await farmer.send("新发地西红柿掉到两块以下提醒俺")).last.text
    assert made.startswith("✅ 订好了！西红柿（新发地）：跌到 2.00 元/斤 以下时提醒")
    assert "土豆" not in made
    assert await alerts() == [("西红柿", "below", 2.0)]
    # The question asked before is dropped: a price now answers nothing.
    await farmer.send("1块")
    assert await alerts() == [("西红柿", "below", 2.0)]


async def test_the_pending_question_is_still_answered_by_a_price(market: Harness) -> None:
    farmer = market.user(FARMER, "张大爷")
    await farmer.send("洋芋跌了告诉我一声")
    made = (await farmer.send("1块1")).last.text
    assert "土豆" in made and "跌到 1.10 元/斤 以下时提醒" in made
    # Another product asked about meanwhile is its own question: no alert for it.
    await farmer.send("洋芋跌了告诉我一声")
    answer = (await farmer.send("西红柿多少钱")).last.text
    assert answer.startswith("💰 西红柿 批发价")
    # ... even said with a price: 西红柿两块 is no price for 土豆, nor an alert for both.
    await farmer.send("洋芋跌了告诉我一声")
    await farmer.send("西红柿两块")
    assert await alerts() == [("土豆", "below", 1.1)]


async def test_in_english(market: Harness) -> None:
    farmer = market.user(FARMER, "张大爷")
    await farmer.send("/language")
    await farmer.press("English")
    made = (await farmer.send("alert me when eggplant is over 5 yuan per kg")).last.text
    assert "alert when it reaches 5.00 yuan/kg or more" in made
    asked = (await farmer.send("tell me when potatoes drop")).last.text
    assert asked.startswith("Alert you when potato falls to what price?")
    made = (await farmer.send("alert me when tomatoes fall below 2 yuan")).last.text
    assert made.startswith("✅ Done! tomato") and "potato" not in made
    assert await alerts() == [("茄子", "above", 2.5), ("西红柿", "below", 2.0)]
