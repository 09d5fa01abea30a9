"""The day step and the day the farmer said: one day (明天, 12月8号, 月底), taken when the
station has room then, or days said loosely (下礼拜, 月底前, 过几天), offered as the days they
may be; a day that cannot be booked is said why, with the days that can. Also the rounds
matching a time or part of the day said (8点, 上午)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from bot.bookings import model
from bot.bookings.model import ClosedRound, DayChoice
from bot.core.i18n import t
from handlers.bookings.base import WANT_DAY, WANT_PART, WANT_SPAN, WANT_TIME, slot_part
from handlers.render import bookings as view


@dataclass(frozen=True)
class Wish:
    """What the day step makes of the day said: a day to take, a note, the days to offer."""

    day: str | None
    note: str | None
    days: Sequence[DayChoice]


def day_wish(
    lang: str,
    draft: dict[str, Any],
    days: Sequence[DayChoice],
    full: set[date],
    today: date,
    limit: int | None,
    closed: Sequence[ClosedRound] = (),
) -> Wish:
    """Read (and forget) the day or days the draft was told; `days` are the bookable ones
    less those in `full`, where the farmer holds `limit` bookings here already; `closed`,
    the rounds the station closed on the day said."""
    wanted, span = draft.pop(WANT_DAY, None), draft.pop(WANT_SPAN, None)
    if wanted is not None:
        day = date.fromisoformat(wanted)
        wish = _one_day(lang, draft, day, days, (full, limit), today)
        shut = view.closed_text(
            lang, "bookings.day_closed", view.date_label(lang, day, today), closed
        )
        if wish.day is None and shut and day not in full:
            # Closed by the station, not fully booked: said so (sandbox walk).
            return Wish(None, shut, days)
        return wish
    if span is not None:
        first, last, said = span
        ends = date.fromisoformat(last) if last else None
        return _loose_days(lang, date.fromisoformat(first), ends, str(said), days, today)
    return Wish(None, None, days)


def _one_day(
    lang: str,
    draft: dict[str, Any],
    wanted: date,
    days: Sequence[DayChoice],
    at_limit: tuple[set[date], int | None],
    today: date,
) -> Wish:
    label = view.date_label(lang, wanted, today)
    if any(choice.day == wanted for choice in days):
        # The day was said (预约明天来收, 月底): taken, the station has room that day.
        return Wish(wanted.isoformat(), None, days)
    # Not that day: the part of the day and the time said were for it.
    draft.pop(WANT_PART, None)
    draft.pop(WANT_TIME, None)
    full, limit = at_limit
    if wanted in full:
        return Wish(None, t(lang, "bookings.day_at_limit", date=label, limit=limit), days)
    if wanted == today:
        # 今天 said after today's rounds stopped taking bookings (or filled): the rule said.
        note = t(lang, "bookings.day_today_late", date=label, hours=model.late_hours())
        return Wish(None, note, days)
    return Wish(None, _not_bookable(lang, label, wanted, today), days)


def _not_bookable(lang: str, label: str, first: date, today: date) -> str:
    """Why a day (or days) said cannot be booked: not open yet, or nothing left then."""
    window = model.booking_window(today)
    if first > window[-1]:
        # 下个月5号, 十天后, 月初: not open for booking yet; how far ahead one can book.
        last = view.date_label(lang, window[-1], today)
        return t(lang, "bookings.day_too_far", date=label, days=len(window), last=last)
    return t(lang, "bookings.day_not_open", date=label)


def _loose_days(
    lang: str,
    first: date,
    last: date | None,
    said: str,
    days: Sequence[DayChoice],
    today: date,
) -> Wish:
    """下礼拜, 月底前, 过几天: the bookable days among them, or why there are none."""
    quoted = t(lang, "bookings.said_quoted", said=said)
    inside = [c for c in days if c.day >= first and (last is None or c.day <= last)]
    if not inside:
        return Wish(None, _not_bookable(lang, quoted, first, today), days)
    if last is None:
        # Some day soon (过几天): which one is the farmer's to say.
        return Wish(None, t(lang, "bookings.span_soon", said=quoted), inside)
    window = model.booking_window(today)
    if last > window[-1]:
        # 下礼拜 said on a Wednesday: only its first days are open yet.
        until = view.date_label(lang, window[-1], today)
        note = t(lang, "bookings.span_until", said=quoted, last=until, days=len(window))
        return Wish(None, note, inside)
    return Wish(None, t(lang, "bookings.span_days", said=quoted), inside)


def said_rounds(slots: list[Any], part: str | None, at: str | None) -> tuple[list[Any], str | None]:
    """The rounds matching what the first message said, and the note key when none does.

    A time said (8点) picks the round it falls in, else the one starting soonest
    after it; a part of the day (上午) the rounds starting in it.
    """
    if at is not None:
        said = time.fromisoformat(at)
        inside = [s for s in slots if s.starts <= said < s.ends]
        if inside:
            return inside[:1], None
        later = [s for s in slots if s.starts >= said and slot_part(s.starts) == slot_part(said)]
        if later:
            return later[:1], None
        return [], "bookings.time_not_open"
    if part is None:
        return [], None
    in_part = [s for s in slots if slot_part(s.starts) == part]
    return in_part, None if in_part else "bookings.part_not_open"
