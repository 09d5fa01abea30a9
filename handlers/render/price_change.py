"""The change line under a market's price on a card: against 7 days before, or, with fewer
days of prices, against the earliest there is (blind test: "7天前没有报价" under 6 days); and
the plain line opening the answer to "did it rise?" (核桃比上个礼拜涨了莫得)."""

from __future__ import annotations

from bot.core.i18n import day_label, money, t
from bot.markets.change import FLAT_PERCENT, Change
from bot.markets.history import DAY
from bot.markets.prices import PriceRow
from handlers.render.units import unit_label
from knowledge.text.english import name_label
from knowledge.text.lexicon import product_label


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


def change_said(lang: str, change: Change) -> str:
    """One plain line saying whether the price rose, fell or held (核桃比上周涨了 0.45 元/斤)."""
    if change.period is None:
        days = change.days_before or 7
        when = t(lang, "prices.change_when_days", days=days, day=day_label(lang, change.start))
        then = t(lang, "prices.change_then_day", then=money(change.then))
    elif change.period == DAY:
        when = day_label(lang, change.start)
        then = t(lang, "prices.change_then_day", then=money(change.then))
    else:
        period = t(lang, f"prices.periods.{change.period}")
        when = t(
            lang,
            "prices.change_when_period",
            period=period,
            start=day_label(lang, change.start),
            end=day_label(lang, change.end),
        )
        then = t(lang, "prices.change_then_avg", period=period, then=money(change.then))
    return t(
        lang,
        f"prices.change_{change.direction}",
        product=product_label(lang, change.product),
        market=name_label(lang, change.market),
        unit=unit_label(lang, change.unit),
        when=when,
        then_said=then,
        now=money(change.now) if change.now is not None else "",
        diff=money(abs(change.diff)),
        pct=f"{abs(change.percent):.1f}",
    )
