"""A booking's amount said in words (改成1200斤, 只有800斤了, make it 1200 jin), told from a move
(改成明天下午) and from a new booking (knowledge/text/pickup.py does not read 改成 as one)."""

from __future__ import annotations

import pytest

from knowledge.text.amount_change import said_amount
from knowledge.text.lexicon import lexicon
from knowledge.text.moving import says_move
from knowledge.text.normalise import normalise
from knowledge.text.numbers import Quantity
from knowledge.text.pickup import says_booking


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("改成1200斤", 1200, "斤"),
        ("西红柿改成1200斤", 1200, "斤"),
        ("多送点 改成两千斤", 2000, "斤"),
        ("只有800斤了", 800, "斤"),
        ("少送点 300斤", 300, "斤"),
        ("西红柿那个改成1.5吨吧", 1.5, "吨"),
        ("数量改成600公斤", 600, "公斤"),
        ("make it 1200 jin", 1200, "斤"),
        ("change it to 600 kg", 600, "公斤"),
        ("I only have 800 jin now", 800, "斤"),
    ],
)
def test_an_amount_changed(text: str, value: float, unit: str) -> None:
    assert said_amount(text) == Quantity(value, unit)
    assert not says_move(text)
    norm = normalise(text)
    assert not says_booking(norm, lexicon().mentions(norm, "product"))


@pytest.mark.parametrize(
    "text",
    [
        "改成明天下午",  # a move
        "改成明天1200斤",  # a day named: not only the amount
        "改成下午",
        "改成1200",  # no unit
        "改成两三千斤",  # a range: which figure?
        "多送点",  # no amount
        "西红柿多少钱一斤",
        "只有800斤了 能卖多少钱",
        "打药改成500斤水",
        "make it friday",
        "明天上午送500斤西红柿到站里",  # a new booking
    ],
)
def test_no_amount_change(text: str) -> None:
    assert said_amount(text) is None


def test_a_move_stays_a_move() -> None:
    assert says_move("改成明天下午") and says_move("西红柿改到后天")
