"""The market an admin's sentence names (bot/markets/names.market_named_in), in characters
or in pinyin, as English product names are found in it (review: English words found the
product, never the market)."""

from __future__ import annotations

import pytest

from bot.markets.names import market_named_in
from bot.markets.places import MarketInfo

MARKETS = [
    MarketInfo(1, "北京新发地农产品批发市场", "新发地", "北京", "北京", None, None),
    MarketInfo(2, "山东寿光农产品物流园", "寿光", "山东", "寿光", None, None),
    MarketInfo(3, "重庆双福国际农贸城", "双福", "重庆", "重庆", None, None),
    MarketInfo(4, "广州江南果菜批发市场", "江南市场", "广东", "广州", None, None),
    MarketInfo(5, "深圳海吉星农产品物流园", "海吉星", "广东", "深圳", None, None),
]


@pytest.mark.parametrize(
    ("text", "market"),
    [
        ("昨天寿光大蒜的价打错了，应该是3块1", 2),
        ("新发地西红柿的价格录错了，改成2.8", 1),
        ("the shouguang garlic price yesterday should be 3.1", 2),
        ("garlic at Shou Guang is wrong", 2),
        ("XIN FA DI tomato price should be 2", 1),
        ("xinfadi tomato is wrong", 1),
        ("the tomato price in Beijing is wrong", 1),  # by its city
        ("chongqing price wrong", 3),
        ("haijixing price wrong", 5),
        ("shuang fu garlic should be 3", 3),
    ],
)
def test_a_market_is_found_in_characters_or_pinyin(text: str, market: int) -> None:
    found = market_named_in(text, MARKETS)
    assert found is not None and found.id == market


@pytest.mark.parametrize(
    "text",
    [
        "the garlic price should be 3.1",  # none said
        "the price in guangdong is wrong",  # a province names no one market
        "shanghai price wrong",  # no market there
        "the price she gave is wrong",  # English words are no market's pinyin
    ],
)
def test_no_market_or_which_one_unknown(text: str) -> None:
    assert market_named_in(text, MARKETS) is None
