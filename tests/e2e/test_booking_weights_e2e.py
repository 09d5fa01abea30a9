"""Weighing said in the booking's unit, corrected, and recorded early (blind test, Heilongjiang
county): 九百八十斤 for a booking in 斤 was told "490 公斤" only (read as half missing), a typo
could not be corrected (这个预约已经收完货了), and a farmer who came the day before could not be
recorded (还没到收货那天). The tests' clock says 10:00: the station's first round has started."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.audit import AuditEntry
from bot.models.stations import Booking, BookingStatus
from bot.models.users import User
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from tests.e2e.county import direct_booking, load_county, today

pytestmark = pytest.mark.e2e
STAFF = 20001


async def _row(booking_id: int) -> Booking:
    async with session_scope() as session:
        found = await session.get(Booking, booking_id)
        assert found is not None
        return found


async def _in_jin(booking_id: int, **values: object) -> None:
    """The booking as a farmer counting in 斤 made it (1000斤)."""
    async with session_scope() as session:
        await session.execute(
            update(Booking).where(Booking.id == booking_id).values(quantity_text="1000斤", **values)
        )


async def _people(harness: Harness, lang: str) -> tuple[SandboxUser, SandboxUser]:
    await load_county(harness)
    staff, farmer = harness.user(STAFF, "李站长"), harness.user(10001, "张大爷")
    for person in (staff, farmer):
        await person.send("/start")
    if lang == "en":
        async with session_scope() as session:
            await session.execute(
                update(User).where(User.telegram_id.in_((STAFF, 10001))).values(language="en")
            )
    return staff, farmer


async def _told(farmer: SandboxUser, words: str) -> list[str]:
    """The farmer's messages with `words` in them, once the outbox has sent what it has."""
    for _ in range(20):
        found = [m.content for m in farmer.messages if words in m.content]
        if found:
            return found
        try:
            await farmer.next_reply(within=0.5)
        except AssertionError:
            continue
    return []


@pytest.mark.parametrize(
    ("lang", "said", "weighed", "fixed", "again"),
    [
        (
            "zh",
            "{code} 已收 九百八十斤",
            "980 斤（490 公斤）",
            "1000 斤（500 公斤）",
            "{code} 已收 1000斤",
        ),
        (
            "en",
            "{code} collected 980 jin",
            "980 jin (490 kg)",
            "1000 jin (500 kg)",
            "{code} weighed 500 kg",
        ),
    ],
)
async def test_a_weight_in_the_bookings_unit_and_its_typo_corrected(
    harness: Harness, lang: str, said: str, weighed: str, fixed: str, again: str
) -> None:
    staff, farmer = await _people(harness, lang)
    booked = await direct_booking(10001, "SG01", 0, day=today(), kg=500)
    await _in_jin(booked.id)
    done = (await staff.send(said.format(code=booked.code))).last.text
    assert done == t(lang, "bookings.staff.collected", code=booked.code, weighed=weighed)
    assert (await _row(booked.id)).weighed_kg == 490
    # The farmer reads it in 斤 as booked, the kilograms beside it.
    [told] = await _told(farmer, weighed)
    assert booked.code in told

    # The typo corrected: said old → new, audited, the farmer told once.
    corrected = (await staff.send(again.format(code=booked.code))).last.text
    assert corrected == t(
        lang, "bookings.staff.reweighed", code=booked.code, old=weighed, new=fixed
    )
    assert (await _row(booked.id)).weighed_kg == 500
    async with session_scope() as session:
        audit = await session.scalar(
            select(AuditEntry).where(AuditEntry.action == "booking.reweigh")
        )
    assert audit is not None and (audit.before, audit.after) == (
        {"weighed_kg": 490},
        {"weighed_kg": 500},
    )
    assert len(await _told(farmer, fixed)) == 1
    same = (await staff.send(again.format(code=booked.code))).last.text
    assert same == t(lang, "bookings.staff.reweigh_same", code=booked.code, weighed=fixed)
    assert len(await _told(farmer, fixed)) == 1

    # Past the days a typo may be corrected: refused, the weight stays.
    await _in_jin(booked.id, day=today() - timedelta(days=4))
    late = (await staff.send(again.format(code=booked.code).replace("1000", "990"))).last.text
    assert late == t(lang, "bookings.refused.correct_over", days=3)
    assert (await _row(booked.id)).weighed_kg == 500


@pytest.mark.parametrize(
    ("lang", "said", "weighed"),
    [
        ("zh", "{code} 已收 780斤", "780 斤（390 公斤）"),
        ("en", "{code} collected 780 jin", "780 jin (390 kg)"),
    ],
)
async def test_a_farmer_who_came_early_is_recorded_once_confirmed(
    harness: Harness, lang: str, said: str, weighed: str
) -> None:
    staff, farmer = await _people(harness, lang)
    tomorrow = await direct_booking(10001, "SG01", 0, day=today() + timedelta(days=1), kg=500)
    await _in_jin(tomorrow.id)
    asked = (await staff.send(said.format(code=tomorrow.code))).last
    # 「提前收货？」 with ✅: nothing recorded until it is pressed.
    opening = "提前收货？" if lang == "zh" else "Collect early?"
    text = asked.text or ""
    assert text.startswith(f"{opening}{'' if lang == 'zh' else ' '}{tomorrow.code}")
    assert weighed in text
    assert asked.buttons == [t(lang, "bookings.staff.early_button", weighed=weighed)]
    assert (await _row(tomorrow.id)).status is BookingStatus.booked
    done = (await staff.press(asked.buttons[0], message=asked)).last.text
    assert done == t(lang, "bookings.staff.collected", code=tomorrow.code, weighed=weighed)
    row = await _row(tomorrow.id)
    assert row.status is BookingStatus.collected and row.weighed_kg == 390
    async with session_scope() as session:
        audit = await session.scalar(
            select(AuditEntry).where(AuditEntry.action == "booking.collect")
        )
    assert audit is not None and audit.after is not None and audit.after.get("early") is True
    assert await _told(farmer, weighed)
    # Pressed again: collected already, said so; nothing changes.
    again = await staff.press_data(asked.callback_data[0], message=asked)
    assert again.answer is not None and again.answer.text == t(
        lang, "bookings.refused.state.collected"
    )
