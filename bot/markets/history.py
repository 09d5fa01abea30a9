"""Price history: what a product cost in a past period (上周, 上个月, 去年这时候) or on a past
day (昨天, 12月1号: the period DAY).

Telegram-free. Answers from the stored prices only: each market's average,
lowest and highest daily price over the period, and the series for the chart;
a period without any stored price is an empty answer (the caller says so
plainly, never today's price instead).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.markets.prices import (
    ANSWER_MARKETS,
    DEFAULT_UNIT,
    NEAREST_KINDS,
    PRICE_UNITS,
    ChartData,
    MarketInfo,
    Place,
    Series,
    all_markets,
    by_distance,
    convert,
)
from bot.models.markets import MarketPrice, Product


@dataclass(frozen=True)
class HistoryRow:
    """One market's prices over the period, in the asked unit."""

    market_id: int
    market: str
    days: int  # how many days of the period it quoted
    avg: float
    low: float
    high: float


@dataclass(frozen=True)
class PriceHistory:
    """The answer to "上个月西红柿多少钱": the period, the markets' figures and the chart."""

    product: str
    product_id: int
    unit: str
    place: Place
    period: str  # a knowledge.text.periods kind, or DAY
    start: date
    end: date
    rows: list[HistoryRow] = field(default_factory=list)
    chart: ChartData | None = None
    # The named market or city had no price then: these rows are from elsewhere.
    fallback: bool = False

    @property
    def empty(self) -> bool:
        """Whether no market quoted the product in the period."""
        return not self.rows


Points = dict[int, list[tuple[date, float]]]
# The period of a history asked for one past day (昨天, 12月1号): from that day to that day.
DAY = "day"
# The period of a question about the recent trend (土豆哪天价最高): the chart's window.
TREND = "trend"


async def _points(
    session: AsyncSession,
    product_id: int,
    market_ids: Sequence[int] | None,
    start: date,
    end: date,
    unit: str,
) -> Points:
    query = select(MarketPrice.market_id, MarketPrice.day, MarketPrice.avg, MarketPrice.unit).where(
        MarketPrice.product_id == product_id, MarketPrice.day >= start, MarketPrice.day <= end
    )
    if market_ids is not None:
        query = query.where(MarketPrice.market_id.in_(market_ids))
    points: Points = {}
    for market_id, day, avg, quoted in await session.execute(
        query.order_by(MarketPrice.market_id, MarketPrice.day)
    ):
        points.setdefault(market_id, []).append((day, round(convert(avg, quoted, unit), 4)))
    return points


def _ranked(points: Points, place: Place, markets: dict[int, MarketInfo]) -> list[int]:
    # Nearest first for a farmer whose home is known; else the markets that
    # quoted most days of the period.
    ids = sorted(m for m in points if m in markets)
    if place.kind in NEAREST_KINDS and place.lat is not None and place.lon is not None:
        # The price answer's own order (ties by id); markets without a point last.
        near = by_distance(place.lat, place.lon, [markets[m] for m in ids])
        placed = set(near)
        return near + [m for m in ids if m not in placed]
    return sorted(ids, key=lambda m: (-len(points[m]), m))


async def price_history(
    session: AsyncSession,
    product: Product,
    place: Place,
    period: str,
    start: date,
    end: date,
    unit: str | None = None,
    limit: int = ANSWER_MARKETS,
) -> PriceHistory:
    """The prices of `product` between `start` and `end` (both included) at `place`'s markets."""
    unit = unit if unit in PRICE_UNITS else DEFAULT_UNIT
    markets = {m.id: m for m in await all_markets(session)}
    fallback = False
    named = place.kind in ("market", "city")
    wanted = place.market_ids if named else None
    points = await _points(session, product.id, wanted, start, end, unit)
    if named and not points:
        # Nothing at the named place then: the other markets, said so.
        points = await _points(session, product.id, None, start, end, unit)
        fallback = bool(points)
    chosen = _ranked(points, place, markets)
    chosen = chosen if named and not fallback else chosen[:limit]
    rows: list[HistoryRow] = []
    series: list[Series] = []
    for market_id in chosen:
        pts = points[market_id]
        prices = [p for _, p in pts]
        name = markets[market_id].short_name or markets[market_id].name
        rows.append(
            HistoryRow(
                market_id, name, len(pts), sum(prices) / len(prices), min(prices), max(prices)
            )
        )
        series.append(Series(market_id, name, tuple(d for d, _ in pts), tuple(prices)))
    chart = ChartData(product.name, unit, start, end, tuple(series)) if series else None
    return PriceHistory(
        product.name, product.id, unit, place, period, start, end, rows, chart, fallback
    )


@dataclass(frozen=True)
class PeakDay:
    """A market's dearest (or cheapest) day of a history: 土豆哪天价最高."""

    market: str
    day: date
    price: float


def peak_days(history: PriceHistory, highest: bool) -> list[PeakDay]:
    """Each market's highest (or lowest) daily price in the history, with its day (the
    latest such day on a tie), in the history's order (nearest market first)."""
    found: list[PeakDay] = []
    for series in history.chart.series if history.chart is not None else ():
        if not series.days:
            continue
        points = list(zip(series.days, series.prices, strict=True))
        if highest:
            day, price = max(points, key=lambda p: (p[1], p[0]))
        else:
            day, price = min(points, key=lambda p: (p[1], -p[0].toordinal()))
        found.append(PeakDay(series.market, day, price))
    return found
