"""All of a day's pickups called off at once (明天的都取消, 明天的全不去了, "cancel all tomorrow"):
read as a cancel of every booking that day (knowledge.text.cancelling, Cancel.every); a day
called off alone (明天不去了) is not every booking, and nothing else said changes."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.text.cancelling import cancelled_day, read_cancel
from knowledge.text.intent import classify

WEDNESDAY = date(2026, 6, 10)


@pytest.mark.parametrize(
    "text",
    [
        "明天的都取消",
        "明天的全不去了",
        "明天的全部取消",
        "明天的预约全取消了",
        "明天的统统不送了",
        "明天的都不要了",
        "明天所有的预约都取消",
        "cancel all tomorrow",
        "cancel all of tomorrow's pickups",
        "cancel both tomorrow",
    ],
)
def test_every_booking_of_the_day(text: str) -> None:
    said = classify(text).text
    cancel = read_cancel(said)
    assert cancel is not None and cancel.every and cancel.names_day
    assert not cancel.products
    assert cancelled_day(said, WEDNESDAY) == date(2026, 6, 11)


@pytest.mark.parametrize(
    "text", ["明天不去了", "取消明天的预约", "not coming tomorrow", "后天那个取消"]
)
def test_one_booking_is_not_every(text: str) -> None:
    cancel = read_cancel(classify(text).text)
    assert cancel is not None and not cancel.every


@pytest.mark.parametrize("text", ["明天都去赶集了", "全取消", "明天的苹果都要打药了"])
def test_no_cancel_of_a_day(text: str) -> None:
    cancel = read_cancel(classify(text).text)
    assert cancel is None or not cancel.names_day
