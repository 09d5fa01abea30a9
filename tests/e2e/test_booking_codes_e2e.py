"""Station staff typing a booking code (blind test: E9LEXL got the knowledge base's fallback,
E9LEXL 已收 780斤 "您是要卖货吗？"), through the local Bot API server, in Chinese and English.
The tests' clock says 10:00: the station's first round has started, its last has not."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import Booking, BookingStatus
from bot.models.users import User
from bot.sandbox.harness import Harness
from tests.e2e.county import direct_booking, load_county, today

pytestmark = pytest.mark.e2e
STAFF = 20001


async def _booking(code: str) -> Booking:
    async with session_scope() as session:
        found = await session.scalar(select(Booking).where(Booking.code == code))
        assert found is not None
        return found


async def test_a_typed_code_shows_its_card_and_records_a_weighing(harness: Harness) -> None:
    await load_county(harness)
    staff = harness.user(STAFF, "李站长")
    await staff.send("/start")
    for farmer_id in (10001, 10002, 10003):
        await harness.user(farmer_id, "农户").send("/start")
    started = await direct_booking(10001, "SG01", 0, day=today(), kg=800)
    later = await direct_booking(10002, "SG01", -1, day=today(), kg=500)
    elsewhere = await direct_booking(10003, "SG02", 0, day=today(), kg=300)

    card = (await staff.send(started.code)).last
    assert card.text.splitlines()[0].startswith(f"📋 预约号 {started.code} · ")
    assert started.farmer_name in card.text
    assert card.buttons == [f"✅ 收了 {started.code}", f"❌ 没来 {started.code}"]
    # The card's 收了 asks the weight.
    # Typed in small letters a code must mix letters and digits (tomato is no code): the
    # booking's code made one such, as the blind tester's E9LEXL was.
    async with session_scope() as session:
        await session.execute(update(Booking).where(Booking.id == started.id).values(code="E9LEXL"))
    started = replace(started, code="E9LEXL")
    card = (await staff.send("e9lexl")).last
    asked = (await staff.press(f"✅ 收了 {started.code}", message=card)).last
    assert asked.text.startswith(t("zh", "bookings.staff.ask_weight", code=started.code)[:8])
    await staff.send("/cancel")

    # The code with 已收 and a weight records it as the weight prompt does (780斤 = 390 kg).
    done = (await staff.send(f"{started.code} 已收 780斤")).last.text
    assert done == t("zh", "bookings.staff.collected", code=started.code, weighed="390 公斤")
    row = await _booking(started.code)
    assert row.status is BookingStatus.collected and row.weighed_kg == 390
    # The card says what was weighed, not only what was booked (blind walk).
    card = (await staff.send(started.code)).last.text or ""
    assert t("zh", "bookings.status.collected_kg", weighed="390 公斤") in card

    # The afternoon round has not started: the farmer came early? asked, with its ✅; nothing
    # is recorded until it is pressed (blind test: refused, a farmer who came early was lost).
    replies = await staff.send(f"收了 {later.code} 500公斤")
    assert (replies.last.text or "").startswith(f"提前收货？{later.code} 约的是")
    assert replies.last.buttons == [t("zh", "bookings.staff.early_button", weighed="500 公斤")]
    assert (await _booking(later.code)).status is BookingStatus.booked

    # Another station's booking: not theirs, no details.
    other = (await staff.send(elsewhere.code)).last
    assert other.text == t("zh", "bookings.staff.code_not_ours", code=elsewhere.code)
    assert other.buttons == []
    missing = (await staff.send("ZZZZ22")).last
    assert missing.text == t("zh", "bookings.staff.code_not_found", code="ZZZZ22")

    # A farmer typing a code is not answered as staff.
    farmer = harness.user(10004, "王大姐")
    await farmer.send("/start")
    said = (await farmer.send(started.code)).last.text
    assert "📋" not in said and "不是本站" not in said


async def test_an_english_staff_member_types_a_code(harness: Harness) -> None:
    await load_county(harness)
    staff = harness.user(STAFF, "李站长")
    await staff.send("/start")
    async with session_scope() as session:
        await session.execute(update(User).where(User.telegram_id == STAFF).values(language="en"))
    for farmer_id in (10001, 10002):
        await harness.user(farmer_id, "农户").send("/start")
    started = await direct_booking(10001, "SG01", 0, day=today(), kg=800)
    tomorrow = await direct_booking(10002, "SG01", 0, day=today() + timedelta(days=1))
    card = (await staff.send(f"booking {started.code}?")).last
    assert card.text.startswith(f"📋 Booking {started.code} · ")
    assert card.buttons == [f"✅ Collected {started.code}", f"❌ Not brought {started.code}"]
    # Tomorrow's has no buttons yet, and says when they come.
    card = (await staff.send(tomorrow.code)).last
    assert card.buttons == []
    starts = tomorrow.starts.strftime("%H:%M")
    assert t("en", "bookings.staff.buttons_on_day", starts=starts) in card.text
    done = (await staff.send(f"{started.code} collected 750 kg")).last.text
    assert done == t("en", "bookings.staff.collected", code=started.code, weighed="750 kg")
    # The pickups list says the same hint under tomorrow's booking.
    listed = "\n".join(m.text for m in await staff.send("/pickups"))
    assert t("en", "bookings.staff.buttons_on_day", starts=starts) in listed
