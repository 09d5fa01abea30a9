"""The counts a notice closing a booked round is said with (blind test: 2 in the preview, 1 once
sent): the farmers told by the closing's message are counted among its farmers, and said."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Any, cast

import pytest

from bot.bookings.model import SlotPickups
from bot.core.i18n import t
from bot.models.stations import BookingStatus
from handlers.broadcasts.closing import ROUNDS, done_text, preview_note


@dataclass(frozen=True)
class _Booking:
    farmer_id: int
    status: BookingStatus = BookingStatus.booked


def _round(*bookings: _Booking) -> SlotPickups:
    return SlotPickups(
        1, date(2026, 6, 11), time(8), time(10), 5, 5000, len(bookings), 0, False,
        cast(Any, bookings),
    )  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_preview_says_who_gets_it_by_the_closing(lang: str) -> None:
    draft = {ROUNDS: [[1, "2026-06-11"]]}
    # 7 booked twice and 8 cancelled: one farmer told by the closing; 9 is not in the audience.
    rounds = [_round(_Booking(7), _Booking(7), _Booking(8, BookingStatus.cancelled), _Booking(9))]
    note = preview_note(lang, rounds, {7, 8, 10}, draft)
    one = t(lang, "broadcasts.closed_round_one")
    assert note == "\n" + t(lang, "broadcasts.preview_closing", n=3, closed=1, round=one)
    assert preview_note(lang, [_round(_Booking(9))], {7, 8}, draft) == ""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_result_counts_the_closings_farmers_too(lang: str) -> None:
    draft = {ROUNDS: [[1, "2026-06-11"], [2, "2026-06-11"]]}
    many = t(lang, "broadcasts.closed_round_many")
    said = done_text(lang, 1, 2, draft, 5, None)
    assert said == t(lang, "broadcasts.sent_closed", n=3, closed=2, round=many)
    assert done_text(lang, 4, 0, draft, 5, None) == t(lang, "broadcasts.sent", n=4)
    later = done_text(lang, 1, 1, draft, 5, "6月10日 17:00")
    assert later == t(
        lang, "broadcasts.scheduled_closed", n=2, closed=1, round=many, when="6月10日 17:00"
    )
    assert "3" in said and ("共 3 位" in said if lang == "zh" else "to 3 farmers" in said)
