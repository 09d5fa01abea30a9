"""Is a price believable? The one check every price an import reads goes through.

A price file's rows and a demand file's buyers' prices are checked the same way:
- above 0 and below 1000 元/斤 (500 元/公斤 is the same bound);
- within a factor of 10 (per 斤) of the product's recent median: the last 30 days of
  stored prices; with none stored (a county's first price file), the median of the
  same product (and market) in the file itself, once the file has MIN_FILE_ROWS of
  them. A wrong unit or an extra zero is caught, a real swing is not.
A buyer of livestock may quote per head (元/只, 元/头: a demand file only; market price
tables stay per weight): above 0 and below 100,000 元 a head, no median (none is kept
per head).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.imports import Checker, ProblemError, parse_positive, problem
from bot.markets.prices import convert, price_unit
from bot.models.markets import MarketPrice, Product

MAX_PRICE_JIN = 1000.0
MEDIAN_FACTOR = 10.0
MEDIAN_WINDOW_DAYS = 30
# A file's own median means something from this many prices of one product (and market).
MIN_FILE_ROWS = 5
# Livestock counted and priced per head (a demand file's 300 只 at 1400 元/只).
HEAD_UNITS = ("只", "头")
_HEAD_WORDS = {"只": "只", "头": "头", "head": "头", "heads": "头", "每只": "只", "每头": "头"}
# More a head than a breeding bull fetches is a typing mistake (an extra zero).
MAX_PRICE_HEAD = 100_000.0


def head_unit(raw: str) -> str | None:
    """只 or 头 for a per-head unit as written (只, 元/只, /头, yuan/head), else None."""
    unit = raw.strip().lower()
    for prefix in ("元", "yuan", "rmb", "per ", "/", " "):
        unit = unit.removeprefix(prefix).strip()
    return _HEAD_WORDS.get(unit)


def demand_price_unit(raw: str) -> str:
    """A buyer's price unit: per weight (斤, 公斤, as price_unit) or per head (只, 头)."""
    unit = head_unit(raw)
    if unit is not None:
        return unit
    try:
        return price_unit(raw)
    except ProblemError:
        raise ProblemError("unknown_demand_price_unit", raw=raw) from None


def plausible_demand_price(unit: str) -> Callable[[str], float]:
    """A parser for a buyer's price in `unit`, per weight or per head, refusing absurd ones."""
    if unit not in HEAD_UNITS:
        return plausible_price(unit)

    def parse(raw: str) -> float:
        value = parse_positive(raw)
        if value >= MAX_PRICE_HEAD:
            raise ProblemError(
                "implausible_head_price", raw=raw, unit=unit, max=f"{MAX_PRICE_HEAD:g}"
            )
        return value

    return parse


def plausible_price(unit: str) -> Callable[[str], float]:
    """A parser for a price in `unit` that refuses absurd values."""

    def parse(raw: str) -> float:
        value = parse_positive(raw)
        if convert(value, unit, "斤") >= MAX_PRICE_JIN:
            raise ProblemError("implausible_price", raw=raw, unit=unit, max=f"{MAX_PRICE_JIN:g}")
        return value

    return parse


@dataclass(frozen=True)
class PricedRow:
    """A price a file gives: where it is, what of, and (for a price file) at which market."""

    row: int
    product: str
    price: float
    unit: str
    market: str = ""  # the file's own median is per product and market


async def check_near_median(
    session: AsyncSession, checker: Checker, rows: Sequence[PricedRow], column: str = "price"
) -> None:
    """Report every price (in `column`) more than 10× off its product's median."""
    by_product: dict[str, list[PricedRow]] = defaultdict(list)
    for r in rows:
        by_product[r.product].append(r)
    for product, priced in by_product.items():
        median = await recent_median(session, product)
        if median is not None:
            _check(checker, priced, median, column, "far_from_median")
            continue
        # Nothing stored: the file is checked against itself, where it says enough.
        by_market: dict[str, list[PricedRow]] = defaultdict(list)
        for r in priced:
            by_market[r.market].append(r)
        for group in by_market.values():
            if len(group) >= MIN_FILE_ROWS:
                own = statistics.median(_jin(r) for r in group)
                _check(checker, group, own, column, "far_from_file_median")


def _jin(r: PricedRow) -> float:
    return convert(r.price, r.unit, "斤")


def _check(
    checker: Checker, rows: Sequence[PricedRow], median: float, column: str, key: str
) -> None:
    low, high = median / MEDIAN_FACTOR, median * MEDIAN_FACTOR
    for r in rows:
        if not low <= _jin(r) <= high:
            far = problem(
                key,
                price=f"{r.price:g}",
                unit=r.unit,
                median=f"{median:.2f}",
                product=r.product,
                low=f"{low:.2f}",
                high=f"{high:.2f}",
                count=len(rows),
            )
            checker.add(r.row, column, far)


async def recent_median(session: AsyncSession, product: str) -> float | None:
    """Median price per 斤 of a product over its last 30 days of data, or None without data."""
    product_id = await session.scalar(select(Product.id).where(Product.name == product))
    if product_id is None:
        return None
    newest = await session.scalar(
        select(func.max(MarketPrice.day)).where(MarketPrice.product_id == product_id)
    )
    if newest is None:
        return None
    values = list(
        await session.scalars(
            select(MarketPrice.avg_jin).where(
                MarketPrice.product_id == product_id,
                MarketPrice.day > newest - timedelta(days=MEDIAN_WINDOW_DAYS),
            )
        )
    )
    return statistics.median(values) if values else None
