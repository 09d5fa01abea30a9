"""Did a price jump? The softer check after bot/markets/plausible.py: a warning, not an error.

A price within 10× of the product's median passes plausible.py, yet an extra zero
(7.8 → 78) or 斤 for 公斤 (×2) still reaches farmers as ↑900%. So every row of a
price file is also compared with the price it follows: the latest one of that product
at that market on or before its day (the day's own stored price, which it replaces, or
an earlier day's, in the database or earlier in the file), else the product's recent
median. Doubled or halved is a warning: the chat preview lists it and asks for
「⚠️ 照样导入」, the command line for `--force` (docs/markets.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.imports import RowError, problem
from bot.markets.plausible import MEDIAN_WINDOW_DAYS, recent_median
from bot.markets.prices import convert
from bot.models.markets import Market, MarketPrice, Product

# Vegetables can move 50% in a week (a frost, a glut) but rarely double or halve
# overnight, while the usual slips always do: 斤 for 公斤 is exactly ×2 or ×0.5, an extra
# or missing zero ×10. So doubling (or halving) or more asks the admin to check.
JUMP_FACTOR = 2.0


@dataclass(frozen=True)
class DatedRow:
    """A price file's row as the jump check reads it."""

    row: int
    day: date
    product: str
    market: str
    price: float
    unit: str


def _ratio_text(ratio: float) -> str:
    # 10, 2.5, 0.1: as a person says it.
    return (
        f"{ratio:.2f}".rstrip("0").rstrip(".") if ratio < 1 else f"{ratio:.1f}".removesuffix(".0")
    )


def is_jump(old_jin: float, new_jin: float) -> bool:
    """True when the new price is double the old one or more, or half of it or less."""
    if old_jin <= 0:
        return False
    ratio = new_jin / old_jin
    return ratio >= JUMP_FACTOR or ratio <= 1 / JUMP_FACTOR


async def price_jumps(
    session: AsyncSession, rows: Sequence[DatedRow], column: str = "price"
) -> list[RowError]:
    """A warning for every row whose price doubles or halves the one it follows."""
    if not rows:
        return []
    markets = {
        m.name: m
        for m in await session.scalars(
            select(Market).where(Market.name.in_({r.market for r in rows}))
        )
    }
    by_pair: dict[tuple[str, str], list[DatedRow]] = defaultdict(list)
    for r in rows:
        by_pair[(r.product, r.market)].append(r)
    stored = await _stored(session, by_pair, markets)
    medians: dict[str, float | None] = {}
    warnings: list[RowError] = []
    for (product, market), group in by_pair.items():
        before = sorted(stored.get((product, market), []))  # (day, avg_jin), oldest first
        earlier: list[tuple[date, float]] = []  # the file's own, as it goes
        for r in sorted(group, key=lambda r: r.day):
            new = convert(r.price, r.unit, "斤")
            ref = _latest(before, r.day, include_day=True)
            mine = _latest(earlier, r.day, include_day=False)
            if mine is not None and (ref is None or mine[0] >= ref[0]):
                ref = mine
            earlier.append((r.day, new))
            if ref is not None:
                old, key = ref[1], "price_jump"
            else:
                if product not in medians:
                    medians[product] = await recent_median(session, product)
                median = medians[product]
                if median is None:
                    continue
                old, key = median, "price_jump_median"
            if not is_jump(old, new):
                continue
            m = markets.get(market)
            said = problem(
                key,
                product=product,
                market=(m.short_name if m is not None and m.short_name else market),
                old=f"{convert(old, '斤', r.unit):.2f}",
                new=f"{r.price:.2f}",
                unit=r.unit,
                ratio=_ratio_text(new / old),
            )
            warnings.append(RowError(r.row, column, said))
    warnings.sort(key=lambda w: w.row)
    return warnings


def _latest(
    prices: list[tuple[date, float]], day: date, *, include_day: bool
) -> tuple[date, float] | None:
    found = None
    for when, value in prices:
        if when < day or (include_day and when == day):
            found = (when, value)
    return found


async def _stored(
    session: AsyncSession,
    by_pair: dict[tuple[str, str], list[DatedRow]],
    markets: dict[str, Market],
) -> dict[tuple[str, str], list[tuple[date, float]]]:
    # One range query per 200 (product, market) pairs: the window before the file's first day.
    products = {
        p.name: p.id
        for p in await session.scalars(
            select(Product).where(Product.name.in_({p for p, _ in by_pair}))
        )
    }
    spans = []
    for (product, market), group in by_pair.items():
        if product in products and market in markets:
            first = min(r.day for r in group) - timedelta(days=MEDIAN_WINDOW_DAYS)
            last = max(r.day for r in group)
            spans.append((product, market, products[product], markets[market].id, first, last))
    names = {(p_id, m_id): (p, m) for p, m, p_id, m_id, _, _ in spans}
    found: dict[tuple[str, str], list[tuple[date, float]]] = defaultdict(list)
    for start in range(0, len(spans), 200):
        branches = [
            and_(
                MarketPrice.product_id == p_id,
                MarketPrice.market_id == m_id,
                MarketPrice.day >= first,
                MarketPrice.day <= last,
            )
            for _, _, p_id, m_id, first, last in spans[start : start + 200]
        ]
        query = select(
            MarketPrice.product_id, MarketPrice.market_id, MarketPrice.day, MarketPrice.avg_jin
        ).where(or_(*branches))
        for p_id, m_id, day, avg_jin in await session.execute(query):
            found[names[(p_id, m_id)]].append((day, avg_jin))
    return found
