"""Numbers as farmers type them: amounts and prices, and numbers too big to be either."""

from __future__ import annotations

import math

import pytest

from knowledge.text.intent import classify
from knowledge.text.numbers import MAX_NUMBER, Quantity, parse_price, parse_quantity, to_number

HUGE = "9" * 400


@pytest.mark.parametrize(
    ("token", "expected"),
    [("2000", 2000.0), ("两千五", 2500.0), ("1.5", 1.5), ("三", 3.0), ("", None), ("abc", None)],
)
def test_to_number(token: str, expected: float | None) -> None:
    assert to_number(token) == expected


@pytest.mark.parametrize(
    "token", [HUGE, "1" + "0" * 13, "inf", "nan", "-inf", "1e400", "九" * 400, "九千九百亿亿亿亿"]
)
def test_numbers_beyond_any_amount_or_price_are_not_numbers(token: str) -> None:
    assert to_number(token) is None


def test_the_largest_accepted_number_is_finite() -> None:
    value = to_number(str(int(MAX_NUMBER)))
    assert value is not None and math.isfinite(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("两千斤", Quantity(2000, "斤")),
        ("1.5吨", Quantity(1.5, "吨")),
        ("300公斤", Quantity(300, "公斤")),
        ("两万斤", Quantity(20000, "斤")),
        (f"{HUGE}斤", None),
        (f"预约收货 {HUGE}斤", None),
    ],
)
def test_parse_quantity(text: str, expected: Quantity | None) -> None:
    assert parse_quantity(text) == expected


def test_a_huge_amount_or_price_is_never_infinite() -> None:
    assert parse_price(f"{HUGE}元一斤") is None
    intent = classify(f"我有{HUGE}斤玉米要卖，{HUGE}块一斤")
    assert intent.quantity is None and intent.price is None
    # An amount that does parse is finite, so kg and rounding cannot overflow.
    big = parse_quantity(f"{int(MAX_NUMBER)}万吨")
    assert big is not None and math.isfinite(big.kg) and round(big.kg) > 0


@pytest.mark.parametrize(
    ("text", "kg"),
    [
        ("2000 jin", 1000.0),
        ("300 kg", 300.0),
        ("1.5 t", 1500.0),
        ("2 tonnes", 2000.0),
        ("3 tons of corn", 3000.0),
        ("I have 1000 jin of corn", 500.0),
    ],
)
def test_english_amounts(text: str, kg: float) -> None:
    quantity = parse_quantity(text)
    assert quantity is not None and quantity.kg == kg


@pytest.mark.parametrize(
    ("text", "yuan", "unit"),
    [
        ("海椒跌到5块一公斤提醒我", 5.0, "公斤"),  # 一公斤 is the amount, not 5块1
        ("西红柿跌到两块一斤提醒我", 2.0, "斤"),
        ("三块五", 3.5, None),
        ("3块5一斤", 3.5, "斤"),
        ("三块二一斤", 3.2, "斤"),
        ("5块5毛一斤", 5.5, "斤"),
        ("两块一", 2.1, None),
        ("九毛八", 0.98, None),  # 毛 then its 分
        ("9毛8一斤", 0.98, "斤"),
        ("九毛八一斤", 0.98, "斤"),
        ("五毛一斤", 0.5, "斤"),  # 一斤 is the unit, not 5毛1
        ("五毛1斤", 0.5, "斤"),
        ("三毛五十斤", 0.3, None),  # 五十斤 is an amount
        ("一块二毛五", 1.25, None),  # 块, 毛 and 分: 1.25, not 1.2
        ("1块2毛5", 1.25, None),
        ("1元2角5分", 1.25, None),
        ("一块二毛五分钱一斤", 1.25, "斤"),
        ("跌到一块二毛五一斤提醒我", 1.25, "斤"),
        ("一块零五", 1.05, None),
        ("2块05", 2.05, None),
        ("一块二毛五斤", 1.2, None),  # 五斤 is an amount
        ("三块五毛八十斤", 3.5, None),  # 八十斤 is an amount
    ],
)
def test_the_digit_after_kuai_is_tenths_unless_a_unit_follows(
    text: str, yuan: float, unit: str | None
) -> None:
    price = parse_price(text)
    assert price is not None and (price.yuan, price.unit) == (yuan, unit)
