"""Station staff asking of their own station in words (sandbox walk: they got farmers' answers).

明天谁来送货 lists that day's pickups, 我们站几点开门 the station's hours, 我们站收什么 its list
without telling staff to book, 明天下午重新开放 offers the closed round's own reopen button,
撤回第二条 the notice's own ❌; a farmer saying the same still asks the knowledge base.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from bot.bookings.text import date_label
from bot.broadcasts import service as broadcasts
from bot.broadcasts.audience import Audience
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.broadcasts import AudienceKind, Broadcast, BroadcastStatus
from bot.models.stations import BookingStatus, Station
from bot.models.users import User
from bot.sandbox.harness import Harness
from tests.e2e.bookings_util import stored_bookings
from tests.e2e.county import SHANGHAI, direct_booking, load_county, today

pytestmark = pytest.mark.e2e


async def _english(telegram_id: int) -> None:
    async with session_scope() as session:
        await session.execute(
            update(User).where(User.telegram_id == telegram_id).values(language="en")
        )


async def test_staff_ask_who_brings_produce_tomorrow(harness: Harness) -> None:
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    booking = await direct_booking(10001, "SG01", 1)
    tomorrow = date_label("zh", today() + timedelta(days=1), today())
    listed = await staff.send("明天谁来送货")
    assert listed.last.text is not None and tomorrow in listed.last.text
    assert booking.code in listed.last.text and "14:00-16:00" in listed.last.text
    # Nobody has a round the day after tomorrow's booking list: none of tomorrow's shown.
    await _english(20001)
    listed = await staff.send("who is bringing produce tomorrow")
    assert listed.last.text is not None and booking.code in listed.last.text
    assert date_label("en", today() + timedelta(days=1), today()) in listed.last.text


async def test_staff_ask_their_stations_hours_and_list(harness: Harness) -> None:
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    hours = (await staff.send("我们站几点开门")).last.text or ""
    assert hours.startswith("🕘 您的服务站「圣城街道邮政便民服务站」营业时间：08:00-18:00")
    assert "08:00-10:00, 14:00-16:00" in hours
    takes = (await staff.send("我们站收什么")).last.text or ""
    assert takes.startswith("您的服务站「圣城街道邮政便民服务站」收：")
    assert "预约收货" not in takes
    await _english(20001)
    hours = (await staff.send("when does our station open")).last.text or ""
    assert "is open 08:00-18:00" in hours
    takes = (await staff.send("what does our station take")).last.text or ""
    assert "takes:" in takes and "book a pickup" not in takes


async def test_a_farmer_saying_the_same_still_asks_the_knowledge_base(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    for said in ("明天谁来送货", "我们站几点开门", "撤回第二条"):
        reply = (await farmer.send(said)).last.text or ""
        assert not reply.startswith(("🏪", "🕘", "要撤回", "要重新开放"))
        assert reply != t("zh", "broadcasts.list_empty")


async def test_staff_reopen_a_closed_round_in_words(harness: Harness) -> None:
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    await harness.user(10001, "张大爷").send("/start")
    await direct_booking(10001, "SG01", 1)
    # Nothing closed yet: said so, with no button.
    nothing = await staff.send("明天下午重新开放")
    assert nothing.last.text is not None and "没有关闭的收货时段" in nothing.last.text
    assert not nothing.last.buttons
    lists = await staff.send("/pickups")
    await staff.press("🚫 关闭 明天 14:00-16:00", message=lists[-1])
    await staff.press("🌧 下雨")
    assert {b.status for b in await stored_bookings()} == {BookingStatus.slot_closed}
    asked = await staff.send("恢复明天下午的收货")
    assert asked.last.text is not None and asked.last.text.startswith("要重新开放")
    assert "14:00-16:00" in asked.last.text and "1 户" in asked.last.text
    assert asked.last.buttons == ["↩️ 重新开放 明天 14:00-16:00"]
    # Asking changes nothing: the button (the one code path) confirms it.
    assert {b.status for b in await stored_bookings()} == {BookingStatus.slot_closed}
    done = await staff.press("↩️ 重新开放 明天 14:00-16:00", message=asked.last)
    assert any((m.text or "").startswith("已重新开放") for m in [*done, staff.last])
    assert {b.status for b in await stored_bookings()} == {BookingStatus.booked}
    # The morning was never closed.
    morning = await staff.send("明天上午重新开放")
    assert "上午没有关闭的收货时段" in (morning.last.text or "")


async def test_staff_reopen_in_english_words(harness: Harness) -> None:
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    lists = await staff.send("/pickups")
    await staff.press("🚫 关闭 明天 14:00-16:00", message=lists[-1])
    await staff.press("🌧 下雨")
    await _english(20001)
    asked = await staff.send("reopen tomorrow afternoon")
    assert (asked.last.text or "").startswith("Reopen ")
    assert asked.last.buttons == ["↩️ Reopen tomorrow 14:00-16:00"]


async def _notices(n: int) -> list[int]:
    """`n` notices of 李站长's station, timed for tomorrow, the newest last; their ids."""
    async with session_scope() as session:
        station = await session.scalar(select(Station).where(Station.external_id == "SG01"))
        assert station is not None
        ids = []
        for i in range(n):
            send_at = datetime.combine(today() + timedelta(days=1), datetime.min.time())
            bc = await broadcasts.create(
                session,
                broadcasts.Draft(
                    text=f"第{i + 1}条通知：明天停水",
                    audience=Audience(AudienceKind.station, station.id),
                    station_id=station.id,
                    sender_id=20001,
                    send_at=send_at.replace(hour=8 + i, tzinfo=SHANGHAI),
                ),
            )
            ids.append(bc.id)
    return ids


async def _status(broadcast_id: int) -> BroadcastStatus:
    async with session_scope() as session:
        bc = await session.get(Broadcast, broadcast_id)
        assert bc is not None
        return bc.status


async def test_staff_withdraw_the_second_notice_in_words(harness: Harness) -> None:
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    first, second = await _notices(2)
    # 第二条: the second newest, the one made first.
    asked = await staff.send("撤回第二条")
    assert asked.last.text is not None and asked.last.text.startswith(
        f"按 /broadcasts 列表从上往下数，第 2 条是 #{first}。"
    )
    assert "\n要撤回这条通知吗？" in asked.last.text
    assert f"#{first}" in asked.last.text and "第1条通知" in asked.last.text
    assert asked.last.buttons == [f"❌ 取消 #{first}"]
    assert await _status(first) is BroadcastStatus.scheduled  # only asked
    await staff.press(f"❌ 取消 #{first}", message=asked.last)
    assert await _status(first) is BroadcastStatus.cancelled
    assert await _status(second) is BroadcastStatus.scheduled
    # 撤回刚才那条: the newest.
    newest = await staff.send("撤回刚才那条")
    assert newest.last.buttons == [f"❌ 取消 #{second}"]
    again = await staff.send("撤回第二条")
    assert "已经取消过了" in (again.last.text or "")
    none = await staff.send("撤回第五条")
    assert "没有第 5 条" in (none.last.text or "")


async def test_staff_withdraw_the_last_notice_in_english(harness: Harness) -> None:
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    (only,) = await _notices(1)
    await _english(20001)
    asked = await staff.send("withdraw the last notice")
    assert (asked.last.text or "").startswith("Withdraw this notice?")
    assert asked.last.buttons == [f"❌ Cancel #{only}"]


async def test_a_long_notice_quoted_says_it_was_cut(harness: Harness) -> None:
    # Blind test: the withdraw prompt stopped mid-sentence with nothing to say more was there.
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    (only,) = await _notices(1)
    long = "The station is closed on Tuesday for snow, please bring your produce on Wednesday"
    async with session_scope() as session:
        bc = await session.get(Broadcast, only)
        assert bc is not None
        bc.text = long
    await _english(20001)
    asked = (await staff.send("withdraw the last notice")).last.text or ""
    assert '"The station is closed on Tuesday for sn…"' in asked, asked
    listed = (await staff.send("/broadcasts")).last.text or ""
    assert "Tuesday for sn…" in listed


async def test_a_notice_sent_already_cannot_be_withdrawn_and_says_so(harness: Harness) -> None:
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    (only,) = await _notices(1)
    async with session_scope() as session:
        await broadcasts.start(session, only)
    said = await staff.send("撤回刚才那条")
    # (Its report, sent to nobody, may come in between: the reply is the one about it.)
    (reply,) = [m for m in said if (m.text or "").startswith(f"通知 #{only}「")]
    assert (reply.text or "").startswith(f"通知 #{only}「第1条通知：明天停水」已经发出")
    assert "收不回来" in (reply.text or "") and not reply.buttons
