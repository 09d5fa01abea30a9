"""The booking's amount step: its keyboards (斤 or 公斤, an estimate's two figures, the most a
station still takes) and the question for an amount said as a range.

Every amount button is a UnitPick: a number and its unit's code (UNIT_CODES), checked
again on use like any callback data.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.bookings.text import amount_said, fit_amount
from bot.core.i18n import t
from handlers.render.bookings import UnitPick, nav_row

# A unit's code in UnitPick, and back.
UNIT_CODES = {"j": "斤", "k": "公斤", "t": "吨", "d": "担"}
CODE_OF = {unit: code for code, unit in UNIT_CODES.items()}


def unit_keyboard(lang: str, number: str) -> InlineKeyboardMarkup:
    """Is the bare number 斤 or 公斤?"""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "bookings.unit_jin", number=number),
                    callback_data=UnitPick("j", number).encode(),
                ),
                InlineKeyboardButton(
                    t(lang, "bookings.unit_kg", number=number),
                    callback_data=UnitPick("k", number).encode(),
                ),
            ],
            nav_row(lang),
        ]
    )


def resize_keyboard(lang: str, free_kg: int, jin: bool) -> InlineKeyboardMarkup:
    """A load too big for the station: book the most one round still takes, or back/cancel.

    The button is a UnitPick of that amount, in the farmer's unit (斤 or 公斤).
    """
    rows = [nav_row(lang)]
    if free_kg > 0:
        number = str(free_kg * 2 if jin else free_kg)
        label = t(lang, "bookings.fit_button", amount=fit_amount(lang, free_kg, jin))
        pick = UnitPick("j" if jin else "k", number)
        rows.insert(0, [InlineKeyboardButton(label, callback_data=pick.encode())])
    return InlineKeyboardMarkup(rows)


def range_question(
    lang: str, low: tuple[float, str], high: tuple[float, str], said: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """An amount said as a range (3-5吨): which figure to book, the larger one first.

    `low` and `high` are (number, unit) as the farmer said them. The larger figure
    comes first and the question says why: the station keeps room for the amount
    booked, so the larger one is sure to fit and the smaller one may not. `said`: the
    words of an amount said loosely (一千多斤), asked between the figure said and the next
    round one (1000斤, 2000斤).
    """
    shown = [amount_said(lang, f"{number:g}{unit}") for number, unit in (low, high)]
    if said is not None:
        text = t(lang, "bookings.loose_ask", said=said, low=shown[0], high=shown[1])
    else:
        text = t(lang, "bookings.range_ask", low=shown[0], high=shown[1])
    buttons = [
        [
            InlineKeyboardButton(
                t(lang, "bookings.range_book", amount=label),
                callback_data=UnitPick(CODE_OF[unit], f"{number:g}").encode(),
            )
        ]
        for (number, unit), label in ((high, shown[1]), (low, shown[0]))
    ]
    return text, InlineKeyboardMarkup([*buttons, nav_row(lang)])
