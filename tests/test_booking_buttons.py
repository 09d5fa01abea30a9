"""Booking and station buttons keep the callback data of the keyboards already in chats."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.callbacks import Button
from handlers.render import bookings as bk
from handlers.render import stations as st

DAY = date(2026, 6, 11)


@pytest.mark.parametrize(
    ("button", "data"),
    [
        (bk.Move(12), "bk:mv:12"),
        (bk.Cancel(12), "bk:cx:12"),
        (bk.CancelYes(12), "bk:cy:12"),
        (bk.Collect(12), "bk:cl:12"),
        (bk.Estimate(12), "bk:ce:12"),
        (bk.NoShow(12), "bk:ns:12"),
        (bk.BookAt(3), "bk:new:3"),
        (bk.ProductPick("西红柿"), "bk:p:西红柿"),
        (bk.UnitPick("j", "1.5"), "bk:u:j:1.5"),
        (bk.StationPick(3), "bk:s:3"),
        (bk.PlacePick(40), "bk:pl:40"),
        (bk.ChangePlace(), "bk:loc"),
        (bk.DayPick(DAY), "bk:d:20260611"),
        (bk.SlotPick(7), "bk:t:7"),
        (bk.Confirm("AbC234xyz"), "bk:ok:AbC234xyz"),
        (bk.Back(), "bk:back"),
        (bk.Quit(), "bk:x"),
        (bk.Restart(), "bk:again"),
        (bk.KeepBooking(), "bk:keep"),
        (bk.CloseSlot(7, DAY), "bk:cs:7:20260611"),
        (bk.CloseYes(7, DAY, "rain"), "bk:cz:7:20260611:rain"),
        (bk.KeepOpen(), "bk:ko"),
        (bk.ReopenSlot(7, DAY), "bk:ro:7:20260611"),
        (bk.WeighQuit(), "bk:wx"),
        (st.Pin(3), "st:pin:3"),
        (st.PlaceChoice(40), "st:pl:40"),
    ],
)
def test_buttons_keep_their_data(button: Button, data: str) -> None:
    assert button.encode() == data
    assert type(button).parse(data) == button


@pytest.mark.parametrize(
    ("button", "data"),
    [
        (bk.Move, "bk:mv:12:1"),
        (bk.Move, "bk:cx:12"),  # another booking button is not this one
        (bk.Back, "bk:back:1"),
        (bk.DayPick, "bk:d:2026061"),
        (bk.CloseYes, "bk:cz:7:20260611"),  # no reason
        (bk.UnitPick, "bk:u:j"),
        (st.Pin, "st:pin:"),
        (st.PlaceChoice, "st:pl:2147483648"),
    ],
)
def test_forged_booking_data_is_refused(button: type[Button], data: str) -> None:
    assert button.parse(data) is None
