"""Today's collection round is bookable after it starts, until an hour before it ends
(bot.bookings.model.still_bookable): a 14:00-18:00 round at 15:00 is still today's."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from bot.bookings.model import last_booking_time, late_hours, still_bookable

TODAY = date(2026, 6, 10)


def _at(hour: int, minute: int = 0, day: date = TODAY) -> datetime:
    return datetime.combine(day, time(hour, minute))


def test_the_last_booking_time_is_an_hour_before_the_end() -> None:
    assert last_booking_time(time(14), time(18)) == time(17)
    assert last_booking_time(time(8), time(10)) == time(9)
    # A round shorter than the margin: until it starts, never before.
    assert last_booking_time(time(8), time(8, 30)) == time(8)
    assert last_booking_time(time(0), time(0, 30)) == time(0)
    assert late_hours() == 1


@pytest.mark.parametrize(
    ("now", "bookable"),
    [(_at(13), True), (_at(15), True), (_at(16, 59), True), (_at(17), False), (_at(19), False)],
)
def test_today_s_afternoon_round(now: datetime, bookable: bool) -> None:
    assert still_bookable(TODAY, time(14), time(18), now) is bookable


def test_other_days() -> None:
    late = _at(23, 30)
    assert still_bookable(date(2026, 6, 11), time(8), time(10), late)
    assert not still_bookable(date(2026, 6, 9), time(14), time(18), _at(8))
