"""Days as farmers say them: 明天, 后天上午, 周六, 下周一, 12月8号. Pure: today is passed in."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta

from knowledge.text.day_cues import chosen, turns_down
from knowledge.text.day_words import (
    AFTERNOON,
    ANY_DAY,
    MORNING,
    NOON_WORDS,
    RELATIVE,
    relative_offset,
)
from knowledge.text.normalise import normalise
from knowledge.text.numbers import to_number
from knowledge.text.times import parse_clock, without_times

_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "末": 5}
_CN_DAY = "[一二两三四五六七八九十]{1,3}"
# What follows a range of an amount, never a date: 2-3吨, 5-6斤, 1-2天, 3-4 kg.
_UNITS = (
    r"市斤|公斤|千克|斤|吨|担|袋|箱|筐|车|篓|包|亩|元|块|毛|个|只|头|天|周|月|年"
    r"|cm|kg|t\b|mm|米|度|%|倍|次|小时"
)
_WEEKDAY = re.compile(r"((?<!一)下下|下个?|这个?|本)?(?:周|星期|礼拜)([一二三四五六日天末])")
_MONTH_DAY = re.compile(
    rf"(\d{{1,2}}|{_CN_DAY})\s*月\s*(\d{{1,2}}|{_CN_DAY})\s*(?:号|日)"
    # 12/8 or 12-8, but not a range of an amount (2-3吨, 5-6斤, 1-2天) nor part of a longer number.
    rf"|(?<![\d.])(\d{{1,2}})\s*[/-]\s*(\d{{1,2}})(?!\s*[/-]?\d)(?!\s*(?:{_UNITS}))"
)
_EN_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "mon": 0,
    "tue": 1,
    "tues": 1,
    "wed": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "fri": 4,
    "sat": 5,
}
_EN_WEEKDAY = re.compile(
    r"\b(next |this |on |coming )?("
    + "|".join(sorted(_EN_WEEKDAYS, key=len, reverse=True))
    + r")\b"
)
# Days said as a distance (十天后, 两个星期以后, 半个月后, in 10 days) or a day of a
# month without the month (下个月5号, 这个月20号, 5号, the 20th, December 20): bookings are
# open only a week ahead, so these are read to tell the farmer that day cannot be booked
# yet, rather than losing the day said (sandbox walk).
_CN_NUM = "[一二两三四五六七八九十]{1,3}"
_AFTER = r"\s*(?:以|之)?后"
_DAYS_AFTER = re.compile(
    rf"(?<![\d.\-~/])(\d{{1,3}}|{_CN_NUM})\s*(天|日|个?(?:星期|礼拜)|周)(?:{_AFTER})"
)
_HALF_MONTH = re.compile(rf"半个月{_AFTER}")
_MONTHS_AFTER = re.compile(rf"(\d{{1,2}}|{_CN_NUM})\s*个月{_AFTER}")
_OF_MONTH = re.compile(
    rf"((?<!一)下下个?月|下个?月|下一个?月|这个?月|本月)\s*(?:的)?\s*(\d{{1,2}}|{_CN_NUM})\s*(?:号|日)"
)
# 5号 alone is a day of this month (or the next once it passed), not 5号楼 or 3号地.
_BARE_DAY = re.compile(
    rf"(?<![\d月.\-/第])(\d{{1,2}}|{_CN_NUM})\s*号"
    r"(?![楼仓库地棚线门车机箱店院口位窗房柜种品码屋田园厂站场台包袋筐堆])"
)
# Where in a month a day falls: 月底 / 月末 (this month's last day), 月初 / 月头 (the next
# month's first: 月初 said on the 10th is no day gone by), 下个月初, 这个月底, 下月底, 7月初. Said
# with 前 (月底前) it is a span, every day until then (said_span). 正月初五 and 八月初一 are
# lunar days, and 上个月底 is gone: none of these.
_MONTH_EDGE = re.compile(
    rf"(?<![正腊冬])(上上个?|上一?个?|(?<!一)下下个?|下一?个?|这一?个?|本|(\d{{1,2}}|{_CN_NUM})\s*)?"
    r"月(底|末|尾|初|头)(?![一二三四五六七八九十])(\s*(?:之前|以前|前))?"
)
_EN_MONTH_EDGE = re.compile(
    r"\b(?:the )?(end|beginning|start) of (?:the |this )?(next )?month\b"
    r"|\b(month end)\b|\b(early) next month\b"
)
# Days said loosely, offered as the days they may be: 下礼拜 / 下周 / next week (its seven
# days), 这周 / this week (the rest of it), and some day soon (过几天, 过两天, 改天, 这几天,
# in a few days: any day from tomorrow). 周围, 周边, 周期 are no weeks.
_WEEK_SPAN = re.compile(
    r"((?<!一)下下|下一?个?|这一?个?|本)(?:周|星期|礼拜)(?![一二三四五六日天末围边转期年岁])"
    r"|\b(next|this) week\b"
)
_SOON = re.compile(
    r"过(?:几|两|一两|些|段)天|过一?段时间|过些日子|改天|这几天|这两天|近几天|最近几天"
    r"|\bin (?:a few|a couple of|a couple|few) days\b|\b(?:the )?next few days\b"
    r"|\bin the coming days\b"
)
_EN_NUMBERS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
}
_EN_COUNT = r"(\d{1,3}|" + "|".join(_EN_NUMBERS) + ")"
# "in a week", "in 10 days", "two weeks from now"; never a bare "in days" or "5 days on the farm".
_EN_IN = re.compile(
    r"\bin (?:a |an |one )(day|week|fortnight|month)\b"
    rf"|\bin {_EN_COUNT} (days|weeks|months)\b"
    rf"|\b{_EN_COUNT} (days?|weeks?|months?) (?:from now|from today|later)\b"
)
_EN_MONTHS = {
    name: n
    for n, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_EN_MONTH = "(" + "|".join(sorted(_EN_MONTHS, key=len, reverse=True)) + r")\.?"
_EN_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)"
_EN_DATE = re.compile(
    rf"\b{_EN_MONTH} (?:the )?(\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"|\b(?:the )?(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?{_EN_MONTH}(?![a-z])"
    rf"|\b(?:on )?the {_EN_ORDINAL}\b|\bon {_EN_ORDINAL}\b"
)
_EN_NEXT_MONTH = re.compile(r"\bnext month\b")
# The parts of the day, the northern and northwestern words too (day_words).
_MORNING = re.compile(MORNING)
_AFTERNOON = re.compile(AFTERNOON)
# Noon said without a time (晌午, 中午, "at noon"): twelve o'clock, the round it falls in.
_NOON = re.compile(NOON_WORDS)
NOON = time(12, 0)
# A small hour said as the night's (凌晨3点, 3 a.m.): not read as the afternoon's.
_NIGHT = re.compile(r"凌晨|半夜|夜里|夜间|a\.m|\bam\b")


@dataclass(frozen=True)
class DaySpan:
    """Days a message names loosely (下礼拜, 月底前, 过几天), `said` as the farmer put it.

    `last` is None for "some day soon" (过几天, in a few days): any day from `first`.
    """

    first: date
    last: date | None
    said: str


@dataclass(frozen=True)
class SaidDay:
    """The day a message names, the part of the day ("am", "pm" or None) and the hour said;
    or, for a day said loosely (下礼拜, 过几天), the span of days it may be."""

    day: date | None
    part: str | None
    at: time | None = None
    span: DaySpan | None = None


def parse_day(text: str, today: date) -> date | None:
    """The day named in `text` relative to `today` (local), else None (the first way of
    naming one found; said_day reads which of two days a booking's message means)."""
    return _one_day(normalise(text), today)


def _one_day(norm: str, today: date) -> date | None:
    ahead = _distance(norm, today)  # before 后天: 十天后 is no 后天
    if ahead is not None:
        return ahead
    offset = relative_offset(norm)
    if offset is not None:
        return today + timedelta(days=offset)
    weekday = _WEEKDAY.search(norm)
    if weekday is not None:
        return _weekday(today, weekday.group(1) or "", _WEEKDAYS[weekday.group(2)])
    english = _EN_WEEKDAY.search(norm)
    if english is not None:
        # "next Saturday" is the one in next week, as 下周六; "Saturday" the coming one.
        prefix = "下" if (english.group(1) or "").strip() == "next" else ""
        return _weekday(today, prefix, _EN_WEEKDAYS[english.group(2)])
    month_day = _MONTH_DAY.search(norm)
    if month_day is not None:
        month_raw = month_day.group(1) or month_day.group(3)
        day_raw = month_day.group(2) or month_day.group(4)
        return _month_day(today, to_number(month_raw), to_number(day_raw))
    return _day_of_month(norm, today)


# Each way of naming one day, to find every day a message names (the relative words last:
# 十天后 holds no 后天, 大后天 is longer than 后天).
_ONE_DAY = (
    *(_DAYS_AFTER, _HALF_MONTH, _MONTHS_AFTER, _OF_MONTH, _MONTH_EDGE, _EN_MONTH_EDGE),
    *(_MONTH_DAY, _WEEKDAY, _EN_WEEKDAY, _EN_DATE, _EN_IN, _BARE_DAY),
    re.compile(ANY_DAY),
)


def _day_spans(norm: str, today: date) -> list[tuple[int, int, date]]:
    """Each day `norm` names, in order: where it is and the day."""
    found: list[tuple[int, int]] = []
    for pattern in _ONE_DAY:
        found += [(m.start(), m.end()) for m in pattern.finditer(norm) if m.end() > m.start()]
    spans: list[tuple[int, int, date]] = []
    for start, end in sorted(found, key=lambda span: (span[0], -span[1])):
        if spans and start < spans[-1][1]:
            continue  # inside a longer one (大后天, 下礼拜三)
        day = _one_day(norm[start:end], today)
        if day is not None:
            spans.append((start, end, day))
    return spans


def days_named(text: str, today: date) -> list[date]:
    """The different days `text` names, in the order said (周三的不送了周五送: both)."""
    days: list[date] = []
    for _, _, day in _day_spans(normalise(text), today):
        if day not in days:
            days.append(day)
    return days


def turned_down(text: str) -> bool:
    """Whether `text` names one day only to say it is no good (明天去不了, 后天不行, "tomorrow
    doesn't work"): that day is not chosen (day_cues.turns_down)."""
    norm = normalise(text)
    spans = _day_spans(norm, _SOME_DAY)
    if len({day for _, _, day in spans}) != 1:
        return False
    start, end, _ = spans[0]
    return turns_down(norm, (start, spans[-1][1] if len(spans) > 1 else end))


def _meant(norm: str, today: date) -> tuple[int, int, date] | None:
    """Of the different days `norm` names, the one the words around them say is meant
    (where it is and the day), else None (one day named, or the words do not tell)."""
    spans = _day_spans(norm, today)
    if len({day for _, _, day in spans}) < 2:
        return None
    index = chosen(norm, [(start, end) for start, end, _ in spans])
    if index is None:
        return None
    following = spans[index + 1][0] if index + 1 < len(spans) else len(norm)
    return spans[index][0], following, spans[index][2]


def changes_day(text: str) -> bool:
    """Whether `text` names two days and says which is meant (周三不行改周五, 不是周三 是周五)."""
    return _meant(normalise(text), _SOME_DAY) is not None


def _distance(norm: str, today: date) -> date | None:
    """A day said as a distance from today: 十天后, 过两天, 两周以后, 半个月后, in 10 days."""
    days = _DAYS_AFTER.search(norm)
    if days is not None:
        count, unit = to_number(days.group(1)), days.group(2)
        if count is None or count != int(count) or count > 400:
            return None
        return today + timedelta(days=int(count) * (1 if unit in ("天", "日") else 7))
    if _HALF_MONTH.search(norm):
        return today + timedelta(days=15)
    months = _MONTHS_AFTER.search(norm)
    if months is not None:
        count = to_number(months.group(1))
        return _months_on(today, int(count), today.day) if count and count <= 12 else None
    english = _EN_IN.search(norm)
    if english is None:
        return None
    raw = english.group(2) or english.group(4) or "1"
    count = int(raw) if raw.isdigit() else _EN_NUMBERS[raw]
    unit = english.group(1) or english.group(3) or english.group(5)
    if unit.startswith("month"):
        return _months_on(today, count, today.day) if count <= 12 else None
    per = {"d": 1, "w": 7, "f": 14}[unit[0]]
    return today + timedelta(days=count * per) if count <= 400 else None


def _day_of_month(norm: str, today: date) -> date | None:
    """下个月5号, 这个月20号, 5号 (this month's, or next month's once passed), the 20th, 月底."""
    edge = _month_edge(norm, today)
    if edge is not None:
        return None if edge[1] else edge[0]  # 月底前 is every day until then: a span
    of_month = _OF_MONTH.search(norm)
    if of_month is not None:
        which, day = of_month.group(1), to_number(of_month.group(2))
        months = 2 if which.startswith("下下") else 1 if which.startswith("下") else 0
        return _months_on(today, months, day) if day is not None else None
    english = _EN_DATE.search(norm)
    if english is not None:
        month = english.group(1) or english.group(4)
        day_raw = english.group(2) or english.group(3) or english.group(5) or english.group(6)
        if month is not None:
            return _month_day(today, _EN_MONTHS[month.rstrip(".")], float(day_raw))
        months = 1 if _EN_NEXT_MONTH.search(norm) else 0
        return _next_on(today, months, int(day_raw))
    bare = _BARE_DAY.search(norm)
    if bare is not None:
        day = to_number(bare.group(1))
        months = 1 if "下个月" in norm or "下月" in norm else 0
        return _next_on(today, months, int(day)) if day is not None and day == int(day) else None
    return None


def _month_edge(norm: str, today: date) -> tuple[date, bool, str] | None:
    """The day 月底 / 月初 (see _MONTH_EDGE) names, whether 前 (before it) was said, and the
    words said."""
    cn = _MONTH_EDGE.search(norm)
    if cn is not None:
        which, month_raw, edge, before = cn.group(1) or "", cn.group(2), cn.group(3), cn.group(4)
        end = edge in "底末尾"
        if which.startswith("上"):
            return None  # 上个月底: gone by
        if month_raw is not None:
            # 7月初, 6月底: this year's, or next year's once it is gone by (as 12月8号).
            month = to_number(month_raw)
            if month is None or month != int(month) or not 1 <= month <= 12:
                return None
            found = _edge_of(today, int(month) - today.month, end)
            if found < today:
                found = _edge_of(today, int(month) - today.month + 12, end)
            return found, before is not None, cn.group(0)
        months = 2 if which.startswith("下下") else 1 if which.startswith("下") else 0
        if not which and not end:
            months = 1  # 月初: the next month's start (this month's is gone by)
        return _edge_of(today, months, end), before is not None, cn.group(0)
    english = _EN_MONTH_EDGE.search(norm)
    if english is None:
        return None
    edge, following, month_end, early = english.groups()
    end = edge == "end" or month_end is not None
    # "the beginning of the month" is the next one's, as 月初; "end of the month" this one's.
    months = 1 if following or early or not end else 0
    return _edge_of(today, months, end), False, english.group(0)


def _edge_of(today: date, months: int, end: bool) -> date:
    """The first (or, `end`, the last) day of the month `months` after today's."""
    index = today.month - 1 + months
    first = date(today.year + index // 12, index % 12 + 1, 1)
    if not end:
        return first
    index += 1
    return date(today.year + index // 12, index % 12 + 1, 1) - timedelta(days=1)


def _months_on(today: date, months: int, day: float) -> date | None:
    """Day `day` of the month `months` after today's (None if it has no such day)."""
    if day != int(day):
        return None
    index = today.month - 1 + months
    try:
        return date(today.year + index // 12, index % 12 + 1, int(day))
    except ValueError:
        return None


def _next_on(today: date, months: int, day: int) -> date | None:
    """Day `day` of this month (or `months` on), or of the next month when it has passed."""
    found = _months_on(today, months, day)
    if months == 0 and (found is None or found < today):
        found = _months_on(today, 1, day)
    return found


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


# Any date serves to ask whether a message names a day at all (names_day).
_SOME_DAY = date(2001, 1, 1)


def names_day(text: str) -> bool:
    """Whether `text` names a day or a time of day (明天, 周六, 12月8号, 上午, 8点, tomorrow),
    or days said loosely (下礼拜, 过几天)."""
    norm = normalise(text)
    if parse_day(norm, _SOME_DAY) is not None or parse_part(norm) is not None:
        return True
    if said_span(norm, _SOME_DAY) is not None:
        return True
    try:
        return parse_clock(norm) is not None
    except ValueError:  # 25点: a time was meant, though not one that exists
        return True


def parse_part(text: str) -> str | None:
    """ "am" for 上午/早上, "pm" for 下午/傍晚, else None."""
    norm = normalise(text)
    if _AFTERNOON.search(norm):
        return "pm"
    if _MORNING.search(norm):
        return "am"
    return None


def said_day(text: str, today: date) -> SaidDay:
    """The day, the part of the day and the time a message names (any may be None).

    Of two days named, the one gone to (礼拜三去不了 改成礼拜五: Friday; day_cues.chosen), with
    the part of the day said with it: a booking's day, never an offer's ready day.
    """
    meant = _meant(normalise(text), today)
    if meant is not None:
        # 周三下午不行 改到周五上午: the part and the time said with the day meant.
        text = normalise(text)[meant[0] : meant[1]]
    try:
        at = parse_clock(text)
    except ValueError:  # 25点: no time said that a booking could use
        at = None
    part = parse_part(text)
    if at is not None and part is None and 1 <= at.hour <= 5 and not _NIGHT.search(normalise(text)):
        # 2点 with no 上午 said is two in the afternoon, as "at 2" is (times.parse_clock):
        # nobody brings produce to a station at two at night.
        at = at.replace(hour=at.hour + 12)
    if at is None and part is None and _NOON.search(normalise(text)):
        at = NOON
    if at is not None and part is None:
        part = "am" if at.hour < 12 else "pm"
    day = meant[2] if meant is not None else parse_day(text, today)
    return SaidDay(day, part, at, said_span(text, today) if day is None else None)


def said_span(text: str, today: date) -> DaySpan | None:
    """The days a message names loosely (下礼拜, 这周, 月底前, 过几天), else None.

    Read only when no one day is named: 下礼拜三 is a day (parse_day).
    """
    norm = normalise(text)
    edge = _month_edge(norm, today)
    if edge is not None and edge[1]:
        return DaySpan(today, edge[0], edge[2])  # 月底前: any day until the month's end
    week = _WEEK_SPAN.search(norm)
    if week is not None:
        which = week.group(1) or week.group(2)
        monday = today - timedelta(days=today.weekday())
        if which.startswith(("这", "本", "this")):
            return DaySpan(today, monday + timedelta(days=6), week.group(0))
        first = monday + timedelta(weeks=2 if which.startswith("下下") else 1)
        return DaySpan(first, first + timedelta(days=6), week.group(0))
    soon = _SOON.search(norm)
    if soon is not None:
        return DaySpan(today + timedelta(days=1), None, soon.group(0))
    return None


# --- words whose day depends on when they are read: 今天, 明天, 后天, 下周一, tomorrow ----------
# A notice written today and sent tomorrow would mean another day by then.
_RELATIVE_IN_TEXT = re.compile(
    rf"{ANY_DAY}"
    r"|(?:(?<!一)下下|下个?|这个?|本)(?:周|星期|礼拜)[一二三四五六日天]"
    r"|\b(?:the )?day after tomorrow\b|\btomorrow\b|\btoday\b|\btonight\b"
    r"|\b(?:next|this) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)
_OFFSETS = dict(RELATIVE) | {"今晚": 0, "明早": 1, "明晚": 1, "tonight": 0}


@dataclass(frozen=True)
class RelativeDay:
    """A relative day word in a text: where it is, the day it means today, and its language."""

    start: int
    end: int
    word: str
    day: date
    english: bool


def relative_days(text: str, today: date) -> list[RelativeDay]:
    """The words of `text` naming a day relative to `today` (明天, 下周一, tomorrow), in order."""
    found = []
    for match in _RELATIVE_IN_TEXT.finditer(text):
        word = match.group(0)
        day = _relative_day(word.lower(), today)
        if day is not None:
            found.append(RelativeDay(match.start(), match.end(), word, day, word.isascii()))
    return found


def read_later(text: str, today: date, read_on: date) -> list[tuple[RelativeDay, date]]:
    """The relative day words of `text` written `today` that mean another day when read on
    `read_on`, each with the day it will mean then (明天 written on the 6th and read on the
    7th: the 8th). A word meaning the same day then (下周一 read the next day) is not one."""
    later = {(s.start, s.end): s.day for s in relative_days(text, read_on)}
    return [
        (said, later[said.start, said.end])
        for said in relative_days(text, today)
        if later.get((said.start, said.end), said.day) != said.day
    ]


def _relative_day(word: str, today: date) -> date | None:
    word = word.removeprefix("the ")
    if word in _OFFSETS:
        return today + timedelta(days=_OFFSETS[word])
    weekday = _WEEKDAY.fullmatch(word)
    if weekday is not None:
        return _weekday(today, weekday.group(1) or "", _WEEKDAYS[weekday.group(2)])
    english = _EN_WEEKDAY.fullmatch(word)
    if english is not None:
        prefix = "下" if (english.group(1) or "").strip() == "next" else ""
        return _weekday(today, prefix, _EN_WEEKDAYS[english.group(2)])
    return None


def with_days_written(
    text: str, found: list[RelativeDay], label: Callable[[RelativeDay], str]
) -> str:
    """`text` with each relative day word replaced by `label` of it (后天 → 12月7日（周一）)."""
    parts, last = [], 0
    for said in found:
        parts += [text[last : said.start], label(said)]
        last = said.end
    return "".join([*parts, text[last:]])


def without_days(text: str) -> str:
    """`text`, normalised, with every day, part of the day and time it names taken out: what
    else it says (改到后天 → 改到, 改到后天打药 → 改到 打药)."""
    norm = without_times(normalise(text))
    for pattern in (
        *(_DAYS_AFTER, _HALF_MONTH, _MONTHS_AFTER, _OF_MONTH, _MONTH_EDGE, _EN_MONTH_EDGE),
        *(_MONTH_DAY, _WEEKDAY, _WEEK_SPAN, _SOON, _RELATIVE_IN_TEXT, _EN_WEEKDAY, _EN_DATE),
        *(_EN_IN, _BARE_DAY, _MORNING, _AFTERNOON, _NOON, re.compile(ANY_DAY)),
    ):
        norm = pattern.sub(" ", norm)
    return norm
