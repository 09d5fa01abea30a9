"""A place named in a price question whose markets name it only in full (施甸 in 施甸县甸阳农贸
市场, short name 甸阳): those markets answer, not "施甸没有报价的批发市场" and the nearest
(blind test, 云南施甸). Any county: the word is looked for in each market's full name and city."""

from __future__ import annotations

import pytest

from bot.markets.places import MarketInfo, find_place

MARKETS = [
    MarketInfo(1, "保山市隆阳区青阳农贸批发市场", "青阳农贸", "云南", "保山", 25.112, 99.161),
    MarketInfo(2, "施甸县甸阳农贸市场", "甸阳", "云南", "保山", 24.728, 99.184),
    MarketInfo(3, "寿光市古城农贸市场", "古城", "山东", "潍坊", 36.93, 118.77),
    MarketInfo(4, "北京新发地农产品批发市场", "新发地", "北京", "北京", 39.83, 116.39),
    MarketInfo(5, "沂南县城关农贸市场", "城关", "山东", "沂南县", 35.55, 118.46),
]
HOME = (24.60, 99.15)


@pytest.mark.parametrize(
    ("text", "label", "ids"),
    [
        ("施甸核桃好多钱", "施甸", (2,)),
        ("施甸县核桃价格", "施甸", (2,)),
        ("寿光西红柿多少钱", "寿光", (3,)),  # another county, its market named 古城
        ("隆阳核桃价格", "隆阳", (1,)),  # a district said without 区: the word is in the name
        ("沂南土豆价格", "沂南", (5,)),  # in the market's city field (a county there)
        ("walnut price in Shidian", "施甸", (2,)),  # a county's pinyin, read in the names
        ("walnut price in shi dian county", "施甸", (2,)),
        ("how much are walnuts in Longyang", "隆阳", (1,)),
    ],
)
def test_a_place_in_a_markets_full_name_is_its_markets(
    text: str, label: str, ids: tuple[int, ...]
) -> None:
    place = find_place(text, MARKETS, *HOME)
    assert (place.kind, place.label, place.market_ids) == ("market", label, ids)
    # For a product none of them quotes, the markets nearest the first one answer.
    first = next(m for m in MARKETS if m.id == ids[0])
    assert (place.lat, place.lon) == (first.lat, first.lon)


def test_its_own_market_is_not_the_nearest_of_another_place() -> None:
    # China's 青阳县 is in 安徽: the county's 青阳 is where its market is.
    place = find_place("青阳核桃价格", MARKETS)
    assert place.kind == "market" and place.market_ids == (1,)
    assert (place.lat, place.lon) == (25.112, 99.161)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("潍坊土豆价格", "city"),  # the city of a market: as before
        ("潍坊的西红柿价格", "city"),
        ("昌乐土豆价格", "near"),  # no market names it: the nearest, as before
        ("农贸市场核桃价格", "home"),  # what a market is, not where
        ("核桃多少钱", "home"),
        ("walnut price per jin", "home"),
        ("walnut price in yuan", "home"),
        ("火星土豆价格", "home"),
    ],
)
def test_other_questions_keep_their_place(text: str, kind: str) -> None:
    assert find_place(text, MARKETS, *HOME).kind == kind


def test_a_short_name_still_comes_first() -> None:
    place = find_place("甸阳核桃价格", MARKETS)
    assert (place.kind, place.label, place.market_ids) == ("market", "甸阳", (2,))


def test_an_alert_on_a_place_several_markets_name_watches_the_nearest() -> None:
    from datetime import time

    from bot.alerts import parsing
    from bot.alerts import places as alert_places
    from bot.alerts.parsing import NearPlace

    two = [*MARKETS, MarketInfo(6, "施甸县姚关农贸市场", "姚关", "云南", "保山", 24.605, 99.152)]
    place = find_place("施甸核桃涨到20提醒我", two)
    assert place.kind == "market" and place.market_ids == (2, 6)
    request = parsing.read_request("核桃涨到20提醒我", time(7))
    watching = alert_places.watching(request, place)
    assert (watching.place, watching.near) == (None, NearPlace("施甸", 24.728, 99.184))
    # One market with it: that market, by the word (the alert service finds it by its name).
    one = alert_places.watching(request, find_place("施甸核桃涨到20提醒我", MARKETS))
    assert (one.place, one.near) == ("施甸", None)
