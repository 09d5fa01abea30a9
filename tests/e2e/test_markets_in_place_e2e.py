"""A county named in a price question whose market names it only in full (blind test, 云南施甸:
施甸核桃好多钱 answered "施甸没有报价的批发市场" and the nearest, though 施甸县甸阳农贸市场
quotes it): through the local Bot API server, in Chinese and in English."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.prices import forget_markets, local_today
from bot.models.markets import Market
from bot.sandbox.harness import Harness
from tests.e2e.prices_util import add_market, markets_and_farmer

pytestmark = pytest.mark.e2e


@pytest.fixture
async def county_market(harness: Harness) -> Harness:
    """The three markets of markets_util and a county's own, 施甸县甸阳农贸市场 (short name 甸阳,
    city 保山), quoting 西红柿 (not 土豆); the farmer 张大爷."""
    await markets_and_farmer(harness)
    today = local_today(harness.app.bot_data["settings"].tz)
    async with session_scope() as session:
        dianyang = Market(
            name="施甸县甸阳农贸市场", short_name="甸阳", province="云南", city="保山",
            lat=24.728, lon=99.184,
        )  # fmt: skip
        days = [today - timedelta(days=back) for back in range(10)]
        await add_market(session, dianyang, "西红柿", days, 3.3)
    forget_markets()
    return harness


async def test_the_county_named_answers_from_its_own_market(county_market: Harness) -> None:
    farmer = county_market.user(10001, "张大爷")
    text = (await farmer.send("施甸西红柿好多钱")).last.text or ""
    assert text.startswith("💰 西红柿 批发价（元/斤）· 施甸")
    assert "📍 甸阳" in text and "3.30" in text
    assert "没有报价的批发市场" not in text and "新发地" not in text
    # A product its market does not quote: said so, and the markets nearest it answer.
    potato = (await farmer.send("施甸县土豆价格")).last.text or ""
    assert t("zh", "prices.fallback", place="施甸", product="土豆") in potato
    assert "📍 新发地" in potato


async def test_in_english_the_county_is_read_in_the_markets_names(
    county_market: Harness,
) -> None:
    farmer = county_market.user(10001, "张大爷", language_code="en")
    await farmer.send("/language")
    await farmer.press("English")
    text = (await farmer.send("tomato price in Shidian")).last.text or ""
    assert text.startswith("💰 tomato wholesale price (yuan/jin) · 施甸 (Shidian)")
    assert "📍 甸阳 (Dianyang)" in text and "Xinfadi" not in text


async def test_an_alert_on_the_county_watches_its_market(county_market: Harness) -> None:
    farmer = county_market.user(10001, "张大爷")
    done = (await farmer.send("施甸西红柿涨到5块提醒我")).last.text or ""
    assert done.startswith("✅ 订好了！西红柿（甸阳）")
