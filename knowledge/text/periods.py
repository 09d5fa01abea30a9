"""Past periods a farmer asks prices for: 上周, 上个月, 去年这时候, last week. Pure: today is
passed in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from knowledge.text.normalise import normalise

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
