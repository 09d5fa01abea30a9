"""A farmer cancels a booking by typing it (取消白菜的预约, 白菜那个不送了，取消吧), and answers a
confirmation by typing (是, 确认, 好的, yes) instead of pressing its button.

Through the local Bot API server. 取消白菜的预约 used to start a new cabbage booking and 白菜那个
不送了，取消吧 was answered 答不上来 (blind test); a typed 是 at "确定要取消预约…吗？" cancelled
nothing, and 确认 at the booking's summary only said "请点「✅ 确认」". The clock is pinned
(tests/conftest.py): Wednesday 10 June 2026, 10:00 in Shanghai.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import Booking
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from tests.e2e.county import direct_booking, load_county

pytestmark = pytest.mark.e2e

HUALONG = (36.7261, 118.6187)  # 化龙村: SG07 takes 玉米 and vegetables


async def _statuses(farmer_id: int) -> dict[str, str]:
    async with session_scope() as session:
        query = select(Booking).where(Booking.farmer_id == farmer_id)
        return {b.product: str(b.status.value) for b in await session.scalars(query)}


async def _farmer(harness: Harness, user_id: int = 10001) -> SandboxUser:
    await load_county(harness)
    farmer = harness.user(user_id, "张大爷")
    await farmer.send("/start")
    await farmer.share_location(*HUALONG)
    return farmer


async def test_a_cancel_typed_asks_to_confirm_that_booking(harness: Harness) -> None:
    farmer = await _farmer(harness)
    cabbage = await direct_booking(10001, "SG07", 0, product="大白菜")
    asked = await farmer.send("取消白菜的预约")
    assert asked.last.text.startswith(f"确定要取消预约 {cabbage.code}（6月11日 周四（明天）")
    assert asked.last.buttons == ["是，取消预约", "不取消"]
    assert await _statuses(10001) == {"大白菜": "booked"}
    # Something else said in between: a later 好的 answers that, not the question.
    await farmer.send("西红柿多少钱")
    await farmer.send("好的")
    assert await _statuses(10001) == {"大白菜": "booked"}
    await farmer.send("取消白菜的预约")
    # 是 typed is the ✅ button.
    done = await farmer.send("是")
    assert done.last.text == t("zh", "bookings.mine.cancelled", code=cabbage.code)
    assert await _statuses(10001) == {"大白菜": "cancelled"}
    # Nothing left to cancel: said so, and no new booking starts.
    none = await farmer.send("白菜那个不送了，取消吧")
    assert none.last.text == t("zh", "bookings.cancel_none_of", product="大白菜")


async def test_a_typed_no_keeps_it_and_several_ask_which(harness: Harness) -> None:
    farmer = await _farmer(harness)
    corn = await direct_booking(10001, "SG07", 0, product="玉米")
    cabbage = await direct_booking(10001, "SG07", 1, product="大白菜")
    asked = await farmer.send("白菜那个不送了，取消吧")
    assert asked.last.text.startswith(f"确定要取消预约 {cabbage.code}")
    kept = await farmer.send("不用了")
    assert kept.last.text == t("zh", "bookings.mine.kept")
    # 是 later, with no question waiting, cancels nothing.
    await farmer.send("是")
    assert await _statuses(10001) == {"玉米": "booked", "大白菜": "booked"}
    which = await farmer.send("取消预约")
    assert which.last.text == t("zh", "bookings.cancel_which", count=2)
    assert which.last.buttons == [
        f"✖️ {corn.code} · 6月11日 周四（明天） 08:00 · 玉米",
        f"✖️ {cabbage.code} · 6月11日 周四（明天） 14:00 · 大白菜",
    ]
    confirm = await farmer.press(which.last.buttons[0])
    assert f"确定要取消预约 {corn.code}" in confirm.last.text
    await farmer.send("好的")
    assert await _statuses(10001) == {"玉米": "cancelled", "大白菜": "booked"}


async def test_a_cancel_typed_in_english(harness: Harness) -> None:
    farmer = await _farmer(harness)
    await farmer.send("/language")
    await farmer.press("English")
    booking = await direct_booking(10001, "SG07", 0, product="玉米")
    asked = await farmer.send("cancel my corn booking")
    assert asked.last.text.startswith(f"Cancel booking {booking.code} (Thu Jun 11 (tomorrow)")
    done = await farmer.send("Yes, cancel it")
    assert done.last.text == t("en", "bookings.mine.cancelled", code=booking.code)
    assert await _statuses(10001) == {"玉米": "cancelled"}


@pytest.mark.parametrize(
    ("lang", "said"),
    [("zh", "苞米那个预约不去了 给俺取消"), ("en", "corn booking, not coming, cancel it please")],
)
async def test_a_products_booking_called_off_in_dialect(
    harness: Harness, lang: str, said: str
) -> None:
    # Blind test (Heilongjiang): 苞米那个预约不去了 给俺取消 started a new booking (玉米大概有多少？).
    farmer = await _farmer(harness)
    if lang == "en":
        await farmer.send("/language")
        await farmer.press("English")
    corn = await direct_booking(10001, "SG07", 0, product="玉米")
    await direct_booking(10001, "SG07", 1, product="大白菜")
    asked = await farmer.send(said)
    start = "确定要取消预约" if lang == "zh" else "Cancel booking"
    assert (asked.last.text or "").startswith(f"{start} {corn.code}")
    done = await farmer.send("是" if lang == "zh" else "yes")
    assert done.last.text == t(lang, "bookings.mine.cancelled", code=corn.code)
    assert await _statuses(10001) == {"玉米": "cancelled", "大白菜": "booked"}


@pytest.mark.parametrize("typed", ["确认", "好的", "可以", "1"])
async def test_a_typed_yes_at_the_summary_books(harness: Harness, typed: str) -> None:
    farmer = await _farmer(harness)
    asked = await farmer.send("我想明天上午送两千斤玉米到站里")
    await farmer.press(asked.last.buttons[0])
    assert farmer.last.text.startswith("请确认您的预约：")
    done = await farmer.send(typed)
    assert done.last.text.startswith("✅ 预约好了！预约号：")
    assert await _statuses(10001) == {"玉米": "booked"}


@pytest.mark.parametrize(
    ("lang", "said", "yes"),
    [("zh", "不送了，取消吧", "是"), ("en", "not coming, cancel it", "Yes, cancel it")],
)
async def test_calling_off_with_nothing_named_cancels_the_one_booking(
    harness: Harness, lang: str, said: str, yes: str
) -> None:
    # Staff busy-day walk: 不送了，取消吧 was 答不上来 while 取消预约 worked.
    farmer = await _farmer(harness)
    if lang == "en":
        await farmer.send("/language")
        await farmer.press("English")
    # No booking: the words stay what they were (nothing to confirm, no booking started).
    before = await farmer.send(said)
    assert not before.last.text.startswith(("确定要取消预约", "Cancel booking"))
    assert t(lang, "bookings.mine.yes_cancel") not in before.last.buttons
    booking = await direct_booking(10001, "SG07", 0, product="玉米")
    asked = await farmer.send(said)
    assert booking.code in asked.last.text
    assert asked.last.text.startswith(("确定要取消预约", "Cancel booking"))
    done = await farmer.send(yes)
    assert done.last.text == t(lang, "bookings.mine.cancelled", code=booking.code)
    assert await _statuses(10001) == {"玉米": "cancelled"}
