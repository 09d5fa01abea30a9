"""An amount said with a minus sign is refused, not read as its size (sandbox walk: -5斤 became 5斤)."""

from __future__ import annotations

import pytest

from bot.core.i18n import t
from handlers.bookings.base import fill_from_sentence, negative_note
from knowledge.text.dates import said_day
from knowledge.text.intent import classify
from tests.stations_util import MORNING


@pytest.mark.parametrize("text", ["-5斤", "－5斤", "−5公斤", "负5斤", "负五斤", "土豆 -5斤", "-5"])
def test_a_negative_amount_is_refused(text: str) -> None:
    assert negative_note(text, "zh") == t("zh", "bookings.negative_quantity")
    assert negative_note(text, "en") == t("en", "bookings.negative_quantity")


@pytest.mark.parametrize("text", ["5斤", "两千斤", "3-5吨", "三-五吨", "1.5吨", "300公斤", "12-3"])
def test_an_ordinary_amount_is_not(text: str) -> None:
    assert negative_note(text, "zh") is None


def test_a_negative_amount_in_a_sentence_sets_no_amount() -> None:
    text = "预约收货 土豆-5斤"
    intent = classify(text)
    draft: dict[str, object] = {"mode": "new"}
    note = fill_from_sentence(draft, intent, said_day(intent.text, MORNING.date()), "zh")
    assert note == t("zh", "bookings.negative_quantity")
    assert draft.get("product") == "土豆" and "kg" not in draft
