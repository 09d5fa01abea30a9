"""What a farmer's produce comes to at the markets' prices: 两千斤包谷能卖好多钱.

Telegram-free. The amount (knowledge.text.numbers.amount_asked) is converted into the
unit the answer's prices are per (1 吨 = 2000 斤 = 1000 公斤), then priced at the first
market the answer shows (the nearest, or the named one), rounded to three figures:
wholesale prices are a guide, never what a buyer pays to the yuan.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.markets.prices import PriceAnswer
from knowledge.text.numbers import UNIT_KG, AmountRange, Quantity

# Estimates are kept to this many significant figures (2563 → 2560, 154321 → 154000).
FIGURES = 3


@dataclass(frozen=True)
class Worth:
    """An amount priced at one market: the amount as said, in the prices' unit, and in yuan.

    `low`/`high` are the amount (the same for one figure, two for 两三千斤); `total` what
    each comes to at the market's average; `cheapest`/`dearest` one figure's worth at the
    market's lowest and highest price (None for a range, or a market quoting no spread).
    """

    market: str
    unit: str
    price: float
    low: Quantity
    high: Quantity
    low_in_unit: float
    high_in_unit: float
    total: tuple[float, float]
    cheapest: float | None = None
    dearest: float | None = None

    @property
    def ranged(self) -> bool:
        """Whether the amount was said as a range (两三千斤)."""
        return self.low != self.high


def in_unit(amount: Quantity, unit: str) -> float:
    """The amount counted in `unit` (3 吨 in 斤 is 6000, 2000 斤 in 公斤 is 1000)."""
    return amount.kg / UNIT_KG[unit]


def round_yuan(value: float) -> float:
    """A sum of yuan kept to FIGURES significant figures, in whole yuan from 10 up."""
    if value <= 0 or not math.isfinite(value):
        return 0.0
    if value < 10:
        return round(value, 1)
    step = 10 ** max(0, math.floor(math.log10(value)) - (FIGURES - 1))
    return float(round(value / step) * step)


def worth_of(answer: PriceAnswer, amount: AmountRange) -> Worth | None:
    """What `amount` comes to at the answer's first market (a fresh price first), else None."""
    rows = [row for row in answer.rows if not row.stale] or answer.rows
    if not rows:
        return None
    row = rows[0]
    low, high = in_unit(amount.low, answer.unit), in_unit(amount.high, answer.unit)
    cheapest = dearest = None
    if low == high and row.low is not None and row.high is not None:
        cheapest, dearest = round_yuan(low * row.low), round_yuan(low * row.high)
    return Worth(
        market=row.market,
        unit=answer.unit,
        price=row.price,
        low=amount.low,
        high=amount.high,
        low_in_unit=low,
        high_in_unit=high,
        total=(round_yuan(low * row.price), round_yuan(high * row.price)),
        cheapest=cheapest,
        dearest=dearest,
    )
