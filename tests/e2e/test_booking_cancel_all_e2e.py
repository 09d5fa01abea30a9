"""明天的都取消 / 明天的全不去了 / "cancel all tomorrow": with two or more bookings that day the
farmer is asked once, all of them listed (✅ 全部取消 / 都不取消, or a typed 是 / 不), then
every one of that day's is cancelled, the other days' kept (handlers/bookings/cancel_all.py).
The clock is pinned (tests/conftest.py): Wednesday 10 June 2026, 10:00 in Shanghai."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import Booking
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from handlers.render.bookings import CancelDay, date_label
from tests.e2e.county import direct_booking, load_county, today

pytestmark = pytest.mark.e2e


async def _statuses(farmer_id: int = 10001) -> dict[str, str]:
    async with session_scope() as session:
        query = select(Booking).where(Booking.farmer_id == farmer_id)
        return {b.product: str(b.status.value) for b in await session.scalars(query)}


async def _farmer(harness: Harness, lang: str) -> SandboxUser:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    if lang == "en":
        await farmer.send("/language")
        await farmer.press("English")
    return farmer


@pytest.mark.parametrize(
    ("lang", "typed", "answer"),
    [
        ("zh", "明天的都取消", None),
        ("zh", "明天的全不去了", "是"),
        ("en", "cancel all tomorrow", None),
        ("en", "cancel all of tomorrow's pickups", "yes"),
    ],
)
async def test_all_of_the_days_bookings_are_cancelled(
    harness: Harness, lang: str, typed: str, answer: str | None
) -> None:
    farmer = await _farmer(harness, lang)
    corn = await direct_booking(10001, "SG07", 0, product="玉米")
    cabbage = await direct_booking(10001, "SG01", 1, product="大白菜")
    friday = await direct_booking(10001, "SG07", 0, day=today() + timedelta(days=2), product="土豆")
    tomorrow = date_label(lang, today() + timedelta(days=1), today())
    asked = await farmer.send(typed)
    assert asked.texts == [asked.last.content]  # asked once
    head = t(lang, "bookings.cancel_all_ask", date=tomorrow, count=2, lines="")
    assert asked.last.content.startswith(head)
    assert corn.code in asked.last.content and cabbage.code in asked.last.content
    assert friday.code not in asked.last.content
    assert asked.last.buttons == [
        t(lang, "bookings.cancel_all_yes"),
        t(lang, "bookings.mine.keep_all"),
    ]
    if answer is None:  # the question is edited into the answer
        await farmer.press(t(lang, "bookings.cancel_all_yes"))
    else:
        await farmer.send(answer)
    done = farmer.last.content
    assert corn.code in done and cabbage.code in done
    assert done.startswith(
        t(lang, "bookings.cancel_all_done", date=tomorrow, count=2, codes="")[:6]
    )
    assert await _statuses() == {"玉米": "cancelled", "大白菜": "cancelled", "土豆": "booked"}


async def test_kept_when_the_farmer_says_no(harness: Harness) -> None:
    farmer = await _farmer(harness, "zh")
    await direct_booking(10001, "SG07", 0, product="玉米")
    await direct_booking(10001, "SG01", 1, product="大白菜")
    await farmer.send("明天的都取消")
    kept = await farmer.send("不")
    assert kept.last.content == t("zh", "bookings.mine.kept")
    assert await _statuses() == {"玉米": "booked", "大白菜": "booked"}


async def test_one_booking_that_day_is_asked_about_alone(harness: Harness) -> None:
    farmer = await _farmer(harness, "zh")
    corn = await direct_booking(10001, "SG07", 0, product="玉米")
    asked = await farmer.send("明天的都取消")
    assert asked.last.content.startswith(f"确定要取消预约 {corn.code}")


async def test_the_button_touches_only_the_pressers_own(harness: Harness) -> None:
    farmer = await _farmer(harness, "zh")
    await direct_booking(10001, "SG07", 0, product="玉米")
    other = harness.user(10002, "王大姐")
    await other.send("/start")
    await direct_booking(10002, "SG07", 1, product="大白菜")
    await direct_booking(10002, "SG01", 1, product="土豆")
    asked = await other.send("明天的都取消")
    assert "2" in asked.last.content
    # The farmer presses a button for the same day (forged): only their own corn goes.
    day = (today() + timedelta(days=1)).toordinal()
    await farmer.press_data(CancelDay(day).encode())
    assert await _statuses(10001) == {"玉米": "cancelled"}
    assert await _statuses(10002) == {"大白菜": "booked", "土豆": "booked"}
