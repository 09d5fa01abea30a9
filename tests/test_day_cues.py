"""Of two days a message names, the one meant (礼拜三去不了 改成礼拜五: Friday), read with a fixed
today (Sunday 6 December 2026, as in the sandbox walk that found 礼拜三 taken instead)."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.text.dates import changes_day, parse_day, said_day
from knowledge.text.intent import classify
from knowledge.text.moving import says_move

TODAY = date(2026, 12, 6)  # a Sunday
WED, THU, FRI = date(2026, 12, 9), date(2026, 12, 10), date(2026, 12, 11)


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("礼拜三去不了 改成礼拜五", FRI),
        ("不是礼拜三 是礼拜五", FRI),
        ("周三不行改周五", FRI),
        ("把礼拜三的换到下礼拜一", date(2026, 12, 7)),  # next week's Monday, said on a Sunday
        ("星期三来不了，星期五吧", FRI),
        ("周三没空，换到周四", THU),
        ("礼拜三俺有事 挪到礼拜四", THU),
        ("改到周五，周三去不了", FRI),  # the day gone to said first
        ("礼拜三的改成礼拜五", FRI),
        ("从周三改到周五", FRI),
        ("把周三的改成12月11号", FRI),
        ("周三有事，改到大后天", WED),  # 大后天 is Wednesday: the day gone to, whatever it is
        ("周三不方便 周四行不行", THU),
        ("原来约的周三，改成周五", FRI),
        ("move it from wednesday to friday", FRI),
        ("Move it from Wednesday to Friday please", FRI),
        ("wednesday doesn't work, friday instead", FRI),
        ("I can't make it on Wednesday, make it Friday", FRI),
        ("not wednesday, thursday", THU),
        ("instead of wednesday can we do friday", FRI),
        ("change it from wed to thu", THU),
    ],
)
def test_the_day_gone_to_is_the_day(text: str, meant: date) -> None:
    assert said_day(text, TODAY).day == meant
    assert changes_day(text)


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("周三下午不行 改到周五上午", "am"),
        ("礼拜三上午去不了 改成礼拜五下午", "pm"),
        ("wednesday morning doesn't work, friday afternoon instead", "pm"),
    ],
)
def test_the_part_of_the_day_is_the_day_gone_to(text: str, part: str) -> None:
    said = said_day(text, TODAY)
    assert said.day == FRI and said.part == part


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("周五", FRI),
        ("礼拜三去不了", WED),  # one day named: it is the day said, as before
        ("明天或者后天", date(2026, 12, 8)),  # nothing says which: read as before
        ("周三周五都行", WED),
    ],
)
def test_a_day_alone_or_days_without_a_choice_read_as_before(text: str, day: date) -> None:
    assert said_day(text, TODAY).day == parse_day(text, TODAY) == day
    assert not changes_day(text)


@pytest.mark.parametrize(
    "text",
    [
        "礼拜三去不了 改成礼拜五",
        "不是礼拜三 是礼拜五",
        "周三不行改周五",
        "把礼拜三的换到下礼拜一",
        "星期三来不了，星期五吧",
        "土豆那个周三去不了，改到周五",
        "move it from wednesday to friday",
        "wednesday doesn't work, friday instead",
    ],
)
def test_one_day_turned_down_for_another_is_a_move(text: str) -> None:
    assert says_move(classify(text).text)


def test_an_offers_ready_day_is_the_first_said() -> None:
    # parse_day (a supply offer's ready day, a broadcast's) is not a move: from Monday is Monday.
    assert parse_day("从周一到周五都能卖", TODAY) == date(2026, 12, 7)


@pytest.mark.parametrize("text", ["周三打药不行 改周五", "明天或者后天", "周三周五都行"])
def test_other_things_said_about_two_days_are_no_move(text: str) -> None:
    assert not says_move(classify(text).text)
