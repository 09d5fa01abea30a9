"""土豆哪天价最高: the dearest (or cheapest) day from the stored prices (blind walk: 答不上来).

The markets (tests/markets_util.py) have 40 days of prices up to Wednesday 10 June 2026;
西红柿 rises 0.05 a day, so its dearest day is the newest one each market quoted and its
cheapest the first day of the trend chart's 30-day window (12 May).
"""

from __future__ import annotations

import pytest

from bot.core.i18n import t
from bot.sandbox.harness import Harness
from tests.e2e.prices_util import NEAR_BEIJING, markets_and_farmer

pytestmark = pytest.mark.e2e


@pytest.fixture
async def market(harness: Harness) -> Harness:
    """The three test markets, and farmer 10001 living near Beijing."""
    return await markets_and_farmer(harness, home=NEAR_BEIJING)


@pytest.mark.parametrize("text", ["西红柿哪天价最高", "番茄啥时候卖得最贵", "西红柿最高价是哪天"])
async def test_the_dearest_day_of_the_trend_window(market: Harness, text: str) -> None:
    farmer = market.user(10001, "张大爷")
    [answer] = list(await farmer.send(text))
    lines = answer.text.splitlines()
    assert lines[0] == "📈 西红柿 5月12日–6月10日 价格最高的一天（元/斤）："
    assert lines[1] == "📍 新发地：6月10日，均价 2.70"
    assert "📍 哈达：6月5日，均价 2.45" in lines  # it stopped quoting 5 days ago
    assert lines[-1] == t("zh", "prices.peak_chart", product="西红柿")


async def test_the_cheapest_day_and_a_period_asked(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    cheapest = (await farmer.send("西红柿啥时候最便宜")).texts[0].splitlines()
    assert cheapest[0] == "📉 西红柿 5月12日–6月10日 价格最低的一天（元/斤）："
    assert cheapest[1] == "📍 新发地：5月12日，均价 1.25"
    # Within the period asked: last week's cheapest day is its Monday.
    week = (await farmer.send("上周西红柿哪天最便宜")).texts[0].splitlines()
    assert (
        week[0].startswith("📉 西红柿 6月1日–6月7日") and week[1] == "📍 新发地：6月1日，均价 2.25"
    )


async def test_the_dearest_day_in_english(market: Harness) -> None:
    farmer = market.user(10001, "Zhang")
    await farmer.send("/language")
    await farmer.press("English")
    [answer] = list(await farmer.send("which day were tomatoes most expensive"))
    lines = answer.text.splitlines()
    assert lines[0] == "📈 tomato: the dearest day May 12–Jun 10 (yuan/jin):"
    assert lines[1] == "📍 新发地 (Xinfadi): Jun 10, average 2.70"
