"""/pickups' words besides the day name the station (handlers/bookings/pickups.py)."""

from __future__ import annotations

import pytest

from handlers.bookings.pickups import _station_words


@pytest.mark.parametrize(
    ("said", "station"),
    [
        ("SG15 明天", "sg15"),
        ("圣城邮政 后天", "圣城邮政"),
        ("圣城邮政后天", "圣城邮政"),
        ("圣城邮政的明天", "圣城邮政"),
        ("伦河 明儿个下午", "伦河"),
        ("SG15 tomorrow", "sg15"),
        ("SG15 the day after tomorrow", "sg15"),
        ("HL01 on Friday", "hl01"),
        ("明天上午", ""),
        ("tomorrow", ""),
    ],
)
def test_the_station_is_what_is_left_of_the_day(said: str, station: str) -> None:
    assert _station_words(said) == station
