"""The change line under a market's price on a card: against 7 days before, or, with fewer
days of prices, against the earliest there is (blind test: "7天前没有报价" under 6 days)."""

from __future__ import annotations

from bot.core.i18n import t
from bot.markets.prices import PriceRow

# Within this many percent a change is "about the same".
FLAT_PERCENT = 0.5


def change_text(lang: str, row: PriceRow) -> str:
    """How a market's latest price compares: with 7 days before, else the earliest day."""
    if row.change_7d is None:
        # Fewer than 7 days of prices: what can be compared is said (the earliest day's).
        if row.change_since is None or row.since_days is None:
            return t(lang, "prices.no_earlier")
        days = row.since_days
        if abs(row.change_since) < FLAT_PERCENT:
            return t(lang, "prices.since_flat", days=days)
        key = "prices.since_up" if row.change_since > 0 else "prices.since_down"
        return t(lang, key, days=days, pct=f"{abs(row.change_since):.1f}")
    if abs(row.change_7d) < FLAT_PERCENT:
        return t(lang, "prices.flat")
    key = "prices.up" if row.change_7d > 0 else "prices.down"
    return t(lang, key, pct=f"{abs(row.change_7d):.1f}")
