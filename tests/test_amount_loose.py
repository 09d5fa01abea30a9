"""Amounts said loosely (一千多斤, 十几吨, 两千来斤, "1000+ jin"): read as the figure said, and
a booking asks which figure to book, as for a range (3-5吨); a listing says what it took."""

from __future__ import annotations

import pytest

from bot.core.i18n import t
from handlers.bookings.base import LOOSE, RANGE, set_amount, take_amount
from handlers.render import amounts
from knowledge.text.intent import classify
from knowledge.text.numbers import LooseAmount, Quantity, parse_loose, parse_quantity


def _loose(said: str, low: float, high: float | None, unit: str) -> LooseAmount:
    return LooseAmount(said, Quantity(low, unit), Quantity(high, unit) if high else None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The blind test's words.
        ("一千多斤", _loose("一千多斤", 1000, 2000, "斤")),
        ("十几吨", _loose("十几吨", 10, 20, "吨")),
        ("两千来斤", _loose("两千来斤", 2000, None, "斤")),
        ("三百来公斤", _loose("三百来公斤", 300, None, "公斤")),
        # Said other ways: the next round figure is one more of the figure's last place.
        ("1000多斤", _loose("1000多斤", 1000, 2000, "斤")),
        ("一千五百多斤", _loose("一千五百多斤", 1500, 1600, "斤")),
        ("二十几吨", _loose("二十几吨", 20, 30, "吨")),
        ("一万多斤", _loose("一万多斤", 10000, 20000, "斤")),
        ("一吨多", _loose("一吨多", 1, 2, "吨")),
        ("三千多斤玉米", _loose("三千多斤", 3000, 4000, "斤")),
        ("1000+ jin", _loose("1000+ jin", 1000, 2000, "斤")),
        ("over 1000 jin", _loose("over 1000 jin", 1000, 2000, "斤")),
        ("more than 3 tonnes", _loose("more than 3 tonnes", 3, 4, "吨")),
    ],
)
def test_amounts_said_loosely(text: str, expected: LooseAmount) -> None:
    assert parse_loose(text) == expected, text
    assert parse_quantity(text) == expected.low, text  # every reader of amounts gets the figure


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("about 2000 jin", Quantity(2000, "斤")),  # the figure, as 大概两千斤 already was
        ("两千斤", Quantity(2000, "斤")),
        ("3-5吨", Quantity(5, "吨")),  # a range is a range
        ("一吨多少钱", Quantity(1, "吨")),  # 多少 asks; 一吨 is the amount
        ("我有两千斤，一千多斤是西红柿", Quantity(2000, "斤")),  # the first amount counts
        ("一千多块", None),  # money, not weight
    ],
)
def test_exact_amounts_ranges_and_money_are_not_loose(text: str, quantity: Quantity | None) -> None:
    assert parse_loose(text) is None, text
    assert parse_quantity(text) == quantity, text


def test_a_loose_amount_in_a_sentence_is_its_quantity() -> None:
    intent = classify("我有一千多斤玉米要卖")
    assert intent.quantity == Quantity(1000, "斤")


def test_a_booking_asks_which_figure_of_an_open_ended_amount() -> None:
    draft: dict[str, object] = {"mode": "new", "product": "西红柿"}
    assert take_amount(draft, "一千多斤", Quantity(1000, "斤"), "zh") is None
    assert draft[RANGE] == [[1000, "斤"], [2000, "斤"]] and draft[LOOSE] == "一千多斤"
    assert "kg" not in draft
    text, markup = amounts.range_question("zh", (1000, "斤"), (2000, "斤"), said="一千多斤")
    assert text == t("zh", "bookings.loose_ask", said="一千多斤", low="1000斤", high="2000斤")
    assert [row[0].text for row in markup.inline_keyboard[:2]] == ["按2000斤预约", "按1000斤预约"]
    # A figure picked (or typed) replaces the question.
    set_amount(draft, 600, "1200斤")
    assert RANGE not in draft and LOOSE not in draft and draft["kg"] == 600


def test_about_an_amount_is_booked_as_it() -> None:
    draft: dict[str, object] = {"mode": "new", "product": "西红柿"}
    assert take_amount(draft, "两千来斤", Quantity(2000, "斤"), "zh") is None
    assert draft["kg"] == 1000 and draft["qty"] == "2000斤" and RANGE not in draft


def test_english_loose_question() -> None:
    text, _ = amounts.range_question("en", (1000, "斤"), (2000, "斤"), said="1000+ jin")
    assert text.startswith("You said 1000+ jin: which amount should I book?")
