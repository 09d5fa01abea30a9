"""A staff member's 今天有啥事 (what's on today): the day at a glance, each line with the command
that lists it; 通知发出去没 before any notice says there is none (sandbox walk: both got the
knowledge base's 「知识库里还没有这个问题的答案」)."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import Booking, BookingStatus
from bot.sandbox.harness import Harness
from tests.e2e.county import direct_booking, load_county, today
from tests.e2e.test_staff_words_e2e import _english

pytestmark = pytest.mark.e2e


async def test_the_day_at_a_glance(harness: Harness) -> None:
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    empty = (await staff.send("今天有啥事")).last.text or ""
    assert empty.startswith("🏪 圣城街道邮政便民服务站 · 6月10日 周三（今天）")
    # None said as none (sandbox walk: "0 bookings from 0 farmers").
    assert "🚚 今天待收货：没有（" in empty and "❓ 等回复的问题：0 个" in empty
    assert "📅 明天收货：还没有人约" in empty
    await direct_booking(10001, "SG01", 1, day=today())  # this afternoon's round
    await direct_booking(10001, "SG01", 0)  # tomorrow's: not today's
    busy = (await staff.send("有啥新情况")).last.text or ""
    assert "🚚 今天待收货：1 户（1 单）" in busy, busy
    await _english(20001)
    english = (await staff.send("what's on today")).last.text or ""
    assert "0 bookings" not in english
    assert (
        english.startswith("🏪 ")
        and "Pickups still to come today: 1 booking from 1 farmer" in english
    )


async def test_asking_after_a_notice_before_any_says_none_was_sent(harness: Harness) -> None:
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    none = (await staff.send("刚才那个通知发出去没")).last.text or ""
    assert none.startswith("您的服务站还没发过通知")
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    asked = (await farmer.send("今天有啥事")).last.text or ""
    assert not asked.startswith("🏪")  # a farmer's words are not the station's


async def test_short_staff_words_list_what_waits(harness: Harness) -> None:
    # Blind walk: 问题, 有问题没, 待回复, 卖货登记, 明天几户 got 「知识库里还没有这个问题的答案」.
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    for said in ("问题", "有问题没", "待回复"):
        assert (await staff.send(said)).last.text == t("zh", "questions.none_open"), said
    assert (await staff.send("卖货登记")).last.text == t("zh", "offers.none")
    await direct_booking(10001, "SG01", 0)  # tomorrow
    assert "08:00-10:00" in ((await staff.send("明天几户")).last.text or "")


async def test_a_staff_words_reason_leaves_the_closing(harness: Harness) -> None:
    # Blind walk: 看看问题 typed after 🚫 was taken for the reason to close the round.
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    await direct_booking(10001, "SG01", 0)
    lists = await staff.send("/pickups")
    await staff.press("🚫 关闭 明天 08:00-10:00", message=lists[-1])
    replies = await staff.send("看看问题")
    assert replies.last.text == t("zh", "questions.none_open")
    assert not any((text or "").startswith("确定关闭") for text in replies.texts)


async def test_the_overview_counts_farmers_as_households_and_skips_collected(
    harness: Harness,
) -> None:
    # Blind walk: one farmer's two bookings were 「2 户」, and one collected early the day
    # before still counted among tomorrow's pickups.
    await load_county(harness)
    await direct_booking(10001, "SG01", 0)  # tomorrow 08:00
    await direct_booking(10001, "SG01", 1)  # the same farmer, tomorrow again
    await harness.user(10011, "刘大姐").send("/start")
    early = await direct_booking(10011, "SG01", 0)
    await _collected(early.id)  # came a day early and was weighed
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    said = (await staff.send("今天有啥事")).last.text or ""
    assert "📅 明天收货：1 户（2 单），共 1000 公斤（2000 斤）" in said, said
    await _english(20001)
    english = (await staff.send("what's on today")).last.text or ""
    assert "0 bookings" not in english
    assert "Pickups tomorrow: 2 bookings from 1 farmer, 1000 kg" in english, english
    admin = harness.user(30001, "王管理员")
    await admin.send("/start")
    county = (await admin.send("今天有啥事")).last.text or ""
    assert "（SG01）：今天待收 0 单，明天 2 单，共 1000 公斤（2000 斤）" in county, county


async def _collected(booking_id: int) -> None:
    """Mark a booking collected straight in the database (the early ✅ has its own tests)."""
    async with session_scope() as session:
        booking = await session.get(Booking, booking_id)
        assert booking is not None
        booking.status = BookingStatus.collected
