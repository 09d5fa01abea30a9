"""A booking moved in a farmer's words (改到后天, move it to Friday): `says_move` tells a message
that says only that from one that moves something else or asks about moving."""

from __future__ import annotations

import pytest

from knowledge.text.dates import without_days
from knowledge.text.intent import Kind, classify
from knowledge.text.moving import said_shift, says_move


@pytest.mark.parametrize(
    "text",
    [
        "改到后天",
        "改成明天下午",
        "能不能改到周三",
        "我想改到后天上午",
        "改到后天行吗",
        "预约改到后天",
        "约的明天收货能改到后天不",
        "换到明天",
        "推迟到后天",
        "提前到明天早上8点",
        "改到下午",  # the afternoon of the day it is on
        "改到月底",
        "改到下礼拜",
        "西红柿那个改到周五",  # the produce says which booking
        "gaidao houtian",  # pinyin, read in characters by the routing first
        "move it to Friday",
        "can you change my pickup to tomorrow afternoon",
        "reschedule to Saturday morning",
        "please move my booking to the day after tomorrow",
    ],
)
def test_a_move_to_a_day(text: str) -> None:
    assert says_move(classify(text).text)


@pytest.mark.parametrize(
    "text",
    [
        "改天",  # some other day: a new booking's day, not a move
        "改天再说",
        "改时间",  # no day said: 我的预约 lists the bookings with 改时间
        "后天",
        "改成两千斤",
        "打药改到后天",  # a spraying moved
        "下雨了打药改到后天",
        "改到后天打药",
        "开会改到明天",
        "怎么改到后天",  # asking how
        "改到后天要注意什么",
        "改到明天再说",
        "move to the city tomorrow",
        "change the oil tomorrow",
    ],
)
def test_not_a_move(text: str) -> None:
    assert not says_move(classify(text).text)


@pytest.mark.parametrize("text", ["改到后天", "改成明天下午", "move it to Friday"])
def test_the_intent_stays_a_question(text: str) -> None:
    # Whether it moves a booking is the bookings' to say (handlers/bookings/moving.py).
    assert classify(text).kind is Kind.knowledge


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("改到后天", "改到"),
        ("改成明天下午3点", "改成"),
        ("改到下周三上午9点半", "改到"),
        ("改到后天打药", "改到 打药"),
        ("move it to friday at 8 am", "move it to at"),
        ("改到月底前", "改到"),
        ("改到过几天", "改到"),
    ],
)
def test_without_days(text: str, left: str) -> None:
    assert " ".join(without_days(text).split()) == left


@pytest.mark.parametrize(
    ("text", "days"),
    [
        # The blind test's words: a shift from the day booked.
        ("推迟两天", 2),
        ("往后推两天", 2),
        ("提前一天", -1),
        ("push it back two days", 2),
        # Said other ways.
        ("能不能推迟两天", 2),
        ("西红柿那个往后推两天", 2),
        ("我的预约推迟一天", 1),
        ("延后3天", 3),
        ("push it back by 2 days", 2),
        ("postpone it a day", 1),
        ("bring it forward a day", -1),
        ("move it a day earlier", -1),
        ("move it two days later", 2),
    ],
)
def test_a_shift_from_the_day_booked(text: str, days: int) -> None:
    assert said_shift(text) == days, text
    assert says_move(text), text


@pytest.mark.parametrize("text", ["打药推迟两天", "推迟两天打药", "move it two days"])
def test_a_shift_of_something_else_or_no_way_said_is_no_move(text: str) -> None:
    assert not says_move(text), text


def test_no_shift_in_a_move_to_a_day() -> None:
    assert said_shift("改到后天") is None and said_shift("推迟") is None
