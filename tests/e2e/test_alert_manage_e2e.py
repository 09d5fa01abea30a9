"""Alerts changed, paused, resumed and unsubscribed in words, through the local Bot API
server (blind testers' walk): 洋芋的提醒改成一块八, 潍坊西红柿的提醒改成2块8, 暂停西红柿提醒,
西红柿提醒先别发了, 恢复西红柿提醒, 退订西红柿 with tomato alerts at two places."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.alerts import firing
from bot.core.db import session_scope
from bot.markets.prices import local_today
from bot.models.alerts import AlertStatus, AlertSubscription
from bot.sandbox.harness import Harness
from tests.e2e.test_alert_places_e2e import county
from tests.e2e.test_english_e2e import english
from tests.test_alerts import observe

pytestmark = pytest.mark.e2e

__all__ = ["county", "english"]
FARMER = 10001


async def statuses() -> list[tuple[float | None, str]]:
    """The farmer's alerts: threshold and status, oldest first."""
    async with session_scope() as session:
        rows = await session.execute(
            select(AlertSubscription.threshold, AlertSubscription.status)
            .where(AlertSubscription.user_id == FARMER)
            .order_by(AlertSubscription.id)
        )
        return [(threshold, status.value) for threshold, status in rows]


async def test_an_alert_changed_in_words(county: Harness) -> None:
    farmer = county.user(FARMER, "张大爷")
    await farmer.send("西红柿跌到3块提醒我")
    await farmer.send("潍坊西红柿跌到2块提醒我")
    await farmer.send("洋芋涨到2块提醒我")
    # One alert named: changed at once, 一块八 read as 1.80 元/斤.
    done = (await farmer.send("洋芋的提醒改成一块八")).last
    assert done.text == "✅ 改好了！洋芋（土豆）（全国各地市场）：涨到 1.80 元/斤 以上时提醒"
    # Tomatoes are 2.70: 跌到 2.80 would alert at once, so it is asked first.
    asked = (await farmer.send("潍坊西红柿的提醒改成2块8")).last
    assert asked.text.startswith("⚠️ 西红柿现在已经是 2.70 元/斤，比 2.80 元/斤 还低")
    done = (await farmer.press(asked.buttons[0], message=asked)).last
    assert done.text == "✅ 改好了！西红柿（潍坊附近的市场）：跌到 2.80 元/斤 以下时提醒"
    # 公斤 said: stored per 斤 (2.50), said back per 公斤 as the farmer said it.
    done = (await farmer.send("洋芋的提醒改成一公斤5块")).last
    assert done.text == "✅ 改好了！洋芋（土豆）（全国各地市场）：涨到 5.00 元/公斤 以上时提醒"
    # Two tomato alerts: which one? A button each.
    asked = (await farmer.send("西红柿的提醒改成2块5")).last
    assert asked.text == "您有 2 个西红柿的提醒，把哪一个改成「2块5」？"
    assert asked.buttons == [
        "西红柿（全国各地市场）：跌到 3.00 元/斤 以下时提醒",
        "西红柿（潍坊附近的市场）：跌到 2.80 元/斤 以下时提醒",
    ]
    done = (await farmer.press(asked.buttons[0], message=asked)).last
    assert done.text == "✅ 改好了！西红柿（全国各地市场）：跌到 2.50 元/斤 以下时提醒"
    assert await statuses() == [(2.5, "active"), (2.8, "active"), (2.5, "active")]
    # None of that product: said so, with the farmer's alerts.
    none = (await farmer.send("白菜的提醒改成1块")).last.text
    assert none.startswith("您没有大白菜的价格提醒。\n🔔 您的价格提醒（3 个）：")
    # A value that fits no alert of it: said why, nothing changed.
    wrong = (await farmer.send("洋芋的提醒改成10%")).last.text
    assert wrong.startswith("「10%」改不了土豆的提醒：")
    assert await statuses() == [(2.5, "active"), (2.8, "active"), (2.5, "active")]


async def test_an_alert_paused_and_resumed_in_words(county: Harness) -> None:
    farmer = county.user(FARMER, "张大爷")
    await farmer.send("西红柿涨到3块提醒我")
    await farmer.send("潍坊西红柿涨到3块提醒我")
    await farmer.send("洋芋涨到1块提醒我")
    asked = (await farmer.send("暂停西红柿提醒")).last
    assert asked.text == "您有 2 个西红柿的提醒，暂停哪一个？"
    assert asked.buttons[-1] == "⏸ 全部暂停"
    done = (await farmer.press("⏸ 全部暂停", message=asked)).last.text
    assert done.startswith("⏸ 已暂停 2 个提醒：")
    # 先别发了 is for now: paused, not deleted.
    paused = (await farmer.send("土豆提醒先别发了")).last.text
    assert paused.startswith("⏸ 已暂停：洋芋（土豆）（全国各地市场）：涨到 1.00 元/斤 以上时提醒（已暂停）")
    assert "发「恢复土豆提醒」" in paused
    assert [s for _, s in await statuses()] == ["paused"] * 3
    listed = (await farmer.send("我的提醒")).last.text
    assert listed.count("（已暂停）") == 3
    # A paused alert sends nothing: a tomato price above 3 alerts nobody.
    today = local_today(county.app.bot_data["settings"].tz)
    async with session_scope() as session:
        news = await observe(session, "西红柿", "新发地", today, 3.5)
        assert await firing.on_new_prices(session, news, today) == 0
    await county.delivered()
    before = len(farmer.chat.bot_messages)
    # Resumed at one place only: 潍坊's.
    done = (await farmer.send("恢复潍坊西红柿提醒")).last.text
    assert done == "▶️ 已恢复：西红柿（潍坊附近的市场）：涨到 3.00 元/斤 以上时提醒"
    assert [s for _, s in await statuses()] == ["paused", "active", "paused"]
    again = (await farmer.send("恢复潍坊西红柿提醒")).last.text
    assert again.startswith("这个提醒正在发，不用恢复")
    assert len(farmer.chat.bot_messages) == before + 2
    async with session_scope() as session:
        assert await firing.on_new_prices(session, news, today) == 1  # 潍坊's only


async def test_unsubscribing_a_product_at_several_places_asks_which(county: Harness) -> None:
    farmer = county.user(FARMER, "张大爷")
    await farmer.send("西红柿跌到3块提醒我")
    await farmer.send("潍坊西红柿跌到2块提醒我")
    await farmer.send("洋芋涨到2块提醒我")
    asked = (await farmer.send("退订西红柿")).last
    assert asked.text.startswith("您有 2 个西红柿的提醒，退订哪一个？")
    assert asked.buttons == [
        "西红柿（全国各地市场）：跌到 3.00 元/斤 以下时提醒",
        "西红柿（潍坊附近的市场）：跌到 2.00 元/斤 以下时提醒",
        "🗑 全部退订",
    ]
    assert len(await statuses()) == 3  # nothing deleted yet
    done = (await farmer.press(asked.buttons[1], message=asked)).last.text
    assert done.startswith("🗑 已删除：西红柿（潍坊附近的市场）")
    # One left: deleted at once, as before.
    done = (await farmer.send("退订西红柿")).last.text
    assert done == "已退订西红柿的 1 个价格提醒。"
    assert await statuses() == [(2.0, "active")]
    # "All" deletes every one named.
    await farmer.send("西红柿跌到3块提醒我")
    await farmer.send("潍坊西红柿跌到2块提醒我")
    asked = (await farmer.send("退订西红柿")).last
    done = (await farmer.press("🗑 全部退订", message=asked)).last.text
    assert done.startswith("🗑 已退订 2 个提醒：")
    assert await statuses() == [(2.0, "active")]


async def test_in_english(english: Harness) -> None:
    farmer = english.user(FARMER, "张大爷")
    await farmer.send("alert me when tomatoes fall below 3 yuan")
    await farmer.send("tell me when tomatoes drop below 2 yuan in Weifang")
    none = (await farmer.send("change my potato alert to 2.8")).last.text
    assert none.startswith("You have no potato price alert.\n🔔 Your price alerts (2):")
    asked = (await farmer.send("change my tomato alert to 2.5")).last
    assert asked.text == 'You have 2 tomato alerts. Which one should change to "2.5"?'
    done = (await farmer.press(asked.buttons[1], message=asked)).last.text
    assert done == (
        "✅ Changed! tomato (markets near 潍坊 (Weifang)): alert when it falls to 2.50 "
        "yuan/jin or less"
    )
    asked = (await farmer.send("pause my tomato alert")).last
    assert asked.text == "You have 2 tomato alerts. Which one should pause?"
    done = (await farmer.press("⏸ Pause all", message=asked)).last.text
    assert done.startswith("⏸ Paused 2 alerts:")
    done = (await farmer.send("resume my tomato alert in Weifang")).last.text
    assert done.startswith("▶️ Resumed: tomato (markets near 潍坊 (Weifang))")
    asked = (await farmer.send("unsubscribe tomato")).last
    assert asked.text.startswith("You have 2 tomato alerts. Which one should go?")
    assert asked.buttons[-1] == "🗑 Unsubscribe all"
    async with session_scope() as session:
        rows = list(await session.scalars(select(AlertSubscription.status)))
    assert sorted(rows) == sorted([AlertStatus.paused, AlertStatus.active])
