"""A farmer answers a ✅ / ✖️ confirmation in dialect or casual English: 要得不, 中嘞, 得行,
可以噻, 没得问题, 对头, yep confirm; 不中, 莫得, 不得行, nope decline (knowledge.text.yesno).

Through the local Bot API server. 要得不 at the booking's summary used to be refused
("请点「✅ 确认」"), and 不中 / nope there were no answer either. The clock is pinned
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


async def _farmer(harness: Harness, english: bool = False) -> SandboxUser:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    if english:
        await farmer.send("/language")
        await farmer.press("English")
    await farmer.share_location(*HUALONG)
    return farmer


async def _at_summary(farmer: SandboxUser, said: str) -> None:
    asked = await farmer.send(said)
    await farmer.press(asked.last.buttons[0])


@pytest.mark.parametrize("typed", ["要得不", "中嘞", "得行", "可以噻", "没得问题", "对头"])
async def test_a_dialect_yes_at_the_summary_books(harness: Harness, typed: str) -> None:
    farmer = await _farmer(harness)
    await _at_summary(farmer, "我想明天上午送两千斤玉米到站里")
    assert farmer.last.text.startswith("请确认您的预约：")
    done = await farmer.send(typed)
    assert done.last.text.startswith("✅ 预约好了！预约号：")
    assert await _statuses(10001) == {"玉米": "booked"}


@pytest.mark.parametrize("typed", ["不中", "莫得", "不得行"])
async def test_a_dialect_no_at_the_summary_books_nothing(harness: Harness, typed: str) -> None:
    farmer = await _farmer(harness)
    await _at_summary(farmer, "我想明天上午送两千斤玉米到站里")
    done = await farmer.send(typed)
    assert done.last.text == t("zh", "bookings.flow_cancelled")
    assert await _statuses(10001) == {}


async def test_dialect_answers_to_cancel_a_booking(harness: Harness) -> None:
    farmer = await _farmer(harness)
    cabbage = await direct_booking(10001, "SG07", 0, product="大白菜")
    await farmer.send("取消白菜的预约")
    kept = await farmer.send("不得行")
    assert kept.last.text == t("zh", "bookings.mine.kept")
    assert await _statuses(10001) == {"大白菜": "booked"}
    await farmer.send("取消白菜的预约")
    done = await farmer.send("要得")
    assert done.last.text == t("zh", "bookings.mine.cancelled", code=cabbage.code)
    assert await _statuses(10001) == {"大白菜": "cancelled"}


@pytest.mark.parametrize(("typed", "booked"), [("yep", True), ("sure", True), ("nope", False)])
async def test_casual_english_at_the_summary(harness: Harness, typed: str, booked: bool) -> None:
    farmer = await _farmer(harness, english=True)
    await _at_summary(farmer, "I want to bring 1000 kg of corn tomorrow morning")
    assert farmer.last.text.startswith("Please confirm your booking:")
    done = await farmer.send(typed)
    if booked:
        assert done.last.text.startswith("✅")
        assert await _statuses(10001) == {"玉米": "booked"}
    else:
        assert done.last.text == t("en", "bookings.flow_cancelled")
        assert await _statuses(10001) == {}
