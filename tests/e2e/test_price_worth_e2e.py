"""A farmer asks what an amount of produce fetches (两千斤土豆能卖好多钱, "how much will 800
jin of potatoes get me"): the amount is no place, and the card says what it comes to at
the markets' prices. Through the local Bot API server."""

from __future__ import annotations

import pytest

from bot.sandbox.harness import Harness
from tests.e2e.prices_util import markets_and_farmer

pytestmark = pytest.mark.e2e

CAVEAT_ZH = "只是按批发市场价估的，收购商、服务站给的价和批发价不一样，仅供参考。"
CAVEAT_EN = "A rough guide at wholesale prices: buyers and service stations pay differently."


@pytest.fixture
async def market(harness: Harness) -> Harness:
    """新发地 (土豆 1.20/斤, 西红柿 2.70/斤), 江桥 (per 公斤), 哈达, and the farmer 张大爷."""
    return await markets_and_farmer(harness)


async def test_an_amount_is_priced_and_never_a_place(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    text = (await farmer.send("两千斤土豆能卖好多钱")).last.text or ""
    assert "没找到" not in text
    assert "🧮 按新发地均价 1.20 元/斤，2000 斤约 2400 元（最低 2160 – 最高 2640）" in text
    assert CAVEAT_ZH in text
    # The estimate comes after the markets, before the location hint.
    assert text.index("📍 新发地") < text.index("🧮") < text.index("💡")
    text = (await farmer.send("我有500斤洋芋能卖几个钱")).last.text or ""
    assert "没找到" not in text and "500 斤约 600 元" in text
    text = (await farmer.send("两三千斤土豆值多少钱")).last.text or ""
    assert "没找到" not in text
    assert "2000 – 3000 斤约 2400 – 3600 元" in text


async def test_tonnes_and_kilos_are_converted(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    text = (await farmer.send("1吨西红柿能卖多少钱")).last.text or ""
    assert "1 吨（2000 斤）约 5400 元（最低 4860 – 最高 5940）" in text
    # Prices per 公斤 asked: the amount counted in 公斤 (2 吨 = 2000 公斤).
    text = (await farmer.send("西红柿多少钱一公斤，我有2吨")).last.text or ""
    assert "按新发地均价 5.40 元/公斤，2 吨（2000 公斤）约 1.08万 元" in text


async def test_a_place_and_an_amount(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    text = (await farmer.send("潍坊两千斤土豆能卖多少")).last.text or ""
    assert "📍 潍坊没有报价的批发市场，下面是离潍坊最近的市场。" in text
    assert "2000 斤约 2400 元" in text


async def test_without_an_amount_nothing_changes(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    for said in ("土豆多少钱一斤", "土豆价格", "一斤土豆多少钱"):
        text = (await farmer.send(said)).last.text or ""
        assert "📍 新发地" in text and "🧮" not in text and CAVEAT_ZH not in text


async def test_in_english(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    await farmer.send("/language")
    await farmer.press("English")
    text = (await farmer.send("how much will 800 jin of potatoes get me")).last.text or ""
    assert "could not find" not in text
    assert (
        "🧮 At the 新发地 (Xinfadi) average of 1.20 yuan/jin, 800 jin comes to about 960 yuan"
        " (low 864 – high 1,060)"
    ) in text
    assert CAVEAT_EN in text
    text = (await farmer.send("how much can I get for 2 tons of tomatoes")).last.text or ""
    assert "2 t (4,000 jin) comes to about 10,800 yuan" in text
    text = (await farmer.send("potato price")).last.text or ""
    assert "🧮" not in text and CAVEAT_EN not in text
