"""Did it rise? The nearest market's latest price against a past period's or 7 days before.

Telegram-free. 核桃比上个礼拜涨了莫得 (云南 blind test) got last week's table and chart and
never said whether walnuts rose: the answer now opens with one plain line, computed here from
the price card's rows or a past period's history, rendered by handlers/render/price_change.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.markets.history import PriceHistory
from bot.markets.prices import PriceAnswer

# Within this many percent a change is "about the same" (as on the card's change line).
FLAT_PERCENT = 0.5


@dataclass(frozen=True)
class Change:
    """One market's latest price against an earlier one (a period's average, or a day's)."""

    product: str
    market: str
    unit: str
    then: float
    now: float | None  # None: no price since the period (nothing to compare)
    start: date  # the earlier period (one day: start == end)
    end: date
    period: str | None = None  # the history's period kind (last_week); None: days before
    days_before: int | None = None  # 7 for the card's change; fewer with fewer days of prices

    @property
    def diff(self) -> float:
        """How much the price went up (negative: down), in the unit."""
        return 0.0 if self.now is None else self.now - self.then

    @property
    def percent(self) -> float:
        """The change in percent of the earlier price."""
        return 0.0 if self.now is None or not self.then else self.diff / self.then * 100

    @property
    def direction(self) -> str:
        """ "up", "down", "flat" or "none" (no newer price)."""
        if self.now is None:
            return "none"
        if abs(self.percent) < FLAT_PERCENT:
            return "flat"
        return "up" if self.diff > 0 else "down"


def against_period(history: PriceHistory, latest: PriceAnswer) -> Change | None:
    """The first (nearest) market of a past period's history with its latest price, against
    its average then; its `now` None when no market has quoted since the period."""
    if history.empty:
        return None
    now_at = {row.market_id: row for row in latest.rows if row.day > history.end}
    row = next((r for r in history.rows if r.market_id in now_at), history.rows[0])
    current = now_at.get(row.market_id)
    return Change(
        history.product,
        row.market,
        history.unit,
        row.avg,
        current.price if current is not None else None,
        history.start,
        history.end,
        period=history.period,
    )


def against_days_before(answer: PriceAnswer) -> Change | None:
    """The first (nearest) market of a price card against its price 7 days before (or the
    earliest day there is); None when no market has an earlier price."""
    for row in answer.rows:
        pct, days = row.change_7d, 7
        if pct is None:
            pct, days = row.change_since, row.since_days or 0
        if pct is None or not days or pct <= -100:
            continue
        then = row.price / (1 + pct / 100)
        start = date.fromordinal(row.day.toordinal() - days)
        return Change(
            answer.product, row.market, answer.unit, then, row.price, start, start,
            days_before=days,
        )  # fmt: skip
    return None
