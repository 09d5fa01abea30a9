"""Station staff's /pickups: weighing in, no-shows, not before the round, closing a round."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from bot.audit import entries
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import BookingStatus
from bot.models.users import User
from bot.sandbox.harness import Harness
from tests.e2e.bookings_util import day_code, pushed, stored_bookings
from tests.e2e.county import direct_booking, load_county, slot_ids, today

pytestmark = pytest.mark.e2e


async def test_staff_pickups_collect_and_no_show(harness: Harness) -> None:
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    farmer = harness.user(10001, "张大爷")
    neighbour = harness.user(10002, "王二")
    for person in (staff, farmer, neighbour):
        await person.send("/start")
    a = await direct_booking(10001, "SG01", 0, day=today(), kg=800)
    b = await direct_booking(10002, "SG01", 0, day=today(), kg=300)
    later = await direct_booking(10002, "SG01", 1, day=today() + timedelta(days=1))
    refused = await farmer.send("/pickups")
    assert refused.last.text == t("zh", "guard.staff_only")
    lists = await staff.send("/pickups")
    today_list, tomorrow_list = lists[0], lists[1]
    assert today_list.text.startswith("🏪 圣城街道邮政便民服务站")
    assert "已约 2/10 户 · 1100/5000 公斤" in today_list.text
    assert f"{a.code} 张大爷" in today_list.text and f"{b.code} 王二" in today_list.text
    assert f"✅ 收了 {a.code}" in today_list.buttons
    assert later.code in tomorrow_list.text
    assert f"✅ 收了 {later.code}" not in tomorrow_list.buttons  # not its day yet
    # Collected, with the weighed quantity typed by the staff member.
    asked = await staff.press(f"✅ 收了 {a.code}", message=today_list)
    assert asked.last.text.startswith(f"请打 {a.code} 的过秤重量")
    bad = await staff.send("很重")
    assert bad.last.text == t("zh", "bookings.staff.bad_weight")
    seen = len(farmer.messages)
    done = await staff.send("1.2吨")
    assert done.last.text == t("zh", "bookings.staff.collected", code=a.code, weighed="1200 公斤")
    # The farmer is told through the outbox, queued with the change itself.
    told = (await pushed(farmer, seen)).text
    assert told.startswith("✅ 圣城街道邮政便民服务站 已收到您的西红柿，过秤 1200 公斤")
    # No-show, and the farmer is told with the station's phone.
    seen = len(neighbour.messages)
    await staff.press(f"❌ 没来 {b.code}", message=today_list)
    assert staff.last.text == t("zh", "bookings.staff.no_show", code=b.code)
    notice = await pushed(neighbour, seen)
    assert "没有收到" in notice.text and "0536-5000101" in notice.text
    # The estimate button, on a booking already collected: refused.
    again = await staff.press_data(f"bk:ce:{a.id}")
    collected = t("zh", "bookings.refused.state.collected")
    assert again.answer is not None and again.answer.text == collected
    statuses = {x.code: (x.status, x.weighed_kg) for x in await stored_bookings()}
    assert statuses[a.code] == (BookingStatus.collected, 1200.0)
    assert statuses[b.code] == (BookingStatus.no_show, None)
    assert statuses[later.code] == (BookingStatus.booked, None)
    # Both changes are in the audit log, with who made them, before and after.
    async with session_scope() as session:
        logged = [
            (e.action, e.actor_id, e.target, e.before, e.after) for e in await entries(session)
        ]
    assert logged == [
        (
            "booking.no_show",
            20001,
            f"booking {b.code}",
            {"status": "booked"},
            {"status": "no_show"},
        ),
        (
            "booking.collect",
            20001,
            f"booking {a.code}",
            {"status": "booked"},
            {"status": "collected", "weighed_kg": 1200.0},
        ),
    ]


async def test_pickups_is_for_the_staff_of_a_station(harness: Harness) -> None:
    """/pickups asks the one role guard: its refusal is the guard's, station or not."""
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    farmer = harness.user(10001, "张大爷")
    for person in (staff, farmer):
        await person.send("/start")
    assert (await farmer.send("/pickups")).last.text == t("zh", "guard.staff_only")
    async with session_scope() as session:  # staff, but no longer of any station
        await session.execute(update(User).where(User.telegram_id == 20001).values(station_id=None))
    assert (await staff.send("/pickups")).last.text == t("zh", "guard.no_station")
    admin = harness.user(30001, "县管理员")  # an admin (settings), of no station
    await admin.send("/start")
    # The admin chooses a station (blind test: 「您还没有绑定服务站」 was a dead end).
    assert (await admin.send("/pickups")).last.text == t("zh", "bookings.staff.county_pick")


async def test_a_round_is_not_marked_before_it_starts(harness: Harness) -> None:
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    # The clock says 10:00; the station's last round today starts in the afternoon.
    late = await direct_booking(10001, "SG01", -1, day=today(), kg=800)
    assert late.starts.hour > 10
    today_list = (await staff.send("/pickups"))[0]
    starts, ends = late.starts.strftime("%H:%M"), late.ends.strftime("%H:%M")
    not_started = t("zh", "bookings.refused.not_started", starts=starts, ends=ends)
    collect = await staff.press(f"✅ 收了 {late.code}", message=today_list)
    assert collect.answer is not None and collect.answer.text == not_started
    no_show = await staff.press(f"❌ 没来 {late.code}", message=today_list)
    assert no_show.answer is not None and no_show.answer.text == not_started
    assert [(b.status, b.weighed_kg) for b in await stored_bookings()] == [
        (BookingStatus.booked, None)
    ]


async def test_staff_close_a_slot_and_farmers_rebook(harness: Harness) -> None:
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    farmer = harness.user(10001, "张大爷")
    neighbour = harness.user(10002, "王二")
    for person in (staff, farmer, neighbour):
        await person.send("/start")
    tomorrow = today() + timedelta(days=1)
    a = await direct_booking(10001, "SG01", 0, day=tomorrow)
    b = await direct_booking(10002, "SG01", 0, day=tomorrow)
    lists = await staff.send("/pickups")
    tomorrow_list = lists[-1]
    await staff.press("🚫 关闭 明天 08:00-10:00", message=tomorrow_list)
    assert "已约的 2 户会收到通知" in staff.last.text
    seen = {person.id: len(person.messages) for person in (farmer, neighbour)}
    await staff.press("🌧 下雨")
    assert staff.last.text.startswith("已关闭") and "正在给已约的 2 户发通知" in staff.last.text
    notice = await pushed(farmer, seen[farmer.id])
    assert notice.text.startswith("⚠️ 很抱歉，圣城街道邮政便民服务站")
    assert "因为下雨取消了" in notice.text and a.code in notice.text
    assert notice.buttons == ["🕘 改约别的时间", "✖️ 不约了"]
    assert b.code in (await pushed(neighbour, seen[neighbour.id])).text
    # The farmer picks another time; the closed slot is not offered.
    await farmer.press("🕘 改约别的时间")
    await farmer.press(f"bk:d:{day_code(tomorrow)}")
    assert [x for x in farmer.last.buttons if x.startswith("08:00")] == []
    await farmer.press(farmer.last.buttons[0])
    await farmer.press("✅ 确认")
    # The neighbour gives up instead.
    await neighbour.press("✖️ 不约了")
    await neighbour.press("是，取消预约")
    by_code = {x.code: x for x in await stored_bookings()}
    assert by_code[a.code].status is BookingStatus.booked
    assert by_code[a.code].slot_id == (await slot_ids("SG01"))[1]
    assert by_code[b.code].status is BookingStatus.cancelled
    # Closing it twice is refused.
    again = await staff.press_data(f"bk:cs:{(await slot_ids('SG01'))[0]}:{day_code(tomorrow)}")
    assert again.answer is not None
    assert again.answer.text == t("zh", "bookings.refused.already_closed")
    async with session_scope() as session:
        [closed] = [e for e in await entries(session) if e.action == "slot.close"]
    assert closed.actor_id == 20001 and closed.after is not None
    assert closed.after["reason"] == "rain" and sorted(closed.after["bookings"]) == sorted(
        [a.code, b.code]
    )


async def test_a_typed_reason_closes_the_slot_and_farmers_read_it(harness: Harness) -> None:
    # Sandbox walk: 下雨，车坏了 typed at "why is it closed?" was a knowledge question.
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
    assert "直接打字写原因" in staff.last.text
    seen = {person.id: len(person.messages) for person in (farmer, english)}
    # Too long a reason is said so, and the question still waits for one.
    long = await staff.send("下" * 101)
    assert long.texts == [t("zh", "bookings.staff.reason_too_long", limit=100)]
    # A typed reason is asked back first (blind walk: 看看问题 typed there closed a round).
    asked = await staff.send("下雨，车坏了")
    assert asked.last.text.startswith("确定关闭") and "「下雨，车坏了」" in asked.last.text
    assert not any(text.startswith("已关闭") for text in asked.texts)
    await staff.press(t("zh", "bookings.staff.close_said_button"))
    closed = staff.last.text or ""
    assert closed.startswith("已关闭") and "「下雨，车坏了」" in closed
    notice = await pushed(farmer, seen[farmer.id])
    assert "站里说：「下雨，车坏了」" in notice.text and a.code in notice.text
    assert notice.buttons == ["🕘 改约别的时间", "✖️ 不约了"]
    told = await pushed(english, seen[english.id])
    assert 'The station says: "下雨，车坏了"' in told.text and b.code in told.text
    async with session_scope() as session:
        [entry] = [e for e in await entries(session) if e.action == "slot.close"]
    assert entry.after is not None and entry.after["reason"] == "下雨，车坏了"
    # The conversation is over: the next text is a question again, not another reason.
    asked = await staff.send("下雨，车坏了")
    assert not asked.texts[-1].startswith("已关闭")


async def test_a_command_leaves_the_close_reason_and_nothing_closes(harness: Harness) -> None:
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    tomorrow = today() + timedelta(days=1)
    await direct_booking(10001, "SG01", 0, day=tomorrow)
    lists = await staff.send("/pickups")
    await staff.press("🚫 关闭 明天 08:00-10:00", message=lists[-1])
    left = await staff.send("/help")
    assert left.texts[0] == t("zh", "bookings.staff.close_left")
    assert [b.status for b in await stored_bookings()] == [BookingStatus.booked]
