"""Units and amounts in the user's words: 斤 / 公斤 / 吨 labels, amounts such as 2000斤."""

from __future__ import annotations

from bot.core.i18n import t


def unit_label(lang: str, unit: str) -> str:
    """斤 / 公斤 / 吨 in the user's language."""
    try:
        return t(lang, f"units.{unit}")
    except KeyError:
        return unit


def quantity(lang: str, value: float | None, unit: str | None) -> str:
    """2000斤, 1.5吨 (2000 jin in English)."""
    if value is None or unit is None:
        return ""
    sep = " " if lang == "en" else ""
    return f"{value:g}{sep}{unit_label(lang, unit)}"
