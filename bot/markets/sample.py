"""Sample markets, 90 days of daily prices and buyers' demand for `make run`.

Prices are generated, not shipped: a deterministic function of (product, market,
date) around each product's base price (knowledge/data/markets.yaml), so every
run relative to today adds exactly the missing days and never changes a stored one.
"""

from __future__ import annotations

import math
import random
import zlib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.config import get_settings
from bot.markets.prices import convert, forget_markets, local_today, price_unit, sync_products
from bot.models.markets import DemandListing, Market, MarketPrice, Product
from bot.models.users import utcnow
from knowledge.text.lexicon import DATA_DIR, lexicon

MARKETS_FILE = DATA_DIR / "markets.yaml"
DEMAND_FILE = DATA_DIR / "demand.yaml"
SAMPLE_DAYS = 90
SOURCE = "sample"
# About one product in eight is not traded at a given market.
CARRY_PERCENT = 88


@dataclass(frozen=True)
class SampleMarket:
    """A market from markets.yaml."""

    name: str
    short: str
    province: str
    city: str
    lat: float
    lon: float
    unit: str
    lag_days: int = 0


def _seed(*parts: object) -> int:
    return zlib.crc32("|".join(map(str, parts)).encode())


def sample_markets(path: Path = MARKETS_FILE) -> list[SampleMarket]:
    """The shipped markets."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        SampleMarket(
            m["name"],
            m["short"],
            m["province"],
            m["city"],
            float(m["lat"]),
            float(m["lon"]),
            m["unit"],
            int(m.get("lag_days", 0)),
        )
        for m in data["markets"]
    ]


def base_prices(path: Path = MARKETS_FILE) -> dict[str, float]:
    """Each product's typical wholesale average per 斤."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {str(k): float(v) for k, v in data["base_prices"].items()}


def carries(market: str, product: str) -> bool:
    """Whether the sample market trades the product at all."""
    return _seed("carry", market, product) % 100 < CARRY_PERCENT


def sample_price(base: float, product: str, market: str, day: date) -> tuple[float, float, float]:
    """(low, average, high) per 斤 for one product, market and day: smooth waves plus noise."""
    t = day.toordinal()
    phase = _seed("phase", product) % 1000 / 1000 * 2 * math.pi
    level = 0.9 + (_seed("level", market, product) % 250) / 1000  # 0.90 .. 1.15
    wave = (
        1
        + 0.09 * math.sin(2 * math.pi * t / 47 + phase)
        + 0.03 * math.sin(2 * math.pi * t / 13 + 2 * phase)
    )
    noise = random.Random(_seed("noise", product, market, t)).uniform(-0.015, 0.015)
    avg = base * level * wave * (1 + noise)
    return avg * 0.85, avg, avg * 1.15


async def load_markets(session: AsyncSession) -> int:
    """Add the shipped markets that are missing (and the products from the lexicon)."""
    await sync_products(session)
    known = set(await session.scalars(select(Market.name)))
    added = 0
    for m in sample_markets():
        if m.name not in known:
            session.add(
                Market(
                    name=m.name,
                    short_name=m.short,
                    province=m.province,
                    city=m.city,
                    lat=m.lat,
                    lon=m.lon,
                )
            )
            added += 1
    await session.flush()
    forget_markets()
    return added


async def holds_real_prices(session: AsyncSession) -> bool:
    """Whether any stored price is not a generated one (imported, from a real market)."""
    real = select(MarketPrice.id).where(MarketPrice.source.is_distinct_from(SOURCE)).limit(1)
    return await session.scalar(real) is not None


@dataclass(frozen=True)
class SampleEnding:
    """What deleting the sample prices takes from farmers: names, in lexicon/market order.

    `products` and `markets` are left with no price at all; `thinned` products keep
    only the prices not generated (their charts and weekly changes lose the sample days).
    """

    products: list[str]
    markets: list[str]
    thinned: list[str]


async def sample_ending(session: AsyncSession) -> SampleEnding:
    """What farmers would no longer see if the sample prices were deleted now."""
    source = MarketPrice.source
    sample = select(MarketPrice.product_id).where(source == SOURCE).distinct()
    real = select(MarketPrice.product_id).where(source.is_distinct_from(SOURCE)).distinct()
    sample_markets = select(MarketPrice.market_id).where(source == SOURCE).distinct()
    real_markets = select(MarketPrice.market_id).where(source.is_distinct_from(SOURCE)).distinct()
    sampled = set(await session.scalars(sample))
    kept = set(await session.scalars(real))
    names = {p.id: p.name for p in await session.scalars(select(Product).order_by(Product.id))}
    ended_markets = set(await session.scalars(sample_markets)) - set(
        await session.scalars(real_markets)
    )
    markets = await session.scalars(
        select(Market.name).where(Market.id.in_(ended_markets)).order_by(Market.id)
    )
    return SampleEnding(
        products=[name for pid, name in names.items() if pid in sampled - kept],
        markets=list(markets),
        thinned=[name for pid, name in names.items() if pid in sampled & kept],
    )


async def drop_sample_prices(session: AsyncSession) -> int:
    """Delete every generated price (once real ones are imported); returns how many."""
    result = await session.execute(delete(MarketPrice).where(MarketPrice.source == SOURCE))
    await session.flush()
    return int(getattr(result, "rowcount", 0) or 0)


async def load_prices(session: AsyncSession, today: date | None = None) -> int:
    """Add the generated daily prices of the last 90 days that are missing.

    Never on a database holding real prices: generated rows at real market names
    would pass for quotes (and fill every day the real data has not reached yet).
    """
    today = today or local_today(get_settings().tz)
    if await holds_real_prices(session):
        return 0
    await load_markets(session)
    markets = {m.name: m.id for m in await session.scalars(select(Market))}
    products = {p.name: p.id for p in await session.scalars(select(Product))}
    bases = base_prices()
    first = today - timedelta(days=SAMPLE_DAYS - 1)
    stored = {
        (product_id, market_id, day)
        for product_id, market_id, day in await session.execute(
            select(MarketPrice.product_id, MarketPrice.market_id, MarketPrice.day).where(
                MarketPrice.day >= first
            )
        )
    }
    now = utcnow()
    rows: list[dict[str, Any]] = []
    for market in sample_markets():
        market_id = markets[market.name]
        unit = price_unit(market.unit)
        for product, base in bases.items():
            if product not in products or not carries(market.name, product):
                continue
            product_id = products[product]
            for offset in range(SAMPLE_DAYS - market.lag_days):
                day = first + timedelta(days=offset)
                if (product_id, market_id, day) in stored:
                    continue
                low, avg, high = (
                    round(convert(v, "斤", unit), 2)
                    for v in sample_price(base, product, market.name, day)
                )
                rows.append(
                    {
                        "product_id": product_id,
                        "market_id": market_id,
                        "day": day,
                        "low": low,
                        "avg": avg,
                        "high": high,
                        "unit": unit,
                        "avg_jin": convert(avg, unit, "斤"),
                        "source": SOURCE,
                        "updated_at": now,
                    }
                )
    for start in range(0, len(rows), 5000):
        await session.execute(insert(MarketPrice), rows[start : start + 5000])
    await session.flush()
    return len(rows)


async def load_demand(session: AsyncSession, today: date | None = None) -> int:
    """Add the shipped buyers' demand listings that are missing, open from today."""
    today = today or local_today(get_settings().tz)
    await sync_products(session)
    products = {p.name: p.id for p in await session.scalars(select(Product))}
    stored = {
        (buyer, product_id)
        for buyer, product_id in await session.execute(
            select(DemandListing.buyer, DemandListing.product_id)
        )
    }
    added = 0
    for item in yaml.safe_load(DEMAND_FILE.read_text(encoding="utf-8")):
        product = lexicon().product(item["product"])
        if product is None or product.name not in products:
            raise ValueError(f"{DEMAND_FILE}: unknown product {item['product']!r}")
        product_id = products[product.name]
        if (item["buyer"], product_id) in stored:
            continue
        session.add(
            DemandListing(
                buyer=item["buyer"],
                product_id=product_id,
                quantity=float(item["quantity"]),
                quantity_unit=item["unit"],
                price=item.get("price"),
                price_unit=price_unit(item["unit_price"]),
                lat=item.get("lat"),
                lon=item.get("lon"),
                place=item.get("place", ""),
                contact=item["contact"],
                valid_until=today + timedelta(days=int(item["valid_days"])),
            )
        )
        added += 1
    await session.flush()
    return added
