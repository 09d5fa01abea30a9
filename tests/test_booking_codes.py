"""A booking code typed by staff (bot.bookings.typed_code): the code, 已收, the weight."""

from __future__ import annotations

import pytest

from bot.bookings.typed_code import CodeSaid, read_code


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("E9LEXL", CodeSaid("E9LEXL", False, None)),
        ("e9lexl", CodeSaid("E9LEXL", False, None)),
        ("预约号E9LEXL", CodeSaid("E9LEXL", False, None)),
        ("E9LEXL 已收 780斤", CodeSaid("E9LEXL", True, 390.0)),
        ("E9LEXL已收780斤", CodeSaid("E9LEXL", True, 390.0)),
        ("收了 E9LEXL 1.2吨", CodeSaid("E9LEXL", True, 1200.0)),
        ("称了E9LEXL七百八十斤", CodeSaid("E9LEXL", True, 390.0)),
        ("E9LEXL 已收 780", CodeSaid("E9LEXL", True, 780.0)),  # a bare number: kg
        ("E9LEXL 收了", CodeSaid("E9LEXL", True, None)),
        ("E9LEXL collected 800 kg", CodeSaid("E9LEXL", True, 800.0)),
        ("ABCDEF", CodeSaid("ABCDEF", False, None)),
    ],
)
def test_a_code_and_a_weighing_said_with_it(text: str, said: CodeSaid) -> None:
    assert read_code(text) == said


@pytest.mark.parametrize(
    "text", ["tomato", "potato", "我有2000斤玉米", "E9LEXL E9LEXM", "E9LEX", "E9LEXLL", "OI0123"]
)
def test_no_code_or_more_than_one(text: str) -> None:
    assert read_code(text) is None
