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
from bot.markets.herds import herd_said, said_animal
from bot.markets.said_names import said_product
from knowledge.text.animals import animals_of
from knowledge.text.english import name_label
from knowledge.text.lexicon import lexicon, product_label
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


def amount_said(lang: str | None, text: str) -> str:
    """An amount as stored (5吨), with the unit named in `lang` (5 t); other text as it is."""
    return _in_language(lang, text)


def _in_language(lang: str | None, text: str) -> str:
    match = _STORED_AMOUNT.match(text)
    if match is None or lang in (None, "zh"):
        return text
    return f"{match.group(1)} {t(lang, f'units.{match.group(2)}')}"


def weighed_label(lang: str | None, kg: float, typed: str) -> str:
    """A weighed amount in the unit the booking was made in (blind test: 九百八十斤 was told the
    farmer as "490 公斤" only, read as half missing): 980 斤（490 公斤） for a booking in 斤,
    else 490 公斤."""
    if counts_in_jin(typed):
        return t(lang, "bookings.weighed_jin", jin=f"{kg * 2:g}", kg=f"{kg:g}")
    return t(lang, "bookings.kg", kg=f"{kg:g}")


def booked_product(lang: str | None, b: BookingView) -> str:
    """What a booking is of, as the farmer said it: live animals by the head are the animals
    (2头黄牛, "2 cattle"), not the meat markets quote them as (牛肉); produce is its name, with
    the farmer's own word for it first when another (洋芋（土豆）)."""
    if b.herd is None:
        return said_product(lang, b.product, b.said)
    animal = said_animal(lang, b.herd.animal, b.product)
    return herd_said(lang, b.product, b.herd.heads, b.herd.high, animal)


def booked_quantity(lang: str | None, b: BookingView) -> str:
    """A booking's amount: 600斤（300公斤）; live animals' weight is an estimate: 约600斤."""
    quantity = quantity_label(lang, b.quantity_text, b.quantity_kg)
    return quantity if b.herd is None else t(lang, "bookings.herd_about", quantity=quantity)


# The icon of a booking's produce (blind walk, 施甸: cattle were shown with 🥬): an animal's
# own, by the product it is sold as; 📦 for another animal product; 🥬 for crops.
ANIMAL_ICONS = {"牛肉": "🐄", "猪肉": "🐖", "羊肉": "🐑", "鸡肉": "🐓", "鸭肉": "🐓", "鹅肉": "🐓"}
LIVESTOCK_CATEGORY = "畜禽"


def product_icon(product: str) -> str:
    """🐄 for 牛肉 (黄牛, 肉牛), 🐖 猪, 🐑 羊, 🐓 poultry, 📦 other animal products (蜂蜜,
    鸡蛋, 鱼), 🥬 for crops."""
    animals = animals_of(product)
    if "蛋" not in product:
        for animal in sorted(animals):
            if animal in ANIMAL_ICONS:
                return ANIMAL_ICONS[animal]
    known = lexicon().products.get(product)
    if animals or (known is not None and known.category == LIVESTOCK_CATEGORY):
        return "📦"
    return "🥬"


def booking_params(lang: str | None, b: BookingView, today: date) -> dict[str, object]:
    """Everything a booking message may show, formatted for `lang`."""
    weighed = b.weighed_kg if b.weighed_kg is not None else float(b.quantity_kg)
    return {
        "kg": f"{b.weighed_kg:g}" if b.weighed_kg is not None else str(b.quantity_kg),
        "weighed": weighed_label(lang, weighed, b.quantity_text),
        "code": b.code,
        "station": name_label(lang, b.station_name),
        "phone": b.station_phone or t(lang, "stations.no_phone"),
        "address": name_label(lang, b.station_address or "") or t(lang, "stations.no_address"),
        "date": date_label(lang, b.day, today),
        "starts": hhmm(b.starts),
        "ends": hhmm(b.ends),
        "product": booked_product(lang, b),
        "icon": product_icon(b.product),
        "quantity": booked_quantity(lang, b),
        "status": t(lang, f"bookings.status.{b.status.value}"),
    }


# The reasons staff pick with a button, each in the catalogues (bookings.reason.<code>).
REASON_CODES = ("rain", "truck", "snow", "other")


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


def no_days_text(
    lang: str | None,
    why: Refused,
    station: str,
    quantity: str,
    *,
    product: str = "",
    jin: bool = False,
    move: bool = False,
) -> str:
    """Why a station offers no day (queries.why_no_days): too big for any slot, or full.

    A move keeps its station and amount, so it is told the booking stays as it is.
    """
    station = name_label(lang, station)
    if move:
        return t(lang, "bookings.move_no_room", station=station, quantity=quantity)
    if why.reason == "fully_booked":
        return t(lang, "bookings.fully_booked", station=station)
    return resize_text(lang, why, station, product, quantity, jin)


def counts_in_jin(typed: str) -> bool:
    """Whether the farmer typed the amount in 斤 (stored "2000斤"): limits are said in 斤 too."""
    return typed.endswith("斤") and not typed.endswith("公斤")


def kg_text(lang: str | None, kg: int, jin: bool) -> str:
    """8000公斤（16000斤） for a farmer who counts in 斤, else 8000公斤."""
    return t(lang, "bookings.kg_jin" if jin else "bookings.kg", kg=kg, jin=kg * 2)


def fit_amount(lang: str | None, kg: int, jin: bool) -> str:
    """The most one booking can get now, in the farmer's unit: 16000斤, 8000公斤."""
    return t(lang, "bookings.unit_jin" if jin else "bookings.unit_kg", number=kg * 2 if jin else kg)


def resize_text(
    lang: str | None, why: Refused, station: str, product: str, quantity: str, jin: bool
) -> str:
    """A load no round takes (too_big, too_big_now): the station's real limits, and what to do.

    `quantity` is the amount as shown; the limits are said in 斤 too when `jin`.
    """
    free_kg = int(why.params["free_kg"])
    rounds = t(lang, "bookings.round_sep").join(
        # Each round in kilograms, as the station counts: the sums are said in 斤 too.
        t(lang, "bookings.round_kg", starts=hhmm(r.starts), ends=hhmm(r.ends), kg=r.capacity_kg)
        for r in why.params["rounds"]
    )
    params = {
        "station": name_label(lang, station),
        "product": product_label(lang, product),
        "quantity": quantity,
        "max_kg": kg_text(lang, int(why.params["max_kg"]), jin),
        "day_kg": kg_text(lang, int(why.params["day_kg"]), jin),
        "free_kg": kg_text(lang, free_kg, jin),
        "rounds": rounds,
    }
    said = t(lang, f"bookings.{why.reason}", **params)
    if free_kg <= 0:
        return f"{said}\n{t(lang, 'bookings.resize_full')}"
    fit = t(lang, "bookings.fit_button", amount=fit_amount(lang, free_kg, jin))
    return f"{said}\n{t(lang, 'bookings.resize_fit', fit=fit, **params)}"
