"""A cancel said with why (洋芋不卖了 把预约取消掉, "the potatoes are sold, cancel the booking"):
with the produce named, by any of its names, and one booking of it, straight to the cancel's
confirmation (a sandbox walk got the list of bookings and two more taps). The clock is pinned
(tests/conftest.py): Wednesday 10 June 2026, 10:00 in Shanghai."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from bot.core.db import session_scope
from bot.models.users import User
from bot.sandbox.harness import Harness
from tests.e2e.county import direct_booking, load_county

pytestmark = pytest.mark.e2e

HUALONG = (36.7261, 118.6187)  # 化龙村: SG07 takes 玉米 and vegetables


@pytest.mark.parametrize(
    ("lang", "said", "product"),
    [
        ("zh", "洋芋不卖了 把预约取消掉", "土豆"),
        ("zh", "苞谷已经卖了，预约取消吧", "玉米"),
        ("zh", "土豆卖掉了 那个预约不要了", "土豆"),
        ("en", "the potatoes are sold, cancel the booking", "土豆"),
    ],
)
async def test_a_cancel_with_why_goes_to_its_confirmation(
    harness: Harness, lang: str, said: str, product: str
) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    await farmer.share_location(*HUALONG)
    async with session_scope() as session:
        await session.execute(update(User).where(User.telegram_id == 10001).values(language=lang))
    # Two bookings: the produce named says which.
    potato = await direct_booking(10001, "SG07", 0, product="土豆")
    corn = await direct_booking(10001, "SG07", 1, product="玉米")
    code = potato.code if product == "土豆" else corn.code
    asked = await farmer.send(said)
    text = asked.last.text or ""
    assert code in text and ("确定要取消预约" in text or "cancel" in text.lower())
    assert len(asked.last.buttons) == 2  # yes / no: not the list of bookings
