"""Amounts estimated as a range (3-5吨, 两三千斤, 4、5百斤, 3 to 5 tonnes): read as a range,
never as one figure unasked; and the booking's draft keeps the range for the amount step."""

from __future__ import annotations

import pytest

from bot.core.i18n import t
from handlers.bookings.base import RANGE, fill_from_sentence, negative_note, set_amount, take_amount
from knowledge.text.dates import said_day
from knowledge.text.intent import classify
from knowledge.text.numbers import AmountRange, Quantity, parse_quantity, parse_range
from tests.stations_util import MORNING


def _range(low: float, high: float, unit: str, low_unit: str | None = None) -> AmountRange:
    return AmountRange(Quantity(low, low_unit or unit), Quantity(high, unit))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Joined by a dash, a word or 、 (the unit said once, or with both figures).
        ("3-5吨", _range(3, 5, "吨")),
        ("3 - 5吨", _range(3, 5, "吨")),
        ("3～5吨", _range(3, 5, "吨")),  # a full-width tilde
        ("三到五吨", _range(3, 5, "吨")),
        ("3至5吨", _range(3, 5, "吨")),
        ("3吨到5吨", _range(3, 5, "吨")),
        ("3吨-5吨", _range(3, 5, "吨")),
        ("1.5-2吨", _range(1.5, 2, "吨")),
        ("2000到3000斤", _range(2000, 3000, "斤")),
        ("两千到三千斤", _range(2000, 3000, "斤")),
        ("十到十五吨", _range(10, 15, "吨")),
        ("500斤到1吨", _range(500, 1, "吨", "斤")),
        # The larger figure's magnitude is the smaller's too, unless that makes it larger.
        ("4、5百斤", _range(400, 500, "斤")),
        ("两到三千斤", _range(2000, 3000, "斤")),
        ("1.5-2万斤", _range(15000, 20000, "斤")),
        ("800到1千斤", _range(800, 1000, "斤")),
        # Two neighbouring numerals (and 三五): an estimate, not 34 or 35.
        ("两三千斤", _range(2000, 3000, "斤")),
        ("一两千斤玉米", _range(1000, 2000, "斤")),
        ("三四吨", _range(3, 4, "吨")),
        ("七八百斤", _range(700, 800, "斤")),
        ("三五百斤", _range(300, 500, "斤")),
        ("二三十吨", _range(20, 30, "吨")),
        ("一两万斤", _range(10000, 20000, "斤")),
        # English.
        ("3 to 5 tonnes", _range(3, 5, "吨")),
        ("3-5 tons", _range(3, 5, "吨")),
        ("between 3 and 5 tonnes", _range(3, 5, "吨")),
        ("3 or 4 tons of corn", _range(3, 4, "吨")),
        ("200-300 kg", _range(200, 300, "公斤")),
        ("2000 to 3000 jin", _range(2000, 3000, "斤")),
    ],
)
def test_a_range_is_read_with_both_figures(text: str, expected: AmountRange) -> None:
    assert parse_range(text) == expected
    # Whoever reads one amount gets the larger figure: the room the load may need.
    assert parse_quantity(text) == expected.high


@pytest.mark.parametrize(
    "text",
    [
        "两千斤",
        "1.5吨",
        "一吨半",
        "三十四吨",  # a number, not three or four
        "5-5吨",  # one figure twice
        "5到3吨",  # backwards: no estimate between two figures
        "3 and 5 tonnes",  # two loads listed, not "between 3 and 5"
        "3-5块一斤",  # a price range
        "6-8号送3吨",  # days, then one amount
        "2000斤，剩下3-5吨",  # a range after the amount said first is not this one
        "1-2天",
    ],
)
def test_no_range(text: str) -> None:
    assert parse_range(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A magnitude written after digits (used to be missed: 2千斤 was "not understood").
        ("2千斤", Quantity(2000, "斤")),
        ("5百斤", Quantity(500, "斤")),
        ("3千公斤", Quantity(3000, "公斤")),
        ("三四吨", Quantity(4, "吨")),  # used to be read as 34 吨
        ("5-3吨", Quantity(3, "吨")),
    ],
)
def test_single_amounts(text: str, expected: Quantity) -> None:
    assert parse_quantity(text) == expected


@pytest.mark.parametrize("text", ["3吨-5吨", "3 - 5吨", "3-5吨"])
def test_a_range_dash_is_no_minus_sign(text: str) -> None:
    assert negative_note(text, "zh") is None


def test_a_range_is_kept_for_the_amount_step_not_booked() -> None:
    draft: dict[str, object] = {"mode": "new", "product": "玉米", "kg": 100, "qty": "200斤"}
    quantity = parse_quantity("两三千斤")
    assert quantity is not None
    assert take_amount(draft, "两三千斤", quantity, "zh") is None
    # Neither figure is booked, and the amount said before is gone with it.
    assert draft[RANGE] == [[2000.0, "斤"], [3000.0, "斤"]]
    assert "kg" not in draft and "qty" not in draft
    # The figure chosen then is the amount, and the range is done with.
    set_amount(draft, 1500, "3000斤")
    assert (draft["kg"], draft["qty"]) == (1500, "3000斤") and RANGE not in draft


def test_a_range_in_a_sentence_is_kept_too() -> None:
    intent = classify("我想后天送3到5吨玉米到站里")
    draft: dict[str, object] = {"mode": "new"}
    assert fill_from_sentence(draft, intent, said_day(intent.text, MORNING.date()), "zh") is None
    assert draft["product"] == "玉米" and draft[RANGE] == [[3.0, "吨"], [5.0, "吨"]]
    assert "kg" not in draft


def test_a_range_too_big_even_at_its_smaller_figure_is_refused() -> None:
    draft: dict[str, object] = {"mode": "new"}
    quantity = parse_quantity("200-300吨")
    assert quantity is not None
    assert take_amount(draft, "200-300吨", quantity, "zh") == t(
        "zh", "bookings.too_much", max_kg=100_000
    )
    assert RANGE not in draft
