"""Booking replies and keyboards: the booking steps, 我的预约, the staff's pickup lists."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.bookings.model import BookingView, DayChoice, SlotChoice, SlotPickups
from bot.bookings.text import (
    booking_text,
    date_label,
    km_text,
    product_name,
    quantity_label,
)
from bot.core.i18n import all_labels, t
from bot.core.timeofday import hhmm
from bot.stations.catalogue import SERVED_RADIUS_KM, StationInfo
from handlers.render import paginate_with_buttons
from handlers.render.stations import short

# Callback data, all under "bk:". Every id in it is checked again on use.
CB_MOVE = "bk:mv:"  # + booking id: pick another time for a booking (also under notices)
CB_CANCEL = "bk:cx:"  # + booking id: ask to cancel it (also under notices)
CB_NEW = "bk:new:"  # + station id: start booking at a station (from the search)
CB_PRODUCT = "bk:p:"  # + canonical product name
CB_UNIT = "bk:u:"  # + j|k + ":" + number: a bare number was 斤 or 公斤
CB_STATION = "bk:s:"  # + station id
CB_PLACE = "bk:pl:"  # + gazetteer id
CB_LOCATION = "bk:loc"  # ask for a location again
CB_DAY = "bk:d:"  # + YYYYMMDD
CB_SLOT = "bk:t:"  # + slot id
CB_OK = "bk:ok"  # + ":" + the draft id: the form's ✅ (booked at most once)
CB_BACK = "bk:back"
CB_QUIT = "bk:x"
CB_CANCEL_YES = "bk:cy:"  # + booking id: cancel it
CB_KEEP = "bk:keep"
CB_COLLECT = "bk:cl:"  # + booking id: staff will type the weight
CB_ESTIMATE = "bk:ce:"  # + booking id: collected at the farmer's estimate
CB_NO_SHOW = "bk:ns:"  # + booking id
CB_CLOSE = "bk:cs:"  # + slot id + ":" + YYYYMMDD: ask to close
CB_CLOSE_YES = "bk:cz:"  # + slot id + ":" + YYYYMMDD + ":" + reason
CB_KEEP_OPEN = "bk:ko"
CB_WEIGH_QUIT = "bk:wx"
CLOSE_REASONS = ("rain", "truck", "other")


def cancel_words() -> set[str]:
    """Texts that stop the booking (the button label in both languages, and plain words)."""
    return (
        all_labels("bookings.cancel_button")
        | all_labels("stations.cancel_button")
        | {"取消", "不约了", "算了", "cancel"}
    )


def back_words() -> set[str]:
    """Texts that go one step back."""
    return (
        all_labels("bookings.back_button")
        | all_labels("stations.back_button")
        | {"返回", "上一步", "back"}
    )


def day_code(day: date) -> str:
    """A date for callback data: YYYYMMDD."""
    return day.strftime("%Y%m%d")


def parse_day_code(raw: str) -> date | None:
    """The date in callback data, or None when it is not one."""
    if len(raw) != 8 or not raw.isdigit():
        return None
    try:
        return date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
    except ValueError:
        return None


def window(starts: time, ends: time) -> tuple[str, str]:
    """A slot's start and end as HH:MM."""
    return hhmm(starts), hhmm(ends)


def nav_row(lang: str, back: bool = True) -> list[InlineKeyboardButton]:
    """Back and cancel, under every step."""
    row = [InlineKeyboardButton(t(lang, "bookings.cancel_button"), callback_data=CB_QUIT)]
    if back:
        row.insert(0, InlineKeyboardButton(t(lang, "bookings.back_button"), callback_data=CB_BACK))
    return row


def _rows(
    buttons: Sequence[InlineKeyboardButton], per_row: int
) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row)]


def product_keyboard(lang: str, products: Sequence[str]) -> InlineKeyboardMarkup:
    """Product buttons, four a row, then cancel."""
    buttons = [
        InlineKeyboardButton(product_name(lang, p), callback_data=f"{CB_PRODUCT}{p}")
        for p in products
    ]
    return InlineKeyboardMarkup([*_rows(buttons, 4), nav_row(lang, back=False)])


def unit_keyboard(lang: str, number: str) -> InlineKeyboardMarkup:
    """Is the bare number 斤 or 公斤?"""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "bookings.unit_jin", number=number),
                    callback_data=f"{CB_UNIT}j:{number}",
                ),
                InlineKeyboardButton(
                    t(lang, "bookings.unit_kg", number=number), callback_data=f"{CB_UNIT}k:{number}"
                ),
            ],
            nav_row(lang),
        ]
    )


def station_keyboard(
    lang: str, options: Sequence[tuple[StationInfo, float, bool]]
) -> InlineKeyboardMarkup:
    """One button per station (the farmer's usual one starred), then change place and nav."""
    rows = [
        [
            InlineKeyboardButton(
                t(
                    lang,
                    "bookings.station_preferred" if preferred else "bookings.station_option",
                    name=short(station.name),
                    km=km_text(km),
                ),
                callback_data=f"{CB_STATION}{station.id}",
            )
        ]
        for station, km, preferred in options
    ]
    rows.append([InlineKeyboardButton(t(lang, "bookings.change_place"), callback_data=CB_LOCATION)])
    rows.append(nav_row(lang))
    return InlineKeyboardMarkup(rows)


def no_station_text(lang: str, product: str) -> str:
    """No station near the farmer takes this product."""
    return t(
        lang,
        "bookings.no_station_near",
        radius=f"{SERVED_RADIUS_KM:.0f}",
        product=product_name(lang, product),
    )


def day_keyboard(lang: str, days: Sequence[DayChoice], today: date) -> InlineKeyboardMarkup:
    """The bookable days, two a row."""
    buttons = [
        InlineKeyboardButton(
            date_label(lang, d.day, today), callback_data=f"{CB_DAY}{day_code(d.day)}"
        )
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
                callback_data=f"{CB_SLOT}{s.slot_id}",
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
                    t(lang, "bookings.confirm_button"), callback_data=f"{CB_OK}:{draft_id}"
                )
            ],
            nav_row(lang),
        ]
    )


def my_bookings(
    lang: str, views: Sequence[BookingView], today: date
) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    """The farmer's coming bookings, each with change-time and cancel buttons, in messages
    Telegram accepts (a long list continues in the next message, buttons under their text)."""
    if not views:
        return [(t(lang, "bookings.mine.none"), None)]
    units = [
        (
            booking_text(lang, "bookings.mine.entry", v, today),
            [
                [
                    InlineKeyboardButton(
                        t(lang, "bookings.mine.move_button", code=v.code),
                        callback_data=f"{CB_MOVE}{v.id}",
                    ),
                    InlineKeyboardButton(
                        t(lang, "bookings.mine.cancel_button", code=v.code),
                        callback_data=f"{CB_CANCEL}{v.id}",
                    ),
                ]
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
                    callback_data=f"{CB_CANCEL_YES}{booking_id}",
                ),
                InlineKeyboardButton(t(lang, "bookings.mine.keep"), callback_data=CB_KEEP),
            ]
        ]
    )


def staff_day(
    lang: str, station: str, day: date, slots: Sequence[SlotPickups], today: date
) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    """One day of the station for its staff: each slot, who is booked, what they can do.

    A busy day does not fit one message: it continues in the next ones, each
    booking's buttons under the message that lists it.
    """
    units: list[tuple[str, list[list[InlineKeyboardButton]]]] = []
    for pickups in slots:
        starts, ends = window(pickups.starts, pickups.ends)
        head = [
            "",  # a blank line before each slot
            t(
                lang,
                "bookings.staff.slot_title",
                starts=starts,
                ends=ends,
                count=pickups.booked_count,
                capacity=pickups.capacity,
                kg=pickups.booked_kg,
                capacity_kg=pickups.capacity_kg,
            ),
        ]
        if pickups.closed:
            head.append(t(lang, "bookings.staff.closed_mark"))
        if not pickups.bookings:
            head.append(t(lang, "bookings.staff.no_bookings"))
        units.append(("\n".join(head), []))
        for n, b in enumerate(pickups.bookings, 1):
            line = t(
                lang,
                "bookings.staff.line",
                n=n,
                code=b.code,
                farmer=b.farmer_name,
                product=product_name(lang, b.product),
                quantity=quantity_label(lang, b.quantity_text, b.quantity_kg),
                status=t(lang, f"bookings.status.{b.status.value}"),
            )
            rows: list[list[InlineKeyboardButton]] = []
            # Collected and no-show are for the pickup day (or a late entry after it).
            if b.status.value == "booked" and b.day <= today:
                rows.append(
                    [
                        InlineKeyboardButton(
                            t(lang, "bookings.staff.collect_button", code=b.code),
                            callback_data=f"{CB_COLLECT}{b.id}",
                        ),
                        InlineKeyboardButton(
                            t(lang, "bookings.staff.no_show_button", code=b.code),
                            callback_data=f"{CB_NO_SHOW}{b.id}",
                        ),
                    ]
                )
            units.append((line, rows))
        if not pickups.closed:
            # The slot's close button goes with its last line, after its bookings' buttons.
            units[-1][1].append(
                [
                    InlineKeyboardButton(
                        t(lang, "bookings.staff.close_button", starts=starts, ends=ends),
                        callback_data=f"{CB_CLOSE}{pickups.slot_id}:{day_code(pickups.day)}",
                    )
                ]
            )
    header = f"🏪 {station} · {date_label(lang, day, today)}"
    return paginate_with_buttons(units, header=header, sep="\n")


def weigh_keyboard(lang: str, b: BookingView) -> InlineKeyboardMarkup:
    """Collected at the estimate, or cancel."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(
                        lang,
                        "bookings.staff.estimate_button",
                        quantity=quantity_label(lang, b.quantity_text, b.quantity_kg),
                    ),
                    callback_data=f"{CB_ESTIMATE}{b.id}",
                )
            ],
            [InlineKeyboardButton(t(lang, "bookings.cancel_button"), callback_data=CB_WEIGH_QUIT)],
        ]
    )


def close_keyboard(lang: str, slot_id: int, day: date) -> InlineKeyboardMarkup:
    """Why the slot is closed (each button closes it), or keep it open."""
    code = f"{slot_id}:{day_code(day)}"
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, f"bookings.staff.reason_{reason}"),
                    callback_data=f"{CB_CLOSE_YES}{code}:{reason}",
                )
                for reason in CLOSE_REASONS
            ],
            [InlineKeyboardButton(t(lang, "bookings.staff.keep_open"), callback_data=CB_KEEP_OPEN)],
        ]
    )


def rebook_buttons(lang: str, booking_id: int) -> dict[str, Any]:
    """Under a slot-closed notice: pick another time, or give up the booking (outbox JSON)."""
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "bookings.notify.move_button"), callback_data=f"{CB_MOVE}{booking_id}"
                ),
                InlineKeyboardButton(
                    t(lang, "bookings.notify.cancel_button"),
                    callback_data=f"{CB_CANCEL}{booking_id}",
                ),
            ]
        ]
    )
    return markup.to_dict()
