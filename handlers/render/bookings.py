"""Booking replies and keyboards: the booking steps and 我的预约 (the staff's pickup lists are
handlers/render/rounds.py), and every booking button's callback data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.bookings.model import BookingView, ClosedRound, DayChoice, SlotChoice
from bot.bookings.text import (
    REASON_CODES,
    booking_params,
    booking_text,
    date_label,
    km_text,
    product_icon,  # noqa: F401  (the booking steps read it here, as view.product_icon)
    quantity_label,  # noqa: F401  (the booking steps read it here, as view.quantity_label)
)
from bot.core.callbacks import Button
from bot.core.i18n import all_labels, t
from bot.core.timeofday import hhmm
from bot.stations.catalogue import SERVED_RADIUS_KM, StationInfo
from handlers.render import paginate_with_buttons
from handlers.render.stations import short
from knowledge.text.english import name_label
from knowledge.text.lexicon import product_label

# Callback data, all under "bk:", declared once here (handlers/callbacks.py encodes and
# parses it). Every id in it is checked again on use.


@dataclass(frozen=True)
class OnBooking(Button):
    """A button that acts on one booking (subclasses only add their PREFIX)."""

    booking_id: int


@dataclass(frozen=True)
class Move(OnBooking):
    """Pick another time for a booking (also under notices)."""

    PREFIX = "bk:mv"


@dataclass(frozen=True)
class MoveTo(OnBooking):
    """Move this one of the farmer's bookings to the day they typed (改到后天, asked which)."""

    PREFIX = "bk:mw"


@dataclass(frozen=True)
class Cancel(OnBooking):
    """Ask to cancel a booking (also under notices)."""

    PREFIX = "bk:cx"


@dataclass(frozen=True)
class CancelYes(OnBooking):
    """Cancel the booking, confirmed."""

    PREFIX = "bk:cy"


@dataclass(frozen=True)
class BookingAmount(OnBooking):
    """✏️ 改数量 under 我的预约: ask the booking's new amount."""

    PREFIX = "bk:am"


@dataclass(frozen=True)
class AmountTo(Button):
    """Change this booking's amount to one said (a number and its unit's code: render/amounts.py):
    the ✅ asking it, or the booking picked when the farmer has several (西红柿改成1200斤)."""

    PREFIX = "bk:ay"
    booking_id: int
    unit: str
    number: str


@dataclass(frozen=True)
class AmountFor(AmountTo):
    """One of the farmer's bookings, picked for the amount they typed: confirm it next."""

    PREFIX = "bk:aw"


@dataclass(frozen=True)
class KeepAmount(OnBooking):
    """Leave the booking's amount as it was."""

    PREFIX = "bk:ak"


@dataclass(frozen=True)
class Collect(OnBooking):
    """Staff: collected, and they will type the weight."""

    PREFIX = "bk:cl"


@dataclass(frozen=True)
class CollectEarly(Button):
    """Staff: 「提前收货？」's ✅, the farmer came before the booking's round, at a weight typed
    with its code (in tenths of a kilogram)."""

    PREFIX = "bk:ea"
    booking_id: int
    tenths: int


@dataclass(frozen=True)
class CollectFar(Button):
    """Staff: ✅ to a weight far from the booking (more than 3 times off), in tenths of a kg."""

    PREFIX = "bk:cf"
    booking_id: int
    tenths: int


@dataclass(frozen=True)
class Reweigh(OnBooking):
    """Staff: ✏️ 改重量 under a collected pickup: type the right weight."""

    PREFIX = "bk:rw"


@dataclass(frozen=True)
class Estimate(OnBooking):
    """Staff: collected at the farmer's estimate."""

    PREFIX = "bk:ce"


@dataclass(frozen=True)
class NoShow(OnBooking):
    """Staff: the farmer did not come."""

    PREFIX = "bk:ns"


@dataclass(frozen=True)
class BookAt(Button):
    """Start booking at a station (under a search result)."""

    PREFIX = "bk:new"
    station_id: int


@dataclass(frozen=True)
class ProductPick(Button):
    """The product of the booking (a canonical product name)."""

    PREFIX = "bk:p"
    product: str


@dataclass(frozen=True)
class UnitPick(Button):
    """An amount picked with a button: a number and its unit's code (render/amounts.py: j 斤,
    k 公斤, t 吨, d 担); a bare number's unit, an estimate's figure, the most a round takes."""

    PREFIX = "bk:u"
    unit: str
    number: str


@dataclass(frozen=True)
class StationPick(Button):
    """The station of the booking."""

    PREFIX = "bk:s"
    station_id: int


@dataclass(frozen=True)
class PlacePick(Button):
    """A gazetteer place, at the booking's station step."""

    PREFIX = "bk:pl"
    place_id: int


@dataclass(frozen=True)
class ChangePlace(Button):
    """Ask for a location or village name again."""

    PREFIX = "bk:loc"


@dataclass(frozen=True)
class DayPick(Button):
    """The day of the booking."""

    PREFIX = "bk:d"
    day: date


@dataclass(frozen=True)
class SlotPick(Button):
    """The slot of the booking."""

    PREFIX = "bk:t"
    slot_id: int


@dataclass(frozen=True)
class Confirm(Button):
    """The form's ✅, carrying the draft's id (so it books at most once)."""

    PREFIX = "bk:ok"
    draft_id: str


@dataclass(frozen=True)
class Back(Button):
    """One booking step back."""

    PREFIX = "bk:back"


@dataclass(frozen=True)
class Quit(Button):
    """Stop the booking."""

    PREFIX = "bk:x"


@dataclass(frozen=True)
class Restart(Button):
    """Start the booking afresh (offered when 预约收货 is tapped again during one)."""

    PREFIX = "bk:again"


@dataclass(frozen=True)
class CancelDay(Button):
    """Cancel all of the presser's bookings on one day (its ordinal), confirmed: only their
    own are touched (明天的都取消)."""

    PREFIX = "bk:cd"
    day: int


@dataclass(frozen=True)
class KeepBooking(Button):
    """Do not cancel after all."""

    PREFIX = "bk:keep"


@dataclass(frozen=True)
class CloseSlot(Button):
    """Staff: ask to close a slot on a day."""

    PREFIX = "bk:cs"
    slot_id: int
    day: date


@dataclass(frozen=True)
class CloseYes(Button):
    """Staff: close the slot on the day, for a reason (one of CLOSE_REASONS)."""

    PREFIX = "bk:cz"
    slot_id: int
    day: date
    reason: str


@dataclass(frozen=True)
class CloseSaid(Button):
    """Staff: close the slot on the day for the reason said with close words (kept in
    user_data: typed words do not fit a button's data)."""

    PREFIX = "bk:cw"
    slot_id: int
    day: date


@dataclass(frozen=True)
class KeepOpen(Button):
    """Staff: do not close the slot after all."""

    PREFIX = "bk:ko"


@dataclass(frozen=True)
class ReopenSlot(Button):
    """Staff: open again a slot closed on a day (closed by mistake)."""

    PREFIX = "bk:ro"
    slot_id: int
    day: date


@dataclass(frozen=True)
class WeighQuit(Button):
    """Staff: stop recording a weight."""

    PREFIX = "bk:wx"


CLOSE_REASONS = REASON_CODES


def cancel_words() -> set[str]:
    """Texts that stop the booking (the button label in both languages, and plain words)."""
    return (
        all_labels("bookings.cancel_button")
        | all_labels("stations.cancel_button")
        # A farmer calling a pick-up off says it many ways (sandbox walk: 不去了 was a question
        # for the station, 预约不要了 started a new booking).
        | {"取消", "不约了", "算了", "cancel", "不去了", "不来了", "不要了", "预约不要了"}
        | {"不约了吧", "取消预约吧", "不送了", "不卖了", "算了吧"}
        | keep_words()
    )


def keep_words() -> set[str]:
    """Texts that leave a booking's time as it was (不改了): they end a 改时间, and outside one
    change nothing (sandbox walk: 不改了 in a move was help for the day step)."""
    return {"不改了", "不改了吧", "不用改了", "先不改了", "不换了", "不改", "不改时间了"}


def back_words() -> set[str]:
    """Texts that go one step back."""
    return (
        all_labels("bookings.back_button")
        | all_labels("stations.back_button")
        | {"返回", "上一步", "back"}
    )


def closed_text(lang: str, key: str, date_text: str, closed: Sequence[ClosedRound]) -> str | None:
    """`key` (bookings.round_closed, bookings.day_closed) for the rounds the station closed
    that day, with why (a reason button's words, or the staff's own quoted); None if none."""
    if not closed:
        return None
    rounds = t(lang, "bookings.rounds_sep").join("-".join(window(c.starts, c.ends)) for c in closed)
    reasons = [c.reason for c in closed if c.reason]
    why = ""
    if reasons:
        reason = reasons[0]
        said = t(lang, f"bookings.reason.{reason}") if reason in REASON_CODES else reason
        why = t(lang, "bookings.closed_why", reason=said)
    return t(lang, key, date=date_text, rounds=rounds, why=why)


def window(starts: time, ends: time) -> tuple[str, str]:
    """A slot's start and end as HH:MM."""
    return hhmm(starts), hhmm(ends)


def nav_row(lang: str, back: bool = True) -> list[InlineKeyboardButton]:
    """Back and cancel, under every step."""
    row = [InlineKeyboardButton(t(lang, "bookings.cancel_button"), callback_data=Quit().encode())]
    if back:
        back_button = t(lang, "bookings.back_button")
        row.insert(0, InlineKeyboardButton(back_button, callback_data=Back().encode()))
    return row


def restart_keyboard(lang: str) -> InlineKeyboardMarkup:
    """The one button under "carrying on with your booking": start it afresh."""
    label = t(lang, "bookings.restart_button")
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=Restart().encode())]])


def _rows(
    buttons: Sequence[InlineKeyboardButton], per_row: int
) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row)]


def product_keyboard(lang: str, products: Sequence[str]) -> InlineKeyboardMarkup:
    """Product buttons, four a row, then cancel."""
    buttons = [
        InlineKeyboardButton(product_label(lang, p), callback_data=ProductPick(p).encode())
        for p in products
    ]
    return InlineKeyboardMarkup([*_rows(buttons, 4), nav_row(lang, back=False)])


def station_keyboard(
    lang: str, options: Sequence[tuple[StationInfo, float | None, bool]]
) -> InlineKeyboardMarkup:
    """One button per station (the farmer's usual one starred; the distance when the farmer's
    place is known), then change place and nav."""
    rows = [
        [
            InlineKeyboardButton(
                t(
                    lang,
                    "bookings.station_preferred" if preferred else "bookings.station_option",
                    name=short(station.name, lang),
                    km=km_text(km),
                )
                if km is not None
                else short(station.name, lang),
                callback_data=StationPick(station.id).encode(),
            )
        ]
        for station, km, preferred in options
    ]
    change = t(lang, "bookings.change_place")
    rows.append([InlineKeyboardButton(change, callback_data=ChangePlace().encode())])
    rows.append(nav_row(lang))
    return InlineKeyboardMarkup(rows)


def no_station_text(lang: str, product: str, animal: str | None = None) -> str:
    """No station near the farmer takes this product (`animal`: live animals booked, named as
    the farmer said them: 收黄牛的服务站, not 收牛肉的)."""
    return t(
        lang,
        "bookings.no_station_near",
        radius=f"{SERVED_RADIUS_KM:.0f}",
        product=animal or product_label(lang, product),
    )


def skipped_text(
    lang: str,
    product: str,
    nearer: Sequence[tuple[StationInfo, float]],
    animal: str | None = None,
) -> str:
    """One line: the stations nearer than those offered, left out for not taking `product`
    (named as `animal` when live animals are booked: 不收黄牛)."""
    names = t(lang, "prices.list_sep").join(
        t(lang, "bookings.skipped_station", name=name_label(lang, station.name), km=km_text(km))
        for station, km in nearer
    )
    said = animal or product_label(lang, product)
    return t(lang, "bookings.stations_skipped", stations=names, product=said)


def day_keyboard(lang: str, days: Sequence[DayChoice], today: date) -> InlineKeyboardMarkup:
    """The bookable days, two a row."""
    buttons = [
        InlineKeyboardButton(date_label(lang, d.day, today), callback_data=DayPick(d.day).encode())
        for d in days
    ]
    return InlineKeyboardMarkup([*_rows(buttons, 2), nav_row(lang)])


def slot_keyboard(lang: str, slots: Sequence[SlotChoice]) -> InlineKeyboardMarkup:
    """The free slots of a day, with the places left."""
    rows = [
        [
            InlineKeyboardButton(
                t(
                    lang,
                    "bookings.slot_option",
                    starts=hhmm(s.starts),
                    ends=hhmm(s.ends),
                    free=s.free,
                ),
                callback_data=SlotPick(s.slot_id).encode(),
            )
        ]
        for s in slots
    ]
    return InlineKeyboardMarkup([*rows, nav_row(lang)])


def confirm_keyboard(lang: str, draft_id: str) -> InlineKeyboardMarkup:
    """Confirm (carrying the draft's id), back, cancel."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "bookings.confirm_button"), callback_data=Confirm(draft_id).encode()
                )
            ],
            nav_row(lang),
        ]
    )


def booked_text(lang: str, b: BookingView, today: date, reminder_at: time) -> str:
    """The confirmation of a new booking, promising the evening reminder only if one will go.

    A booking for today, or for tomorrow made after that evening's reminders went out
    (bot/bookings/service.py), counts as reminded already: the confirmation is the
    reminder, and says so rather than promise one that never comes.
    """
    if not b.reminder_pending:
        reminder = t(lang, "bookings.booked_reminder.none")
    else:
        eve = "tonight" if b.day - timedelta(days=1) == today else "evening_before"
        reminder = t(lang, f"bookings.booked_reminder.{eve}", at=hhmm(reminder_at))
    return t(lang, "bookings.booked", **booking_params(lang, b, today), reminder=reminder)


def my_bookings(
    lang: str, views: Sequence[BookingView], today: date
) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    """The farmer's coming bookings, each with change-time, cancel and change-amount buttons,
    in messages Telegram accepts (a long list continues in the next message, buttons under
    their text)."""
    if not views:
        return [(t(lang, "bookings.mine.none"), None)]
    units = [
        (
            booking_text(lang, "bookings.mine.entry", v, today),
            [
                [
                    InlineKeyboardButton(
                        t(lang, "bookings.mine.move_button", code=v.code),
                        callback_data=Move(v.id).encode(),
                    ),
                    InlineKeyboardButton(
                        t(lang, "bookings.mine.cancel_button", code=v.code),
                        callback_data=Cancel(v.id).encode(),
                    ),
                ],
                [
                    InlineKeyboardButton(
                        t(lang, "bookings.mine.amount_button", code=v.code),
                        callback_data=BookingAmount(v.id).encode(),
                    )
                ],
            ],
        )
        for v in views
    ]
    return paginate_with_buttons(units, header=t(lang, "bookings.mine.title"))


def cancel_confirm_keyboard(lang: str, booking_id: int) -> InlineKeyboardMarkup:
    """Yes, cancel / keep it."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "bookings.mine.yes_cancel"),
                    callback_data=CancelYes(booking_id).encode(),
                ),
                InlineKeyboardButton(
                    t(lang, "bookings.mine.keep"), callback_data=KeepBooking().encode()
                ),
            ]
        ]
    )


def rebook_buttons(lang: str, booking_id: int) -> dict[str, Any]:
    """Under a slot-closed notice: pick another time, or give up the booking (outbox JSON)."""
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "bookings.notify.move_button"), callback_data=Move(booking_id).encode()
                ),
                InlineKeyboardButton(
                    t(lang, "bookings.notify.cancel_button"),
                    callback_data=Cancel(booking_id).encode(),
                ),
            ]
        ]
    )
    return markup.to_dict()
