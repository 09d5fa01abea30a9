"""Staff words in another language than the farmers read (tester: an English staff member's
notice previewed as "📢 Notice from …" for 4 farmers who read Chinese, with no warning; a
closing reason typed in English reached Chinese farmers as 「站里说：「heavy snowstorm, …」」).

The preview says so before it goes, and shows the notice as the farmers read it (its frame
in their language); each farmer gets the frame in their own language.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import update

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import BookingStatus
from bot.models.users import User
from bot.sandbox.harness import Harness
from tests.e2e.bookings_util import pushed, stored_bookings
from tests.e2e.county import direct_booking, load_county, today
from tests.e2e.test_broadcasts_e2e import FARMERS_A, county, due

pytestmark = pytest.mark.e2e
__all__ = ["county"]  # the fixture, used by name

SNOW_EN = "heavy snowstorm, the road to the station is closed"


async def _language(harness: Harness, lang: str, *telegram_ids: int) -> None:
    for telegram_id in telegram_ids:  # seen first, as the tests of English staff do
        await harness.user(telegram_id, "用户").send("/start")
    async with session_scope() as session:
        await session.execute(
            update(User).where(User.telegram_id.in_(telegram_ids)).values(language=lang)
        )


async def _preview(harness: Harness, lang: str, text: str) -> str:
    staff = harness.user(20001, "李站长")
    await staff.send("/broadcast")
    asked = await staff.send(text)
    assert asked.last.text == t(lang, "broadcasts.ask_audience")
    replies = await staff.press(t(lang, "broadcasts.audience.station"))
    return replies.last.text or ""


async def test_an_english_notice_for_farmers_who_read_chinese_is_warned_of(
    harness: Harness, county: dict[str, int]
) -> None:
    await _language(harness, "en", 20001)
    preview = await _preview(harness, "en", SNOW_EN)
    assert preview.startswith("👀 Preview: it goes to 3 farmers")
    # What the farmers see: the frame in their language, not the sender's.
    assert f"📢 城关服务站通知：\n{SNOW_EN}" in preview
    assert "Notice from" not in preview
    assert "⚠️ All 3 farmers read Chinese; this notice is in English." in preview
    assert '"❌ Drop it" and write it in Chinese' in preview
    staff = harness.user(20001, "李站长")
    await staff.press("✅ Send now")
    await due(harness)
    farmer = harness.user(FARMERS_A[0], "农户")
    got = [m.text or "" for m in farmer.messages if (m.text or "").startswith("📢")]
    assert got == [f"📢 城关服务站通知：\n{SNOW_EN}"]


async def test_a_chinese_notice_most_farmers_read_in_english_is_warned_of(
    harness: Harness, county: dict[str, int]
) -> None:
    await _language(harness, "en", FARMERS_A[0], FARMERS_A[1])
    preview = await _preview(harness, "zh", "明天下大雪，路封了，不收货")
    assert "⚠️ 收到的 3 位农户里有 2 位看英文，这条是中文写的。" in preview
    assert "📢 Notice from 城关服务站:" in preview  # as most of them read it
    staff = harness.user(20001, "李站长")
    await staff.press(t("zh", "broadcasts.send_now"))
    await due(harness)
    english = harness.user(FARMERS_A[0], "农户")
    chinese = harness.user(FARMERS_A[2], "农户")
    assert any((m.text or "").startswith("📢 Notice from 城关服务站:") for m in english.messages)
    assert any((m.text or "").startswith("📢 城关服务站通知：") for m in chinese.messages)


async def test_a_notice_in_the_farmers_language_has_no_warning(
    harness: Harness, county: dict[str, int]
) -> None:
    await _language(harness, "en", FARMERS_A[0])  # one of three reads English: most read Chinese
    preview = await _preview(harness, "zh", "明天停水")
    assert "⚠️" not in preview and "📢 城关服务站通知：\n明天停水" in preview
    await _language(harness, "en", 20001, *FARMERS_A)
    await harness.user(20001, "李站长").send("/cancel")
    preview = await _preview(harness, "en", "No water tomorrow")
    assert "⚠️" not in preview and "📢 Notice from 城关服务站:\nNo water tomorrow" in preview


# --- closing a round: the reason typed, and the snow button --------------------------------


async def _closing(harness: Harness, staff_lang: str, farmer_lang: str) -> tuple[Any, Any, str]:
    """A round of today's afternoon with one booking; staff and farmer in these languages."""
    await load_county(harness)
    staff, farmer = harness.user(20001, "李站长"), harness.user(10001, "张大爷")
    for person in (staff, farmer):
        await person.send("/start")
    booking = await direct_booking(10001, "SG01", 1, day=today())  # today 14:00-16:00
    async with session_scope() as session:
        for telegram_id, lang in ((20001, staff_lang), (10001, farmer_lang)):
            await session.execute(
                update(User).where(User.telegram_id == telegram_id).values(language=lang)
            )
    return staff, farmer, booking.code


async def test_an_english_reason_for_a_chinese_farmer_is_warned_of_and_snow_is_its_button(
    harness: Harness,
) -> None:
    staff, farmer, code = await _closing(harness, "en", "zh")
    asked = await staff.send("close this afternoon")
    assert (asked.last.text or "").startswith("Close ")
    typed = (await staff.send(SNOW_EN)).last.text or ""
    assert f'Reason: "{SNOW_EN}"' in typed
    assert "⚠️ The farmer who gets it reads Chinese; this reason is in English." in typed
    assert "Type a reason in Chinese instead, or tap a reason button" in typed
    # Said short, it is the snow button's reason: each farmer reads it in their language.
    typed = (await staff.send("snowstorm")).last.text or ""
    assert 'Reason: "heavy snow"' in typed and "⚠️" not in typed
    seen = len(farmer.messages)
    await staff.press("✅ Close for this reason")
    assert {b.status for b in await stored_bookings()} == {BookingStatus.slot_closed}
    told = (await pushed(farmer, seen)).text or ""
    assert code in told and "因为下大雪取消了" in told and "snow" not in told


@pytest.mark.parametrize("said", ["下大雪", "暴雪", "雪太大", "❄️ 下雪"])
async def test_snow_said_or_pressed_reaches_an_english_farmer_in_english(
    harness: Harness, said: str
) -> None:
    staff, farmer, code = await _closing(harness, "zh", "en")
    asked = await staff.send("今天下午不收货了")
    assert asked.last.buttons[:4] == ["🌧 下雨", "🚚 车坏了", "❄️ 下雪", "其他原因"]
    seen = len(farmer.messages)
    if said.startswith("❄️"):
        await staff.press(said)
    else:
        typed = (await staff.send(said)).last.text or ""
        assert "原因：「下大雪」" in typed and "⚠️" not in typed
        await staff.press(t("zh", "bookings.staff.close_said_button"))
    assert (staff.last.text or "").startswith("已关闭")
    told = (await pushed(farmer, seen)).text or ""
    assert code in told and "because of heavy snow" in told


async def test_a_chinese_reason_for_a_chinese_farmer_has_no_warning(harness: Harness) -> None:
    staff, _, _ = await _closing(harness, "zh", "zh")
    await staff.send("今天下午不收货了")
    typed = (await staff.send("路上结冰，车过不来")).last.text or ""
    assert "「路上结冰，车过不来」" in typed and "⚠️" not in typed
