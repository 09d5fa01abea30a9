"""The staff's close and reopen buttons say their round's day: the same hours recur every
day, so "↩️ 重新开放 08:00-10:00" alone could stand for two rounds."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from bot.bookings.model import SlotPickups
from handlers.render import rounds

TODAY = date(2026, 12, 7)


def _round(day: date, closed: bool) -> SlotPickups:
    return SlotPickups(
        slot_id=1,
        day=day,
        starts=time(8),
        ends=time(10),
        capacity=10,
        capacity_kg=5000,
        booked_count=0,
        booked_kg=0,
        closed=closed,
        bookings=(),
    )


@pytest.mark.parametrize(
    ("lang", "offset", "close", "reopen"),
    [
        ("zh", 0, "🚫 关闭 今天 08:00-10:00", "↩️ 重新开放 今天 08:00-10:00"),
        ("zh", 1, "🚫 关闭 明天 08:00-10:00", "↩️ 重新开放 明天 08:00-10:00"),
        ("zh", 2, "🚫 关闭 后天 08:00-10:00", "↩️ 重新开放 后天 08:00-10:00"),
        ("en", 1, "🚫 Close tomorrow 08:00-10:00", "↩️ Reopen tomorrow 08:00-10:00"),
    ],
)
def test_close_and_reopen_say_the_same_day(lang: str, offset: int, close: str, reopen: str) -> None:
    day = TODAY + timedelta(days=offset)
    assert rounds.close_button(lang, _round(day, False), TODAY).text == close
    assert rounds.reopen_button(lang, 1, day, "08:00", "10:00", TODAY).text == reopen
    keyboard = rounds.reopen_keyboard(lang, 1, day, "08:00", "10:00", TODAY)
    assert keyboard.inline_keyboard[0][0].text == reopen


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_two_days_closed_rounds_have_two_labels(lang: str) -> None:
    labels = set()
    for offset in (1, 3, 10):  # a later day is said by its date, not "today"/"tomorrow"
        day = TODAY + timedelta(days=offset)
        pages = rounds.staff_day(lang, "站", day, [_round(day, True)], TODAY)
        [(_, keyboard)] = pages
        assert keyboard is not None
        labels.add(keyboard.inline_keyboard[-1][0].text)
    assert len(labels) == 3
