"""Bookings through restarts, crashes and races: reminded once, one last place, booked once."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update

from bot.core.config import Settings
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.alerts import OutboxMessage
from bot.models.stations import Booking, BookingStatus, BotState, Slot
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from bot.sandbox.server import BotApiServer
from bot.sandbox.state import Message
from handlers.bookings import reminders as booking_reminders
from tests.e2e.bookings_util import pushed, stored_bookings, tomorrow_data
from tests.e2e.county import SANJIA, direct_booking, load_county
from tests.e2e.test_alerts_e2e import sender_of

pytestmark = pytest.mark.e2e


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
            await farmer.press(tomorrow_data())
            assert "选个时间段" in farmer.last.text
            await farmer.press(farmer.last.buttons[0])
            await farmer.press("✅ 确认")
            second.assert_clean()
    [booking] = await stored_bookings(10001)
    assert booking.status is BookingStatus.booked and booking.quantity_kg == 1000


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
    reminder = await pushed(farmer, seen)
    assert reminder.text.startswith(f"⏰ 明天收货提醒（预约号 {booking.code}）")
    assert "三元朱村蔬菜合作社" in reminder.text and "06:30-08:30" in reminder.text
    # Run again (a restart, a second process): nothing is queued or sent twice.
    # Job.run awaits the job itself; the scheduler would only run it an hour later.
    again = jobs.run_once(booking_reminders.reminder_job, 3600)
    await again.run(harness.app)
    again.schedule_removal()
    assert await (await sender_of(harness)).drain(5)  # anything it queued is on the wire
    assert len(farmer.messages) == seen + 1
    [stored] = await stored_bookings(10001)
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
        await person.press(tomorrow_data())
        await person.press(person.last.buttons[0])
        assert person.last.text.startswith("请确认您的预约：")
    await first.press("✅ 确认")
    lost = await second.press("✅ 确认")
    [refused] = lost.edited
    assert refused.text.startswith(t("zh", "bookings.refused.full"))
    # The full 08:00 round is gone from the choices left to the second farmer.
    assert refused is second.last
    assert refused.button_rows == [["14:00-16:00 · 还剩1个"], ["⬅️ 返回", "✖️ 取消"]]
    assert [b.farmer_id for b in await stored_bookings()] == [10001]


async def _to_confirm_step(farmer: SandboxUser) -> Message:
    """Book 2000 jin of tomatoes at the nearest station tomorrow, up to the ✅ step."""
    await farmer.share_location(*SANJIA)
    await farmer.send("预约收货 两千斤西红柿")
    await farmer.press(farmer.last.buttons[0])
    await farmer.press(tomorrow_data())
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
            [booked] = await stored_bookings(10001)
        # kill -9 after the booking but before the next persistence write: the
        # conversation comes back at the ✅ step with the whole draft.
        await _restore_bot_state(at_confirm)
        async with Harness.start(settings, server=server) as second:
            farmer = second.user(10001, "张大爷")
            again = await farmer.press_data(ok["callback_data"], message=summary)
            assert [b.id for b in await stored_bookings(10001)] == [booked.id]  # not booked twice
            assert again.answer is not None and list(again) == []
            assert again.answer.text == t("zh", "bookings.refused.already_booked", code=booked.code)
            # The conversation is over: the next booking starts afresh.
            fresh = await farmer.send("预约收货")
            assert fresh.last.text == t("zh", "bookings.ask_product")
            second.assert_clean()
    assert [b.id for b in await stored_bookings(10001)] == [booked.id]


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
            [booked] = await stored_bookings(10001)
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
    assert [b.id for b in await stored_bookings(10001)] == [booked.id]
