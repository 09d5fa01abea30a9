"""A pickup round closed by mistake is opened again (blind test): "↩️ 重新开放" under the
closing's reply and in /pickups, for the station's staff only; the farmers it had keep
their booking and are told, in their language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from bot.audit import entries
from bot.bookings.text import date_label
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import BookingStatus
from bot.models.users import User
from bot.sandbox.harness import Harness
from tests.e2e.bookings_util import day_code, pushed, stored_bookings
from tests.e2e.county import direct_booking, load_county, slot_ids, today

pytestmark = pytest.mark.e2e


async def test_staff_reopen_a_slot_closed_by_mistake(harness: Harness) -> None:
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    farmer = harness.user(10001, "张大爷")
    english = harness.user(10002, "王二")
    for person in (staff, farmer, english):
        await person.send("/start")
    async with session_scope() as session:
        await session.execute(update(User).where(User.telegram_id == 10002).values(language="en"))
    tomorrow = today() + timedelta(days=1)
    a = await direct_booking(10001, "SG01", 0, day=tomorrow)
    b = await direct_booking(10002, "SG01", 0, day=tomorrow)
    lists = await staff.send("/pickups")
    await staff.press("🚫 关闭 明天 08:00-10:00", message=lists[-1])
    before = {person.id: len(person.messages) for person in (farmer, english)}
    await staff.press("🌧 下雨")
    assert staff.last.text is not None and staff.last.text.startswith("已关闭")
    reopen = t("zh", "bookings.staff.reopen_button", day="明天", starts="08:00", ends="10:00")
    assert staff.last.buttons == [reopen]
    for person in (farmer, english):  # the closing notices, then what comes after them
        await pushed(person, before[person.id])
    seen = {person.id: len(person.messages) for person in (farmer, english)}

    # Someone else's staff, or a farmer, cannot reopen it (the button's data forged).
    slot = (await slot_ids("SG01"))[0]
    forged = await farmer.press_data(f"bk:ro:{slot}:{day_code(tomorrow)}")
    assert forged.answer is not None
    assert forged.answer.text == t("zh", "bookings.refused.not_staff")
    assert {x.status for x in await stored_bookings()} == {BookingStatus.slot_closed}

    await staff.press("↩️ 重新开放 明天 08:00-10:00")
    assert staff.last.text is not None and staff.last.text.startswith("已重新开放")
    assert "2 户的预约恢复了" in staff.last.text
    assert {x.status for x in await stored_bookings()} == {BookingStatus.booked}
    told = await pushed(farmer, seen[farmer.id])
    assert told.text is not None and told.text.startswith("✅ 圣城街道邮政便民服务站")
    assert a.code in told.text and "照常有效" in told.text
    in_english = await pushed(english, seen[english.id])
    assert in_english.text is not None and "is back on" in in_english.text
    assert b.code in in_english.text
    # Once open, pressing again is refused; /pickups offers to close it again.
    again = await staff.press_data(f"bk:ro:{slot}:{day_code(tomorrow)}")
    assert again.answer is not None
    assert again.answer.text == t("zh", "bookings.refused.not_closed")
    listed = (await staff.send("/pickups"))[-1]
    assert "🚫 关闭 明天 08:00-10:00" in listed.buttons
    async with session_scope() as session:
        [line] = [e for e in await entries(session) if e.action == "slot.reopen"]
    assert line.actor_id == 20001 and line.after is not None
    assert sorted(line.after["bookings"]) == sorted([a.code, b.code])

    # Closed again, the farmers are told again (not taken for the first notice).
    before = len(farmer.messages)
    await staff.press("🚫 关闭 明天 08:00-10:00", message=listed)
    await staff.press("🚚 车坏了")
    assert "车坏了" in ((await pushed(farmer, before)).text or "")
    # And /pickups shows the closed slot with its reopen button.
    listed = (await staff.send("/pickups"))[-1]
    assert "↩️ 重新开放 明天 08:00-10:00" in listed.buttons
    assert "🚫 关闭 明天 08:00-10:00" not in listed.buttons


async def test_reopen_in_english(harness: Harness) -> None:
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    async with session_scope() as session:
        await session.execute(update(User).where(User.telegram_id == 20001).values(language="en"))
    tomorrow = today() + timedelta(days=1)
    lists = await staff.send("/pickups")
    await staff.press("🚫 Close tomorrow 08:00-10:00", message=lists[-1])
    await staff.press(t("en", "bookings.staff.reason_rain"))
    assert staff.last.buttons == ["↩️ Reopen tomorrow 08:00-10:00"]
    await staff.press("↩️ Reopen tomorrow 08:00-10:00")
    said = staff.last.text or ""
    assert said == t(
        "en",
        "bookings.staff.reopened_empty",
        date=date_label("en", tomorrow, today()),
        starts="08:00",
        ends="10:00",
    )
