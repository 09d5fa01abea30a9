"""A command or a menu button ends (or sets aside) the step waiting for typed text, wherever
its conversation is registered (sandbox walk: a round's 「为什么关闭？」 left waiting took a
notice's send time 「明天早上8点」, typed later, for the closing reason)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.users import User
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from tests.e2e.county import direct_booking, load_county, today

pytestmark = pytest.mark.e2e


async def _english(telegram_id: int) -> None:
    async with session_scope() as session:
        await session.execute(
            update(User).where(User.telegram_id == telegram_id).values(language="en")
        )


async def _composed_then_dropped(staff: SandboxUser, lang: str, when: str) -> None:
    """/broadcast, a notice, this station's farmers, ⏰ at `when`, then ❌."""
    started = await staff.send("/broadcast")
    # The closing question waiting behind said it is over, before the composer asks.
    assert started.texts[0] == t(lang, "bookings.staff.close_left")
    assert started.last.text.startswith(t(lang, "broadcasts.ask_text").splitlines()[0])
    await staff.send("明天上午停电 不收货" if lang == "zh" else "No pickups tomorrow morning")
    await staff.press(t(lang, "broadcasts.audience.station"))
    await staff.press(t(lang, "broadcasts.send_later"))
    # Its example time is the day after tomorrow at 8:00, never a fixed (past) day.
    example = f"{today() + timedelta(days=2):%Y-%m-%d} 08:00"
    assert staff.last.text == t(lang, "broadcasts.ask_time", example=example)
    assert "2026-06-11" not in staff.last.text
    await staff.send(when)
    await staff.press(t(lang, "broadcasts.cancel_draft"))


@pytest.mark.parametrize(
    ("lang", "close", "when"),
    [("zh", "关明天下午", "明天早上8点"), ("en", "close tomorrow afternoon", "tomorrow 8am")],
)
async def test_a_command_ends_the_closing_question_waiting_for_its_reason(
    harness: Harness, lang: str, close: str, when: str
) -> None:
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    # A farmer of the station, to be told the notice.
    await harness.user(10001, "张大爷").send("/start")
    await direct_booking(10001, "SG01", 1, day=today())
    if lang == "en":
        await _english(20001)
    asked = await staff.send(close)
    assert "14:00-16:00" in (asked.last.text or "")
    await _composed_then_dropped(staff, lang, when)
    # The time typed again after the notice was dropped is no closing reason.
    again = await staff.send(when)
    assert not any("14:00-16:00" in text for text in again.texts), again.texts
    # Tomorrow afternoon is still open: its 🚫 button is there.
    listed = await staff.send("/pickups")
    day = t(lang, "bookings.tomorrow")
    button = t(lang, "bookings.staff.close_button", day=day, starts="14:00", ends="16:00")
    assert any(button in m.buttons for m in listed)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_menu_button_ends_kb_add_waiting_behind_the_feature_it_starts(
    harness: Harness, lang: str
) -> None:
    await load_county(harness)
    admin = harness.user(30001, "县管理员")
    await admin.send("/start")
    if lang == "en":
        await _english(30001)
        await admin.send("/start")
    await admin.send("/kb add")
    # The admin's own menu (staff work first, then the farmers' price, sale and alert buttons).
    left = await admin.press(t(lang, "menu.prices"))
    assert left.texts[0] == t(lang, "kbadmin.left")
    assert left.last.text == t(lang, "prices.ask_product")


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_kb_add_waiting_for_its_question_is_left_by_another_command(
    harness: Harness, lang: str
) -> None:
    await load_county(harness)
    admin = harness.user(30001, "县管理员")
    await admin.send("/start")
    if lang == "en":
        await _english(30001)
    await admin.send("/kb add")
    started = await admin.send("/broadcast")
    assert started.texts[0] == t(lang, "kbadmin.left")
    await admin.press(t(lang, "broadcasts.cancel_draft"))
    # Typed later: a question to the knowledge base, not step 1's text of a new entry.
    later = await admin.send("玉米什么时候追肥")
    assert not any(text.startswith(("第 2 步", "Step 2")) for text in later.texts), later.texts
