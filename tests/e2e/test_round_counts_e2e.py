"""A busy day's round through the chat (blind staff walk, items 2, 3, 8, 16): a round whose
bookings were all collected or no-show is closed ("all done", not 还没有人约) and opened again
with its count whole (已约 3/10, not 0/10); the day's collections head /pickups and the day at a
glance; a stale ↩️ 重新开放 shows the round as it is now."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import Booking, BookingStatus
from bot.models.users import User
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from handlers.render import bookings as view
from tests.e2e.county import direct_booking, load_county, sg01_staffed, today

pytestmark = pytest.mark.e2e


async def _mark(booking_id: int, status: BookingStatus, weighed: float | None = None) -> None:
    """As 收了 / 没来 leave it (bot.bookings.service: the round's counters keep its place)."""
    async with session_scope() as session:
        await session.execute(
            update(Booking)
            .where(Booking.id == booking_id)
            .values(status=status, weighed_kg=weighed)
        )


async def _staff(harness: Harness, lang: str) -> SandboxUser:
    await load_county(harness)
    await sg01_staffed()
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    await harness.user(10001, "张大爷").send("/start")  # told when a round closes
    if lang == "en":
        async with session_scope() as session:
            await session.execute(
                update(User).where(User.telegram_id == 20001).values(language="en")
            )
    return staff


def _title(lang: str, count: int, kg: int, done: str = "") -> str:
    return t(
        lang,
        "bookings.staff.slot_title",
        starts="08:00",
        ends="10:00",
        count=count,
        capacity=10,
        kg=kg,
        capacity_kg=5000,
        done=done,
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_handled_round_closed_and_reopened_keeps_its_count(
    harness: Harness, lang: str
) -> None:
    staff = await _staff(harness, lang)
    tomorrow = today() + timedelta(days=1)
    booked = [
        await direct_booking(10001, "SG01", 0, day=tomorrow, product=p, kg=kg)
        for p, kg in (("西红柿", 400), ("黄瓜", 100), ("大葱", 300))
    ]
    await _mark(booked[0].id, BookingStatus.collected, 390)
    await _mark(booked[1].id, BookingStatus.collected, 100)
    await _mark(booked[2].id, BookingStatus.no_show)
    done = t(
        lang,
        "bookings.staff.slot_done",
        parts=t(lang, "bookings.staff.slot_done_sep").join(
            [
                t(lang, "bookings.staff.slot_done_collected", count=2),
                t(lang, "bookings.staff.slot_done_no_show", count=1),
            ]
        ),
    )
    page = (await staff.send("/pickups 明天" if lang == "zh" else "/pickups tomorrow")).last
    assert _title(lang, 3, 800, done) in (page.text or "")
    # Tomorrow's collections (early) head the day.
    collected = t(lang, "bookings.staff.pickups_collected", farmers=1, count=2, weight="245").split(
        "245"
    )[0]
    assert collected in (page.text or "")

    # Closing it: all its bookings are done, nobody to tell; not "nobody has booked it".
    day = t(lang, "bookings.tomorrow")
    close = t(lang, "bookings.staff.close_button", starts="08:00", ends="10:00", day=day)
    asked = (await staff.press(close, message=page)).last.text or ""
    said = dict(date=view.date_label(lang, tomorrow, today()), starts="08:00", ends="10:00")
    who = t(lang, "bookings.staff.who_bookings", farmers=1, bookings=3)
    assert asked == t(lang, "bookings.staff.close_confirm_done", who=who, **said)
    closed = (await staff.press(staff.last.buttons[0])).edited[-1]
    assert closed.text == t(lang, "bookings.staff.closed_nobody", **said)

    # Reopened from /pickups: the list stays, showing 3/10 again; a new booking makes 4/10.
    page = (await staff.send("/pickups 明天" if lang == "zh" else "/pickups tomorrow")).last
    reopen = t(lang, "bookings.staff.reopen_button", starts="08:00", ends="10:00", day=day)
    pressed = await staff.press(reopen, message=page)
    assert pressed.last.text == t(lang, "bookings.staff.reopened_empty", **said)
    shown = pressed.edited[-1]
    assert shown.message_id == page.message_id and _title(lang, 3, 800, done) in (shown.text or "")
    assert close in shown.buttons and reopen not in shown.buttons
    await direct_booking(10001, "SG01", 0, day=tomorrow, product="土豆", kg=200)
    page = (await staff.send("/pickups 明天" if lang == "zh" else "/pickups tomorrow")).last
    assert _title(lang, 4, 1000, done) in (page.text or "")

    # The reply to the closing still offers ↩️ 重新开放: pressed, it says the round is open
    # and offers 🚫 关闭 instead.
    stale = await staff.press(reopen, message=staff.chat.get(closed.message_id))
    assert stale.answer is not None and stale.answer.text == t(lang, "bookings.refused.not_closed")
    again = stale.edited[-1]
    assert again.message_id == closed.message_id
    assert close in again.buttons and reopen not in again.buttons


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_stale_close_in_pickups_shows_the_round_closed(harness: Harness, lang: str) -> None:
    staff = await _staff(harness, lang)
    tomorrow = today() + timedelta(days=1)
    await direct_booking(10001, "SG01", 0, day=tomorrow)
    old = (await staff.send("/pickups 明天" if lang == "zh" else "/pickups tomorrow")).last
    day = t(lang, "bookings.tomorrow")
    close = t(lang, "bookings.staff.close_button", starts="08:00", ends="10:00", day=day)
    await staff.press(close, message=old)
    await staff.press(staff.last.buttons[0])  # closed, from the reasons' message
    stale = await staff.press(close, message=staff.chat.get(old.message_id))
    assert stale.answer is not None
    assert stale.answer.text == t(lang, "bookings.refused.already_closed")
    page = stale.edited[-1]
    assert page.message_id == old.message_id
    assert t(lang, "bookings.staff.closed_mark") in (page.text or "")
    reopen = t(lang, "bookings.staff.reopen_button", starts="08:00", ends="10:00", day=day)
    assert reopen in page.buttons and close not in page.buttons


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_day_at_a_glance_says_what_was_collected(harness: Harness, lang: str) -> None:
    staff = await _staff(harness, lang)
    first = await direct_booking(10001, "SG01", 0, day=today(), product="大白菜", kg=250)
    second = await direct_booking(10001, "SG01", 1, day=today(), product="鸡蛋", kg=15)
    said = "今天有啥事" if lang == "zh" else "what's on today"
    before = (await staff.send(said)).last.text or ""
    mark = t(lang, "bookings.staff.overview_collected", farmers=1, count=2, weight="W")[:5]
    assert mark not in before
    await _mark(first.id, BookingStatus.collected, 234)
    await _mark(second.id, BookingStatus.collected, 14)
    after = (await staff.send(said)).last.text or ""
    weight = t(lang, "bookings.kg_jin", kg=248, jin=496)
    line = t(lang, "bookings.staff.overview_collected", farmers=1, count=2, weight=weight)
    assert line.strip() in after
