"""Demand listings near a farmer, this week's risers, and the shipped sample data (both databases)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from bot.core.db import session_scope
from bot.markets import sample as market_sample
from bot.markets.demand import open_listings, region_markets, top_risers, unknown_produce
from bot.markets.prices import Place, all_markets, product_named
from bot.markets.sample import SAMPLE_DAYS, load_demand, load_markets, load_prices
from bot.models.markets import DemandListing, Market, MarketPrice, Product
from knowledge.text.intent import Kind, classify
from tests.markets_util import seed_markets

TODAY = date(2026, 11, 28)


async def test_open_listings_nearest_first_and_expired_hidden(db: str) -> None:
    async with session_scope() as session:
        await seed_markets(session, TODAY, days=3)
        potato = await product_named(session, "土豆")
        assert potato is not None
        for buyer, lat, lon, days in (
            ("北京商行", 39.83, 116.39, 5),
            ("武汉超市", 30.5, 114.3, 9),
            ("过期的", 39.9, 116.4, -1),
            ("没位置的", None, None, 20),
        ):
            session.add(
                DemandListing(
                    buyer=buyer,
                    product_id=potato.id,
                    quantity=10,
                    quantity_unit="吨",
                    price=1.0,
                    price_unit="斤",
                    lat=lat,
                    lon=lon,
                    place="",
                    contact="站",
                    valid_until=TODAY + timedelta(days=days),
                )
            )
        await session.flush()
        near_wuhan = await open_listings(session, TODAY, potato.id, 30.6, 114.2)
        assert [x.buyer for x in near_wuhan] == ["武汉超市", "北京商行", "没位置的"]
        assert near_wuhan[0].distance_km is not None and near_wuhan[0].distance_km < 20
        anywhere = await open_listings(session, TODAY, potato.id)
        # Without a location: the ones open longest first.
        assert [x.buyer for x in anywhere] == ["没位置的", "武汉超市", "北京商行"]
        tomato = await product_named(session, "西红柿")
        assert tomato is not None
        assert await open_listings(session, TODAY, tomato.id) == []


async def test_top_risers_in_the_region(db: str) -> None:
    async with session_scope() as session:
        markets = await seed_markets(session, TODAY)
        everything = await all_markets(session)
        risers = await top_risers(session, everything)
        # 西红柿 rises 0.05 a day everywhere; 土豆 is flat and is not a riser.
        assert [r.product for r in risers] == ["西红柿"]
        assert risers[0].change_7d > 10 and risers[0].markets == 2  # 哈达 is too stale
        near_beijing = region_markets(everything, Place("home", "", 39.9, 116.4))
        # Only 新发地 is within 600 km, so the region widens to the nearest three.
        assert near_beijing[0].id == markets["新发地"].id and len(near_beijing) == 3
        named = region_markets(everything, Place("city", "上海", market_ids=(markets["江桥"].id,)))
        assert [m.id for m in named] == [markets["江桥"].id]


async def test_sample_data_loads_once_and_is_fresh(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert SAMPLE_DAYS == 90  # what `make run` ships; a shorter window keeps this test quick
    monkeypatch.setattr(market_sample, "SAMPLE_DAYS", 8)
    async with session_scope() as session:
        assert await load_markets(session) >= 10
        added = await load_prices(session, TODAY)
        assert await load_demand(session, TODAY) >= 5
    async with session_scope() as session:
        assert await load_markets(session) == 0
        assert await load_prices(session, TODAY) == 0
        assert await load_demand(session, TODAY) == 0
        # A day later only the new day is added.
        next_day = await load_prices(session, TODAY + timedelta(days=1))
        products = await session.scalar(select(func.count(func.distinct(MarketPrice.product_id))))
        markets = await session.scalar(select(func.count()).select_from(Market))
        span = await session.execute(select(func.min(MarketPrice.day), func.max(MarketPrice.day)))
        first, last = span.one()
        assert await session.scalar(select(func.count()).select_from(Product)) >= 30
    assert products is not None and products >= 30
    assert markets is not None and markets >= 10
    assert 0 < next_day < added / 8 * 1.5
    assert first == TODAY - timedelta(days=7) and last == TODAY + timedelta(days=1)


@pytest.mark.parametrize(
    ("text", "kind", "products"),
    [
        # Sandbox walk: 什么 was taken for a product, the English declined.
        ("什么涨价了", Kind.demand, ()),
        ("啥涨价了", Kind.demand, ()),
        ("最近哪些菜涨价了", Kind.demand, ()),
        ("最近什么好卖", Kind.demand, ()),
        ("what sells well this week", Kind.demand, ()),
        ("what is rising", Kind.demand, ()),
        ("which crops are going up", Kind.demand, ()),
        # Still price questions: a product named, or why / when.
        ("西红柿涨价了吗", Kind.price, ("西红柿",)),
        ("西红柿为什么涨价了", Kind.price, ("西红柿",)),
        ("玉米什么价", Kind.price, ("玉米",)),
        ("what is the price of tomatoes", Kind.price, ("西红柿",)),
    ],
)
def test_what_is_rising_asks_for_the_risers(
    text: str, kind: Kind, products: tuple[str, ...]
) -> None:
    intent = classify(text)
    assert (intent.kind, intent.products) == (kind, products)


@pytest.mark.parametrize("text", ["么子东西好卖", "最近么子好卖", "啥子东西好卖"])
def test_what_sells_in_dialect_names_no_produce(text: str) -> None:
    # Blind walk: 么子东西好卖 was 「暂时没有人在收「么子东西好卖」」.
    assert unknown_produce(text) == ""
