"""Days as farmers say them: 明天, 后天上午, 周六, 下周一, 12月8号. Pure: today is passed in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from knowledge.text.normalise import normalise
from knowledge.text.numbers import to_number

_RELATIVE = (
    ("大后天", 3),
    ("后天", 2),
    ("明天", 1),
    ("明儿", 1),
    ("今天", 0),
    ("今儿", 0),
    ("day after tomorrow", 2),
    ("tomorrow", 1),
    ("today", 0),
)
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "末": 5}
_CN_DAY = "[一二两三四五六七八九十]{1,3}"
_WEEKDAY = re.compile(r"(下下|下个?|这个?|本)?(?:周|星期|礼拜)([一二三四五六日天末])")
_MONTH_DAY = re.compile(
    rf"(\d{{1,2}}|{_CN_DAY})\s*月\s*(\d{{1,2}}|{_CN_DAY})\s*(?:号|日)"
    rf"|(\d{{1,2}})\s*[/-]\s*(\d{{1,2}})(?!\s*[/-]?\d)"
)
_MORNING = re.compile(r"上午|早上|早晨|一早|清早|morning|\bam\b")
_AFTERNOON = re.compile(r"下午|午后|傍晚|afternoon|\bpm\b")


@dataclass(frozen=True)
class SaidDay:
    """The day a message names, and the part of the day ("am", "pm" or None)."""

    day: date | None
    part: str | None


def parse_day(text: str, today: date) -> date | None:
    """The day named in `text` relative to `today` (local), else None."""
    norm = normalise(text)
    for word, offset in _RELATIVE:
        if word in norm:
            return today + timedelta(days=offset)
    weekday = _WEEKDAY.search(norm)
    if weekday is not None:
        return _weekday(today, weekday.group(1) or "", _WEEKDAYS[weekday.group(2)])
    month_day = _MONTH_DAY.search(norm)
    if month_day is not None:
        month_raw = month_day.group(1) or month_day.group(3)
        day_raw = month_day.group(2) or month_day.group(4)
        return _month_day(today, to_number(month_raw), to_number(day_raw))
    return None


def _weekday(today: date, prefix: str, weekday: int) -> date:
    # 周六 is the coming one (today if today is Saturday); 下周六 is the one in
    # next week (Monday-based), 下下周六 the week after.
    if prefix.startswith("下下"):
        weeks = 2
    elif prefix.startswith("下"):
        weeks = 1
    else:
        ahead = (weekday - today.weekday()) % 7
        return today + timedelta(days=ahead)
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(weeks=weeks, days=weekday)


def _month_day(today: date, month: float | None, day: float | None) -> date | None:
    if month is None or day is None or month != int(month) or day != int(day):
        return None
    # 12月8号 said in December is this year's; said after it passed, next year's.
    for year in (today.year, today.year + 1):
        try:
            candidate = date(year, int(month), int(day))
        except ValueError:
            return None
        if candidate >= today:
            return candidate
    return None


def parse_part(text: str) -> str | None:
    """ "am" for 上午/早上, "pm" for 下午/傍晚, else None."""
    norm = normalise(text)
    if _AFTERNOON.search(norm):
        return "pm"
    if _MORNING.search(norm):
        return "am"
    return None


def said_day(text: str, today: date) -> SaidDay:
    """The day and the part of the day a message names (either may be None)."""
    return SaidDay(parse_day(text, today), parse_part(text))


# --- past periods, for price history: 上周, 上个月, 去年这时候 --------------------------------
# Checked in this order: "去年这个月" is a year ago, not last month. 上周一 names a
# day, not last week, so a weekday after 上周 is not a period.
_PAST = (
    (
        "year_ago",
        re.compile(
            r"去年|前一年|一年前|this time last year|same time last year|a year ago|last year"
        ),
    ),
    ("last_month", re.compile(r"上个?月|上一个?月|一个月前|last month|a month ago")),
    (
        "last_week",
        re.compile(r"上一?个?(?:周|星期|礼拜)(?![一二三四五六日天末])|一周前|last week|a week ago"),
    ),
)
PERIODS = tuple(kind for kind, _ in _PAST)
# "This time last year" is the fortnight around today's date a year ago.
YEAR_AGO_HALF_WIDTH = timedelta(days=7)


@dataclass(frozen=True)
class Period:
    """A stretch of past days a message asks about: its kind and first and last day."""

    kind: str  # one of PERIODS
    start: date
    end: date


def past_period(text: str) -> str | None:
    """The past period a message names ("last_week", "last_month", "year_ago"), else None."""
    norm = normalise(text)
    for kind, pattern in _PAST:
        if pattern.search(norm):
            return kind
    return None


def period_days(kind: str, today: date) -> Period:
    """The days of period `kind` as seen from `today` (weeks start on Monday)."""
    if kind == "last_week":
        monday = today - timedelta(days=today.weekday())
        return Period(kind, monday - timedelta(days=7), monday - timedelta(days=1))
    if kind == "last_month":
        end = today.replace(day=1) - timedelta(days=1)
        return Period(kind, end.replace(day=1), end)
    if kind == "year_ago":
        try:
            centre = today.replace(year=today.year - 1)
        except ValueError:  # 29 February
            centre = today.replace(year=today.year - 1, day=28)
        return Period(kind, centre - YEAR_AGO_HALF_WIDTH, centre + YEAR_AGO_HALF_WIDTH)
    raise ValueError(f"unknown period {kind!r}")
