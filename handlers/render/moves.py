"""A booking moved by words (改到后天): which booking is being moved, or which one to move."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.bookings.model import BookingView
from bot.bookings.text import booking_params, date_label
from bot.core.i18n import t
from handlers.render.bookings import Cancel, CancelDay, KeepBooking, MoveTo


def moving_note(lang: str, booking: BookingView, today: date) -> str:
    """The line above the day step: the booking being moved, as it is now."""
    return t(lang, "bookings.move_said", **booking_params(lang, booking, today))


def which_to_move(
    lang: str, bookings: Sequence[BookingView], today: date
) -> tuple[str, InlineKeyboardMarkup]:
    """Several bookings to come: one button each, to move that one to the day typed."""
    text = t(lang, "bookings.move_which", count=len(bookings))
    return text, _one_each(lang, bookings, today, "bookings.move_which_button", MoveTo)


def which_to_cancel(
    lang: str, bookings: Sequence[BookingView], today: date
) -> tuple[str, InlineKeyboardMarkup]:
    """Several bookings a typed cancel may mean: one ✖️ button each (then "确定要取消…吗？")."""
    text = t(lang, "bookings.cancel_which", count=len(bookings))
    return text, _one_each(lang, bookings, today, "bookings.cancel_which_button", Cancel)


def cancel_all(
    lang: str, day: date, bookings: Sequence[BookingView], today: date
) -> tuple[str, InlineKeyboardMarkup]:
    """明天的都取消 with several bookings that day: all of them listed, asked once."""
    lines = "\n".join(
        t(lang, "bookings.cancel_all_line", **booking_params(lang, b, today)) for b in bookings
    )
    text = t(
        lang,
        "bookings.cancel_all_ask",
        date=date_label(lang, day, today),
        count=len(bookings),
        lines=lines,
    )
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "bookings.cancel_all_yes"),
                    callback_data=CancelDay(day.toordinal()).encode(),
                ),
                InlineKeyboardButton(
                    t(lang, "bookings.mine.keep_all"), callback_data=KeepBooking().encode()
                ),
            ]
        ]
    )
    return text, keyboard


def none_on_day(
    lang: str, day: date, product: str | None, bookings: Sequence[BookingView], today: date
) -> tuple[str, InlineKeyboardMarkup]:
    """A day called off (明天不去了) with no booking (of `product`) that day: said so, and the
    bookings the farmer has, one ✖️ button each with its day."""
    when = date_label(lang, day, today)
    if product is None:
        text = t(lang, "bookings.cancel_none_on", date=when)
    else:
        text = t(lang, "bookings.cancel_none_on_of", date=when, product=product)
    return text, _one_each(lang, bookings, today, "bookings.cancel_which_button", Cancel)


def _one_each(
    lang: str,
    bookings: Sequence[BookingView],
    today: date,
    key: str,
    button: type[MoveTo] | type[Cancel],
) -> InlineKeyboardMarkup:
    """One button a row per booking, labelled by `key`, pressing `button` with its id."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, key, **booking_params(lang, b, today)),
                    callback_data=button(b.id).encode(),
                )
            ]
            for b in bookings
        ]
    )
