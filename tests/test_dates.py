"""Days as farmers say them, read against the pinned clock (Wednesday 10 June 2026)."""

from __future__ import annotations

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.clock import local_today
from knowledge.text.dates import parse_day, parse_part, said_day
from knowledge.text.periods import past_period, period_days
from knowledge.text.times import parse_clock


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
        ("12/18来收", date(2026, 12, 18)),
        ("6-20送过去", date(2026, 6, 20)),
        # A range of an amount is no date (预约来收2-3吨黄瓜 was asked for 2月3日).
        ("预约来收2-3吨黄瓜", None),
        ("每亩5-6斤种子", None),
        ("1-2天来收", None),
        ("来收3-4 kg样品", None),
        ("1.5-2吨玉米", None),
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


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("上个月西红柿多少钱", "last_month", date(2026, 5, 1), date(2026, 5, 31)),
        ("上月的土豆价格", "last_month", date(2026, 5, 1), date(2026, 5, 31)),
        ("上周西红柿啥价", "last_week", date(2026, 6, 1), date(2026, 6, 7)),
        ("上个星期黄瓜多少钱", "last_week", date(2026, 6, 1), date(2026, 6, 7)),
        ("去年这时候西红柿多少钱", "year_ago", date(2025, 6, 3), date(2025, 6, 17)),
        ("去年这个月白菜啥价", "year_ago", date(2025, 6, 3), date(2025, 6, 17)),
        ("how much were tomatoes last month", "last_month", date(2026, 5, 1), date(2026, 5, 31)),
        ("tomato price last week", "last_week", date(2026, 6, 1), date(2026, 6, 7)),
        ("tomatoes this time last year", "year_ago", date(2025, 6, 3), date(2025, 6, 17)),
    ],
)
def test_past_periods(text: str, kind: str, start: date, end: date) -> None:
    assert past_period(text) == kind
    period = period_days(kind, _today())
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("text", ["西红柿多少钱", "上周一来收", "下个月西红柿会涨吗"])
def test_no_past_period(text: str) -> None:
    assert past_period(text) is None


def test_last_month_in_january_and_a_year_before_29_february() -> None:
    assert period_days("last_month", date(2027, 1, 15)).start == date(2026, 12, 1)
    assert period_days("year_ago", date(2028, 2, 29)).start == date(2027, 2, 21)


@pytest.mark.parametrize(
    ("text", "day", "part", "at"),
    [
        ("book a pickup tomorrow morning", date(2026, 6, 11), "am", None),
        ("on Saturday afternoon", date(2026, 6, 13), "pm", None),
        ("next monday at 9", date(2026, 6, 15), "am", time(9)),
        ("tomorrow at 8 am", date(2026, 6, 11), "am", time(8)),
        ("every evening at 7 o'clock", None, "pm", time(19)),
        ("8:30 pm", None, "pm", time(20, 30)),
        ("pick up on friday at 3", date(2026, 6, 12), "pm", time(15)),
        ("at 3 am", None, "am", time(3)),
        ("明天早上8点来收", date(2026, 6, 11), "am", time(8)),
        ("后天下午3点半", date(2026, 6, 12), "pm", time(15, 30)),
        ("便宜一点卖", None, None, None),
        ("at 8.5 yuan", None, None, None),
        ("I have 1000 jin of corn to sell", None, None, None),
    ],
)
def test_spoken_days_and_times(
    text: str, day: date | None, part: str | None, at: time | None
) -> None:
    said = said_day(text, _today())
    assert (said.day, said.part, said.at) == (day, part, at)


def test_a_time_that_does_not_exist() -> None:
    with pytest.raises(ValueError):
        parse_clock("25点")


def test_relative_day_words_in_a_notice_and_the_dates_they_mean_today() -> None:
    from knowledge.text.dates import relative_days, with_days_written

    saturday = date(2026, 12, 5)
    text = "后天来收玉米，下周一也收，明天早上不收"
    found = relative_days(text, saturday)
    assert [(f.word, f.day) for f in found] == [
        ("后天", date(2026, 12, 7)),
        ("下周一", date(2026, 12, 7)),
        ("明天", date(2026, 12, 6)),
    ]
    written = with_days_written(text, found, lambda f: f"{f.day.month}月{f.day.day}日")
    assert written == "12月7日来收玉米，12月7日也收，12月6日早上不收"
    english = relative_days("Pickup the day after tomorrow, not tomorrow", saturday)
    assert [(f.day, f.english) for f in english] == [
        (date(2026, 12, 7), True),
        (date(2026, 12, 6), True),
    ]
    # A weekday alone (周六) or a written date names the same day whenever it is read.
    assert relative_days("周六收，12月8号也收", saturday) == []


def test_the_relative_days_of_a_notice_that_mean_another_day_when_it_is_read() -> None:
    from knowledge.text.dates import read_later

    sunday = date(2026, 12, 6)
    text = "明天上午来领化肥，后天也行，下周一截止"
    # Sent on Monday the 7th: each word moves, 下周一 by a week.
    shifted = read_later(text, sunday, date(2026, 12, 7))
    assert [(s.word, s.day, later) for s, later in shifted] == [
        ("明天", date(2026, 12, 7), date(2026, 12, 8)),
        ("后天", date(2026, 12, 8), date(2026, 12, 9)),
        ("下周一", date(2026, 12, 7), date(2026, 12, 14)),
    ]
    # Read on Tuesday after a Monday: 下周一 is still the same Monday; only 明天 moves.
    monday = date(2026, 12, 7)
    assert [s.word for s, _ in read_later("明天收，下周一也收", monday, monday + timedelta(1))] == [
        "明天"
    ]
    assert [s.word for s, _ in read_later("tomorrow at 8", sunday, monday)] == ["tomorrow"]
    assert read_later("明天收", sunday, sunday) == []


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # 一下 is "briefly" (帮我约一下), not the first 下 of 下下周 (blind test: 12月16日).
        ("帮我约一下下周三送五百斤西红柿", date(2026, 12, 9)),
        ("看一下下个月5号", date(2027, 1, 5)),
        ("下下周三送西红柿", date(2026, 12, 16)),
    ],
)
def test_yixia_is_not_part_of_the_week_word(text: str, day: date) -> None:
    assert said_day(text, date(2026, 12, 6)).day == day


def test_yixia_before_next_week_is_next_week() -> None:
    span = said_day("帮我约一下下周送苹果", date(2026, 12, 6)).span
    assert span is not None and span.said == "下周"
    assert (span.first, span.last) == (date(2026, 12, 7), date(2026, 12, 13))
