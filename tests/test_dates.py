"""Days as farmers say them, read against the pinned clock (Wednesday 10 June 2026)."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from bot.core.clock import local_today
from knowledge.text.dates import parse_day, parse_part, said_day


def _today() -> date:
    return local_today(ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("预约今天来收", date(2026, 6, 10)),
        ("预约明天来收800斤黄瓜", date(2026, 6, 11)),
        ("后天上午来收两千斤西红柿", date(2026, 6, 12)),
        ("大后天来收", date(2026, 6, 13)),
        ("周六来收", date(2026, 6, 13)),
        ("星期六来收", date(2026, 6, 13)),
        ("礼拜六来收", date(2026, 6, 13)),
        ("周三来收", date(2026, 6, 10)),
        ("下周一来收", date(2026, 6, 15)),
        ("下周三来收", date(2026, 6, 17)),
        ("12月8号来收", date(2026, 12, 8)),
        ("6月12日来收", date(2026, 6, 12)),
        ("六月十二号来收", date(2026, 6, 12)),
        ("5月1号来收", date(2027, 5, 1)),
        ("book a pickup tomorrow", date(2026, 6, 11)),
        ("pick up the day after tomorrow", date(2026, 6, 12)),
        ("预约收货 两千斤西红柿", None),
        ("2月30号来收", None),
    ],
)
def test_days_as_farmers_say_them(text: str, expected: date | None) -> None:
    assert parse_day(text, _today()) == expected


@pytest.mark.parametrize(
    ("text", "part"),
    [("后天上午来收", "am"), ("明天早上来", "am"), ("明天下午来收", "pm"), ("明天来收", None)],
)
def test_part_of_the_day(text: str, part: str | None) -> None:
    assert parse_part(text) == part


def test_said_day_has_both() -> None:
    said = said_day("后天上午来收两千斤西红柿", _today())
    assert (said.day, said.part) == (date(2026, 6, 12), "am")
