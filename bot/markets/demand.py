"""Who wants to buy: open demand listings near a farmer, and what rose most this week.

Telegram-free; functions take the session and only query.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.geo import haversine_km
from bot.markets.places import unknown_product_word
from bot.markets.prices import CHANGE_DAYS, CHANGE_SLACK_DAYS, MarketInfo, Place
from bot.models.markets import DemandListing, MarketPrice, Product
from knowledge.text.dialect import WHERE_WORDS
from knowledge.text.lexicon import lexicon

LISTINGS_SHOWN = 5
RISERS_SHOWN = 5
# "The farmer's region": markets within this distance of their location (at
# least the nearest REGION_MIN_MARKETS, however far).
REGION_KM = 600.0
REGION_MIN_MARKETS = 3
# The newest price of a product at a market counts for "this week" only if it
# is at most this many days older than the region's newest data.
FRESH_DAYS = 2


@dataclass(frozen=True)
class Listing:
    """One open demand listing, as a farmer sees it."""

    id: int
    buyer: str
    product: str
    quantity: float
    quantity_unit: str
    price: float | None
    price_unit: str
    place: str
    distance_km: float | None
    valid_until: date
    contact: str


async def open_listings(
    session: AsyncSession,
    today: date,
    product_id: int | None = None,
    lat: float | None = None,
    lon: float | None = None,
    limit: int = LISTINGS_SHOWN,
) -> list[Listing]:
    """Listings still valid today, nearest first when the farmer's location is known."""
    stmt = (
        select(DemandListing, Product.name)
        .join(Product, Product.id == DemandListing.product_id)
        .where(DemandListing.valid_until >= today)
    )
    if product_id is not None:
        stmt = stmt.where(DemandListing.product_id == product_id)
    found = []
    for listing, product in await session.execute(stmt):
        distance = None
        if None not in (lat, lon, listing.lat, listing.lon):
            distance = haversine_km(lat or 0.0, lon or 0.0, listing.lat or 0.0, listing.lon or 0.0)
        found.append(
            Listing(
                listing.id,
                listing.buyer,
                product,
                listing.quantity,
                listing.quantity_unit,
                listing.price,
                listing.price_unit,
                listing.place,
                distance,
                listing.valid_until,
                listing.contact,
            )
        )
    # Nearest first; without a location, the ones that stay open longest first.
    found.sort(
        key=lambda x: (
            x.distance_km if x.distance_km is not None else math.inf,
            -x.valid_until.toordinal(),
            x.id,
        )
    )
    return found[:limit]


@dataclass(frozen=True)
class Riser:
    """A product whose price rose this week in the farmer's region."""

    product: str
    product_id: int
    change_7d: float  # percent, median over the region's markets
    price_jin: float  # the newest average per 斤 (median over the markets)
    markets: int


async def buyers_of(
    session: AsyncSession, product: str | None, today: date, limit: int = 3
) -> list[Listing]:
    """Who buys `product` (a product's name) now, by the demand data: the buyers staff may
    call for a farmer's listing of it (none for no product, or one nobody buys)."""
    if not product:
        return []
    product_id = await session.scalar(select(Product.id).where(Product.name == product))
    if product_id is None:
        return []
    return await open_listings(session, today, product_id, limit=limit)


def region_markets(markets: Sequence[MarketInfo], place: Place) -> list[MarketInfo]:
    """The markets that make up a farmer's region for "what sells well"."""
    if place.market_ids:
        return [m for m in markets if m.id in place.market_ids]
    if place.lat is None or place.lon is None:
        return list(markets)
    lat, lon = place.lat, place.lon
    located = sorted(
        (
            (haversine_km(lat, lon, m.lat, m.lon), m)
            for m in markets
            if m.lat is not None and m.lon is not None
        ),
        key=lambda pair: pair[0],
    )
    near = [m for km, m in located if km <= REGION_KM]
    return near if len(near) >= REGION_MIN_MARKETS else [m for _, m in located[:REGION_MIN_MARKETS]]


async def top_risers(
    session: AsyncSession, markets: Sequence[MarketInfo], limit: int = RISERS_SHOWN
) -> list[Riser]:
    """Products whose price rose most over the last 7 days at these markets (biggest first)."""
    ids = [m.id for m in markets]
    if not ids:
        return []
    newest = await session.scalar(
        select(func.max(MarketPrice.day)).where(MarketPrice.market_id.in_(ids))
    )
    if newest is None:
        return []
    since = newest - timedelta(days=CHANGE_DAYS + CHANGE_SLACK_DAYS + FRESH_DAYS)
    rows = await session.execute(
        select(
            MarketPrice.product_id, MarketPrice.market_id, MarketPrice.day, MarketPrice.avg_jin
        ).where(MarketPrice.market_id.in_(ids), MarketPrice.day >= since)
    )
    series: dict[tuple[int, int], dict[date, float]] = {}
    for product_id, market_id, day, avg_jin in rows:
        series.setdefault((product_id, market_id), {})[day] = avg_jin
    changes: dict[int, list[tuple[float, float]]] = {}
    for (product_id, _market), by_day in series.items():
        latest_day = max(by_day)
        if (newest - latest_day).days > FRESH_DAYS:
            continue
        earlier = [
            d
            for d in by_day
            if timedelta(days=CHANGE_DAYS)
            <= latest_day - d
            <= timedelta(days=CHANGE_DAYS + CHANGE_SLACK_DAYS)
        ]
        if not earlier:
            continue
        before = by_day[max(earlier)]
        if before > 0:
            changes.setdefault(product_id, []).append(
                ((by_day[latest_day] / before - 1) * 100, by_day[latest_day])
            )
    # Not dict(result): a Result has keys() and would be read as a mapping.
    found_names = await session.execute(
        select(Product.id, Product.name).where(Product.id.in_(list(changes)))
    )
    names = {pid: name for pid, name in found_names}
    risers = [
        Riser(
            names[pid],
            pid,
            statistics.median(c for c, _ in found),
            statistics.median(p for _, p in found),
            len(found),
        )
        for pid, found in changes.items()
    ]
    risers = [r for r in risers if r.change_7d > 0]
    risers.sort(key=lambda r: (-r.change_7d, r.product))
    return risers[:limit]


# The words of a question about buyers (哪里收, 谁在收购, 有人要 … 吗): what is left is the
# produce asked about.
_BUYER_WORDS = re.compile(
    r"有没有人|有没有|哪里|哪儿|哪边|哪个|哪家|哪有|哪|谁家|谁|有人|收购|收|要|买|找|"
    r"附近|现在|最近|目前|本地|这边|我们这|咱们|信息|价格|多少钱|的|吗|呢|啊|呀|在|有|货|"
    # What sells asked in dialect (么子东西好卖: blind walk, read as a produce's name).
    r"么子|啥子|什么|啥|东西|好卖|卖得好|好销|销路|行情"
)


# 阿达收沙棘: the regional "where" is a word of the question, not the produce.
_WHERE = re.compile(WHERE_WORDS)


def unknown_produce(text: str) -> str:
    """The produce a buyers' question names when the lexicon does not know it ('' if none).

    哪里收沙棘, 谁收荞面: 沙棘, 荞面; 谁在收购, 哪里收 name none.
    """
    rest = _BUYER_WORDS.sub(" ", _WHERE.sub(" ", unknown_product_word(text)))
    runs = [run for run in re.findall(r"[\u3400-\u9fff]+", rest) if 1 < len(run) <= 6]
    word = max(runs, key=len) if runs else ""
    # 哪里收中药材: a kind of produce, whose buyers are all listed, is no product to add.
    return "" if word and lexicon().is_category(word) else word
