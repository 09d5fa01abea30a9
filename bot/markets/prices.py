"""Market prices: the latest price near a farmer, its change over a week, and chart series.

Telegram-free. Every function takes the session and only queries or flushes.
Prices are stored as the market quotes them (元/斤 or 元/公斤) plus `avg_jin`, the
average per 斤, so markets quoting per 公斤 compare with the rest; answers
convert to the unit the farmer asked for (per 斤 unless they said 公斤).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import clock
from bot.core.geo import haversine_km
from bot.imports import ProblemError
from bot.markets.caches import ASKS, MARKETS, PRODUCTS, WINDOWS, ProductRef

# Re-exported: callers found these here before places had their own module.
from bot.markets.places import MarketInfo as MarketInfo
from bot.markets.places import Place as Place
from bot.markets.places import as_typed as as_typed
from bot.markets.places import find_place as find_place
from bot.markets.places import place_words as place_words
from bot.markets.places import unknown_product_word as unknown_product_word
from bot.models.markets import Market, MarketPrice, Product
from knowledge.text.lexicon import lexicon
from knowledge.text.normalise import normalise
from knowledge.text.numbers import UNIT_KG

DEFAULT_UNIT = "斤"
PRICE_UNITS = ("斤", "公斤")
# A price older than this many days gets a plain warning.
STALE_AFTER_DAYS = 3
# "Change against 7 days before" compares with the newest observation that is
# 7 to 10 days older than the latest one (markets skip days).
CHANGE_DAYS = 7
CHANGE_SLACK_DAYS = 3
# How many markets an answer shows, and how many nearest markets are tried first.
ANSWER_MARKETS = 3
NEAREST_FIRST = 8
CHART_DAYS = 30
# Places answered by the markets nearest to a point: the farmer's home, and a place
# no market quotes in (潍坊).
NEAREST_KINDS = ("home", "near")


def local_today(tz: ZoneInfo) -> date:
    """Today's date where the farmers are (Asia/Shanghai by default)."""
    return clock.local_today(tz)


def convert(price: float, from_unit: str, to_unit: str) -> float:
    """A price per `from_unit` expressed per `to_unit` (元/公斤 → 元/斤 halves it)."""
    return price * UNIT_KG[to_unit] / UNIT_KG[from_unit]


def price_unit(raw: str) -> str:
    """The weight unit of a price unit as written (元/斤, 元/公斤, 公斤, 元/kg ...)."""
    # English as an admin types it (yuan/jin, rmb per kg, /kg) is the same unit.
    unit = normalise(raw).lower()
    for prefix in ("元", "yuan", "rmb", "cny", "¥", "per ", "/", " "):
        unit = unit.removeprefix(prefix).strip()
    unit = {
        "千克": "公斤",
        "kg": "公斤",
        "kilo": "公斤",
        "kilogram": "公斤",
        "市斤": "斤",
        "jin": "斤",
        "catty": "斤",
    }.get(unit, unit)
    if unit not in PRICE_UNITS:
        raise ProblemError("unknown_price_unit", raw=raw)
    return unit


# ---------------------------------------------------------------- products


async def sync_products(session: AsyncSession) -> int:
    """Upsert the products table from the shared lexicon; returns how many were added."""
    existing = {p.name: p for p in await session.scalars(select(Product))}
    added = 0
    for item in lexicon().products.values():
        row = existing.get(item.name)
        if row is None:
            session.add(
                Product(
                    name=item.name,
                    category=item.category,
                    en=item.en,
                    default_unit=DEFAULT_UNIT,
                    asked_count=0,
                )
            )
            added += 1
        elif (row.category, row.en) != (item.category, item.en):
            row.category, row.en = item.category, item.en
    await session.flush()
    return added


async def product_named(session: AsyncSession, word: str) -> Product | None:
    """The product row for any of its names (aliases resolved by the lexicon)."""
    known = lexicon().product(word)
    if known is None:
        return None
    row = await session.scalar(select(Product).where(Product.name == known.name))
    if row is None:
        # The lexicon gained a product since the table was last synced.
        await sync_products(session)
        row = await session.scalar(select(Product).where(Product.name == known.name))
    return row


async def product_ref(session: AsyncSession, word: str) -> ProductRef | None:
    """Like `product_named`, as an id and name, from a cache (no statement when warm)."""
    known = lexicon().product(word)
    if known is None:
        return None
    engine = session.get_bind()
    cached = PRODUCTS.get(engine, known.name)
    if cached is not None:
        return cached
    generation = PRODUCTS.generation()
    row = await product_named(session, known.name)
    found = None if row is None else ProductRef(row.id, row.name)
    if found is not None:
        PRODUCTS.put(engine, known.name, found, generation=generation)
    return found


async def most_asked(session: AsyncSession, n: int = 8) -> list[Product]:
    """The products farmers ask about most (lexicon order breaks ties: the common ones)."""
    rows = list(await session.scalars(select(Product)))
    if not rows:
        await sync_products(session)
        rows = list(await session.scalars(select(Product)))
    order = {name: i for i, name in enumerate(lexicon().products)}
    rows.sort(key=lambda p: (-p.asked_count, order.get(p.name, len(order)), p.name))
    return rows[:n]


async def priced(session: AsyncSession, names: Iterable[str]) -> list[Product]:
    """The products of `names` (in that order) that have at least one market price."""
    rows = [p for p in [await product_named(session, n) for n in names] if p is not None]
    if not rows:
        return []
    with_prices = set(
        await session.scalars(
            select(MarketPrice.product_id)
            .where(MarketPrice.product_id.in_([p.id for p in rows]))
            .distinct()
        )
    )
    return [p for p in rows if p.id in with_prices]


async def record_ask(session: AsyncSession, product_id: int) -> None:
    """Count one price question about a product, in this unit of work."""
    # The ORM statement: Product rows already loaded in this session see the count.
    await session.execute(
        update(Product).where(Product.id == product_id).values(asked_count=Product.asked_count + 1)
    )


def count_ask(product_id: int) -> None:
    """Count one price question about a product (written with the next flush)."""
    ASKS.add(product_id, 1)


# ---------------------------------------------------------------- latest prices


@dataclass(frozen=True)
class PriceRow:
    """One market's latest price of the product, in the unit the farmer asked for."""

    market_id: int
    market: str
    city: str
    distance_km: float | None
    day: date
    price: float
    low: float | None
    high: float | None
    quoted_unit: str
    quoted_price: float
    change_7d: float | None  # percent against the price 7 days earlier, None if unknown
    age_days: int
    # With no price 7 days earlier: the change since the earliest price there is, and how many
    # days before the latest that was (blind test: "7天前没有报价" under 6 days of prices).
    change_since: float | None = None
    since_days: int | None = None

    @property
    def stale(self) -> bool:
        """Whether this price is more than STALE_AFTER_DAYS old."""
        return self.age_days > STALE_AFTER_DAYS


@dataclass(frozen=True)
class PriceAnswer:
    """The answer to "西红柿多少钱": a product, a unit, and the markets' latest prices."""

    product: str
    product_id: int
    unit: str
    place: Place
    today: date
    rows: list[PriceRow] = field(default_factory=list)
    # The named market or city had no price for this product: these rows are
    # from elsewhere.
    fallback: bool = False

    @property
    def stale(self) -> bool:
        """Whether even the newest price shown is more than STALE_AFTER_DAYS old."""
        return bool(self.rows) and all(row.stale for row in self.rows)

    @property
    def newest_age(self) -> int:
        """Days since the newest price shown was observed."""
        return min((row.age_days for row in self.rows), default=0)


def forget_markets() -> None:
    """Drop the cached markets, products and prices (after a change, here or elsewhere)."""
    MARKETS.invalidate()
    PRODUCTS.invalidate()
    WINDOWS.invalidate()


async def all_markets(session: AsyncSession) -> list[MarketInfo]:
    """Every market (tens to hundreds: distances are computed in Python)."""
    engine = session.get_bind()
    cached = MARKETS.get(engine, None)
    if cached is not None:
        return list(cached)
    generation = MARKETS.generation()
    rows = await session.execute(
        select(
            Market.id,
            Market.name,
            Market.short_name,
            Market.province,
            Market.city,
            Market.lat,
            Market.lon,
        ).order_by(Market.id)
    )
    markets = tuple(MarketInfo(*row) for row in rows)
    MARKETS.put(engine, None, markets, generation=generation)
    return list(markets)


class Observation(NamedTuple):
    """One stored price, as the latest-price answer reads it."""

    market_id: int
    day: date
    low: float | None
    avg: float
    high: float | None
    unit: str
    avg_jin: float


async def latest_days(
    session: AsyncSession, product_id: int, market_ids: Sequence[int]
) -> dict[int, date]:
    """For each market, the newest day it quoted the product (markets without any are left out).

    One probe per market: max(day) with the (product, market, day) index is a
    single index seek on both databases.
    """
    if not market_ids:
        return {}
    rows = await session.execute(
        select(Market.id, _newest_day(product_id)).where(Market.id.in_(market_ids))
    )
    return {market_id: day for market_id, day in rows if day is not None}


def _newest_day(product_id: int) -> Any:
    return (
        select(func.max(MarketPrice.day))
        .where(MarketPrice.product_id == product_id, MarketPrice.market_id == Market.id)
        .correlate(Market)
        .scalar_subquery()
    )


async def latest_windows(
    session: AsyncSession, product_id: int, market_ids: Sequence[int]
) -> dict[int, list[Observation]]:
    """Per market: its newest price of the product and those up to 10 days before, newest first.

    One statement: the newest day of each market (an index seek each), joined
    back to the rows of the 10 days before it (one index range each). Markets
    without any price are left out.
    """
    if not market_ids:
        return {}
    engine = session.get_bind()
    key = (product_id, tuple(market_ids))
    cached = WINDOWS.get(engine, key)
    if cached is not None:
        return {m: list(w) for m, w in cached.items()}
    generation = WINDOWS.generation()
    found = await _read_windows(session, product_id, market_ids)
    WINDOWS.put(engine, key, found, generation=generation)
    return {m: list(w) for m, w in found.items()}


async def _read_windows(
    session: AsyncSession, product_id: int, market_ids: Sequence[int]
) -> dict[int, list[Observation]]:
    newest = (
        select(Market.id.label("market_id"), _newest_day(product_id).label("day"))
        .where(Market.id.in_(market_ids))
        # OFFSET 0 keeps the planner from folding this into the join: each
        # market's newest day is found once (a seek) and then drives an index
        # range on prices, instead of being re-evaluated per candidate row.
        .offset(0)
        .subquery()
    )
    span = CHANGE_DAYS + CHANGE_SLACK_DAYS
    dialect = session.get_bind().dialect.name
    # Date arithmetic differs: SQLite stores ISO text, PostgreSQL a date.
    earliest = (
        func.date(newest.c.day, f"-{span} days") if dialect == "sqlite" else newest.c.day - span
    )
    rows = await session.execute(
        select(
            MarketPrice.market_id,
            MarketPrice.day,
            MarketPrice.low,
            MarketPrice.avg,
            MarketPrice.high,
            MarketPrice.unit,
            MarketPrice.avg_jin,
        )
        .join(newest, newest.c.market_id == MarketPrice.market_id)
        .where(
            MarketPrice.product_id == product_id,
            MarketPrice.day <= newest.c.day,
            MarketPrice.day >= earliest,
        )
    )
    found: dict[int, list[Observation]] = {}
    for row in rows:
        found.setdefault(row[0], []).append(Observation(*row))
    for window in found.values():
        window.sort(key=lambda o: o.day, reverse=True)
    return found


def _earliest_change(window: list[Observation]) -> tuple[float | None, int | None]:
    """The change since the window's earliest price before the latest, and its days back."""
    latest, first = window[0], window[-1]
    if first.day >= latest.day or first.avg_jin <= 0:
        return None, None
    return (latest.avg_jin / first.avg_jin - 1) * 100, (latest.day - first.day).days


def _change(window: list[Observation]) -> float | None:
    latest = window[0]
    earliest = latest.day - timedelta(days=CHANGE_DAYS + CHANGE_SLACK_DAYS)
    cutoff = latest.day - timedelta(days=CHANGE_DAYS)
    # Newest first: the first one at least 7 days older is the comparison.
    prior = next((o for o in window if earliest <= o.day <= cutoff), None)
    if prior is None or prior.avg_jin <= 0:
        return None
    return (latest.avg_jin / prior.avg_jin - 1) * 100


async def latest_prices(
    session: AsyncSession,
    product: Product | ProductRef,
    place: Place,
    today: date,
    unit: str | None = None,
    markets: Sequence[MarketInfo] | None = None,
    limit: int = ANSWER_MARKETS,
) -> PriceAnswer:
    """The latest price of `product` at the markets that fit `place`, with the 7-day change."""
    unit = unit if unit in PRICE_UNITS else DEFAULT_UNIT
    markets = list(markets) if markets is not None else await all_markets(session)
    by_id = {m.id: m for m in markets}
    windows, fallback = await _choose_markets(session, product.id, place, markets, limit)
    rows = [
        _price_row(by_id[market_id], window, place, unit, today)
        for market_id, window in windows.items()
    ]
    if place.kind in NEAREST_KINDS:
        rows.sort(key=lambda r: r.distance_km if r.distance_km is not None else math.inf)
    else:
        rows.sort(key=lambda r: (-r.day.toordinal(), r.market_id))
    return PriceAnswer(product.name, product.id, unit, place, today, rows, fallback)


def _price_row(
    market: MarketInfo, window: list[Observation], place: Place, unit: str, today: date
) -> PriceRow:
    row, change = window[0], _change(window)
    since, since_days = _earliest_change(window) if change is None else (None, None)
    distance = None
    if place.kind in NEAREST_KINDS and place.lat is not None and place.lon is not None:
        if market.lat is not None and market.lon is not None:
            distance = haversine_km(place.lat, place.lon, market.lat, market.lon)

    def asked(value: float | None) -> float | None:
        return None if value is None else convert(value, row.unit, unit)

    return PriceRow(
        market_id=market.id,
        market=market.short_name or market.name,
        city=market.city,
        distance_km=distance,
        day=row.day,
        price=convert(row.avg, row.unit, unit),
        low=asked(row.low),
        high=asked(row.high),
        quoted_unit=row.unit,
        quoted_price=row.avg,
        change_7d=change,
        age_days=(today - row.day).days,
        change_since=since,
        since_days=since_days,
    )


Windows = dict[int, list[Observation]]


async def _choose_markets(
    session: AsyncSession, product_id: int, place: Place, markets: list[MarketInfo], limit: int
) -> tuple[Windows, bool]:
    # Which markets to answer with, each with its window of recent prices.
    if place.kind in ("market", "city"):
        windows = await latest_windows(session, product_id, place.market_ids)
        if windows:
            return _freshest(windows, limit if place.kind == "city" else len(windows)), False
        # Nothing at the named place: answer from the nearest markets to it, or
        # nationally.
        fallback_place = (
            Place("home", place.label, place.lat, place.lon)
            if place.lat is not None and place.lon is not None
            else Place("national")
        )
        chosen, _ = await _choose_markets(session, product_id, fallback_place, markets, limit)
        return chosen, True
    if place.kind in NEAREST_KINDS and place.lat is not None and place.lon is not None:
        order = by_distance(place.lat, place.lon, markets)
        # The nearest few usually carry the product: one statement; the rest
        # only when they do not.
        windows = await latest_windows(session, product_id, order[:NEAREST_FIRST])
        if len(windows) < limit and len(order) > NEAREST_FIRST:
            windows.update(await latest_windows(session, product_id, order[NEAREST_FIRST:]))
        return {m: windows[m] for m in nearest_quoting(order, windows, limit)}, False
    windows = await latest_windows(session, product_id, [m.id for m in markets])
    return _freshest(windows, limit), False


def by_distance(lat: float, lon: float, markets: Sequence[MarketInfo]) -> list[int]:
    """The ids of the markets with coordinates, nearest to (lat, lon) first."""
    located = sorted(
        (m for m in markets if m.lat is not None and m.lon is not None),
        key=lambda m: haversine_km(lat, lon, m.lat or 0.0, m.lon or 0.0),
    )
    return [m.id for m in located]


def nearest_quoting(
    order: Sequence[int], quoting: Collection[int], limit: int = ANSWER_MARKETS
) -> list[int]:
    """ "Your nearest markets": the first `limit` of `order` (by_distance) that quote the product.

    The one rule for both the price answer and a "nearest markets" alert, so an
    alert watches exactly the markets "西红柿多少钱" shows (a market that ever
    quoted the product counts, however old its price).
    """
    return [m for m in order if m in quoting][:limit]


def _freshest(windows: Windows, limit: int) -> Windows:
    ranked = sorted(windows.items(), key=lambda kv: (-kv[1][0].day.toordinal(), kv[0]))
    return dict(ranked[:limit])


# ---------------------------------------------------------------- chart series


@dataclass(frozen=True)
class Series:
    """One market's daily prices over the chart window, in the asked unit."""

    market_id: int
    market: str
    days: tuple[date, ...]
    prices: tuple[float, ...]


@dataclass(frozen=True)
class ChartData:
    """What the 30-day chart plots: one series per market."""

    product: str
    unit: str
    start: date
    end: date
    series: tuple[Series, ...]

    @property
    def empty(self) -> bool:
        """Whether there is nothing to plot."""
        return not any(s.days for s in self.series)


async def chart_series(
    session: AsyncSession,
    product: Product,
    market_ids: Sequence[int],
    today: date,
    unit: str = DEFAULT_UNIT,
    days: int = CHART_DAYS,
) -> ChartData:
    """Daily average prices of `product` at `market_ids` over the last `days` days."""
    unit = unit if unit in PRICE_UNITS else DEFAULT_UNIT
    start = today - timedelta(days=days - 1)
    wanted = set(market_ids)
    names = {m.id: m.short_name or m.name for m in await all_markets(session) if m.id in wanted}
    rows = await session.execute(
        select(MarketPrice.market_id, MarketPrice.day, MarketPrice.avg, MarketPrice.unit)
        .where(
            MarketPrice.product_id == product.id,
            MarketPrice.market_id.in_(market_ids),
            MarketPrice.day >= start,
            MarketPrice.day <= today,
        )
        .order_by(MarketPrice.market_id, MarketPrice.day)
    )
    points: dict[int, list[tuple[date, float]]] = {m: [] for m in market_ids if m in names}
    for market_id, day, avg, quoted in rows:
        points[market_id].append((day, round(convert(avg, quoted, unit), 4)))
    series = tuple(
        Series(m, names[m], tuple(d for d, _ in pts), tuple(p for _, p in pts))
        for m, pts in points.items()
    )
    return ChartData(product.name, unit, start, today, series)
