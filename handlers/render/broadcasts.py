"""Broadcasts' keyboards and listings: the composer's steps, /broadcasts, the preview.

The notice itself (what farmers get, its 🔕 button) is composed by the domain
(bot/broadcasts/text.py), so the preview shown here is the very same text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.bookings.model import SlotPickups
from bot.bookings.text import booked_product, booked_quantity
from bot.broadcasts import text as words
from bot.core.callbacks import Button
from bot.core.i18n import month_of, t
from bot.core.timeofday import hhmm
from bot.models.broadcasts import AudienceKind, Broadcast, BroadcastStatus
from bot.models.stations import BookingStatus, Station
from knowledge.text.dates import RelativeDay

# The distances offered for "farmers near my station", in km.
RADII = (5, 10, 20)


@dataclass(frozen=True)
class Choose(Button):
    """An audience in the composer: kind, and a radius in km for `radius`."""

    PREFIX = "bc:a"
    kind: str
    km: int = 0


@dataclass(frozen=True)
class PickStation(Button):
    """Admins: the station whose farmers get the notice."""

    PREFIX = "bc:st"
    station_id: int


@dataclass(frozen=True)
class SendNow(Button):
    """Send the previewed notice now."""

    PREFIX = "bc:now"


@dataclass(frozen=True)
class SendLater(Button):
    """Ask when to send the previewed notice."""

    PREFIX = "bc:later"


@dataclass(frozen=True)
class ConfirmLater(Button):
    """Confirm the timed notice."""

    PREFIX = "bc:ok"


@dataclass(frozen=True)
class WriteDates(Button):
    """Write the actual dates for 明天 / 后天 / tomorrow in a timed notice's text."""

    PREFIX = "bc:wd"


@dataclass(frozen=True)
class SendClosing(Button):
    """Send (or confirm, when timed) the notice and close the round(s) it calls off, the first
    of which it names: the rest wait in the draft, with the notice."""

    PREFIX = "bc:cl"
    slot_id: int
    day: date


@dataclass(frozen=True)
class Drop(Button):
    """Drop the draft."""

    PREFIX = "bc:drop"


@dataclass(frozen=True)
class StartNotices(Button):
    """/notices while they are off: station notices again."""

    PREFIX = "bc:on"


def notices_state(lang: str, on: bool) -> tuple[str, InlineKeyboardMarkup]:
    """A bare /notices: whether station notices come, and the one button that changes it."""
    if on:
        label, data = t(lang, "broadcasts.notices_turn_off"), words.StopNotices().encode()
    else:
        label, data = t(lang, "broadcasts.notices_turn_on"), StartNotices().encode()
    text = t(lang, f"broadcasts.notices_state_{'on' if on else 'off'}")
    return text, InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data)]])


@dataclass(frozen=True)
class CancelBroadcast(Button):
    """/broadcasts: cancel one scheduled broadcast."""

    PREFIX = "bc:c"
    broadcast_id: int


@dataclass(frozen=True)
class ReportOf(Button):
    """/broadcasts: the delivery report of one broadcast."""

    PREFIX = "bc:r"
    broadcast_id: int


@dataclass(frozen=True)
class PhotoAlone(Button):
    """A photo sent without words: send it alone (its words were asked)."""

    PREFIX = "bc:pa"


# Buttons of the composer: pressed after the conversation ended, they say the draft expired.
DRAFT_BUTTONS = (Choose, PickStation, SendNow, SendLater, ConfirmLater, WriteDates, PhotoAlone)


def _button(text: str, data: Button) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=data.encode())


def audience_keyboard(lang: str, *, has_station: bool, admin: bool) -> InlineKeyboardMarkup:
    """The audiences this sender may choose: their station's, near it, a product's; admins more."""
    rows: list[list[InlineKeyboardButton]] = []
    if has_station:
        rows.append([_button(t(lang, "broadcasts.audience.station"), Choose("station"))])
        rows.append(
            [
                _button(t(lang, "broadcasts.audience.radius", km=km), Choose("radius", km))
                for km in RADII
            ]
        )
    rows.append([_button(t(lang, "broadcasts.audience.product"), Choose("product"))])
    if admin:
        rows.append([_button(t(lang, "broadcasts.audience.all"), Choose("all"))])
        rows.append([_button(t(lang, "broadcasts.audience.stations"), Choose("stations"))])
        rows.append([_button(t(lang, "broadcasts.audience.pick"), Choose("pick"))])
    rows.append([_button(t(lang, "broadcasts.cancel_draft"), Drop())])
    return InlineKeyboardMarkup(rows)


def stations_keyboard(lang: str, stations: Sequence[Station]) -> InlineKeyboardMarkup:
    """Admins choose a station, two a row."""
    buttons = [_button(s.name, PickStation(s.id)) for s in stations]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_button(t(lang, "broadcasts.cancel_draft"), Drop())])
    return InlineKeyboardMarkup(rows)


def preview_keyboard(lang: str, rounds: Sequence[SlotPickups] = ()) -> InlineKeyboardMarkup:
    """Send now, send later, or drop; with rounds the notice calls off, send and close them
    too, or send the notice only."""
    rows = [
        [
            _button(t(lang, "broadcasts.send_now"), SendNow()),
            _button(t(lang, "broadcasts.send_later"), SendLater()),
        ],
        [_button(t(lang, "broadcasts.cancel_draft"), Drop())],
    ]
    if rounds:
        rows[0][0] = _button(t(lang, "broadcasts.send_only"), SendNow())
        rows.insert(0, [_closing_button(lang, "send_close", rounds)])
    return InlineKeyboardMarkup(rows)


def confirm_keyboard(
    lang: str, write_dates: bool = False, rounds: Sequence[SlotPickups] = ()
) -> InlineKeyboardMarkup:
    """Confirm the timed notice, or drop it (or first write its relative days as dates); with
    rounds it calls off, confirm and close them now too, or confirm the notice only."""
    rows = [
        [
            _button(t(lang, "broadcasts.confirm_button"), ConfirmLater()),
            _button(t(lang, "broadcasts.cancel_draft"), Drop()),
        ]
    ]
    if rounds:
        rows[0][0] = _button(t(lang, "broadcasts.confirm_only"), ConfirmLater())
        rows.insert(0, [_closing_button(lang, "confirm_close", rounds)])
    if write_dates:
        rows.insert(0, [_button(t(lang, "broadcasts.write_dates"), WriteDates())])
    return InlineKeyboardMarkup(rows)


def _closing_button(lang: str, key: str, rounds: Sequence[SlotPickups]) -> InlineKeyboardButton:
    first = rounds[0]
    label = t(
        lang, f"broadcasts.{key}" if len(rounds) == 1 else f"broadcasts.{key}_many", n=len(rounds)
    )
    return _button(label, SendClosing(first.slot_id, first.day))


def rounds_warning(lang: str, rounds: Sequence[SlotPickups], today: date) -> str:
    """What each round the notice calls off still holds (明天上午（12月7日 08:00-12:00）那一轮还有
    1 个预约（张大爷 玉米 2000斤）), and whether to close it too."""
    lines = []
    for pickups in rounds:
        booked = [b for b in pickups.bookings if b.status is BookingStatus.booked]
        said = _round_label(lang, pickups, today)
        if not booked:
            lines.append(t(lang, "broadcasts.round_empty", round=said))
            continue
        who = t(lang, "broadcasts.round_sep").join(
            t(
                lang,
                "broadcasts.round_booking",
                farmer=b.farmer_name,
                product=booked_product(lang, b),
                quantity=booked_quantity(lang, b),
            )
            for b in booked
        )
        lines.append(t(lang, "broadcasts.round_booked", round=said, n=len(booked), who=who))
    return "\n".join(lines)


def _round_label(lang: str, pickups: SlotPickups, today: date) -> str:
    near = {0: "today", 1: "tomorrow", 2: "day_after"}.get((pickups.day - today).days)
    day = (
        t(lang, f"bookings.{near}")
        if near is not None
        else t(lang, f"bookings.weekday.{pickups.day.weekday()}")
    )
    starts, ends = hhmm(pickups.starts), hhmm(pickups.ends)
    return t(
        lang,
        "broadcasts.round_label",
        day=day,
        part=t(lang, f"broadcasts.part_{'am' if pickups.starts.hour < 12 else 'pm'}"),
        date=t(
            lang, "broadcasts.round_date", month=month_of(lang, pickups.day), day=pickups.day.day
        ),
        starts=starts,
        ends=ends,
    )


def written_day(said: RelativeDay) -> str:
    """The date a relative day word means, in the word's own language (后天 → 12月7日（周一）)."""
    return _day_label("en" if said.english else "zh", said.day)


def _day_label(lang: str, day: date) -> str:
    return t(
        lang,
        "broadcasts.date_in_text",
        month=month_of(lang, day),
        day=day.day,
        weekday=t(lang, f"bookings.weekday.{day.weekday()}"),
    )


def relative_days_warning(lang: str, shifted: Sequence[tuple[RelativeDay, date]], when: str) -> str:
    """Why a timed notice's 明天 / 后天 would mislead: read on the day it goes, each means
    another day than the one meant (「明天」您指的是 12月7日，农户会以为是 12月8日)."""
    dates = "\n".join(
        dict.fromkeys(
            t(
                lang,
                "broadcasts.relative_day",
                word=said.word,
                date=_day_label(lang, said.day),
                read_as=_day_label(lang, later),
            )
            for said, later in shifted
        )
    )
    return t(lang, "broadcasts.relative_days", when=when, dates=dates)


def time_example(today: date) -> str:
    """A send time to write, from today (the day after tomorrow at 8:00): a fixed day in the
    catalogue would be in the past soon after it was written."""
    return f"{today + timedelta(days=2):%Y-%m-%d} 08:00"


def ask_time(lang: str, today: date) -> str:
    """⏰ 定时发送's question: when, with an example time from `today`."""
    return t(lang, "broadcasts.ask_time", example=time_example(today))


def bad_time(lang: str, today: date) -> str:
    """A send time not understood: how to write one, its example from `today`."""
    return t(lang, "broadcasts.bad_time", example=time_example(today))


def drop_keyboard(lang: str) -> InlineKeyboardMarkup:
    """Only: drop the draft."""
    return InlineKeyboardMarkup([[_button(t(lang, "broadcasts.cancel_draft"), Drop())]])


def caption_keyboard(lang: str) -> InlineKeyboardMarkup:
    """A photo without words: ⏭ send it alone, or drop the draft."""
    return InlineKeyboardMarkup(
        [
            [_button(t(lang, "broadcasts.photo_alone"), PhotoAlone())],
            [_button(t(lang, "broadcasts.cancel_draft"), Drop())],
        ]
    )


def preview(lang: str, n: int, audience: str, notice: str, photo: bool, groups: int = 0) -> str:
    """The preview: the exact audience size and the notice as farmers will see it."""
    text = t(lang, "broadcasts.preview", n=n, audience=audience, notice=notice)
    if groups:
        text += "\n" + t(lang, "broadcasts.preview_groups", n=groups)
    return text + ("\n" + t(lang, "broadcasts.preview_photo") if photo else "")


@dataclass(frozen=True)
class Line:
    """One broadcast in /broadcasts, with what the listing needs."""

    broadcast: Broadcast
    station_name: str | None
    size: int
    # As its delivery run says (bot.broadcasts.service.state_of), not as last settled.
    status: BroadcastStatus


def listing(
    lang: str, lines: Sequence[Line], tz: ZoneInfo
) -> tuple[str, InlineKeyboardMarkup | None]:
    """/broadcasts: the newest broadcasts, with ❌ for scheduled ones and 📊 for started ones."""
    if not lines:
        return t(lang, "broadcasts.list_empty"), None
    out = [t(lang, "broadcasts.list_header")]
    rows: list[list[InlineKeyboardButton]] = []
    for line in lines:
        bc = line.broadcast
        out.append(
            t(
                lang,
                "broadcasts.list_item",
                id=bc.id,
                status=words.status_label(lang, line.status),
                when=words.local_time(bc.send_at, tz),
                audience=words.audience_label(lang, bc, line.station_name),
                n=line.size,
                text=words.shown(lang, bc),
            )
        )
        if line.status is BroadcastStatus.scheduled:
            rows.append([cancel_button(lang, bc.id)])
        elif line.status in (BroadcastStatus.sending, BroadcastStatus.done):
            rows.append([_button(t(lang, "broadcasts.report_button", id=bc.id), ReportOf(bc.id))])
    return "\n".join(out), InlineKeyboardMarkup(rows) if rows else None


def cancel_button(lang: str, broadcast_id: int) -> InlineKeyboardButton:
    """❌ under a scheduled broadcast: cancel it (/broadcasts, or 撤回第二条 said)."""
    label = t(lang, "broadcasts.cancel_button", id=broadcast_id)
    return _button(label, CancelBroadcast(broadcast_id))


def kind_of(raw: str) -> AudienceKind | None:
    """The audience a Choose button names (None for "pick a station" or anything else)."""
    try:
        return AudienceKind(raw)
    except ValueError:
        return None
