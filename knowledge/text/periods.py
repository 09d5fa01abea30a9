"""Past periods and days a farmer asks prices for: 上周, 上上周, 上个月, 去年这时候, last week;
昨天, 前天, 三天前, 12月1号, 上周三, 上上周三, 周一 (the latest Monday), yesterday, Dec 1.
Pure: today is passed in."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from knowledge.text.normalise import normalise
from knowledge.text.numbers import to_number

# Checked in this order: "去年这个月" is a year ago, not last month; 上上周 (the week
# before last) is not 上周 within it. 上周一 names a day, not last week, so a weekday
# after 上周 is not a period.
_WEEK = r"一?个?(?:周|星期|礼拜)(?![一二三四五六日天末])"
_PAST = (
    (
        "year_ago",
        re.compile(
            r"去年|前一年|一年前|this time last year|same time last year|a year ago|last year"
        ),
    ),
    (
        "month_before_last",
        re.compile(r"上上一?个?月|两个月前|the month before last|two months ago"),
    ),
    ("last_month", re.compile(r"上个?月|上一个?月|一个月前|last month|a month ago")),
    (
        "week_before_last",
        re.compile(rf"上上{_WEEK}|两周前|两个(?:星期|礼拜)前|the week before last|two weeks ago"),
    ),
    ("last_week", re.compile(rf"上{_WEEK}|一周前|last week|a week ago")),
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
    if kind in ("last_week", "week_before_last"):
        back = 7 if kind == "last_week" else 14
        monday = today - timedelta(days=today.weekday() + back)
        return Period(kind, monday, monday + timedelta(days=6))
    if kind in ("last_month", "month_before_last"):
        end = today.replace(day=1) - timedelta(days=1)
        if kind == "month_before_last":
            end = end.replace(day=1) - timedelta(days=1)
        return Period(kind, end.replace(day=1), end)
    if kind == "year_ago":
        try:
            centre = today.replace(year=today.year - 1)
        except ValueError:  # 29 February
            centre = today.replace(year=today.year - 1, day=28)
        return Period(kind, centre - YEAR_AGO_HALF_WIDTH, centre + YEAR_AGO_HALF_WIDTH)
    raise ValueError(f"unknown period {kind!r}")


# ---------------------------------------------------------------- past days

_CN_NUM = "[一二两三四五六七八九十]{1,3}"
_AGO = (
    ("大前天", 3),
    ("前天", 2),
    ("前儿", 2),
    ("昨天", 1),
    ("昨儿个", 1),
    ("昨个", 1),
    ("昨日", 1),
    ("昨儿", 1),
    ("day before yesterday", 2),
    ("yesterday", 1),
)
_EN_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_DAYS_AGO = re.compile(
    rf"(?<![\d.])(\d{{1,2}}|{_CN_NUM})\s*天(?:以|之)?前"
    rf"|\b(\d{{1,2}}|{'|'.join(_EN_COUNTS)})\s+days?\s+ago\b"
)
# 上周三, 上上周三 (a week earlier).
_LAST_WEEKDAY = re.compile(r"(上?)上一?个?(?:周|星期|礼拜)([一二三四五六日天])")
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
# A weekday alone (周一寿光黄瓜啥价): the latest such day, today's being the latest prices;
# 这周一 / 本周一 this week's, once it is gone. Not 下周一 (ahead), 每周一, 上周一 (above),
# 两周一次 (how often), nor 周一到周五 (a span).
_BARE_WEEKDAY = re.compile(
    r"(?<![上下每到至\d一二两三四五六七八九十几])(这|本)?(?:周|星期|礼拜)([一二三四五六日天])(?![到至])"
)
_EN_WEEKDAYS = {name.lower(): n for n, name in enumerate(calendar.day_name)}
_EN_WEEKDAY = re.compile(rf"(?<!next )\b(last |this |on )?({'|'.join(_EN_WEEKDAYS)})\b")
_MONTH_DAY = re.compile(
    rf"(?<![\d.])(\d{{1,2}}|{_CN_NUM})\s*月\s*(\d{{1,2}}|{_CN_NUM})\s*(?:号|日)"
)
# 5号 alone: a day of this month that is gone, not 5号楼 or 3号地.
_BARE_DAY = re.compile(
    rf"(?<![\d月.\-/第])(\d{{1,2}}|{_CN_NUM})\s*号"
    r"(?![楼仓库地棚线门车机箱店院口位窗房柜种品码屋田园厂站场台包袋筐堆])"
)
_EN_MONTHS = {
    name.lower(): n
    for n in range(1, 13)
    for name in (calendar.month_name[n], calendar.month_abbr[n])
}
_EN_MONTH = "|".join(sorted(_EN_MONTHS, key=len, reverse=True))
_EN_DATE = re.compile(
    rf"\b({_EN_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"|\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_EN_MONTH})\b"
)
# Every way of naming a past day or period, for taking them out of a text (上周 is no place).
_WHEN = re.compile(
    "|".join(
        [pattern.pattern for _, pattern in _PAST]
        + [word for word, _ in _AGO]
        + [
            p.pattern
            for p in (
                _DAYS_AGO,
                _LAST_WEEKDAY,
                _MONTH_DAY,
                _BARE_DAY,
                _EN_DATE,
                _BARE_WEEKDAY,
                _EN_WEEKDAY,
            )
        ]
    ),
    re.IGNORECASE,
)


def past_day(text: str, today: date) -> date | None:
    """The past day a message asks about (昨天, 12月1号, 上周三, Dec 1), else None.

    Only a day before `today`: 今天, or a day not said, is None (the latest prices).
    """
    norm = normalise(text)
    day = _named_day(norm, today)
    return day if day is not None and day < today else None


def _named_day(norm: str, today: date) -> date | None:
    ago = _DAYS_AGO.search(norm)
    if ago is not None:
        raw = ago.group(1) or ago.group(2)
        count = _EN_COUNTS.get(raw) or to_number(raw)
        return today - timedelta(days=int(count)) if count and count <= 366 else None
    for word, days in _AGO:
        if word in norm:
            return today - timedelta(days=days)
    weekday = _LAST_WEEKDAY.search(norm)
    if weekday is not None:
        weeks = 2 if weekday.group(1) else 1
        monday = today - timedelta(days=today.weekday() + 7 * weeks)
        return monday + timedelta(days=_WEEKDAYS[weekday.group(2)])
    month_day = _MONTH_DAY.search(norm)
    if month_day is not None:
        return _latest(today, to_number(month_day.group(1)), to_number(month_day.group(2)))
    english = _EN_DATE.search(norm)
    if english is not None:
        month = _EN_MONTHS[english.group(1) or english.group(4)]
        return _latest(today, month, float(english.group(2) or english.group(3)))
    bare = _BARE_DAY.search(norm)
    if bare is not None:
        # 1号 said on the 6th is this month's; 10号 is still ahead: no past day.
        day = to_number(bare.group(1))
        return _latest(today, today.month, day) if day is not None and day <= today.day else None
    return _weekday(norm, today)


def _weekday(norm: str, today: date) -> date | None:
    # 周一, 这周一, on Monday, last Monday: the latest such day (this week's for 这周).
    bare = _BARE_WEEKDAY.search(norm)
    english = _EN_WEEKDAY.search(norm) if bare is None else None
    if bare is not None:
        wanted, this_week, last = _WEEKDAYS[bare.group(2)], bool(bare.group(1)), False
    elif english is not None:
        wanted, this_week = _EN_WEEKDAYS[english.group(2)], english.group(1) == "this "
        last = english.group(1) == "last "
    else:
        return None
    back = (today.weekday() - wanted) % 7 or (7 if last else 0)
    if this_week and wanted > today.weekday():
        return None  # 这周五 said on a Wednesday is still ahead
    return today - timedelta(days=back)


# 12月20号 said in January is last December's; said in December before the 20th it is ahead.
_LAST_YEAR_WITHIN = timedelta(days=183)


def _latest(today: date, month: float | None, day: float | None) -> date | None:
    # This year's such day when it is gone; else last year's, when not long ago.
    if month is None or day is None or month != int(month) or day != int(day):
        return None
    for year in (today.year, today.year - 1):
        try:
            candidate = date(year, int(month), int(day))
        except ValueError:
            return None
        if candidate <= today:
            recent = year == today.year or today - candidate <= _LAST_YEAR_WITHIN
            return candidate if recent else None
    return None


def without_when(text: str) -> str:
    """`text` without the past days and periods it names (上周西红柿 → 西红柿)."""
    return _WHEN.sub(" ", text)
