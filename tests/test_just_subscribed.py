"""A time said alone (right after subscribing) and a part of the day said in a subscription."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from telegram import Update

from bot.alerts import parsing
from bot.alerts.model import AlertError, AlertView
from bot.models.alerts import AlertKind, AlertStatus
from handlers import just_subscribed

SEVEN = time(7, 0)


@pytest.mark.parametrize(
    ("said", "at"),
    [
        ("每天早上8点", time(8, 0)),
        ("8点", time(8, 0)),
        ("早上八点推", time(8, 0)),
        ("改成晚上7点", time(19, 0)),
        ("晚上发", parsing.EVENING_DIGEST),
        ("中午12点吧", time(12, 0)),
        ("7点半吧", time(7, 30)),
        ("改成7点行吗", time(7, 0)),
        ("18:30", time(18, 30)),
        ("早上", SEVEN),
        ("at 8 am", time(8, 0)),
        ("make it 7pm", time(19, 0)),
        ("send it at 6 pm instead", time(18, 0)),
        ("every evening", parsing.EVENING_DIGEST),
    ],
)
def test_a_time_said_alone(said: str, at: time) -> None:
    assert parsing.time_alone(said, SEVEN) == at
    assert parsing.is_time_alone(said)


@pytest.mark.parametrize(
    "said",
    ["明天8点", "明天8点来收", "8点开门吗", "几点", "好的", "发", "8", "晚点发", "8点以后",
     "西红柿多少钱", "订阅土豆价格 8点", "what time is it", "tomato price at 8 am"],
)  # fmt: skip
def test_anything_more_than_a_time_is_not_one(said: str) -> None:
    assert parsing.time_alone(said, SEVEN) is None
    assert not parsing.is_time_alone(said)


@pytest.mark.parametrize("said", ["25点", "8:75", "at 25:00"])
def test_a_time_that_does_not_exist_is_refused_as_the_alerts_are(said: str) -> None:
    with pytest.raises(AlertError) as refused:
        parsing.time_alone(said, SEVEN)
    assert refused.value.code == "time"
    assert parsing.is_time_alone(said)  # taken as a time, so the reason is said


def test_the_morning_is_the_default_hour_when_that_is_a_morning_one() -> None:
    assert parsing.time_alone("早上发", time(6, 30)) == time(6, 30)
    assert parsing.time_alone("早上发", time(18, 0)) == parsing.MORNING_DIGEST


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("订阅白菜价格 每天早上8点", time(8, 0)),
        ("订阅白菜价格 晚上发", parsing.EVENING_DIGEST),
        ("每天晚上告诉我土豆价格", parsing.EVENING_DIGEST),
        ("每天中午告诉我土豆价格", parsing.NOON_DIGEST),
        ("每天下午告诉我土豆价格", parsing.AFTERNOON_DIGEST),
        ("每天早上告诉我土豆价格", SEVEN),
        ("订阅白菜价格", SEVEN),
        ("subscribe to cabbage prices at 8am", time(8, 0)),
        ("subscribe to cabbage prices every evening", parsing.EVENING_DIGEST),
    ],
)
def test_a_subscription_in_one_message_keeps_its_time(text: str, at: time) -> None:
    request = parsing.read_request(text, SEVEN)
    assert (request.kind, request.at_time) == (AlertKind.daily, at)


def test_a_part_of_the_day_is_no_time_for_a_threshold_or_a_move() -> None:
    assert parsing.read_request("西红柿晚上跌了提醒我", SEVEN).kind is AlertKind.below
    assert parsing.read_request("土豆晚上有变化就通知我", SEVEN).kind is AlertKind.move


# ---------------------------------------------------------------- remembered for one update

NOW = datetime(2026, 6, 10, 2, 0, tzinfo=UTC)


def _alert(sub_id: int, kind: AlertKind) -> AlertView:
    at = SEVEN if kind is AlertKind.daily else None
    return AlertView(sub_id, 1, "土豆", kind, None, at, None, None, AlertStatus.active)


def _context(data: dict[Any, Any]) -> Any:
    return SimpleNamespace(user_data=data)


async def test_only_daily_alerts_are_remembered_for_the_next_update(
    clock: Any,
) -> None:
    data: dict[Any, Any] = {}
    context = _context(data)
    just_subscribed.remember(context, [_alert(1, AlertKind.below)])
    assert data == {}  # a threshold alert has no time to set
    just_subscribed.remember(context, [_alert(2, AlertKind.daily), _alert(3, AlertKind.move)])
    now = clock.now()
    assert just_subscribed.recent(data, now) == [2]
    await just_subscribed.forget_stale(Update(1), context)  # the update that made it
    assert just_subscribed.recent(data, now) == [2]
    await just_subscribed.forget_stale(Update(2), context)  # the one after: read, then gone
    assert just_subscribed.recent(data, now) == []


def test_only_within_the_window() -> None:
    made = NOW.timestamp()
    data = {just_subscribed.SUBSCRIBED: {"ids": [4], "at": made}}
    assert just_subscribed.recent(data, NOW + just_subscribed.WINDOW) == [4]
    assert just_subscribed.recent(data, NOW + just_subscribed.WINDOW + timedelta(seconds=1)) == []
    assert just_subscribed.recent({just_subscribed.SUBSCRIBED: "junk"}, NOW) == []
