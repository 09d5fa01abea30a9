"""A farmer asking by another name than the product's (椪柑, 洋芋, 粟米) sees it on the card
(椪柑（柑橘）, "Ponkan (citrus)"), and what an amount is worth asked in Cantonese or in English
(两千斤粟米卖得几多钱, "what are 2 tons of tomatoes worth") gets the card with the amount's worth.
Through the local Bot API server."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.markets.prices import local_today, product_named
from bot.sandbox.harness import Harness
from bot.users import Visitor, touch
from tests.markets_util import add_price, seed_markets

pytestmark = pytest.mark.e2e


@pytest.fixture
async def market(harness: Harness) -> Harness:
    """新发地 (土豆 1.20/斤, 西红柿 2.70/斤, 玉米 1.50/斤, 柑橘 3.00/斤) and the farmer 张大爷."""
    today = local_today(harness.app.bot_data["settings"].tz)
    async with session_scope() as session:
        markets = await seed_markets(session, today)
        for name, price in (("玉米", 1.5), ("柑橘", 3.0)):
            product = await product_named(session, name)
            assert product is not None
            add_price(session, product, markets["新发地"], today, price, "斤")
        await touch(session, Visitor(10001, "张大爷"))
    return harness


async def test_the_name_asked_by_is_on_the_card(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    for said, title in (
        ("椪柑多少钱", "💰 椪柑（柑橘） 批发价（元/斤）"),
        ("芦柑什么价", "💰 芦柑（柑橘） 批发价（元/斤）"),
        ("洋芋多少钱", "💰 洋芋（土豆） 批发价（元/斤）"),
        ("苞谷啥价", "💰 苞谷（玉米） 批发价（元/斤）"),
        # A typo of the product's name, or the name itself: the product alone.
        ("西红事多少钱", "💰 西红柿 批发价（元/斤）"),
        ("西红柿多少钱", "💰 西红柿 批发价（元/斤）"),
    ):
        text = (await farmer.send(said)).last.text or ""
        assert text.splitlines()[0] == title, said
        assert "📍 新发地" in text


async def test_a_cantonese_worth_question_is_priced(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    text = (await farmer.send("两千斤粟米卖得几多钱")).last.text or ""
    assert text.splitlines()[0] == "💰 粟米（玉米） 批发价（元/斤）"
    assert "🧮 按新发地均价 1.50 元/斤，2000 斤约 3000 元（最低 2700 – 最高 3300）" in text
    text = (await farmer.send("呢个番茄几多钱一斤")).last.text or ""
    assert text.splitlines()[0] == "💰 番茄（西红柿） 批发价（元/斤）"
    assert "均价 2.70" in text and "🧮" not in text
    # 值不值得种 asks whether to grow it: no price card.
    text = (await farmer.send("值不值得种")).last.text or ""
    assert "💰" not in text and "批发价" not in text


async def test_in_english(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    await farmer.send("/language")
    await farmer.press("English")
    text = (await farmer.send("椪柑多少钱")).last.text or ""
    assert text.splitlines()[0] == "💰 Ponkan (citrus) wholesale price (yuan/jin)"
    text = (await farmer.send("芦柑什么价")).last.text or ""
    assert text.splitlines()[0] == "💰 citrus (芦柑) wholesale price (yuan/jin)"
    text = (await farmer.send("what are 2 tons of tomatoes worth")).last.text or ""
    assert text.splitlines()[0] == "💰 tomato wholesale price (yuan/jin)"
    assert "2 t (4,000 jin) comes to about 10,800 yuan" in text
    text = (await farmer.send("how much would 500 jin of corn fetch")).last.text or ""
    assert "500 jin comes to about 750 yuan" in text
    text = (await farmer.send("what would 500 jin of corn fetch")).last.text or ""
    assert "500 jin comes to about 750 yuan" in text
    # Whether a thing is worth doing is no price question.
    text = (await farmer.send("what is this worth doing")).last.text or ""
    assert "wholesale price" not in text and "comes to about" not in text
