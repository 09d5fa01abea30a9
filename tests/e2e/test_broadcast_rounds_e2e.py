"""A notice that calls a collection round off (tester: 「明天上午停电，收货改到下午两点以后」 went
out, tomorrow morning's round kept its booking and stayed open, and nothing told the staff).

Before it goes, the preview (or a timed notice's confirmation) says what that round holds, with
📢 send and close it too (the station's own closing: the farmer booked is told and may book
another time), or send the notice only. A notice naming no round is as before.

The sample county: 李站长 (20001) runs SG01, 张大爷 (10001) is one of its farmers; rounds
08:00-10:00 and 14:00-16:00. The clock is pinned at 10:00 on Wednesday 2026-06-10.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.bookings.text import quantity_label
from bot.core.clock import PinnedClock
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.broadcasts import Broadcast, BroadcastStatus
from bot.models.stations import BookingStatus
from bot.models.users import User
from bot.sandbox.harness import Harness, SandboxUser
from tests.e2e.bookings_util import stored_bookings
from tests.e2e.county import direct_booking, load_county, today
from tests.e2e.test_broadcasts_e2e import due

pytestmark = pytest.mark.e2e

NOTICE = "明天上午停电，收货改到下午两点以后"


async def _people(harness: Harness, lang: str = "zh") -> tuple[SandboxUser, SandboxUser]:
    await load_county(harness)
    staff, farmer = harness.user(20001, "李站长"), harness.user(10001, "张大爷")
    for person in (staff, farmer):
        await person.send("/start")
    if lang == "en":
        async with session_scope() as session:
            await session.execute(
                update(User).where(User.telegram_id == 20001).values(language="en")
            )
    return staff, farmer


async def _preview(staff: SandboxUser, text: str, lang: str = "zh") -> str:
    await staff.send("/broadcast")
    await staff.send(text)
    return (await staff.press(t(lang, "broadcasts.audience.station"))).last.text or ""


async def _neighbour(harness: Harness) -> SandboxUser:
    """刘大姐 (10011), another farmer of SG01: booked the day after tomorrow."""
    neighbour = harness.user(10011, "刘大姐")
    await neighbour.send("/start")
    await direct_booking(10011, "SG01", 1, day=today() + timedelta(days=2))
    return neighbour


def _got(farmer: SandboxUser, seen: int) -> list[str]:
    return [m.text or m.caption or "" for m in farmer.messages[seen:]]


async def test_a_notice_calling_off_a_booked_round_closes_it_too(harness: Harness) -> None:
    staff, farmer = await _people(harness)
    neighbour = await _neighbour(harness)  # booked the day after: not in the round called off
    booking = await direct_booking(10001, "SG01", 0, kg=1000)  # tomorrow 08:00
    preview = await _preview(staff, NOTICE)
    amount = quantity_label("zh", booking.quantity_text, booking.quantity_kg)
    assert (
        f"⚠️ 明天上午（6月11日 08:00-10:00）那一轮还有 1 个预约（张大爷 西红柿 {amount}）。"
        "要同时关闭这一轮吗？关闭后这些农户会收到通知，可以改约。"
    ) in preview
    assert staff.last.buttons == [
        t("zh", "broadcasts.send_close"),
        t("zh", "broadcasts.send_only"),
        t("zh", "broadcasts.send_later"),
        t("zh", "broadcasts.cancel_draft"),
    ]
    seen = len(farmer.messages)
    replies = await staff.press(t("zh", "broadcasts.send_close"))
    assert any(text.startswith("已关闭") and f"「{NOTICE}」" in text for text in replies.texts)
    assert (replies.last.text or "").startswith("✅ 通知已发出")
    statuses = {b.code: b.status for b in await stored_bookings()}
    assert statuses[booking.code] is BookingStatus.slot_closed
    assert BookingStatus.booked in statuses.values()  # the neighbour's, the day after
    await harness.delivered()
    got = _got(farmer, seen)
    # One message with both (blind walk: the notice and the closing said the same words
    # twice): the notice's words and what becomes of the booking, with its rebook buttons.
    assert len(got) == 1, got
    assert booking.code in got[0] and f"站里说：「{NOTICE}」" in got[0]
    assert farmer.messages[-1].buttons  # 改约
    # The station's other farmers get the notice itself.
    assert _got(neighbour, 0)[-1] == f"📢 {booking.station_name}通知：\n{NOTICE}"
    # Closed: nobody books tomorrow morning again.
    again = await _preview(staff, "明天上午停电")
    assert "⚠️" not in again


async def test_send_the_notice_only_keeps_the_round(harness: Harness) -> None:
    staff, farmer = await _people(harness)
    await direct_booking(10001, "SG01", 0)
    assert "那一轮还有 1 个预约" in await _preview(staff, NOTICE)
    seen = len(farmer.messages)
    replies = await staff.press(t("zh", "broadcasts.send_only"))
    assert (replies.last.text or "").startswith("✅ 通知已发出")
    assert not any(text.startswith("已关闭") for text in replies.texts)
    assert {b.status for b in await stored_bookings()} == {BookingStatus.booked}
    await harness.delivered()
    assert len(_got(farmer, seen)) == 1


async def test_an_empty_round_is_offered_in_one_line(harness: Harness) -> None:
    staff, _ = await _people(harness)
    await direct_booking(10001, "SG01", 0)  # tomorrow: 张大爷 is one of the station's farmers
    preview = await _preview(staff, "后天下午不收货")
    warning = preview.split("\n\n")[-1]
    assert warning.startswith("⚠️ 后天下午（6月12日 14:00-16:00）那一轮现在没有预约。")
    assert "\n" not in warning


async def test_a_notice_naming_no_round_is_unchanged(harness: Harness) -> None:
    staff, _ = await _people(harness)
    await direct_booking(10001, "SG01", 0)
    for text in ("明天下午收玉米，价格1块2", "明天的培训改到后天", "明天中午休息"):
        preview = await _preview(staff, text)
        assert "⚠️" not in preview, text
        assert staff.last.buttons == [
            t("zh", "broadcasts.send_now"),
            t("zh", "broadcasts.send_later"),
            t("zh", "broadcasts.cancel_draft"),
        ]
        await staff.press(t("zh", "broadcasts.cancel_draft"))


async def test_a_timed_notice_closes_the_round_when_confirmed(
    harness: Harness, clock: PinnedClock
) -> None:
    staff, farmer = await _people(harness)
    booking = await direct_booking(10001, "SG01", 0)
    await _preview(staff, NOTICE)
    await staff.press(t("zh", "broadcasts.send_later"))
    confirm = (await staff.send("今天下午5点")).last
    assert (confirm.text or "").startswith("⏰ 将在 6月10日（今天，周三）17:00")
    assert "明天上午（6月11日 08:00-10:00）那一轮还有 1 个预约" in (confirm.text or "")
    assert confirm.buttons == [
        t("zh", "broadcasts.confirm_close"),
        t("zh", "broadcasts.confirm_only"),
        t("zh", "broadcasts.cancel_draft"),
    ]
    seen = len(farmer.messages)
    replies = await staff.press(t("zh", "broadcasts.confirm_close"))
    assert any(text.startswith("已关闭") for text in replies.texts)
    assert (replies.last.text or "").startswith("⏰ 已安排")
    # Closed now, so nobody books it meanwhile; the notice waits for its time.
    assert {b.status for b in await stored_bookings()} == {BookingStatus.slot_closed}
    await harness.delivered()
    assert [booking.code in m for m in _got(farmer, seen)] == [True]
    clock.advance(timedelta(hours=7, seconds=1))
    await due(harness)
    async with session_scope() as session:
        bc = await session.scalar(select(Broadcast))
        assert bc is not None and bc.status is not BroadcastStatus.scheduled
    # The closing carried the notice's words: the notice is not sent them again.
    got = _got(farmer, seen)
    assert len(got) == 1 and f"「{NOTICE}」" in got[0], got


async def test_english_staff_close_the_round_with_the_notice(harness: Harness) -> None:
    staff, farmer = await _people(harness, "en")
    async with session_scope() as session:
        await session.execute(update(User).where(User.telegram_id == 10001).values(language="en"))
    booking = await direct_booking(10001, "SG01", 0)
    said = "No collection tomorrow morning, power cut"
    preview = await _preview(staff, said, "en")
    assert (
        "⚠️ The tomorrow morning (Jun 11 08:00-10:00) round still has 1 booking (张大爷 tomato"
    ) in preview
    seen = len(farmer.messages)
    replies = await staff.press(t("en", "broadcasts.send_close"))
    assert any(text.startswith("Closed") for text in replies.texts), replies.texts
    assert {b.status for b in await stored_bookings()} == {BookingStatus.slot_closed}
    await harness.delivered()
    got = _got(farmer, seen)
    assert len(got) == 1 and booking.code in got[0], got
    assert got[0].startswith("⚠️ Sorry") and f'The station says: "{said}"' in got[0]


async def test_a_long_notice_reaches_the_booked_farmer_whole(harness: Harness) -> None:
    staff, farmer = await _people(harness)
    booking = await direct_booking(10001, "SG01", 0)
    long = NOTICE + "，" + "已经约了上午的乡亲请改约下午，" * 8 + "给大家添麻烦了"
    assert "那一轮还有 1 个预约" in await _preview(staff, long)
    seen = len(farmer.messages)
    await staff.press(t("zh", "broadcasts.send_close"))
    await harness.delivered()
    got = _got(farmer, seen)
    assert len(got) == 1 and booking.code in got[0] and f"「{long}」" in got[0], got
