"""A booking moved to a round the station has closed: said to be closed (and why), with the
rounds still open that day (sandbox walk: only "nothing free in the afternoon")."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from bot.bookings import model, service
from bot.bookings.text import date_label
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.users import User
from bot.sandbox.harness import Harness, SandboxUser
from tests.e2e.county import direct_booking, load_county, slot_ids, today

pytestmark = pytest.mark.e2e


async def _close(staff: SandboxUser, label: str, reason: str) -> None:
    lists = await staff.send("/pickups")
    await staff.press(label, message=lists[-1])
    await staff.send(reason)  # the staff's own words, asked back with their ✅
    await staff.press(t("zh", "bookings.staff.close_said_button"))
    assert staff.last.text is not None and staff.last.text.startswith("已关闭")


@pytest.mark.parametrize(
    ("lang", "move"),
    [("zh", "改到明天下午"), ("zh", "改到明天下午3点"), ("en", "move it to tomorrow afternoon")],
)
async def test_moving_to_a_closed_round_says_it_is_closed(
    harness: Harness, lang: str, move: str
) -> None:
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    farmer = harness.user(10001, "张大爷")
    for person in (staff, farmer):
        await person.send("/start")
    async with session_scope() as session:
        await session.execute(update(User).where(User.telegram_id == 10001).values(language=lang))
    tomorrow = today() + timedelta(days=1)
    # Booked another day: tomorrow's 08:00 is no round it is already in (those are not offered).
    await direct_booking(10001, "SG01", 0, day=tomorrow + timedelta(days=1))  # 08:00-10:00
    await _close(staff, "🚫 关闭 明天 14:00-16:00", "下雨路不好走")
    moved = await farmer.send(move)
    date = date_label(lang, tomorrow, today())
    why = t(lang, "bookings.closed_why", reason="下雨路不好走")
    text = moved.last.text or ""
    assert t(lang, "bookings.round_closed", date=date, rounds="14:00-16:00", why=why) in text
    assert "14:00-16:00" not in "".join(moved.last.buttons)
    assert any(b.startswith("08:00-10:00") for b in moved.last.buttons)


async def test_a_day_whose_rounds_are_all_closed_is_not_fully_booked(harness: Harness) -> None:
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    farmer = harness.user(10001, "张大爷")
    for person in (staff, farmer):
        await person.send("/start")
    tomorrow = today() + timedelta(days=2)
    await direct_booking(10001, "SG01", 0, day=today() + timedelta(days=1))
    async with session_scope() as session:  # both rounds of the day after tomorrow
        actor = await model.actor_of(session, 20001)
        for slot in await slot_ids("SG01"):
            await service.close_slot(session, actor, slot, tomorrow, "rain")
    moved = await farmer.send("改到后天")
    text = moved.last.text or ""
    date = date_label("zh", tomorrow, today())
    why = t("zh", "bookings.closed_why", reason=t("zh", "bookings.reason.rain"))
    rounds = "08:00-10:00、14:00-16:00"
    assert t("zh", "bookings.day_closed", date=date, rounds=rounds, why=why) in text
    assert t("zh", "bookings.no_slots", date=date) not in text
