"""A pickup called off by its day (明天不去了, 后天那个取消, not coming tomorrow): read as a cancel
naming a day (knowledge.text.cancelling), never as anything else said with a day."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.text.cancelling import cancelled_day, read_cancel, says_cancel
from knowledge.text.dates import days_named, turned_down
from knowledge.text.intent import classify

WEDNESDAY = date(2026, 6, 10)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("明天不去了", date(2026, 6, 11)),
        ("明天别来了", date(2026, 6, 11)),
        ("明天的不要了", date(2026, 6, 11)),
        ("后天那个取消", date(2026, 6, 12)),
        ("周五的不送了", date(2026, 6, 12)),
        ("明天上午那个不要了", date(2026, 6, 11)),
        ("明天不用来收了", date(2026, 6, 11)),
        ("今天不去了", WEDNESDAY),
        ("6月15号不送了", date(2026, 6, 15)),
        ("not coming tomorrow", date(2026, 6, 11)),
        ("I won't come tomorrow", date(2026, 6, 11)),
        ("I’m not coming tomorrow", date(2026, 6, 11)),
        ("don't come on Friday", date(2026, 6, 12)),
        ("cancel tomorrow", date(2026, 6, 11)),
    ],
)
def test_a_day_called_off(text: str, day: date) -> None:
    said = classify(text).text
    cancel = read_cancel(said)
    assert cancel is not None
    assert cancel.names_day and not cancel.names_booking and not cancel.products
    assert cancelled_day(said, WEDNESDAY) == day


@pytest.mark.parametrize(
    ("text", "products"),
    [
        ("取消明天的预约", set()),
        ("取消明天的收货", set()),
        ("cancel tomorrow's pickup", set()),
        ("明天的白菜不送了", {"大白菜"}),
        ("后天的玉米预约取消吧", {"玉米"}),
    ],
)
def test_a_day_with_the_pickup_named(text: str, products: set[str]) -> None:
    cancel = read_cancel(classify(text).text)
    assert cancel is not None
    assert cancel.names_day and cancel.names_booking
    assert cancel.products == products


@pytest.mark.parametrize(
    "text",
    [
        "明天不去赶集了",  # another errand
        "明天的苹果不要打药了吧?",  # a product and a problem
        "明天下雨不去了",
        "明天不来了吗",  # asked, not said
        "are you not coming tomorrow?",
        "明天不去了 后天去",  # a move
        "周三的不送了周五送",
        "下礼拜不去了",  # no one day
        "明天",
        "明天来",
        "明天取消提醒",  # an alert
        "明天不要发价格了",
        "取消",
        "不要了",
    ],
)
def test_not_a_day_called_off(text: str) -> None:
    assert not says_cancel(classify(text).text)


def test_the_days_a_message_names() -> None:
    assert days_named("周三的不送了周五送", WEDNESDAY) == [WEDNESDAY, date(2026, 6, 12)]
    assert days_named("明天不去了", WEDNESDAY) == [date(2026, 6, 11)]
    assert days_named("大后天", WEDNESDAY) == [date(2026, 6, 13)]
    assert days_named("不去了", WEDNESDAY) == []


@pytest.mark.parametrize(
    "text",
    [
        "明天去不了",
        "明天不行",
        "后天有事",
        "周三没空",
        "不要明天",
        "明天我真去不了啊",
        "tomorrow doesn't work",
        "I can't make it tomorrow",
        "not tomorrow",
    ],
)
def test_a_day_turned_down_is_not_chosen(text: str) -> None:
    assert turned_down(text)


@pytest.mark.parametrize(
    "text",
    [
        "明天",
        "明天上午",
        "明天吧",
        "明天可以",
        "明天不行吗",  # asks whether tomorrow will do
        "明天去不了 后天吧",  # another day chosen (dates.said_day)
        "明天不行 太远了",  # says more
        "明天上午不行",  # a part of the day, not the day
        "明天8点不行",
    ],
)
def test_not_a_day_turned_down(text: str) -> None:
    assert not turned_down(text)
