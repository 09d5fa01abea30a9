"""Latest prices: units, aliases, stale data, 7-day change, places, chart series (both databases)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.db import session_scope
from bot.core.geo import haversine_km
from bot.markets.prices import (
    Place,
    all_markets,
    as_typed,
    chart_series,
    convert,
    find_place,
    latest_prices,
    most_asked,
    price_unit,
    product_named,
    record_ask,
    unknown_product_word,
)
from bot.models.markets import Product
from knowledge.text.lexicon import lexicon
from tests.markets_util import seed_markets, tomato_price

TODAY = date(2026, 11, 28)
FARMER_NEAR_BEIJING = (39.9, 116.4)


def test_unit_conversion() -> None:
    assert convert(5.4, "公斤", "斤") == pytest.approx(2.7)
    assert convert(2.7, "斤", "公斤") == pytest.approx(5.4)
    assert convert(3.0, "斤", "斤") == 3.0
    assert [price_unit(u) for u in ("元/斤", "元/公斤", "元/千克", "元/kg", "公斤")] == [
        "斤",
        "公斤",
        "公斤",
        "公斤",
        "公斤",
    ]
    with pytest.raises(ValueError, match="unknown unit"):
        price_unit("元/两")


async def test_distances_use_the_one_earth_radius(db: str) -> None:
    # Prices and stations measure with bot.core.geo's haversine: the same km everywhere.
    async with session_scope() as session:
        await seed_markets(session, TODAY)
        tomato = await _tomato(session)
        markets = await all_markets(session)
        place = find_place("西红柿多少钱", markets, *FARMER_NEAR_BEIJING)
        answer = await latest_prices(session, tomato, place, TODAY, None, markets)
    by_id = {m.id: m for m in markets}
    assert place.lat is not None and place.lon is not None and answer.rows
    for row in answer.rows:
        market = by_id[row.market_id]
        assert market.lat is not None and market.lon is not None
        assert row.distance_km == haversine_km(place.lat, place.lon, market.lat, market.lon)


def test_unknown_product_word() -> None:
    assert unknown_product_word("今天榴莲多少钱一斤") == "榴莲"
    assert unknown_product_word("新发地榴莲啥价", ["新发地"]) == "榴莲"
    assert unknown_product_word("多少钱") == ""
    # An alert's wording is not the product (西红柿涨到3块提醒我).
    assert unknown_product_word("牛油果涨到3块提醒我") == "牛油果"
    assert unknown_product_word("榴莲跌到2元以下通知我") == "榴莲"
    assert unknown_product_word("订阅牛油果价格") == "牛油果"
    assert unknown_product_word("每天推送榴莲行情") == "榴莲"


async def _tomato(session: AsyncSession) -> Product:
    product = await product_named(session, "番茄")
    assert product is not None
    return product


async def test_alias_resolves_to_one_product(db: str) -> None:
    async with session_scope() as session:
        await seed_markets(session, TODAY)
        a = await product_named(session, "番茄")
        b = await product_named(session, "西红柿")
        c = await product_named(session, "洋柿子")
        assert a is not None and a.name == "西红柿"
        assert b is not None and c is not None and a.id == b.id == c.id
        assert await product_named(session, "榴莲") is None


async def test_nearest_markets_in_the_asked_unit(db: str) -> None:
    async with session_scope() as session:
        await seed_markets(session, TODAY)
        tomato = await _tomato(session)
        markets = await all_markets(session)
        place = find_place("西红柿多少钱", markets, *FARMER_NEAR_BEIJING)
        assert place.kind == "home"
        answer = await latest_prices(session, tomato, place, TODAY, None, markets)
        assert answer.unit == "斤"
        assert [r.market for r in answer.rows] == ["新发地", "哈达", "江桥"]  # by distance
        beijing, _harbin, shanghai = answer.rows
        assert beijing.distance_km is not None and beijing.distance_km < 20
        assert beijing.price == pytest.approx(tomato_price(TODAY, TODAY))
        assert beijing.low == pytest.approx(beijing.price * 0.9)
        # 江桥 quotes per 公斤: 5.40 元/公斤 is 2.70 元/斤.
        assert shanghai.quoted_unit == "公斤"
        assert shanghai.quoted_price == pytest.approx(5.4)
        assert shanghai.price == pytest.approx(2.7)

        per_kg = await latest_prices(session, tomato, place, TODAY, "公斤", markets)
        assert per_kg.unit == "公斤"
        assert per_kg.rows[0].price == pytest.approx(5.4)
        assert per_kg.rows[2].price == pytest.approx(5.4)


async def test_change_against_seven_days_before(db: str) -> None:
    async with session_scope() as session:
        await seed_markets(session, TODAY)
        tomato = await _tomato(session)
        answer = await latest_prices(session, tomato, Place("national"), TODAY)
        beijing = next(r for r in answer.rows if r.market == "新发地")
        expected = tomato_price(TODAY, TODAY) / tomato_price(TODAY - timedelta(7), TODAY) - 1
        assert beijing.change_7d == pytest.approx(expected * 100)
        assert beijing.change_7d > 0
        potato = await product_named(session, "土豆")
        assert potato is not None
        flat = await latest_prices(session, potato, Place("national"), TODAY)
        assert flat.rows[0].change_7d == pytest.approx(0.0)


async def test_no_change_without_a_price_a_week_earlier(db: str) -> None:
    async with session_scope() as session:
        await seed_markets(session, TODAY, days=5)
        tomato = await _tomato(session)
        answer = await latest_prices(session, tomato, Place("national"), TODAY)
        assert answer.rows and all(r.change_7d is None for r in answer.rows)
        # What can be compared is: the earliest price there is (blind test: "7天前没有报价" on
        # every card with 6 days of prices).
        beijing = next(r for r in answer.rows if r.market == "新发地")
        assert beijing.since_days == 4
        expected = tomato_price(TODAY, TODAY) / tomato_price(TODAY - timedelta(4), TODAY) - 1
        assert beijing.change_since == pytest.approx(expected * 100)


async def test_one_day_of_prices_has_nothing_to_compare(db: str) -> None:
    async with session_scope() as session:
        await seed_markets(session, TODAY, days=1)
        tomato = await _tomato(session)
        answer = await latest_prices(session, tomato, Place("national"), TODAY)
        beijing = next(r for r in answer.rows if r.market == "新发地")
        assert (beijing.change_7d, beijing.change_since, beijing.since_days) == (None, None, None)


async def test_stale_prices_are_flagged(db: str) -> None:
    async with session_scope() as session:
        await seed_markets(session, TODAY)
        tomato = await _tomato(session)
        markets = await all_markets(session)
        harbin = find_place("哈达西红柿", markets)
        assert harbin.kind == "market" and harbin.label == "哈达"
        answer = await latest_prices(session, tomato, harbin, TODAY, None, markets)
        assert [r.market for r in answer.rows] == ["哈达"]
        assert answer.rows[0].age_days == 5 and answer.rows[0].stale
        assert answer.stale and answer.newest_age == 5
        # Three days old is still fresh: the warning starts after 3 days.
        later = await latest_prices(session, tomato, harbin, TODAY - timedelta(days=2))
        assert later.rows[0].age_days == 3 and not later.stale


async def test_named_city_and_national_default(db: str) -> None:
    async with session_scope() as session:
        await seed_markets(session, TODAY)
        tomato = await _tomato(session)
        markets = await all_markets(session)
        shanghai = find_place("上海番茄什么价", markets)
        assert shanghai.kind == "city"
        answer = await latest_prices(session, tomato, shanghai, TODAY, None, markets)
        assert [r.market for r in answer.rows] == ["江桥"]
        national = await latest_prices(session, tomato, find_place("西红柿", markets), TODAY)
        assert national.place.kind == "national"
        # Freshest first: the two markets with today's price, then the stale one.
        assert [r.age_days for r in national.rows] == [0, 0, 5]


async def test_named_market_without_the_product_falls_back(db: str) -> None:
    async with session_scope() as session:
        await seed_markets(session, TODAY)
        potato = await product_named(session, "土豆")
        assert potato is not None
        markets = await all_markets(session)
        place = find_place("江桥土豆", markets)
        answer = await latest_prices(session, potato, place, TODAY, None, markets)
        assert answer.fallback
        assert [r.market for r in answer.rows] == ["新发地"]


async def test_no_data_for_a_known_product(db: str) -> None:
    async with session_scope() as session:
        await seed_markets(session, TODAY)
        durian_like = await product_named(session, "莲藕")
        assert durian_like is not None
        answer = await latest_prices(session, durian_like, Place("national"), TODAY)
        assert answer.rows == [] and not answer.stale


async def test_chart_series_is_the_last_30_days(db: str) -> None:
    async with session_scope() as session:
        markets = await seed_markets(session, TODAY)
        tomato = await _tomato(session)
        ids = [markets["新发地"].id, markets["江桥"].id]
        chart = await chart_series(session, tomato, ids, TODAY, "斤")
        assert chart.start == TODAY - timedelta(days=29) and chart.end == TODAY
        beijing, shanghai = chart.series
        assert beijing.market == "新发地" and shanghai.market == "江桥"
        assert len(beijing.days) == 30 and beijing.days[0] == chart.start
        assert list(beijing.prices) == [pytest.approx(tomato_price(d, TODAY)) for d in beijing.days]
        # Shanghai's 公斤 quotes are converted to the asked unit.
        assert list(shanghai.prices) == pytest.approx(list(beijing.prices))
        kg = await chart_series(session, tomato, ids, TODAY, "公斤")
        assert kg.series[0].prices[-1] == pytest.approx(2 * tomato_price(TODAY, TODAY))


async def test_most_asked_products_come_first(db: str) -> None:
    async with session_scope() as session:
        await seed_markets(session, TODAY)
        default = [p.name for p in await most_asked(session, 3)]
        assert default == ["土豆", "西红柿", "玉米"]  # the lexicon's order
        apple = await product_named(session, "苹果")
        assert apple is not None
        await record_ask(session, apple.id)
        await record_ask(session, apple.id)
        assert [p.name for p in await most_asked(session, 2)] == ["苹果", "土豆"]


def test_a_products_part_or_form_is_related_to_it() -> None:
    # 蒜苔 / 蒜薹 have no price of their own: 大蒜's is offered (sandbox walk).
    related = lexicon().related_products
    assert related("蒜苔") == related("蒜薹") == related("大蒜苔") == ["大蒜"]
    assert related("姜片") == ["生姜"]
    for word in ("牛油果", "榴莲", "尿素"):  # 牛 in 牛油果 is no beef
        assert related(word) == [], word


def test_the_unknown_word_as_typed_and_in_english_sentences() -> None:
    assert as_typed("蒜薹多少钱一斤", "蒜苔") == "蒜薹"
    assert as_typed("蒜苔啥价", "蒜苔") == "蒜苔"
    assert unknown_product_word("蒜薹 price") == "蒜苔"
    assert unknown_product_word("price of kiwi") == "kiwi"
