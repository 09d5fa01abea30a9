"""Past prices: a past period's or day's prices, the dearest/cheapest days, their chart."""

from __future__ import annotations

from bot.core.i18n import day_label, money, t
from bot.markets.history import DAY, PriceHistory, peak_days
from bot.markets.prices import PriceAnswer
from handlers.render.prices import place_notes, price_text
from handlers.render.units import unit_label
from knowledge.text.english import name_label
from knowledge.text.lexicon import product_label


def _history_params(lang: str, history: PriceHistory) -> dict[str, str]:
    if history.period == DAY:
        period = t(lang, "prices.on_day", day=day_label(lang, history.start))
    else:
        period = t(lang, f"prices.periods.{history.period}")
    return {
        "product": product_label(lang, history.product),
        "unit": unit_label(lang, history.unit),
        "period": period,
        "start": day_label(lang, history.start),
        "end": day_label(lang, history.end),
    }


def history_text(lang: str, history: PriceHistory, latest: PriceAnswer | None = None) -> str:
    """What a product cost in a past period or on a past day, per market; or plainly that
    nothing is stored, then the `latest` prices with their days when there are some."""
    params = _history_params(lang, history)
    one_day = history.period == DAY
    if history.empty:
        none = t(lang, "prices.day_none" if one_day else "prices.history_none", **params)
        if latest is None or not latest.rows:
            return none
        return "\n".join([none, t(lang, "prices.latest_below"), "", price_text(lang, latest)])
    lines = [t(lang, "prices.day_header" if one_day else "prices.history_header", **params)]
    if history.fallback:
        place = name_label(lang, history.place.label)
        lines.append(t(lang, "prices.history_fallback", place=place, **params))
    lines += place_notes(lang, history.place)
    for row in history.rows:
        lines.append(
            t(
                lang,
                "prices.day_row" if one_day else "prices.history_row",
                market=name_label(lang, row.market),
                avg=money(row.avg),
                low=money(row.low),
                high=money(row.high),
                days=row.days,
            )
        )
    return "\n".join(lines)


def peak_text(lang: str, history: PriceHistory, highest: bool) -> str:
    """土豆哪天价最高: each market's dearest (or cheapest) day in the history's window, and
    where to see every day (the trend chart)."""
    product = product_label(lang, history.product)
    params = {
        "product": product,
        "unit": unit_label(lang, history.unit),
        "start": day_label(lang, history.start),
        "end": day_label(lang, history.end),
    }
    peaks = peak_days(history, highest)
    if not peaks:
        return t(lang, "prices.peak_none", **params)
    lines = [t(lang, "prices.peak_high" if highest else "prices.peak_low", **params)]
    for peak in peaks:
        lines.append(
            t(
                lang,
                "prices.peak_row",
                market=name_label(lang, peak.market),
                day=day_label(lang, peak.day),
                price=money(peak.price),
            )
        )
    lines.append(t(lang, "prices.peak_chart", product=product))
    return "\n".join(lines)


def history_chart_labels(lang: str, history: PriceHistory) -> tuple[str, str, str]:
    """(title, y-axis label, photo caption) of a past period's chart."""
    params = _history_params(lang, history)
    return (
        t(lang, "prices.history_chart_title", **params),
        t(lang, "prices.chart_ylabel", unit=params["unit"]),
        t(lang, "prices.history_chart_caption", **params),
    )
