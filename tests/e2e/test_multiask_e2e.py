"""A message with several asks end to end: each answered alone, flows only explained."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.prices import local_today
from bot.sandbox.harness import Harness
from bot.users import Visitor, touch
from knowledge.kb.entries import Entry
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine
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
