"""Moving a booking, as a sandbox walk found it going wrong (the clock is pinned: Wednesday
10 June 2026, 10:00 in Shanghai).

- Two days in one message (礼拜五去不了 改成礼拜六, 不是礼拜六 是礼拜一, "move it from Friday to
  Saturday"): the day gone to is the one, not the first one named (the walk's booking was
  moved to the day the farmer said they could not come).
- The round the booking is already in is not offered again.
- A move of a booking whose round the station closed, left or called off, never says the
  booking "keeps its time": the station cancelled that time.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from bot.bookings import model, service
from bot.bookings.text import date_label
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import Booking, Slot
from bot.models.users import User
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from tests.e2e.county import direct_booking, load_county, today

pytestmark = pytest.mark.e2e

HUALONG = (36.7261, 118.6187)  # 化龙村: SG07 takes 玉米, 08:00 and 14:00 rounds


def _friday() -> date:
    """The day after tomorrow by the pinned clock (read in the test, once it is pinned)."""
    return today() + timedelta(days=2)


async def _farmer(harness: Harness, lang: str = "zh") -> SandboxUser:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    await farmer.share_location(*HUALONG)
    async with session_scope() as session:
        await session.execute(update(User).where(User.telegram_id == 10001).values(language=lang))
    return farmer


async def _moved_to(farmer_id: int) -> tuple[str, int]:
    async with session_scope() as session:
        [booking] = list(
            await session.scalars(select(Booking).where(Booking.farmer_id == farmer_id))
        )
        slot = await session.get(Slot, booking.slot_id)
        assert slot is not None
        return booking.day.isoformat(), slot.starts.hour


@pytest.mark.parametrize(
    ("said", "day"),
    [
        ("礼拜五去不了 改成礼拜六", "6月13日 周六"),
        ("周五不行改周六", "6月13日 周六"),
        ("星期五来不了，星期六吧", "6月13日 周六"),
        ("把礼拜五的换到下礼拜一", "6月15日 周一"),
    ],
)
async def test_the_day_gone_to_is_the_day_moved_to(harness: Harness, said: str, day: str) -> None:
    farmer = await _farmer(harness)
    booked = await direct_booking(10001, "SG07", 0, day=_friday(), product="玉米")
    moving = await farmer.send(said)
    text = moving.last.text or ""
    assert text.startswith(f"改预约 {booked.code}：现在是 6月12日 周五（后天） 08:00-10:00")
    assert f"\n{day}，选个时间段：" in text


async def test_the_walks_conversation_ends_on_the_day_said(harness: Harness) -> None:
    farmer = await _farmer(harness)
    booked = await direct_booking(10001, "SG07", 0, day=_friday(), product="玉米")
    await farmer.send("礼拜五去不了 改成礼拜六")
    corrected = await farmer.send("不是礼拜六 是礼拜一")
    assert (corrected.last.text or "").startswith("6月15日 周一，选个时间段：")
    confirm = await farmer.send("下午")
    assert f"请确认改约（预约号 {booked.code}）" in (confirm.last.text or "")
    assert "改到 6月15日 周一 14:00-16:00" in (confirm.last.text or "")
    await farmer.press("✅ 确认")
    assert await _moved_to(10001) == ((today() + timedelta(days=5)).isoformat(), 14)


async def test_in_english_the_day_gone_to_is_the_day(harness: Harness) -> None:
    farmer = await _farmer(harness, "en")
    booked = await direct_booking(10001, "SG07", 0, day=_friday(), product="玉米")
    moving = await farmer.send("move it from Friday to Saturday afternoon")
    text = moving.last.text or ""
    assert f"booking {booked.code}" in text
    assert "moved to Sat Jun 13 14:00-16:00" in text


@pytest.mark.parametrize(
    ("lang", "move", "morning"),
    [
        ("zh", "改到后天", "改到后天上午"),
        ("en", "move it to the day after tomorrow", "move it to Friday morning"),
    ],
)
async def test_the_round_it_is_in_is_not_offered(
    harness: Harness, lang: str, move: str, morning: str
) -> None:
    farmer = await _farmer(harness, lang)
    await direct_booking(10001, "SG07", 0, day=_friday(), product="玉米")
    moving = await farmer.send(move)
    assert [b[:11] for b in moving.last.buttons if b[:2].isdigit()] == ["14:00-16:00"]
    # Asked for that very round: said to be the one it is in, the others offered.
    again = await farmer.send(morning)
    label = date_label(lang, _friday(), today())
    same = t(lang, "bookings.move_same_round", date=label, starts="08:00", ends="10:00")
    assert same in (again.last.text or "")
    assert [b[:11] for b in again.last.buttons if b[:2].isdigit()] == ["14:00-16:00"]


async def test_a_day_whose_only_round_open_is_its_own_is_not_taken(harness: Harness) -> None:
    farmer = await _farmer(harness)
    staff = harness.user(30001, "王管理员")  # an admin may close any station's round
    await staff.send("/start")
    booked = await direct_booking(10001, "SG07", 0, day=_friday(), product="玉米")
    async with session_scope() as session:
        actor = await model.actor_of(session, 30001)
        await service.close_slot(session, actor, booked.slot_id + 1, _friday(), "rain")
    moving = await farmer.send("改到后天")
    label = date_label("zh", _friday(), today())
    text = moving.last.text or ""
    assert t("zh", "bookings.move_same_round", date=label, starts="08:00", ends="10:00") in text
    why = t("zh", "bookings.closed_why", reason=t("zh", "bookings.reason.rain"))
    closed = t("zh", "bookings.day_closed", date=label, rounds="14:00-16:00", why=why)
    assert closed in text and "哪天送过去" in text


async def test_a_day_whose_other_round_is_full_is_not_taken(harness: Harness) -> None:
    farmer = await _farmer(harness)
    booked = await direct_booking(10001, "SG07", 0, day=_friday(), product="玉米")
    async with session_scope() as session:
        session.add_all(User(telegram_id=11000 + n, name=f"农户{n}") for n in range(8))
    for other in range(8):  # the afternoon round's 8 places
        await direct_booking(11000 + other, "SG07", 1, day=_friday(), product="玉米", kg=50)
    moving = await farmer.send("改到后天")
    label = date_label("zh", _friday(), today())
    only = t("zh", "bookings.move_same_round_only", date=label, starts="08:00", ends="10:00")
    assert only in (moving.last.text or "")
    assert "哪天送过去" in (moving.last.text or "")
    assert booked.code in (moving.last.text or "")


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_move_of_a_closed_round_left_says_it_has_no_time(
    harness: Harness, lang: str
) -> None:
    farmer = await _farmer(harness, lang)
    admin = harness.user(30001, "王管理员")
    await admin.send("/start")
    booked = await direct_booking(10001, "SG07", 0, day=_friday(), product="玉米")
    async with session_scope() as session:
        actor = await model.actor_of(session, 30001)
        await service.close_slot(session, actor, booked.slot_id, _friday(), "rain")
    mine = "我的预约" if lang == "zh" else "my bookings"
    await farmer.send(mine)
    await farmer.press(t(lang, "bookings.mine.move_button", code=booked.code))
    # Left for another subject: not "keeps its time".
    left = await farmer.send(mine)
    assert left.texts[0] == t(lang, "bookings.move_left_closed")
    assert left.texts[0] != t(lang, "bookings.move_left")
    # Called off with ✖️: the same.
    await farmer.press(t(lang, "bookings.mine.move_button", code=booked.code), message=left[-1])
    cancelled = await farmer.press(t(lang, "bookings.cancel_button"))
    assert cancelled.last.text == t(lang, "bookings.move_cancelled_closed", code=booked.code)


async def test_a_move_of_an_open_round_left_still_keeps_its_time(harness: Harness) -> None:
    farmer = await _farmer(harness)
    booked = await direct_booking(10001, "SG07", 0, day=_friday(), product="玉米")
    await farmer.send("我的预约")
    await farmer.press(f"🕘 改时间 {booked.code}")
    left = await farmer.send("我的预约")
    assert left.texts[0] == t("zh", "bookings.move_left")
