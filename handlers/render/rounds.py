"""Who is booked in a pickup round, for its staff: farmers, and bookings when they differ."""

from __future__ import annotations

from collections.abc import Sequence

from bot.bookings.model import BookingView
from bot.core.i18n import t


def who_text(lang: str, bookings: Sequence[BookingView]) -> str:
    """How many farmers the bookings are, and how many bookings when one farmer has several
    (sandbox walk: two bookings of one farmer were "已约的 2 户")."""
    farmers = len({b.farmer_id for b in bookings})
    if farmers == len(bookings):
        return t(lang, "bookings.staff.who_farmers", farmers=farmers)
    return t(lang, "bookings.staff.who_bookings", farmers=farmers, bookings=len(bookings))
