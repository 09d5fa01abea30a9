"""Days said by where they fall in a month (月底, 月初, 下个月初) and days said loosely (下礼拜,
过几天, 月底前, next week), read against a given today; and how the day step takes them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.bookings.model import DayChoice
from bot.core.i18n import t
from handlers.bookings.base import WANT_DAY, WANT_PART, WANT_SPAN, want_day
from handlers.bookings.wanted import Wish, day_wish
from knowledge.text.dates import DaySpan, names_day, parse_day, said_day

WEDNESDAY = date(2026, 6, 10)  # the pinned clock's day (tests/conftest.py)
SATURDAY = date(2026, 6, 27)  # three days before the month's end


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("月底", WEDNESDAY, date(2026, 6, 30)),
        ("月底来收", WEDNESDAY, date(2026, 6, 30)),
        ("这个月底", WEDNESDAY, date(2026, 6, 30)),
        ("本月底", WEDNESDAY, date(2026, 6, 30)),
        ("月末送过去", WEDNESDAY, date(2026, 6, 30)),
        ("月尾", date(2026, 2, 3), date(2026, 2, 28)),
        # 月初 is the next month's first: this month's is gone by.
        ("月初", WEDNESDAY, date(2026, 7, 1)),
        ("月头", WEDNESDAY, date(2026, 7, 1)),
        ("下个月初", WEDNESDAY, date(2026, 7, 1)),
        ("下月初来拉", WEDNESDAY, date(2026, 7, 1)),
        ("下个月底", WEDNESDAY, date(2026, 7, 31)),
        ("下下个月初", WEDNESDAY, date(2026, 8, 1)),
        ("月底", date(2026, 12, 20), date(2026, 12, 31)),
        ("月初", date(2026, 12, 20), date(2027, 1, 1)),
        ("下个月底", date(2027, 1, 31), date(2027, 2, 28)),
        # A month named: this year's, or next year's once it is gone by.
        ("7月初", WEDNESDAY, date(2026, 7, 1)),
        ("6月底", WEDNESDAY, date(2026, 6, 30)),
        ("十二月底", WEDNESDAY, date(2026, 12, 31)),
        ("5月底", WEDNESDAY, date(2027, 5, 31)),
        # English.
        ("end of the month", WEDNESDAY, date(2026, 6, 30)),
        ("at the end of this month", WEDNESDAY, date(2026, 6, 30)),
        ("end of next month", WEDNESDAY, date(2026, 7, 31)),
        ("beginning of next month", WEDNESDAY, date(2026, 7, 1)),
        ("early next month", WEDNESDAY, date(2026, 7, 1)),
        # None of these: gone by, lunar days, or every day until then (a span, below).
        ("上个月底", WEDNESDAY, None),
        ("上月底的价格", WEDNESDAY, None),
        ("正月初五", WEDNESDAY, None),
        ("八月初一", WEDNESDAY, None),
        ("月底前", WEDNESDAY, None),
    ],
)
def test_days_at_a_months_edge(text: str, today: date, expected: date | None) -> None:
    assert parse_day(text, today) == expected


@pytest.mark.parametrize(
    ("text", "first", "last", "said"),
    [
        # Next week is Monday to Sunday; this week the rest of it.
        ("下礼拜", date(2026, 6, 15), date(2026, 6, 21), "下礼拜"),
        ("下周送玉米", date(2026, 6, 15), date(2026, 6, 21), "下周"),
        ("下个星期", date(2026, 6, 15), date(2026, 6, 21), "下个星期"),
        ("下一个礼拜", date(2026, 6, 15), date(2026, 6, 21), "下一个礼拜"),
        ("下下周", date(2026, 6, 22), date(2026, 6, 28), "下下周"),
        ("这周", WEDNESDAY, date(2026, 6, 14), "这周"),
        ("本周来收", WEDNESDAY, date(2026, 6, 14), "本周"),
        ("next week", date(2026, 6, 15), date(2026, 6, 21), "next week"),
        ("this week", WEDNESDAY, date(2026, 6, 14), "this week"),
        # Until the month's end.
        ("月底前", WEDNESDAY, date(2026, 6, 30), "月底前"),
        ("月底之前送过去", WEDNESDAY, date(2026, 6, 30), "月底之前"),
        # Some day soon: any day from tomorrow.
        ("过几天", date(2026, 6, 11), None, "过几天"),
        ("过两天来收", date(2026, 6, 11), None, "过两天"),
        ("过些天", date(2026, 6, 11), None, "过些天"),
        ("改天", date(2026, 6, 11), None, "改天"),
        ("这几天", date(2026, 6, 11), None, "这几天"),
        ("in a few days", date(2026, 6, 11), None, "in a few days"),
    ],
)
def test_days_said_loosely(text: str, first: date, last: date | None, said: str) -> None:
    found = said_day(text, WEDNESDAY)
    assert found.day is None and found.span == DaySpan(first, last, said)
    assert names_day(text)


@pytest.mark.parametrize(
    "text", ["这周围有服务站吗", "周边", "一个周期", "下礼拜三", "下周末", "明天", "土豆怎么种"]
)
def test_no_loose_days(text: str) -> None:
    assert said_day(text, WEDNESDAY).span is None


def test_a_part_of_the_day_said_with_loose_days_is_kept() -> None:
    found = said_day("下礼拜上午", WEDNESDAY)
    assert found.part == "am" and found.span is not None


# --- the day step ---------------------------------------------------------------------------


def _week(today: date) -> list[DayChoice]:
    return [DayChoice(today + timedelta(days=n), ()) for n in range(7)]


def _wish(text: str, today: date) -> tuple[dict[str, object], Wish]:
    draft: dict[str, object] = {}
    want_day(draft, said_day(text, today))
    return draft, day_wish("zh", draft, _week(today), set(), today, 2)


def test_a_months_end_within_the_week_is_taken() -> None:
    draft, wish = _wish("月底上午", SATURDAY)
    assert wish.day == "2026-06-30" and wish.note is None
    assert draft[WANT_PART] == "am"  # for the slot step
    assert WANT_DAY not in draft  # read once


def test_a_months_end_beyond_the_week_is_refused_with_the_days_that_can_be() -> None:
    draft, wish = _wish("月底上午", WEDNESDAY)
    assert wish.day is None
    assert wish.note == t(
        "zh", "bookings.day_too_far", date="6月30日 周二", days=7, last="6月16日 周二"
    )
    assert len(wish.days) == 7
    assert WANT_PART not in draft  # that morning was for the day that cannot be booked


def test_next_week_offers_its_days_that_are_open() -> None:
    draft, wish = _wish("下礼拜", WEDNESDAY)
    assert [c.day for c in wish.days] == [date(2026, 6, 15), date(2026, 6, 16)]
    assert wish.note == t(
        "zh", "bookings.span_until", said="「下礼拜」", last="6月16日 周二", days=7
    )
    assert WANT_SPAN not in draft


def test_next_week_said_on_a_sunday_is_all_open() -> None:
    sunday = date(2026, 6, 14)
    _, wish = _wish("下周", sunday)
    assert len(wish.days) == 6  # Monday to Saturday: the window ends then
    _, wish = _wish("这周", date(2026, 6, 8))
    assert wish.note == t("zh", "bookings.span_days", said="「这周」")
    assert len(wish.days) == 7


def test_next_week_said_on_a_monday_is_not_open_yet() -> None:
    _, wish = _wish("下礼拜", date(2026, 6, 8))
    assert wish.note == t(
        "zh", "bookings.day_too_far", date="「下礼拜」", days=7, last="6月14日 周日"
    )
    assert len(wish.days) == 7


def test_some_day_soon_offers_the_days_from_tomorrow() -> None:
    _, wish = _wish("过几天", WEDNESDAY)
    assert wish.note == t("zh", "bookings.span_soon", said="「过几天」")
    assert wish.days[0].day == date(2026, 6, 11)
    assert len(wish.days) == 6
