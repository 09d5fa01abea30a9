"""A round with two bookings of one farmer, closed (sandbox walk: "已约的 2 户会收到通知" for one
farmer, and the closed round in /pickups showed "已约 0/10 户" above the two bookings it listed)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.i18n import t
from bot.sandbox.harness import Harness
from tests.e2e.county import direct_booking, load_county, today

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_two_bookings_of_one_farmer_are_one_farmer_and_two_bookings(
    harness: Harness, lang: str
) -> None:
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    farmer = harness.user(10001, "张大爷")
    for person in (staff, farmer):
        await person.send("/start")
    if lang == "en":
        await staff.send("/language")
        await staff.press("English")
    tomorrow = today() + timedelta(days=1)
    first = await direct_booking(10001, "SG01", 0, day=tomorrow, product="西红柿")
    second = await direct_booking(10001, "SG01", 0, day=tomorrow, product="黄瓜", kg=200)
    who = t(lang, "bookings.staff.who_bookings", farmers=1, bookings=2)
    day_list = (await staff.send("/pickups"))[-1]
    day = t(lang, "bookings.tomorrow")
    close = t(lang, "bookings.staff.close_button", starts="08:00", ends="10:00", day=day)
    await staff.press(close, message=day_list)
    assert who in staff.last.text
    await staff.press(staff.last.buttons[0])  # the first reason
    assert who in staff.last.text
    # The closed round: titled by the bookings it had, with both listed.
    listed = (await staff.send("/pickups"))[-1].text or ""  # tomorrow's list
    title = t(lang, "bookings.staff.slot_title_closed", starts="08:00", ends="10:00", who=who)
    assert title in listed and first.code in listed and second.code in listed
    emptied = t(
        lang,
        "bookings.staff.slot_title",
        starts="08:00",
        ends="10:00",
        count=0,
        capacity=10,
        kg=0,
        capacity_kg=5000,
        done="",
    )
    assert emptied not in listed
