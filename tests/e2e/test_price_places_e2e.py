"""A farmer names a place with no market (潍坊) or none at all (火星), and asks for an alert
on a fall without a price (蒜价跌了提醒我): through the local Bot API server."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.markets.prices import forget_markets, local_today
from bot.sandbox.harness import Harness
from tests.e2e.prices_util import add_market, markets_and_farmer

pytestmark = pytest.mark.e2e


@pytest.fixture
async def market(harness: Harness) -> Harness:
    """Three markets (新发地, 江桥, 哈达) with prices up to today, and the farmer 张大爷."""
    return await markets_and_farmer(harness)


async def test_a_city_without_a_market_and_a_place_found_nowhere(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    weifang = (await farmer.send("潍坊西红柿价格")).last.text or ""
    assert "📍 潍坊没有报价的批发市场，下面是离潍坊最近的市场。" in weifang
    assert weifang.index("📍 新发地（离潍坊约") < weifang.index("📍 江桥（离潍坊约")
    mars = (await farmer.send("火星土豆价格")).last.text or ""
    assert "🤔 没找到「火星」这个地方" in mars and "📍 新发地" in mars
    village = (await farmer.send("xx村土豆价格")).last.text or ""
    assert "🤔 没找到「xx村」这个地方" in village


async def test_a_fall_alert_asks_to_what_price(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    asked = (await farmer.send("西红柿跌了提醒我")).last
    assert (asked.text or "").startswith("跌到多少提醒您？西红柿现在 ")
    assert asked.buttons[-1] == "涨跌超过 5% 都提醒"
    assert all(b.startswith("跌到 ") for b in asked.buttons[:-1])
    done = (await farmer.send("2块")).last
    assert (done.text or "").startswith(
        "✅ 订好了！西红柿（全国各地市场）：跌到 2.00 元/斤 以下时提醒"
    )
    # A button answers it too, in English as well (from a farmer who chose Chinese: one who
    # never chose would be answered in English).
    await farmer.send("/language")
    await farmer.press("中文")
    asked = (await farmer.send("tell me when potatoes go up")).last
    assert (asked.text or "").startswith("涨到多少提醒您？土豆现在 ")
    pressed = await farmer.press(asked.buttons[0])
    assert (pressed.last.text or "").startswith("✅ 订好了！土豆（全国各地市场）：涨到 ")


async def test_a_village_of_the_countys_own_gazetteer_is_a_place(market: Harness) -> None:
    from bot.stations.gazetteer import VillageRecord, store_villages

    # China's table of places stops at counties; the county's own villages are in its
    # gazetteer (farmhub villages import): 三元朱村 is somewhere, not "not found".
    async with session_scope() as session:
        await store_villages(session, [VillageRecord("三元朱村", "孙家集街道", 36.8051, 118.6641)])
    farmer = market.user(10001, "张大爷")
    text = (await farmer.send("三元朱村土豆价格")).last.text or ""
    assert "没找到" not in text
    assert "📍 三元朱村没有报价的批发市场，下面是离三元朱村最近的市场。" in text
    assert "📍 新发地（离三元朱村约" in text


async def test_a_market_inside_the_city_asked_is_in_it(market: Harness) -> None:
    # Sandbox walk: 潍坊大蒜啥价 said 寿光 was "37 km from 潍坊", though 寿光 is in 潍坊.
    from bot.models.markets import Market

    today = local_today(market.app.bot_data["settings"].tz)
    async with session_scope() as session:
        shouguang = Market(
            name="山东寿光农产品物流园", short_name="寿光", province="山东", city="寿光",
            lat=36.8667, lon=118.7914,
        )  # fmt: skip
        await add_market(session, shouguang, "大蒜", [today], 3.0)
    forget_markets()
    farmer = market.user(10001, "张大爷")
    text = (await farmer.send("潍坊大蒜啥价")).last.text or ""
    assert "📍 寿光（在潍坊境内）" in text and "离潍坊约" not in text
    assert "没有报价的批发市场" not in text
