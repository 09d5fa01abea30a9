"""A booking's amount changed (✏️ 改数量, 西红柿改成1200斤): the question, the ✅ showing old → new,
which booking when there are several, the reply, and the staff's notice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.bookings.model import AmountChanged, BookingView
from bot.bookings.text import booking_params, date_label, quantity_label
from bot.core.i18n import t
from bot.core.timeofday import hhmm
from handlers.render.amounts import CODE_OF, UNIT_CODES
from handlers.render.bookings import AmountFor, AmountTo, KeepAmount
from knowledge.text.numbers import Quantity, to_number


def amount_said(quantity: Quantity) -> tuple[str, str]:
    """A parsed amount as a button carries it: its unit's code and the number (斤 1200: j, 1200)."""
    return CODE_OF[quantity.unit], f"{quantity.value:g}"


def amount_of(pressed: AmountTo) -> Quantity | None:
    """The amount a pressed button carries, or None when the bot could not have made it."""
    unit = UNIT_CODES.get(pressed.unit)
    value = to_number(pressed.number)
    return Quantity(value, unit) if unit is not None and value is not None and value > 0 else None


def _label(lang: str, quantity: Quantity) -> str:
    return quantity_label(lang, f"{quantity.value:g}{quantity.unit}", max(1, round(quantity.kg)))


def ask_text(lang: str, booking: BookingView, today: date) -> str:
    """✏️ pressed: the booking's amount now, and what to type."""
    return t(lang, "bookings.mine.amount_ask", **booking_params(lang, booking, today))


def confirm(
    lang: str, booking: BookingView, quantity: Quantity, today: date
) -> tuple[str, InlineKeyboardMarkup]:
    """ "500斤 → 1200斤, 对吗？" with ✅ (carrying the new amount) and 不改."""
    params = booking_params(lang, booking, today)
    params.update(
        old=quantity_label(lang, booking.quantity_text, booking.quantity_kg),
        new=_label(lang, quantity),
    )
    unit, number = amount_said(quantity)
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "bookings.mine.amount_yes"),
                    callback_data=AmountTo(booking.id, unit, number).encode(),
                ),
                InlineKeyboardButton(
                    t(lang, "bookings.mine.amount_keep"),
                    callback_data=KeepAmount(booking.id).encode(),
                ),
            ]
        ]
    )
    return t(lang, "bookings.mine.amount_confirm", **params), keyboard


def which(
    lang: str, bookings: Sequence[BookingView], quantity: Quantity, today: date
) -> tuple[str, InlineKeyboardMarkup]:
    """Several bookings an amount typed may be for: one ✏️ button each."""
    unit, number = amount_said(quantity)
    rows = [
        [
            InlineKeyboardButton(
                t(lang, "bookings.mine.amount_which_button", **booking_params(lang, b, today)),
                callback_data=AmountFor(b.id, unit, number).encode(),
            )
        ]
        for b in bookings
    ]
    text = t(lang, "bookings.mine.amount_which", count=len(bookings))
    return text, InlineKeyboardMarkup(rows)


def kept_text(lang: str, booking: BookingView, today: date) -> str:
    """不改: the booking's amount stays."""
    return t(lang, "bookings.mine.amount_kept", **booking_params(lang, booking, today))


def changed_text(lang: str, changed: AmountChanged, today: date) -> str:
    """The farmer's reply: the booking's new amount, and the one it had."""
    old = quantity_label(lang, changed.old_text, changed.old_kg)
    params = booking_params(lang, changed.booking, today)
    return t(lang, "bookings.mine.amount_changed", old=old, **params)


def staff_notice(lang: str, changed: AmountChanged, farmer: str, today: date) -> str:
    """The station's staff told (via the outbox): whose booking, which round, old → new."""
    b = changed.booking
    return t(
        lang,
        "bookings.staff.amount_changed_notice",
        farmer=farmer,
        code=b.code,
        date=date_label(lang, b.day, today),
        starts=hhmm(b.starts),
        ends=hhmm(b.ends),
        product=booking_params(lang, b, today)["product"],
        old=quantity_label(lang, changed.old_text, changed.old_kg),
        new=quantity_label(lang, b.quantity_text, b.quantity_kg),
    )
