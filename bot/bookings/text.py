"""The words of stations and bookings: dates, amounts, notices to farmers. Telegram-free.

Notices (reminders, collected, no-show, slot closed) are composed when they are
queued in the outbox, which stores finished text; so this module serves both the
domain code that queues them (bot/bookings/notices.py) and the chat's renderers
(handlers/render/bookings.py, handlers/render/stations.py). Keyboards are the
chat's: they are built in handlers/render, never here.
"""

from __future__ import annotations

import re
from datetime import date

from bot.bookings.model import BookingView, Refused
from bot.core.i18n import month_of, t
from bot.core.timeofday import hhmm
from knowledge.text.english import name_label
from knowledge.text.lexicon import product_label
from knowledge.text.numbers import UNIT_KG


def km_text(km: float) -> str:
    """Kilometres for people: one decimal near by, whole numbers farther away."""
    return f"{km:.1f}" if km < 10 else f"{km:.0f}"


def date_label(lang: str | None, day: date, today: date) -> str:
    """12月8日 周二（明天）: the date, its weekday, and today/tomorrow when near."""
    params = {
        "month": month_of(lang, day),
        "day": day.day,
        "weekday": t(lang, f"bookings.weekday.{day.weekday()}"),
    }
    near = {0: "today", 1: "tomorrow", 2: "day_after"}.get((day - today).days)
    if near is None:
        return t(lang, "bookings.date", **params)
    return t(lang, "bookings.date_near", near=t(lang, f"bookings.{near}"), **params)


def quantity_label(lang: str | None, text: str, kg: int) -> str:
    """2000斤（1000公斤）, 1斤（0.5公斤）; just the kilograms when that is how it was typed.

    Markets quote both 斤 and 公斤, so the amount is shown as typed with its exact
    kilograms beside it; `kg` (whole kilograms, at least one: what a slot counts) is
    shown only for an amount whose unit is not known.
    """
    if text.endswith(("公斤", "kg")) or not text:
        return _in_language(lang, text) or f"{kg}kg"
    shown = f"{exact_kg(text, kg):.2f}".rstrip("0").rstrip(".")
    return t(lang, "bookings.quantity", text=_in_language(lang, text), kg=shown)


def exact_kg(text: str, kg: int) -> float:
    """The kilograms of a stored amount ("1斤" → 0.5), else the whole kilograms `kg`."""
    match = _STORED_AMOUNT.match(text)
    try:
        return float(match.group(1)) * UNIT_KG[match.group(2)] if match else float(kg)
    except ValueError:
        return float(kg)


# A booking's amount is stored as typed in the catalogue's units ("2000斤");
# other languages show the unit's name there ("2000 jin").
_STORED_AMOUNT = re.compile(r"^(.*?\d)\s*(公斤|斤|吨|担)$")


def _in_language(lang: str | None, text: str) -> str:
    match = _STORED_AMOUNT.match(text)
    if match is None or lang in (None, "zh"):
        return text
    return f"{match.group(1)} {t(lang, f'units.{match.group(2)}')}"


def booking_params(lang: str | None, b: BookingView, today: date) -> dict[str, object]:
    """Everything a booking message may show, formatted for `lang`."""
    return {
        "kg": f"{b.weighed_kg:g}" if b.weighed_kg is not None else str(b.quantity_kg),
        "code": b.code,
        "station": name_label(lang, b.station_name),
        "phone": b.station_phone or t(lang, "stations.no_phone"),
        "address": name_label(lang, b.station_address or "") or t(lang, "stations.no_address"),
        "date": date_label(lang, b.day, today),
        "starts": hhmm(b.starts),
        "ends": hhmm(b.ends),
        "product": product_label(lang, b.product),
        "quantity": quantity_label(lang, b.quantity_text, b.quantity_kg),
        "status": t(lang, f"bookings.status.{b.status.value}"),
    }


# The reasons staff pick with a button, each in the catalogues (bookings.reason.<code>).
REASON_CODES = ("rain", "truck", "other")


def booking_text(
    lang: str | None, key: str, b: BookingView, today: date, reason: str | None = None
) -> str:
    """Any booking message (booked, reminder, notices) filled in from a booking.

    `reason` is a button's code (said in the farmer's language) or the staff's own words.
    """
    params = booking_params(lang, b, today)
    if reason and reason not in REASON_CODES:
        params["reason"] = reason  # the staff's own words, as they typed them
    else:
        params["reason"] = t(lang, f"bookings.reason.{reason or 'other'}")
    return t(lang, key, **params)


def no_days_text(lang: str | None, why: Refused, station: str, quantity: str) -> str:
    """Why a station offers no day (queries.why_no_days): too big for any slot, or full."""
    station = name_label(lang, station)
    if why.reason == "too_big":
        return t(lang, "bookings.too_big", station=station, quantity=quantity, **why.params)
    return t(lang, "bookings.fully_booked", station=station)
