"""A price alert's unit said before its price (sandbox walk): 茄子一公斤超过五块告诉我 is 2.50
元/斤, not 5.00; and alerts asked the way farmers say them (掉到, 提醒俺, 两块以下告诉我)."""

from __future__ import annotations

from datetime import time

import pytest

from bot.alerts.parsing import read_request
from bot.models.alerts import AlertKind
from knowledge.text.intent import Kind, classify
from knowledge.text.numbers import Price, parse_price

DIGEST = time(18, 0)


@pytest.mark.parametrize(
    ("text", "product", "kind", "per_jin"),
    [
        # The unit before the number counts as much as after it.
        ("茄子一公斤超过五块告诉我", "茄子", AlertKind.above, 2.5),
        ("大蒜一公斤低于8块提醒我", "大蒜", AlertKind.below, 4.0),
        ("茄子每公斤5块以上提醒我", "茄子", AlertKind.above, 2.5),
        ("茄子5块钱一公斤以上告诉我", "茄子", AlertKind.above, 2.5),
        ("茄子公斤价5块以上提醒我", "茄子", AlertKind.above, 2.5),
        ("茄子按公斤算超过5块提醒我", "茄子", AlertKind.above, 2.5),
        ("茄子一公斤两块五以上提醒我", "茄子", AlertKind.above, 1.25),
        # As before: after the number, and per 斤.
        ("茄子超过五块一公斤提醒我", "茄子", AlertKind.above, 2.5),
        ("茄子一斤超过3块提醒我", "茄子", AlertKind.above, 3.0),
        ("茄子超过五块提醒我", "茄子", AlertKind.above, 5.0),
        # English, before or after.
        ("alert me when eggplant is over 5 yuan per kg", "茄子", AlertKind.above, 2.5),
        ("alert me when the eggplant price per kg is over 5 yuan", "茄子", AlertKind.above, 2.5),
        ("tell me when a kilo of garlic is below 8 yuan", "大蒜", AlertKind.below, 4.0),
    ],
)
def test_the_unit_said_before_the_price_counts(
    text: str, product: str, kind: AlertKind, per_jin: float
) -> None:
    assert classify(text).kind is Kind.subscribe
    request = read_request(text, DIGEST)
    assert (request.products, request.kind, request.threshold) == ((product,), kind, per_jin)


@pytest.mark.parametrize(
    ("text", "price"),
    [
        # A load before a price of its own is no unit of it.
        ("我有一吨玉米要卖价格1块2", Price(1.2, None)),
        ("我有一吨玉米要卖，价格1块2", Price(1.2, None)),
        ("十一斤三块", Price(3.0, None)),
        ("I have a ton of potatoes, tell me when above 5 yuan", Price(5.0, None)),
        # A price per unit, either way round.
        ("玉米一吨1200块", Price(1200.0, "吨")),
        ("每斤2元", Price(2.0, "斤")),
        ("两块八一公斤", Price(2.8, "公斤")),
        ("1公斤5块", Price(5.0, "公斤")),
    ],
)
def test_only_a_unit_next_to_its_price_is_its_unit(text: str, price: Price) -> None:
    assert parse_price(text) == price


@pytest.mark.parametrize(
    ("text", "kind", "threshold"),
    [
        ("寿光黄瓜掉到两块以下提醒俺", AlertKind.below, 2.0),
        ("黄瓜两块以下告诉我", AlertKind.below, 2.0),
        ("黄瓜掉到两块提醒咱", AlertKind.below, 2.0),
        ("黄瓜掉价了告诉我", AlertKind.below, None),
    ],
)
def test_alerts_in_farmers_words(text: str, kind: AlertKind, threshold: float | None) -> None:
    assert classify(text).kind is Kind.subscribe
    request = read_request(text, DIGEST)
    assert (request.products, request.kind, request.threshold) == (("黄瓜",), kind, threshold)


@pytest.mark.parametrize("text", ["气温35度以上通知大家注意什么", "叶子掉了咋办", "黄瓜掉叶子"])
def test_neighbours_are_no_alerts(text: str) -> None:
    assert classify(text).kind is not Kind.subscribe
