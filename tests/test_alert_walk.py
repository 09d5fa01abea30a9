"""A blind tester's walk through alerts (unit): the values ✏️ takes, English thresholds
without "yuan", 涨过 / 跌破 / 低过 / 高过."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.alerts.parsing import direction_named, is_value, read_request
from bot.markets.supply import parse_ready_date
from bot.models.alerts import AlertKind
from knowledge.text.intent import Kind, classify


@pytest.mark.parametrize("text", ["3块5", "2块5", "2.5", "两块五", "3块", "10%", "7点半"])
def test_a_new_value_is_the_change_steps_answer(text: str) -> None:
    assert is_value(text)


@pytest.mark.parametrize("text", ["西红柿怎么防病", "羊拉稀好几天了", "你好"])
def test_other_words_are_no_value(text: str) -> None:
    assert not is_value(text)


@pytest.mark.parametrize(
    ("said", "kind", "price"),
    [
        ("tell me when garlic goes below 2.5", AlertKind.below, 2.5),
        ("alert me when garlic drops below 2.5", AlertKind.below, 2.5),
        ("alert me when garlic drops to 2.5", AlertKind.below, 2.5),
        ("tell me when garlic rises above 3", AlertKind.above, 3.0),
        ("大蒜跌到2.5提醒我", AlertKind.below, 2.5),
        ("大蒜涨过3块5告诉我", AlertKind.above, 3.5),
        ("潍坊大蒜涨过3块5告诉我", AlertKind.above, 3.5),
        ("大蒜跌破2块告诉我", AlertKind.below, 2.0),
        ("大蒜低过2块告诉我", AlertKind.below, 2.0),
        ("大蒜高过3块告诉我", AlertKind.above, 3.0),
    ],
)
def test_a_line_said_with_or_without_its_unit(said: str, kind: AlertKind, price: float) -> None:
    assert classify(said).kind is Kind.subscribe
    request = read_request(said, time(7))
    assert (request.kind, request.threshold, request.products) == (kind, price, ("大蒜",))


@pytest.mark.parametrize(
    "said",
    ["tell me garlic prices every day at 8", "大蒜每天8点告诉我", "tell me when garlic drops"],
)
def test_a_time_or_no_number_is_no_line(said: str) -> None:
    assert read_request(said, time(7)).threshold is None


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("大蒜跌的那个提醒", AlertKind.below),
        ("大蒜涨的那个提醒", AlertKind.above),
        ("change my garlic falling alert", AlertKind.below),
        ("大蒜的提醒", None),
        ("大蒜涨跌的提醒", None),
    ],
)
def test_an_alert_named_by_its_direction(words: str, kind: AlertKind | None) -> None:
    assert direction_named(words) is kind


SATURDAY = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("said", "ready"),
    [
        ("I have 3000 jin of scallions to sell next week", date(2026, 12, 7)),
        ("3000 jin of corn ready tomorrow", date(2026, 12, 6)),
        ("corn in 3 days", date(2026, 12, 8)),
        ("corn next Saturday", date(2026, 12, 12)),
        ("corn ready now", SATURDAY),
        ("corn at the end of the month", date(2026, 12, 31)),
        ("corn next month", date(2027, 1, 1)),
        ("corn on Dec 20", date(2026, 12, 20)),
        ("I have 3000 jin of scallions", None),
        ("下周能卖", date(2026, 12, 7)),
    ],
)
def test_when_an_english_offer_is_ready(said: str, ready: date | None) -> None:
    assert parse_ready_date(said, SATURDAY) == ready
