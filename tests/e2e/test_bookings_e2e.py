"""The whole booking life through the local Bot API server: find, book, remind, change, collect."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import delete, select, update

from bot.audit import entries
from bot.core.config import Settings
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.alerts import OutboxMessage
from bot.models.stations import Booking, BookingStatus, BotState, Slot, Station
from bot.models.users import User
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from bot.sandbox.server import BotApiServer
from bot.sandbox.state import Message
from handlers.bookings import reminders as booking_reminders
from tests.e2e.county import SANJIA, direct_booking, load_county, slot_ids, today
from tests.e2e.test_alerts_e2e import sender_of

pytestmark = pytest.mark.e2e


def day_code(day: date) -> str:
    """A day as the booking buttons carry it (YYYYMMDD): the data pressed here is literal."""
    return day.strftime("%Y%m%d")


async def _bookings(farmer_id: int | None = None) -> list[Booking]:
    async with session_scope() as session:
        query = select(Booking).order_by(Booking.id)
        if farmer_id is not None:
            query = query.where(Booking.farmer_id == farmer_id)
        return list(await session.scalars(query))


async def _pushed(person: SandboxUser, seen: int) -> Message:
    """The first message `person` got after `seen` messages (pushed via the outbox)."""
    if len(person.messages) > seen:
        return person.messages[seen]
    return await person.next_reply()


def _tomorrow_data() -> str:
    return f"bk:d:{day_code(today() + timedelta(days=1))}"


async def test_book_a_pickup_end_to_end(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    asked = await farmer.press("🚚 预约收货")
    assert asked.last.text == t("zh", "bookings.ask_product")
    assert "西红柿" in asked.last.buttons and "✖️ 取消" in asked.last.buttons
    await farmer.press("西红柿")
    assert farmer.last.text.startswith("西红柿大概有多少？")
    where = await farmer.send("两千斤")
    assert where.last.text == t("zh", "bookings.ask_station_place")
    assert farmer.keyboard == ["📍 发送我的位置", "⬅️ 返回", "✖️ 取消"]
    # The location button of the reply keyboard shares where the farmer is.
    options = await farmer.press("📍 发送我的位置", location=SANJIA)
    assert farmer.keyboard[0] == "💰 查价格"
    assert options.last.text == "您的西红柿 2000斤（1000公斤），送到哪个服务站？"
    assert options.last.buttons[0].startswith("三元朱村蔬菜合作社 · 0.")
    await farmer.press(options.last.buttons[0])
    assert farmer.last.text == "三元朱村蔬菜合作社：哪天送过去？"
    # The clock is pinned (tests/conftest.py): Wednesday 10 June 2026, 10:00 in Shanghai.
    assert farmer.last.button_rows == [
        ["6月10日 周三（今天）", "6月11日 周四（明天）"],
        ["6月12日 周五（后天）", "6月13日 周六"],
        ["6月14日 周日", "6月15日 周一"],
        ["6月16日 周二"],
        ["⬅️ 返回", "✖️ 取消"],
    ]
    await farmer.press(_tomorrow_data())
    assert "还剩15个" in farmer.last.buttons[0]
    await farmer.press(farmer.last.buttons[0])
    summary = farmer.last.text
    assert summary.startswith("请确认您的预约：") and "06:30-08:30" in summary
    assert "西红柿 2000斤（1000公斤）" in summary
    done = await farmer.press("✅ 确认")
    [confirmed] = done.edited  # the summary becomes the confirmation
    assert list(done) == []
    text = confirmed.text
    assert text.startswith("✅ 预约好了！预约号：")
    [booking] = await _bookings(10001)
    assert booking.code in text and len(booking.code) == 6
    assert (booking.product, booking.quantity_kg, booking.status) == (
        "西红柿",
        1000,
        BookingStatus.booked,
    )
    assert booking.day == today() + timedelta(days=1)
    async with session_scope() as session:
        user = await session.get(User, 10001)
        station = await session.get(Station, booking.station_id)
    assert user is not None and station is not None
    assert user.station_id == station.id and station.external_id == "SG05"  # remembered
    mine = await farmer.send("我的预约")
    assert booking.code in mine.last.text and "已预约" in mine.last.text
    assert f"🕘 改时间 {booking.code}" in mine.last.buttons


async def test_everything_in_one_sentence_then_the_usual_station(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.share_location(*SANJIA)  # home known from the station search
    replies = await farmer.send("预约收货 1.5吨黄瓜")
    assert replies.last.text == "您的黄瓜 1.5吨（1500公斤），送到哪个服务站？"
    await farmer.press(replies.last.buttons[0])
    await farmer.press(_tomorrow_data())
    await farmer.press(farmer.last.buttons[0])
    await farmer.press("✅ 确认")
    # The next booking offers the station used last time first, starred.
    again = await farmer.send("预约收货 300公斤辣椒")
    assert again.last.buttons[0].startswith("⭐ 三元朱村蔬菜合作社")


async def test_a_load_too_big_for_any_round_is_not_called_fully_booked(
    harness: Harness,
) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.share_location(*SANJIA)
    await farmer.send("预约收货 20吨黄瓜")
    replies = await farmer.press(farmer.last.buttons[0])  # the nearest station
    text = replies.edited[-1].text  # the station question becomes the answer
    # The round's real limit and a smaller amount asked (tests/e2e/test_booking_limits_e2e.py).
    assert "比一个时段能收的还多，一次送不了" in text and "不超过 12000 公斤的数量" in text
    assert "约满" not in text


async def test_back_and_cancel_at_every_step(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.share_location(*SANJIA)  # 三元朱村 becomes the farmer's station
    await farmer.send("预约收货")
    await farmer.press("黄瓜")  # the products of the farmer's station come first
    assert farmer.last.text.startswith("黄瓜大概有多少？")
    await farmer.press("⬅️ 返回")
    assert farmer.last.text == t("zh", "bookings.ask_product")
    await farmer.send("我有两千斤玉米")  # product and amount at once
    station_step = farmer.last.text
    # The nearer stations that do not take 玉米 (the farmer's own among them) are said first.
    assert station_step.startswith("离您更近的三元朱村蔬菜合作社（0.2公里）")
    assert station_step.endswith("不收玉米。\n您的玉米 2000斤（1000公斤），送到哪个服务站？")
    await farmer.press(farmer.last.buttons[0])
    await farmer.press(_tomorrow_data())
    await farmer.press(farmer.last.buttons[0])
    assert farmer.last.text.startswith("请确认您的预约：")
    await farmer.press("⬅️ 返回")
    assert "选个时间段" in farmer.last.text
    await farmer.press("⬅️ 返回")
    assert farmer.last.text.endswith("哪天送过去？")
    await farmer.press("⬅️ 返回")
    assert farmer.last.text == station_step
    await farmer.send("返回")  # typed works too
    assert farmer.last.text.startswith("玉米大概有多少？")
    cancelled = await farmer.press("✖️ 取消")
    assert cancelled.last.text == t("zh", "bookings.flow_cancelled")
    assert await _bookings() == []
    # After cancelling, a stale button of that booking is only an expired button.
    stale = await farmer.press_data(_tomorrow_data(), message=farmer.messages[-2])
    assert stale.answer is not None and stale.answer.text == t("zh", "fallback.unknown_button")
    # Typed "取消" mid-flow ends it as well.
    await farmer.send("预约收货")
    await farmer.send("取消")
    assert farmer.last.text == t("zh", "bookings.flow_cancelled")


async def test_unexpected_messages_get_help_not_a_lost_conversation(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.share_location(*SANJIA)
    await farmer.send("预约收货 两千斤西红柿")
    await farmer.press(farmer.last.buttons[0])
    # Small talk is not another subject: the step's help again. (A price question
    # or a menu button leaves the booking: tests/e2e/test_leave_subject_e2e.py.)
    for unexpected in ("你好", "嗯"):
        replies = await farmer.send(unexpected)
        assert replies.last.text.startswith("您正在预约收货。请点上面的按钮选日期")
        assert _tomorrow_data() in replies.last.callback_data
    sticker = await farmer.send_sticker()
    assert sticker.last.text.startswith("您正在预约收货。")
    await farmer.share_location(36.9, 118.7)  # a location at the wrong step: help too
    assert farmer.last.text.startswith("您正在预约收货。")
    # A command is answered as usual; the booking is put aside, kept (issue 13).
    greeted = await farmer.send("/start")
    assert greeted.texts[0] == t("zh", "bookings.left")
    assert greeted.last.text.startswith("张大爷您好")
    # The booking is still there after all that: 🚚 预约收货 brings it back at its step.
    resumed = await farmer.press("🚚 预约收货")
    assert resumed.last.text.startswith(t("zh", "bookings.resumed"))
    assert _tomorrow_data() in resumed.last.callback_data
    slots = await farmer.press(_tomorrow_data())
    await farmer.press(slots.edited[-1].buttons[0])
    await farmer.press("✅ 确认")
    assert len(await _bookings(10001)) == 1


async def test_unknown_product_and_bare_number(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("预约收货")
    replies = await farmer.send("西红事")  # pinyin typo
    assert replies.last.text.startswith("西红柿大概有多少？")
    await farmer.press("⬅️ 返回")
    unknown = await farmer.send("牛油果")
    assert unknown.last.text.startswith("没认出「牛油果」")
    await farmer.press(unknown.last.buttons[0])
    number = await farmer.send("2000")
    assert number.last.text == "2000 是斤还是公斤？"
    assert number.last.buttons[:2] == ["2000斤", "2000公斤"]
    await farmer.press("2000公斤")
    assert farmer.last.text == t("zh", "bookings.ask_station_place")
    bad = await farmer.send("很多很多")  # at the station step: not a place
    assert bad.last.text.startswith("没找到「很多很多」这个地方。")


@pytest.mark.both_databases
async def test_conversation_survives_a_restart(settings: Settings) -> None:
    async with BotApiServer() as server:
        async with Harness.start(settings, server=server) as first:
            await load_county(first)
            farmer = first.user(10001, "张大爷")
            await farmer.share_location(*SANJIA)
            await farmer.send("预约收货 两千斤西红柿")
            await farmer.press(farmer.last.buttons[0])
            assert farmer.last.text.endswith("哪天送过去？")
            first.assert_clean()
        # A new process: a new Application on the same database and server.
        async with Harness.start(settings, server=server) as second:
            farmer = second.user(10001, "张大爷")
            await farmer.press(_tomorrow_data())
            assert "选个时间段" in farmer.last.text
            await farmer.press(farmer.last.buttons[0])
            await farmer.press("✅ 确认")
            second.assert_clean()
    [booking] = await _bookings(10001)
    assert booking.status is BookingStatus.booked and booking.quantity_kg == 1000


async def test_my_bookings_reschedule_and_cancel(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    first = await direct_booking(10001, "SG01", 0)
    second = await direct_booking(10001, "SG01", 1)
    listing = await farmer.send("我的预约")
    assert listing.last.text.startswith("您的预约：")
    assert first.code in listing.last.text and second.code in listing.last.text
    # Reschedule the first to the day after tomorrow, afternoon.
    await farmer.press(f"🕘 改时间 {first.code}")
    assert farmer.last.text == "圣城街道邮政便民服务站：哪天送过去？"
    later = today() + timedelta(days=2)
    await farmer.press(f"bk:d:{day_code(later)}")
    await farmer.press(farmer.last.buttons[1])
    assert farmer.last.text.startswith(f"请确认改约（预约号 {first.code}）")
    moved = await farmer.press("✅ 确认")
    [changed] = moved.edited
    assert changed.text.startswith(f"✅ 改好了！预约号 {first.code} 改到")
    # Cancel the second, after a confirmation.
    await farmer.send("我的预约")
    await farmer.press(f"✖️ 取消 {second.code}")
    assert farmer.last.text.startswith(f"确定要取消预约 {second.code}")
    await farmer.press("不取消")
    assert farmer.last.text == t("zh", "bookings.mine.kept")
    await farmer.send("我的预约")
    await farmer.press(f"✖️ 取消 {second.code}")
    await farmer.press("是，取消预约")
    assert farmer.last.text == t("zh", "bookings.mine.cancelled", code=second.code)
    a, b = await _bookings(10001)
    assert (a.day, a.status) == (later, BookingStatus.booked)
    assert b.status is BookingStatus.cancelled
    # Cancelling it again (an old button) is refused and changes nothing.
    again = await farmer.press_data(f"bk:cy:{second.id}")
    gone = t("zh", "bookings.refused.state.cancelled")  # said as it stands: cancelled
    assert again.answer is not None and again.answer.text == gone


@pytest.mark.parametrize("words", ["取消", "不去了", "预约不要了", "/cancel"])
async def test_calling_a_pickup_off_in_plain_words_shows_the_bookings_to_cancel(
    harness: Harness, words: str
) -> None:
    # Outside any conversation, a farmer with a coming booking who says 不去了 means it
    # (sandbox walk: 取消 said "nothing to cancel", 预约不要了 started a new booking).
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    booking = await direct_booking(10001, "SG01", 0)
    replies = await farmer.send(words)
    assert booking.code in replies.last.text
    if words == "预约不要了":  # names the booking: its one booking's "确定要取消…吗？"
        assert replies.last.text.startswith(f"确定要取消预约 {booking.code}")
        assert replies.last.buttons == ["是，取消预约", "不取消"]
    else:
        assert replies.texts[0] == t("zh", "cancel.which_booking")
        assert f"✖️ 取消 {booking.code}" in replies.last.buttons
    [still] = await _bookings(10001)
    assert still.status is BookingStatus.booked  # nothing cancelled without the button


async def test_cancel_words_with_no_booking_say_there_is_nothing_to_cancel(
    harness: Harness,
) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    assert (await farmer.send("不去了")).last.text == t("zh", "cancel.nothing")


@pytest.mark.both_databases
async def test_forged_callbacks_are_refused_and_change_nothing(harness: Harness) -> None:
    await load_county(harness)
    owner = harness.user(10001, "张大爷")
    await owner.send("/start")
    other = harness.user(10002, "王二")
    await other.send("/start")
    theirs = await direct_booking(10001, "SG01", 0, day=today())
    slot = (await slot_ids("SG01"))[1]
    day = day_code(today() + timedelta(days=1))
    refusals = {
        f"bk:cx:{theirs.id}": "bookings.refused.not_yours",
        f"bk:cy:{theirs.id}": "bookings.refused.not_yours",
        f"bk:mv:{theirs.id}": "bookings.refused.not_yours",
        f"bk:cl:{theirs.id}": "bookings.refused.not_staff",
        f"bk:ce:{theirs.id}": "bookings.refused.not_staff",
        f"bk:ns:{theirs.id}": "bookings.refused.not_staff",
        f"bk:cs:{slot}:{day}": "bookings.refused.not_staff",
        f"bk:cz:{slot}:{day}:rain": "bookings.refused.not_staff",
        "bk:cy:99999999": "bookings.refused.not_found",
        "bk:cy:abc": "fallback.unknown_button",
        "bk:cy:2147483648": "fallback.unknown_button",  # past the integer keys
        "bk:cz:1:20991301:rain": "fallback.unknown_button",
        "bk:new:77777": "fallback.unknown_button",
    }
    for data, key in refusals.items():
        replies = await other.press_data(data)
        assert replies.answer is not None and replies.answer.text == t("zh", key), data
        assert replies.answer.show_alert
    [booking] = await _bookings()
    assert booking.status is BookingStatus.booked and booking.slot_id == theirs.slot_id
    async with session_scope() as session:
        closed = await session.scalar(select(Slot).where(Slot.id == slot))
    assert closed is not None and closed.active
    assert owner.messages[-1].text.startswith("张大爷您好")  # the owner was not bothered


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
    told = (await _pushed(farmer, seen)).text
    assert told.startswith("✅ 圣城街道邮政便民服务站 已收到您的西红柿，过秤 1200 公斤")
    # No-show, and the farmer is told with the station's phone.
    seen = len(neighbour.messages)
    await staff.press(f"❌ 没来 {b.code}", message=today_list)
    assert staff.last.text == t("zh", "bookings.staff.no_show", code=b.code)
    notice = await _pushed(neighbour, seen)
    assert "没有收到" in notice.text and "0536-5000101" in notice.text
    # The estimate button, on a booking already collected: refused.
    again = await staff.press_data(f"bk:ce:{a.id}")
    collected = t("zh", "bookings.refused.state.collected")
    assert again.answer is not None and again.answer.text == collected
    statuses = {x.code: (x.status, x.weighed_kg) for x in await _bookings()}
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
    notice = await _pushed(farmer, seen[farmer.id])
    assert notice.text.startswith("⚠️ 很抱歉，圣城街道邮政便民服务站")
    assert "因为下雨取消了" in notice.text and a.code in notice.text
    assert notice.buttons == ["🕘 改约别的时间", "✖️ 不约了"]
    assert b.code in (await _pushed(neighbour, seen[neighbour.id])).text
    # The farmer picks another time; the closed slot is not offered.
    await farmer.press("🕘 改约别的时间")
    await farmer.press(f"bk:d:{day_code(tomorrow)}")
    assert [x for x in farmer.last.buttons if x.startswith("08:00")] == []
    await farmer.press(farmer.last.buttons[0])
    await farmer.press("✅ 确认")
    # The neighbour gives up instead.
    await neighbour.press("✖️ 不约了")
    await neighbour.press("是，取消预约")
    by_code = {x.code: x for x in await _bookings()}
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
    notice = await _pushed(farmer, seen[farmer.id])
    assert "站里说：「下雨，车坏了」" in notice.text and a.code in notice.text
    assert notice.buttons == ["🕘 改约别的时间", "✖️ 不约了"]
    told = await _pushed(english, seen[english.id])
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
    assert [b.status for b in await _bookings()] == [BookingStatus.booked]


@pytest.mark.both_databases
async def test_reminder_the_evening_before_is_sent_once(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    booking = await direct_booking(10001, "SG05", 0)
    async with session_scope() as session:  # booked in the morning: not reminded yet
        await session.execute(update(Booking).values(reminder_sent_at=None))
    jobs = harness.app.job_queue
    [daily] = jobs.get_jobs_by_name("pickup_reminders")
    assert daily.next_t is not None
    assert daily.next_t.astimezone(harness.app.bot_data["settings"].tz).strftime("%H:%M") == "19:00"
    seen = len(farmer.messages)
    jobs.run_once(booking_reminders.reminder_job, 0)
    reminder = await _pushed(farmer, seen)
    assert reminder.text.startswith(f"⏰ 明天收货提醒（预约号 {booking.code}）")
    assert "三元朱村蔬菜合作社" in reminder.text and "06:30-08:30" in reminder.text
    # Run again (a restart, a second process): nothing is queued or sent twice.
    # Job.run awaits the job itself; the scheduler would only run it an hour later.
    again = jobs.run_once(booking_reminders.reminder_job, 3600)
    await again.run(harness.app)
    again.schedule_removal()
    assert await (await sender_of(harness)).drain(5)  # anything it queued is on the wire
    assert len(farmer.messages) == seen + 1
    [stored] = await _bookings(10001)
    assert stored.reminder_sent_at is not None
    async with session_scope() as session:
        pushes = list(await session.scalars(select(OutboxMessage)))
    assert [(p.chat_id, p.status.value) for p in pushes] == [(10001, "sent")]


@pytest.mark.both_databases
async def test_two_farmers_race_for_the_last_place(harness: Harness) -> None:
    await load_county(harness)
    async with session_scope() as session:  # one place left in SG02's morning round
        await session.execute(update(Slot).values(capacity=1))
    first = harness.user(10001, "张大爷")
    second = harness.user(10002, "王二")
    for person in (first, second):
        await person.share_location(36.8712, 118.8031)  # 文家庄
        await person.send("预约收货 500公斤西红柿")
        # The nearest station, starred as the farmer's own since they shared their location.
        await person.press(next(x for x in person.last.buttons if x.startswith("⭐ 文家街道")))
        await person.press(_tomorrow_data())
        await person.press(person.last.buttons[0])
        assert person.last.text.startswith("请确认您的预约：")
    await first.press("✅ 确认")
    lost = await second.press("✅ 确认")
    [refused] = lost.edited
    assert refused.text.startswith(t("zh", "bookings.refused.full"))
    # The full 08:00 round is gone from the choices left to the second farmer.
    assert refused is second.last
    assert refused.button_rows == [["14:00-16:00 · 还剩1个"], ["⬅️ 返回", "✖️ 取消"]]
    assert [b.farmer_id for b in await _bookings()] == [10001]


async def _to_confirm_step(farmer: SandboxUser) -> Message:
    """Book 2000 jin of tomatoes at the nearest station tomorrow, up to the ✅ step."""
    await farmer.share_location(*SANJIA)
    await farmer.send("预约收货 两千斤西红柿")
    await farmer.press(farmer.last.buttons[0])
    await farmer.press(_tomorrow_data())
    await farmer.press(farmer.last.buttons[0])
    assert farmer.last.text.startswith("请确认您的预约：")
    return farmer.last


async def _bot_state() -> list[BotState]:
    async with session_scope() as session:
        rows = list(await session.scalars(select(BotState)))
        session.expunge_all()
    return rows


async def _restore_bot_state(rows: list[BotState]) -> None:
    async with session_scope() as session:
        await session.execute(delete(BotState))
        for row in rows:
            await session.merge(row)


@pytest.mark.both_databases
async def test_confirm_again_after_a_crash_books_once(settings: Settings) -> None:
    async with BotApiServer() as server:
        async with Harness.start(settings, server=server) as first:
            await load_county(first)
            farmer = first.user(10001, "张大爷")
            summary = await _to_confirm_step(farmer)
            ok = summary.find_button("✅ 确认")
            assert ok is not None
            await first.app.update_persistence()  # what the once-a-second write saved
            at_confirm = await _bot_state()
            await farmer.press("✅ 确认")
            [booked] = await _bookings(10001)
        # kill -9 after the booking but before the next persistence write: the
        # conversation comes back at the ✅ step with the whole draft.
        await _restore_bot_state(at_confirm)
        async with Harness.start(settings, server=server) as second:
            farmer = second.user(10001, "张大爷")
            again = await farmer.press_data(ok["callback_data"], message=summary)
            assert [b.id for b in await _bookings(10001)] == [booked.id]  # not booked twice
            assert again.answer is not None and list(again) == []
            assert again.answer.text == t("zh", "bookings.refused.already_booked", code=booked.code)
            # The conversation is over: the next booking starts afresh.
            fresh = await farmer.send("预约收货")
            assert fresh.last.text == t("zh", "bookings.ask_product")
            second.assert_clean()
    assert [b.id for b in await _bookings(10001)] == [booked.id]


@pytest.mark.both_databases
async def test_a_press_while_the_bot_was_down_is_answered_with_a_message(
    settings: Settings,
) -> None:
    async with BotApiServer() as server:
        async with Harness.start(settings, server=server) as first:
            await load_county(first)
            farmer = first.user(10001, "张大爷")
            summary = await _to_confirm_step(farmer)
            ok = summary.find_button("✅ 确认")
            assert ok is not None
        # The bot is down; the farmer presses ✅, and the press is too old to
        # answer by the time the bot is back (Telegram allows about 15 s).
        person = server.api.chats[10001]
        _, update_id = server.api.user_press(
            server.api.person(10001, "张大爷"), summary, ok["callback_data"]
        )
        server.api.callback_ttl = 0.0
        async with Harness.start(settings, server=server) as second:
            farmer = second.user(10001, "张大爷")
            seen = len(farmer.messages)
            await second.wait_handled(update_id, what="the old ✅", chat=person)
            [booked] = await _bookings(10001)
            news = farmer.messages[seen:]
            assert [m.text.split("\n")[0] for m in news] == [f"✅ 预约好了！预约号：{booked.code}"]
            server.take_rejections()  # the too-old answerCallbackQuery
            second.take_unanswered()
            server.api.callback_ttl = 15.0
            # Pressing the same ✅ again: no generic error, no second booking.
            again = await farmer.press_data(ok["callback_data"], message=summary)
            assert again.answer is not None and again.answer.text == t(
                "zh", "bookings.refused.already_booked", code=booked.code
            )
            # A ✅ of a form that was never booked (lost draft): a clear "expired".
            lost = await farmer.press_data("bk:ok:AAAAAAAAAAAAAAAA", message=summary)
            assert lost.answer is not None
            assert lost.answer.text == t("zh", "bookings.form_expired")
            second.assert_clean()
    assert [b.id for b in await _bookings(10001)] == [booked.id]


@pytest.mark.both_databases
async def test_an_impossible_amount_gets_a_clear_reply(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    huge = "9" * 400
    replies = await farmer.send(f"预约收货 {huge}斤")
    assert replies.last.text == t("zh", "bookings.ask_product")  # no amount was taken
    await farmer.press("西红柿")
    for typed in (f"{huge}斤", huge):
        again = await farmer.send(typed)
        assert again.last.text.startswith(t("zh", "bookings.bad_quantity")), typed
    too_much = await farmer.send("一千万斤")
    assert too_much.last.text.startswith(t("zh", "bookings.too_much", max_kg=100_000))
    assert await _bookings() == []


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
    assert [(b.status, b.weighed_kg) for b in await _bookings()] == [(BookingStatus.booked, None)]


async def test_one_sentence_booking_with_the_day_said(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.share_location(*SANJIA)
    replies = await farmer.send("预约明天来收800斤黄瓜")
    assert replies.last.text == "您的黄瓜 800斤（400公斤），送到哪个服务站？"
    # 明天 was said: the day step is skipped, the rounds of tomorrow are offered.
    await farmer.press(replies.last.buttons[0])
    assert farmer.last.text.startswith("6月11日 周四（明天），选个时间段")
    await farmer.press(farmer.last.buttons[0])
    await farmer.press("✅ 确认")
    [booking] = await _bookings(10001)
    assert (booking.product, booking.day) == ("黄瓜", today() + timedelta(days=1))


async def _at_the_day_step(harness: Harness) -> SandboxUser:
    """张大爷 booking 800斤 of cucumbers, the station picked: the day step asked."""
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.share_location(*SANJIA)
    replies = await farmer.send("预约来收800斤黄瓜")
    await farmer.press(replies.last.buttons[0])  # the station
    assert "哪天送过去" in farmer.last.text
    return farmer


@pytest.mark.parametrize(("typed", "days"), [("后天", 2), ("后天上午", 2), ("明天", 1)])
async def test_a_day_typed_at_the_day_step_is_taken(
    harness: Harness, typed: str, days: int
) -> None:
    # The day step took only its buttons: 后天上午 typed got "请点上面的按钮" (sandbox walk).
    farmer = await _at_the_day_step(harness)
    await farmer.send(typed)
    label = "明天" if days == 1 else "后天"
    assert f"（{label}）" in farmer.last.text
    if "上午" not in typed:  # the day's rounds; 后天上午 names its one morning round
        assert "时间段" in farmer.last.text
        await farmer.press(farmer.last.buttons[0])
    assert farmer.last.text.startswith("请确认您的预约")
    await farmer.press("✅ 确认")
    [booking] = await _bookings(10001)
    assert booking.day == today() + timedelta(days=days)


async def test_words_that_name_no_day_at_the_day_step_ask_again(harness: Harness) -> None:
    farmer = await _at_the_day_step(harness)
    again = await farmer.send("随便")
    assert "哪天送过去" in again.last.text
    assert await _bookings(10001) == []


async def test_one_sentence_booking_with_day_and_round(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.share_location(*SANJIA)
    replies = await farmer.send("后天下午来收两千斤西红柿")
    await farmer.press(replies.last.buttons[0])
    # 后天下午: the day and the afternoon round are both taken, straight to the summary.
    assert farmer.last.text.startswith("请确认您的预约：")
    assert "6月12日" in farmer.last.text
    await farmer.press("✅ 确认")
    [booking] = await _bookings(10001)
    assert booking.day == today() + timedelta(days=2)
    async with session_scope() as session:
        slot = await session.get(Slot, booking.slot_id)
    assert slot is not None and slot.starts.hour >= 12


async def test_a_day_the_station_cannot_take_is_said(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.share_location(*SANJIA)
    replies = await farmer.send("预约12月8号来收800斤黄瓜")
    await farmer.press(replies.last.buttons[0])
    assert farmer.last.text.startswith("12月8日")
    assert (
        "还约不了：只能约今天起 7 天内的" in farmer.last.text and "哪天送过去？" in farmer.last.text
    )
