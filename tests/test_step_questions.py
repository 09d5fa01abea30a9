"""A farming problem where a booking step asks for a day or a time, and sentences joined as
each language writes them (sandbox walk: "...to another time.Tap a time above")."""

from __future__ import annotations

import pytest

from bot.core.i18n import sentences
from handlers.bookings.typed import is_problem_told


@pytest.mark.parametrize(
    "text",
    [
        "my goats keep coughing at night",
        "羊晚上老是咳嗽",
        "my pigs have diarrhea",
        "猪拉稀好几天了",
        "corn leaves turning yellow",
        "玉米叶子发黄",
    ],
)
def test_a_problem_is_no_day_nor_time(text: str) -> None:
    assert is_problem_told(text)


@pytest.mark.parametrize(
    "text",
    [
        "明天下午",
        "tomorrow afternoon",
        "the day after tomorrow",
        "friday",
        "下周三",
        "第二个",
        "2点",
        "上午",
        "玉米明天能送吗",
        "羊",
        "cancel",
        "?",
    ],
)
def test_days_times_and_the_booking_itself_are_answers(text: str) -> None:
    assert not is_problem_told(text)


def test_sentences_are_joined_as_the_language_writes_them() -> None:
    assert sentences("en", "You are moving booking X.", "Tap a time above.") == (
        "You are moving booking X. Tap a time above."
    )
    assert sentences("zh", "您正在改时间。", "点上面的时间。") == "您正在改时间。点上面的时间。"
    assert sentences("en", "One.", "", " Two. ") == "One. Two."
