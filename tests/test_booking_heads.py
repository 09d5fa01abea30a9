"""Live animals counted by the head at a booking's amount step (我有20只羊要卖, 20只羊 每只80斤):
the weight per head is multiplied by the count, a range of heads is asked about as a range,
and with no weight the question says what is needed (handlers/bookings/herds.py)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.i18n import t
from handlers.bookings.base import RANGE
from handlers.bookings.herds import _take_each, ask_weight
from knowledge.text.heads import Herd, said_herd
from knowledge.text.normalise import normalise
from knowledge.text.numbers import Quantity

SHEEP = Herd(20, None, "羊", "羊肉")


def test_a_weight_per_head_is_multiplied() -> None:
    draft: dict[str, Any] = {}
    assert _take_each(draft, SHEEP, Quantity(80, "斤"), "zh") is None
    assert draft["kg"] == 800  # 20 × 80斤 = 1600斤


def test_a_range_of_heads_is_a_range_of_weights() -> None:
    draft: dict[str, Any] = {}
    assert _take_each(draft, Herd(20, 30, "羊", "羊肉"), Quantity(80, "斤"), "zh") is None
    assert draft[RANGE] == [[1600, "斤"], [2400, "斤"]]


def test_too_heavy_in_all_is_said() -> None:
    draft: dict[str, Any] = {}
    problem = _take_each(draft, Herd(5000, None, "牛", "牛肉"), Quantity(1000, "斤"), "zh")
    assert problem is not None and "kg" not in draft


@pytest.mark.parametrize(
    ("lang", "heads", "animal", "each"),
    # 羊 said in Chinese is named to an English reader in English (sheep).
    [("zh", "20只", "羊", "每只"), ("en", "20 head", "sheep", "each one")],
)
def test_the_question_says_what_is_needed(lang: str, heads: str, animal: str, each: str) -> None:
    asked = ask_weight(lang, SHEEP)
    assert asked == t(lang, "bookings.herd_weight", heads=heads, animal=animal, each=each)
    assert heads in asked and each in asked
    assert asked != t(lang, "bookings.bad_quantity")


@pytest.mark.parametrize("text", ["我有20只羊要卖", "20只羊 每只80斤", "I have 20 sheep to sell"])
def test_the_step_finds_the_count(text: str) -> None:
    herd = said_herd(normalise(text))
    assert herd is not None and herd.heads == 20
