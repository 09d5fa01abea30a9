"""A farmer changes a booking's amount (西红柿改成1200斤, ✏️ 改数量, "make it 1200 jin").

Through the local Bot API server. Right after booking 明天上午送500斤西红柿到站里, 西红柿改成
1200斤 was answered 答不上来, and 我的预约 offered only 🕘 改时间 and ✖️ 取消. Now the words, or
✏️ 改数量 and the amount typed, ask a ✅ showing old → new; the change moves the round's
booked kg, and the station's staff are told through the outbox. The clock is pinned
(tests/conftest.py): Wednesday 10 June 2026, 10:00 in Shanghai.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.models.stations import Booking, SlotDay
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from bot.users import Visitor, touch
from tests.e2e.county import HOME, direct_booking, load_county, sg01_staffed

pytestmark = pytest.mark.e2e


async def _kg() -> tuple[int, int]:
    """The one booking's kg and its round's booked kg."""
    async with session_scope() as session:
        [booking] = list(await session.scalars(select(Booking)))
        booked = await session.scalar(
            select(SlotDay.booked_kg).where(SlotDay.id == booking.slot_day_id)
        )
        assert booked is not None
        return booking.quantity_kg, int(booked)


async def _booked(harness: Harness, lang: str) -> tuple[SandboxUser, SandboxUser, str]:
    """张大爷 by SG01 (staffed by 李站长) books 500斤 of tomatoes tomorrow morning; the code."""
    await load_county(harness)
    await sg01_staffed()
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    if lang == "en":
        await farmer.send("English please")
    await farmer.share_location(*HOME)
    asked = await farmer.send("明天上午送500斤西红柿到站里")
    await farmer.press(asked.last.buttons[0])
    done = await farmer.press(farmer.last.buttons[0])  # ✅
    async with session_scope() as session:
        code = str(await session.scalar(select(Booking.code)))
    assert code in (done.edited[-1].text or "")
    assert await _kg() == (250, 250)
    return farmer, staff, code


async def test_the_amount_said_in_words_is_changed_after_its_check(harness: Harness) -> None:
    farmer, staff, code = await _booked(harness, "zh")
    asked = await farmer.send("西红柿改成1200斤")
    assert asked.last.text == (
        f"把预约 {code}（6月11日 周四（明天） 08:00-10:00）的西红柿数量改一下：\n"
        "500斤（250公斤） → 1200斤（600公斤）\n对吗？"
    )
    assert asked.last.buttons == ["✅ 改数量", "不改"]
    assert await _kg() == (250, 250)  # nothing changed before the ✅
    done = await farmer.press("✅ 改数量")
    assert done.edited[-1].text == (
        f"✅ 改好了！预约 {code} 的西红柿从 500斤（250公斤） 改成了 1200斤（600公斤）。"
    )
    assert await _kg() == (600, 600)
    await harness.delivered()
    assert staff.last.text == (
        f"✏️ 农户张大爷把预约 {code}（6月11日 周四（明天） 08:00-10:00）的西红柿数量改了："
        "500斤（250公斤） → 1200斤（600公斤）。"
    )
    # Less, said loosely, and 不 typed to its ✅: nothing changes.
    await farmer.send("少送点 300斤")
    kept = await farmer.send("不")
    assert kept.last.text == f"好的，数量不改，预约 {code} 还是 1200斤（600公斤）。"
    assert await _kg() == (600, 600)
    # 改成 with a day is still a move, not an amount.
    moving = await farmer.send("改成后天")
    assert (moving.last.text or "").startswith(f"改预约 {code}：")


async def test_the_button_asks_the_amount_and_a_typed_yes_changes_it(harness: Harness) -> None:
    farmer, _staff, code = await _booked(harness, "zh")
    mine = await farmer.send("我的预约")
    assert mine.last.buttons == [f"🕘 改时间 {code}", f"✖️ 取消 {code}", f"✏️ 改数量 {code}"]
    asked = await farmer.press(f"✏️ 改数量 {code}")
    assert asked.last.text == (
        f"预约 {code} 现在是 西红柿 500斤（250公斤）。要改成多少？请打数量，比如「1200斤」。"
    )
    unread = await farmer.send("很多")
    assert unread.last.text == "没看懂这个数量。请带上单位打，比如「1200斤」「600公斤」。"
    confirm = await farmer.send("800斤")
    assert "500斤（250公斤） → 800斤（400公斤）" in (confirm.last.text or "")
    done = await farmer.send("是")
    assert (
        done.last.text
        == f"✅ 改好了！预约 {code} 的西红柿从 500斤（250公斤） 改成了 800斤（400公斤）。"
    )
    assert await _kg() == (400, 400)


async def test_english_words_and_the_rounds_cap(harness: Harness) -> None:
    farmer, staff, code = await _booked(harness, "en")
    async with session_scope() as session:
        await touch(session, Visitor(10002, "李大娘"))
    await staff.send("English please")
    asked = await farmer.send("make it 1200 jin")
    assert asked.last.text == (
        f"Change the amount of tomato in booking {code} (Thu Jun 11 (tomorrow) 08:00-10:00):\n"
        "500 jin (250 kg) → 1200 jin (600 kg)\nIs that right?"
    )
    done = await farmer.press("✅ Change amount")
    assert done.edited[-1].text == (
        f"✅ Done! Booking {code}: tomato changed from 500 jin (250 kg) to 1200 jin (600 kg)."
    )
    assert await _kg() == (600, 600)
    await harness.delivered()
    assert staff.last.text == (
        f"✏️ Farmer 张大爷 changed the amount of tomato in booking {code} "
        "(Thu Jun 11 (tomorrow) 08:00-10:00): 500 jin (250 kg) → 1200 jin (600 kg)."
    )
    # A neighbour fills the round (SG01's rounds take 5000 kg): 400 kg are left, so this
    # booking may grow to 1000 kg, not 2 t. Refused in a popup, nothing changed.
    await direct_booking(10002, "SG01", kg=4000)
    await farmer.send("change it to 2 tons")
    refused = await farmer.press("✅ Change amount")
    assert refused.answer is not None
    assert refused.answer.text == (
        "That round cannot take that much more; this booking can go up to 1000 kg at most. "
        "Bring less, or book another time for the rest."
    )
    async with session_scope() as session:
        mine = await session.scalar(select(Booking).where(Booking.farmer_id == 10001))
        assert mine is not None and mine.quantity_kg == 600
