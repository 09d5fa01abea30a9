"""A station's pickup rounds for its staff: who is booked, the day's list with its buttons
(收了, 没来, 关闭, 重新开放), weighing and closing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.bookings.model import BookingView, SlotPickups, may_collect
from bot.bookings.service import CORRECT_DAYS
from bot.bookings.text import (
    booked_product,
    booked_quantity,
    date_label,
    quantity_label,
    weighed_label,
)
from bot.core.i18n import t
from bot.models.stations import BookingStatus
from handlers.render import paginate_with_buttons
from handlers.render.bookings import (
    CLOSE_REASONS,
    CloseSaid,
    CloseSlot,
    CloseYes,
    Collect,
    CollectEarly,
    CollectFar,
    Estimate,
    KeepOpen,
    NoShow,
    ReopenSlot,
    Reweigh,
    WeighQuit,
    window,
)
from handlers.render.county import collected_total
from knowledge.text.english import name_label


def who_text(lang: str, bookings: Sequence[BookingView]) -> str:
    """How many farmers the bookings are, and how many bookings when one farmer has several
    (sandbox walk: two bookings of one farmer were "已约的 2 户")."""
    farmers = len({b.farmer_id for b in bookings})
    if farmers == len(bookings):
        return t(lang, "bookings.staff.who_farmers", farmers=farmers)
    return t(lang, "bookings.staff.who_bookings", farmers=farmers, bookings=len(bookings))


# How each message of staff_day begins: a message pressed later is known as one of its pages.
DAY_MARK = "🏪 "


def is_day_page(text: str | None, markup: InlineKeyboardMarkup | None) -> bool:
    """Whether a message is a page of staff_day (/pickups): its header, and buttons (the day
    at a glance begins alike, with none)."""
    return bool(text and text.startswith(DAY_MARK) and markup and markup.inline_keyboard)


def round_button(lang: str, pickups: SlotPickups, today: date) -> InlineKeyboardButton:
    """The round's button as it stands: 🚫 关闭 while open, ↩️ 重新开放 once closed."""
    if pickups.closed:
        starts, ends = window(pickups.starts, pickups.ends)
        return reopen_button(lang, pickups.slot_id, pickups.day, starts, ends, today)
    return close_button(lang, pickups, today)


def staff_day(
    lang: str,
    station: str,
    day: date,
    slots: Sequence[SlotPickups],
    today: date,
    now: datetime | None = None,
) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    """One day of the station for its staff: each slot, who is booked, what they can do
    (`now`: a round over by then has no close or reopen button).

    A busy day does not fit one message: it continues in the next ones, each
    booking's buttons under the message that lists it.
    """
    units: list[tuple[str, list[list[InlineKeyboardButton]]]] = []
    for pickups in slots:
        starts, ends = window(pickups.starts, pickups.ends)
        # A closed slot's counters are emptied (its bookings were told to rebook): it is
        # titled by the bookings it had, not "已约 0/10" above the two it lists.
        title = (
            t(
                lang,
                "bookings.staff.slot_title_closed",
                starts=starts,
                ends=ends,
                who=who_text(lang, pickups.bookings),
            )
            if pickups.closed
            else t(
                lang,
                "bookings.staff.slot_title",
                starts=starts,
                ends=ends,
                count=pickups.booked_count,
                capacity=pickups.capacity,
                kg=pickups.booked_kg,
                capacity_kg=pickups.capacity_kg,
                done=done_text(lang, pickups.bookings),
            )
        )
        head = ["", title]  # a blank line before each slot
        if pickups.closed:
            head.append(t(lang, "bookings.staff.closed_mark"))
        if not pickups.bookings:
            head.append(t(lang, "bookings.staff.no_bookings"))
        units.append(("\n".join(head), []))
        for n, b in enumerate(pickups.bookings, 1):
            units.append(_booking_unit(lang, n, b, status_label(lang, b), today, now))
        # The slot's close (or, closed, reopen) button goes with its last line, after its
        # bookings' buttons; a round that is over has neither (nothing left to change).
        if now is not None and (pickups.day, pickups.ends) <= (now.date(), now.time()):
            continue
        units[-1][1].append([round_button(lang, pickups, today)])
    # The station as every English screen names it: 甸阳镇供销社 (Dianyang Zhen Gongxiaoshe).
    header = f"{DAY_MARK}{name_label(lang, station)} · {date_label(lang, day, today)}"
    # What that day's rounds collected, weighed (blind walk: added up by hand for the truck).
    collected = collected_total(
        lang, "bookings.staff.pickups_collected", [b for p in slots for b in p.bookings]
    )
    if collected:
        header += "\n" + collected
    return paginate_with_buttons(units, header=header, sep="\n")


def mark_list(
    lang: str, head: str, bookings: Sequence[BookingView], today: date, now: datetime
) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    """Bookings staff shorthand means (收了, 没来, 孙大爷收了 with several matching), each as
    /pickups lists it with its buttons, under `head`."""
    units: list[tuple[str, list[list[InlineKeyboardButton]]]] = []
    for n, b in enumerate(bookings, 1):
        starts, ends = window(b.starts, b.ends)
        status = f"{starts}-{ends} · {status_label(lang, b)}"
        units.append(_booking_unit(lang, n, b, status, today, now))
    return paginate_with_buttons(units, header=head, sep="\n")


def _booking_unit(
    lang: str, n: int, b: BookingView, status: str, today: date, now: datetime | None
) -> tuple[str, list[list[InlineKeyboardButton]]]:
    """One booking as staff lists show it (its line, the hint when its buttons wait) with its
    buttons: /pickups and the shorthand lists (收了, 没来) alike."""
    line = t(
        lang,
        "bookings.staff.line",
        n=n,
        code=b.code,
        farmer=b.farmer_name,
        product=booked_product(lang, b),
        quantity=booked_quantity(lang, b),
        status=status,
    )
    hint = buttons_hint(lang, b, today, now)
    return line + ("\n" + hint if hint else ""), booking_buttons(lang, b, today)


def done_text(lang: str, bookings: Sequence[BookingView]) -> str:
    """What of a round's 已约 is done already (（其中已收 3、没来 1）): its title counts every
    booking holding a place (bot.bookings.model.HOLDS_PLACE); "" when none is."""
    parts = [
        t(lang, f"bookings.staff.slot_done_{status.value}", count=count)
        for status in (BookingStatus.collected, BookingStatus.no_show)
        if (count := sum(1 for b in bookings if b.status is status))
    ]
    if not parts:
        return ""
    return t(
        lang, "bookings.staff.slot_done", parts=t(lang, "bookings.staff.slot_done_sep").join(parts)
    )


def booking_buttons(lang: str, b: BookingView, today: date) -> list[list[InlineKeyboardButton]]:
    """A booking's 收了 and 没来 buttons: for the pickup day (or a late entry after it); a
    no-show's 收了 that same day (the farmer came late); a collected one's ✏️ 改重量 while its
    weight may be corrected (blind staff walk: the way to correct it was hidden)."""
    if b.day > today:
        return []
    collect = InlineKeyboardButton(
        t(lang, "bookings.staff.collect_button", code=b.code),
        callback_data=Collect(b.id).encode(),
    )
    if b.status is BookingStatus.booked:
        no_show = InlineKeyboardButton(
            t(lang, "bookings.staff.no_show_button", code=b.code),
            callback_data=NoShow(b.id).encode(),
        )
        return [[collect, no_show]]
    if may_collect(b.status, b.day, today):
        return [[collect]]
    if b.status is BookingStatus.collected and (today - b.day).days <= CORRECT_DAYS:
        reweigh = t(lang, "bookings.staff.reweigh_button", code=b.code)
        return [[InlineKeyboardButton(reweigh, callback_data=Reweigh(b.id).encode())]]
    return []


def buttons_hint(lang: str, b: BookingView, today: date, now: datetime | None) -> str | None:
    """When a booked pickup's 收了 / 没来 can be marked, said under it while it cannot yet:
    a later day's has no buttons; today's before its round starts is refused when pressed
    (bot.bookings.model.refuse_before_round), so the staff know when it works."""
    if b.status.value != "booked":
        return None
    starts = b.starts.strftime("%H:%M")
    if b.day > today:
        return t(lang, "bookings.staff.buttons_on_day", starts=starts)
    if now is not None and b.day == now.date() and now.time() < b.starts:
        return t(lang, "bookings.staff.buttons_from", starts=starts)
    return None


def staff_card(
    lang: str, b: BookingView, today: date, now: datetime | None
) -> tuple[str, InlineKeyboardMarkup | None]:
    """One booking of the station, as /pickups lists it, with its buttons (a code typed)."""
    starts, ends = window(b.starts, b.ends)
    lines = [
        t(
            lang,
            "bookings.staff.card_title",
            code=b.code,
            date=date_label(lang, b.day, today),
            starts=starts,
            ends=ends,
        ),
        t(
            lang,
            "bookings.staff.line",
            n=1,
            code=b.code,
            farmer=b.farmer_name,
            product=booked_product(lang, b),
            quantity=booked_quantity(lang, b),
            status=status_label(lang, b),
        ).removeprefix("1. "),
    ]
    hint = buttons_hint(lang, b, today, now)
    if hint:
        lines.append(hint)
    rows = booking_buttons(lang, b, today)
    return "\n".join(lines), InlineKeyboardMarkup(rows) if rows else None


def early_keyboard(lang: str, b: BookingView, kg: float) -> InlineKeyboardMarkup:
    """「提前收货？」: ✅ records the weight typed before the booking's round."""
    label = t(lang, "bookings.staff.early_button", weighed=weighed_label(lang, kg, b.quantity_text))
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=early_data(b, kg))]])


def far_keyboard(lang: str, b: BookingView, kg: float) -> InlineKeyboardMarkup:
    """「差了 3 倍以上，确定吗？」: ✅ records the weight typed anyway."""
    label = t(lang, "bookings.staff.far_button", weighed=weighed_label(lang, kg, b.quantity_text))
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=far_data(b, kg))]])


def far_data(b: BookingView, kg: float) -> str:
    """The callback data of the far weight's ✅ (also what a typed 对 answers with)."""
    return CollectFar(b.id, round(kg * 10)).encode()


def quit_keyboard(lang: str) -> InlineKeyboardMarkup:
    """Only a cancel button (✏️ 改重量's prompt)."""
    label = t(lang, "bookings.cancel_button")
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=WeighQuit().encode())]])


def early_data(b: BookingView, kg: float) -> str:
    """The callback data of 「提前收货？」's ✅ (also what a typed 对 answers with)."""
    return CollectEarly(b.id, round(kg * 10)).encode()


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
                    callback_data=Estimate(b.id).encode(),
                )
            ],
            [
                InlineKeyboardButton(
                    t(lang, "bookings.cancel_button"), callback_data=WeighQuit().encode()
                )
            ],
        ]
    )


def in_part(pickups: SlotPickups, part: str | None) -> bool:
    """Whether a round is of the part of the day said (any, when none was said)."""
    if part is None:
        return True
    # A round is the morning's when it starts before noon, the afternoon's when it ends after.
    return pickups.starts.hour < 12 if part == "am" else pickups.ends.hour > 12


def close_button(lang: str, pickups: SlotPickups, today: date) -> InlineKeyboardButton:
    """🚫 关闭 明天 14:00-16:00: the day said, as two days' lists carry the same hours."""
    starts, ends = window(pickups.starts, pickups.ends)
    return InlineKeyboardButton(
        round_label(lang, "close_button", pickups.day, starts, ends, today),
        callback_data=CloseSlot(pickups.slot_id, pickups.day).encode(),
    )


def round_label(lang: str, key: str, day: date, starts: str, ends: str, today: date) -> str:
    """A round's button label with its day (🚫 关闭 / ↩️ 重新开放 明天 08:00-10:00): the same
    hours recur every day, so a label without its day can stand for two rounds."""
    return t(
        lang, f"bookings.staff.{key}", day=_short_day(lang, day, today), starts=starts, ends=ends
    )


def _short_day(lang: str, day: date, today: date) -> str:
    near = {0: "today", 1: "tomorrow", 2: "day_after"}.get((day - today).days)
    return t(lang, f"bookings.{near}") if near is not None else date_label(lang, day, today)


def close_keyboard(
    lang: str, slot_id: int, day: date, said: str | None = None
) -> InlineKeyboardMarkup:
    """Why the slot is closed (each button closes it), or keep it open; a reason said in the
    close words (`said`, shown by the caller) first, as its own button."""
    reasons = [
        InlineKeyboardButton(
            t(lang, f"bookings.staff.reason_{reason}"),
            callback_data=CloseYes(slot_id, day, reason).encode(),
        )
        for reason in CLOSE_REASONS
    ]
    # Two reasons a row: 🌧 下雨 🚚 车坏了 / ❄️ 下雪 其他原因.
    rows = [
        *(reasons[i : i + 2] for i in range(0, len(reasons), 2)),
        [
            InlineKeyboardButton(
                t(lang, "bookings.staff.keep_open"), callback_data=KeepOpen().encode()
            )
        ],
    ]
    if said is not None:
        said_button = InlineKeyboardButton(
            t(lang, "bookings.staff.close_said_button"),
            callback_data=CloseSaid(slot_id, day).encode(),
        )
        rows.insert(0, [said_button])
    return InlineKeyboardMarkup(rows)


def reopen_button(
    lang: str, slot_id: int, day: date, starts: str, ends: str, today: date
) -> InlineKeyboardButton:
    """↩️ 重新开放 明天 08:00-10:00: a slot closed by mistake takes bookings again (blind test)."""
    return InlineKeyboardButton(
        round_label(lang, "reopen_button", day, starts, ends, today),
        callback_data=ReopenSlot(slot_id, day).encode(),
    )


def reopen_keyboard(
    lang: str, slot_id: int, day: date, starts: str, ends: str, today: date
) -> InlineKeyboardMarkup:
    """Under "已关闭 …": open it again at once, if it was a mistake."""
    return InlineKeyboardMarkup([[reopen_button(lang, slot_id, day, starts, ends, today)]])


def status_label(lang: str, b: BookingView) -> str:
    """A booking's state for staff; a collected one with what was weighed (blind walk: the
    booked 200斤 was still shown after 已收 190斤)."""
    if b.status is BookingStatus.collected and b.weighed_kg is not None:
        weighed = weighed_label(lang, b.weighed_kg, b.quantity_text)
        return t(lang, "bookings.status.collected_kg", weighed=weighed)
    return t(lang, f"bookings.status.{b.status.value}")
