"""An alert said per 公斤 speaks per 公斤 (blind walk, 施甸): confirmed, listed, changed and
fired in 元/公斤 as the market quotes, in Chinese and in English."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.sandbox.harness import Harness
from tests.e2e.questions_util import speaks
from tests.e2e.test_alerts_e2e import import_file, market, price_file, today_of

pytestmark = pytest.mark.e2e

__all__ = ["market"]


async def test_a_fall_said_per_kg_is_confirmed_and_fires_per_kg(
    market: Harness, tmp_path: Path
) -> None:
    farmer = market.user(10001, "张大爷")
    replies = await farmer.send("新发地西红柿跌到三块一公斤告诉我")
    assert replies.last.text.startswith("✅ 订好了！西红柿（新发地）：跌到 3.00 元/公斤 以下时提醒")
    listed = await farmer.send("/alerts")
    assert "跌到 3.00 元/公斤 以下时提醒" in listed.last.text
    day = today_of(market)
    await import_file(price_file(tmp_path, day, "{day},西红柿,新发地,2.8,元/公斤\n"), day)
    push = await farmer.next_reply(within=5)
    assert push.text.startswith("🔔 价格提醒：西红柿跌到了您设的 3.00 元/公斤")
    assert "• 新发地：2.80 元/公斤" in push.text
    # A new value said without its unit is per 公斤 as the alert says.
    changed = await farmer.send("西红柿的提醒改成2块5")
    assert "跌到 2.50 元/公斤 以下时提醒" in changed.last.text


async def test_in_english_too(market: Harness, tmp_path: Path) -> None:
    await speaks("en")
    farmer = market.user(10001, "张大爷")
    replies = await farmer.send("alert me when tomatoes at 新发地 fall below 3 yuan per kg")
    assert "tomato" in replies.last.text
    assert "alert when it falls to 3.00 yuan/kg or less" in replies.last.text
    day = today_of(market)
    await import_file(price_file(tmp_path, day, "{day},西红柿,新发地,2.8,元/公斤\n"), day)
    push = await farmer.next_reply(within=5)
    assert push.text.startswith("🔔 Price alert: tomato fell to your 3.00 yuan/kg")
    assert "• 新发地: 2.80 yuan/kg" in push.text
