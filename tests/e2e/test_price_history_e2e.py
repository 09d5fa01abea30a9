"""Price history (issue 13): 上个月 / 上周 / 去年这时候 answered from the stored prices, with the chart.

The markets (tests/markets_util.py) have 40 days of prices up to today,
Wednesday 10 June 2026: last month and last week are in them, a year ago is not.
"""

from __future__ import annotations

import pytest

from bot.sandbox.harness import Harness
from tests.e2e.prices_util import NEAR_BEIJING, markets_and_farmer

pytestmark = pytest.mark.e2e


@pytest.fixture
async def market(harness: Harness) -> Harness:
    """The three test markets, and farmer 10001 living near Beijing."""
    return await markets_and_farmer(harness, home=NEAR_BEIJING)


async def test_last_month_and_last_week_come_from_the_stored_prices(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    month = await farmer.send("上个月西红柿多少钱")
    [text, chart] = list(month)
    assert text.text.startswith("📅 西红柿 上个月的批发价（元/斤，5月1日–5月31日）")
    assert "📍 新发地" in text.text and "💰" not in text.text  # not today's price
    assert chart.kind == "photo"
    assert chart.caption == "📈 西红柿 上个月批发价（元/斤，5月1日–5月31日）"
    # 土豆 at 新发地: 1.20 元/斤 every day of last week (Monday 1 to Sunday 7 June).
    week = await farmer.send("上周新发地土豆啥价")
    assert week.texts[0] == (
        "📅 土豆 上周的批发价（元/斤，6月1日–6月7日）\n"
        "📍 新发地\n   平均 1.20　最低 1.20　最高 1.20（7天有报价）"
    )
    assert week.last.kind == "photo"


async def test_a_period_without_prices_is_said_plainly(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    replies = await farmer.send("去年这时候西红柿多少钱")
    # Said plainly, then the latest prices with their days: never passed off as then.
    [answer] = list(replies)
    lines = answer.text.splitlines()
    assert lines[:4] == [
        "去年这时候（6月3日–6月17日）没有西红柿的价格记录，查不到那时候的行情。",
        "下面是现在知道的最新价格，每个市场都写了是哪天的：",
        "",
        "💰 西红柿 批发价（元/斤）",
    ]
    assert "6月10日" in answer.text and answer.buttons[0] == "📈 看走势图"


async def test_price_history_in_english(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    await farmer.send("/language")
    await farmer.press("English")
    month = await farmer.send("how much were tomatoes last month")
    assert month.texts[0].startswith(
        "📅 tomato wholesale price last month (yuan/jin, May 1–May 31)"
    )
    assert month.last.kind == "photo"
    year = await farmer.send("tomato prices this time last year")
    [answer] = list(year)
    assert answer.text.splitlines()[:2] == [
        "There are no stored prices for tomato this time last year (Jun 3–Jun 17), "
        "so I can't say what it cost then.",
        "Here are the latest prices known, each with its day:",
    ]
    assert "Jun 10" in answer.text
