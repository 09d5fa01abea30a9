"""Rendering of what a farmer's produce comes to at the markets' prices (bot.markets.worth)."""

from __future__ import annotations

from bot.core.i18n import money, normalise_language, t
from bot.markets.worth import Worth
from handlers.render.units import unit_label
from knowledge.text.english import name_label
from knowledge.text.numbers import Quantity

# From this many yuan up, Chinese counts in 万 (1.5万 元, never 15000 元).
WAN = 10_000


def figure(lang: str, value: float) -> str:
    """A number as the language writes it: 2000 in Chinese, 2,000 in English."""
    if normalise_language(lang) == "en":
        return f"{value:,.0f}" if value == int(value) else f"{value:,g}"
    return f"{value:.0f}" if value == int(value) else f"{value:g}"


def yuan(lang: str, value: float) -> str:
    """A sum of yuan or a big amount: 3000, 1.5万 (Chinese), 15,000 (English)."""
    if normalise_language(lang) != "en" and value >= WAN:
        return t(lang, "prices.yuan_wan", value=f"{value / WAN:g}")
    return figure(lang, value)


def _amount(lang: str, value: float, unit: str) -> str:
    return f"{yuan(lang, value)} {unit_label(lang, unit)}"


def amount_text(lang: str, worth: Worth) -> str:
    """The amount as said (3 吨, 2000 – 3000 斤), and in the prices' unit when it differs."""
    low, high = worth.low, worth.high
    if not worth.ranged:
        said = _amount(lang, low.value, low.unit)
    elif low.unit == high.unit:
        said = t(lang, "prices.worth_range", low=yuan(lang, low.value), high=yuan(lang, high.value))
        said = f"{said} {unit_label(lang, high.unit)}"
    else:
        said = t(lang, "prices.worth_range", low=_said(lang, low), high=_said(lang, high))
    if low.unit == worth.unit and high.unit == worth.unit:
        return said
    if worth.ranged:
        converted = t(
            lang,
            "prices.worth_range",
            low=yuan(lang, worth.low_in_unit),
            high=yuan(lang, worth.high_in_unit),
        )
        converted = f"{converted} {unit_label(lang, worth.unit)}"
    else:
        converted = _amount(lang, worth.low_in_unit, worth.unit)
    return t(lang, "prices.worth_converted", amount=said, converted=converted)


def _said(lang: str, amount: Quantity) -> str:
    return _amount(lang, amount.value, amount.unit)


def worth_lines(lang: str, worth: Worth | None) -> list[str]:
    """The estimate's lines under a price card ([] without an amount asked)."""
    if worth is None:
        return []
    low, high = worth.total
    total = (
        yuan(lang, low)
        if low == high
        else t(lang, "prices.worth_range", low=yuan(lang, low), high=yuan(lang, high))
    )
    line = t(
        lang,
        "prices.worth",
        market=name_label(lang, worth.market),
        price=money(worth.price),
        unit=unit_label(lang, worth.unit),
        amount=amount_text(lang, worth),
        total=total,
    )
    if worth.cheapest is not None and worth.dearest is not None:
        line += t(
            lang,
            "prices.worth_spread",
            low=yuan(lang, worth.cheapest),
            high=yuan(lang, worth.dearest),
        )
    return [line, t(lang, "prices.worth_caveat")]
