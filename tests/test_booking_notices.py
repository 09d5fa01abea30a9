"""Booking reminders and notices: queued once, with their cause, promised only when they will go."""

from __future__ import annotations

import json
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

import bot.bookings
import bot.stations
from bot.bookings import model, notices, queries, service
from bot.bookings import text as booking_text
from bot.bookings.model import Actor, Refused
from bot.bookings.service import book
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.core.transactions import retrying
from bot.models.alerts import DeliveryRun, OutboxMessage
from bot.models.stations import BookingStatus
from bot.models.users import Role
from handlers.render.bookings import booked_text, rebook_buttons
from tests.bookings_util import TOMORROW, book_at, setup_station
from tests.stations_util import MORNING, make_user


async def test_reminders_are_queued_once(db: str) -> None:
    station_id, [slot] = await setup_station(slots="08:00-10:00=3/3000")
    first = await book_at(10001, station_id, slot)
    await book_at(10002, station_id, slot, day=TOMORROW + timedelta(days=1))
    async with session_scope() as session:
        assert await notices.due_reminders(session, TOMORROW) == [first.id]
        assert await notices.queue_reminders(session, TOMORROW, MORNING.date()) == 1
    # A second run (a restart's catch-up, another process) queues nothing.
    async with session_scope() as session:
        assert await notices.queue_reminders(session, TOMORROW, MORNING.date()) == 0
        assert await notices.claim_reminder(session, first.id) is None
        [push] = list(await session.scalars(select(OutboxMessage)))
        run = await session.get(DeliveryRun, push.run_id)
    assert push.chat_id == 10001 and push.source == "booking" and push.priority == 0
    assert push.text.startswith(f"⏰ 明天收货提醒（预约号 {first.code}）")
    assert "12月8日 周二（明天） 08:00-10:00" in push.text
    assert run is not None and run.kind == "reminder" and run.queued == 1


async def test_notices_are_queued_with_their_cause(db: str) -> None:
    station_id, [slot] = await setup_station(slots="08:00-10:00=3/3000")
    async with session_scope() as session:
        await make_user(session, 20001, "李站长", Role.staff, station_id)
    booked = await book_at(10001, station_id, slot)
    # A unit of work that fails after queueing leaves no notice: it exists only
    # with its cause.
    with pytest.raises(Refused):
        async with session_scope() as session:
            staff = await model.actor_of(session, 20001)
            [victim] = await service.close_slot(session, staff, slot, TOMORROW, "rain")
            await notices.queue_notice(session, victim, "slot_closed", MORNING.date())
            await service.close_slot(session, Actor(10002), slot, TOMORROW)
    async with session_scope() as session:
        assert list(await session.scalars(select(OutboxMessage))) == []
    async with session_scope() as session:
        staff = await model.actor_of(session, 20001)
        [affected_one] = await service.close_slot(session, staff, slot, TOMORROW, "rain")
        await notices.queue_notice(
            session,
            affected_one,
            "slot_closed",
            MORNING.date(),
            reason="rain",
            buttons=rebook_buttons,
        )
        await notices.queue_notice(
            session,
            affected_one,
            "slot_closed",
            MORNING.date(),
            reason="rain",
            buttons=rebook_buttons,
        )
    async with session_scope() as session:
        [push] = list(await session.scalars(select(OutboxMessage)))
    assert "因为下雨取消了" in push.text and booked.code in push.text
    assert push.markup is not None and json.loads(push.markup) == {
        "inline_keyboard": [
            [
                {
                    "text": t("zh", "bookings.notify.move_button"),
                    "callback_data": f"bk:mv:{booked.id}",
                },
                {
                    "text": t("zh", "bookings.notify.cancel_button"),
                    "callback_data": f"bk:cx:{booked.id}",
                },
            ]
        ]
    }


def test_booking_and_station_domains_build_no_keyboards() -> None:
    # Keyboards are the chat's (handlers/render): the domain returns data only.
    packages = [Path(bot.bookings.__file__).parent, Path(bot.stations.__file__).parent]
    for path in sorted(f for package in packages for f in package.glob("*.py")):
        assert "inline_keyboard" not in path.read_text(encoding="utf-8"), path


async def test_late_bookings_count_as_reminded(db: str) -> None:
    station_id, [slot] = await setup_station(slots="08:00-10:00=3/3000")

    async def work(session: Any) -> model.BookingView:
        return await book(
            session,
            farmer_id=10001,
            station_id=station_id,
            slot_id=slot,
            day=TOMORROW,
            product="黄瓜",
            quantity_text="两千斤",
            quantity_kg=1000,
            now_local=MORNING.replace(hour=20),
            reminder_at=time(19),
        )

    await retrying(work)
    async with session_scope() as session:
        assert await notices.due_reminders(session, TOMORROW) == []


@pytest.mark.parametrize(
    ("at", "days_ahead", "promise"),
    [
        # Booked at 10:00 for tomorrow: tonight's 19:00 run reminds it.
        (time(10), 1, "tonight"),
        # At 20:30 tonight's run is over: the confirmation is the reminder, none is promised.
        (time(20, 30), 1, "none"),
        (time(19), 1, "none"),
        # The day after tomorrow is reminded tomorrow evening, whenever it was booked.
        (time(20, 30), 2, "evening_before"),
        # Today's pickup has no evening before.
        (time(6), 0, "none"),
    ],
)
async def test_the_confirmation_promises_only_a_reminder_that_will_go(
    db: str, at: time, days_ahead: int, promise: str
) -> None:
    station_id, [slot] = await setup_station(slots="08:00-10:00=3/3000")
    now = MORNING.replace(hour=at.hour, minute=at.minute)
    day = now.date() + timedelta(days=days_ahead)

    async def work(session: Any) -> model.BookingView:
        return await book(
            session,
            farmer_id=10001,
            station_id=station_id,
            slot_id=slot,
            day=day,
            product="西红柿",
            quantity_text="2000斤",
            quantity_kg=1000,
            now_local=now,
            reminder_at=time(19),
        )

    booked = await retrying(work)
    assert booked.reminder_pending is (promise != "none")
    async with session_scope() as session:
        assert (await notices.due_reminders(session, day) == [booked.id]) is booked.reminder_pending
    for lang in ("zh", "en"):
        text = booked_text(lang, booked, now.date(), time(19))
        expected = t(lang, f"bookings.booked_reminder.{promise}", at="19:00")
        assert expected in text
        others = {"tonight", "evening_before", "none"} - {promise}
        assert not any(t(lang, f"bookings.booked_reminder.{o}", at="19:00") in text for o in others)


async def test_a_reminded_booking_is_no_longer_pending(db: str) -> None:
    station_id, [slot] = await setup_station()
    booked = await book_at(10001, station_id, slot)
    assert booked.reminder_pending
    async with session_scope() as session:
        await notices.queue_reminders(session, TOMORROW, MORNING.date())
    async with session_scope() as session:
        [mine] = await queries.farmer_bookings(session, 10001, MORNING.date())
    assert not mine.reminder_pending


def test_a_closed_slot_notice_says_a_button_reason_in_words_and_quotes_a_typed_one() -> None:
    from datetime import time

    from bot.bookings.model import BookingView

    day = date(2026, 12, 6)
    b = BookingView(
        1,
        "A1B2",
        10001,
        "张大爷",
        1,
        "测试服务站",
        "",
        "",
        1,
        day,
        time(8),
        time(10),
        "玉米",
        "500斤",
        250,
        BookingStatus.slot_closed,
        None,
        False,
    )
    rain = booking_text.booking_text("zh", "bookings.notify.slot_closed", b, day, "rain")
    assert "因为下雨取消了" in rain
    typed = booking_text.booking_text(
        "en", "bookings.notify.slot_closed_said", b, day, "下雨，车坏了"
    )
    assert 'The station says: "下雨，车坏了"' in typed
    # No reason at all is the station's "something came up".
    assert "站里临时有事" in booking_text.booking_text("zh", "bookings.notify.slot_closed", b, day)
