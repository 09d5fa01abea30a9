"""东北 day words (明个, 明儿个, 今个, 今儿个, 后个, 后儿个, 昨个) and parts of the day (头晌,
前晌, 下晚, 傍黑, 晌午) are read wherever days are: bookings, staff words, notices, offers."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.markets.supply import parse_ready_date
from knowledge.text.dates import days_named, relative_days, said_day, without_days
from knowledge.text.periods import past_day
from knowledge.text.staff_words import PICKUPS

TODAY = date(2025, 12, 6)  # a Saturday


@pytest.mark.parametrize(
    ("text", "days", "part", "at"),
    [
        ("明个下午两点送黄豆五千斤", 1, "pm", time(14)),
        ("明儿个头晌送苞米", 1, "am", None),
        ("明儿前晌", 1, "am", None),
        ("今个下晚送", 0, "pm", None),
        ("今儿个晌午", 0, "pm", time(12)),
        ("后个傍黑去", 2, "pm", None),
        ("后儿个上午", 2, "am", None),
        ("大后儿个", 3, None, None),
        ("tomorrow 2pm", 1, "pm", time(14)),
    ],
)
def test_northern_days_and_parts(text: str, days: int, part: str | None, at: time | None) -> None:
    said = said_day(text, TODAY)
    assert said.day == date.fromordinal(TODAY.toordinal() + days)
    assert (said.part, said.at) == (part, at)


@pytest.mark.parametrize(
    "text", ["最后个问题", "说明个情况", "如今个价钱咋样", "然后个把月", "todays"]
)
def test_words_ending_in_a_day_word_name_no_day(text: str) -> None:
    assert said_day(text, TODAY).day is None
    assert relative_days(text, TODAY) == []


def test_two_northern_days_are_both_named_and_taken_out() -> None:
    assert days_named("明个不行 后个吧", TODAY) == [date(2025, 12, 7), date(2025, 12, 8)]
    assert without_days("改到明儿个下晚").strip() == "改到"


def test_a_notice_knows_the_day_word_depends_on_when_it_is_read() -> None:
    found = relative_days("明个下午停收，后儿个照常", TODAY)
    assert [(r.word, r.day) for r in found] == [
        ("明个", date(2025, 12, 7)),
        ("后儿个", date(2025, 12, 8)),
    ]


def test_staff_asking_who_brings_produce_on_a_northern_day() -> None:
    assert PICKUPS.search("明个谁来送粮")
    assert PICKUPS.search("今儿个的预约有哪些")


def test_an_offer_ready_on_a_northern_day() -> None:
    assert parse_ready_date("黄豆明个就能拉", TODAY) == date(2025, 12, 7)
    assert parse_ready_date("后儿个有货", TODAY) == date(2025, 12, 8)


def test_yesterday_the_northern_way() -> None:
    assert past_day("昨个的价", TODAY) == date(2025, 12, 5)
