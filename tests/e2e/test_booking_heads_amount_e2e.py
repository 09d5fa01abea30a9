"""A head count typed at a booking's amount step (我有20只羊要卖, 20只羊 每只80斤, "I have 20 sheep
to sell"): the weight said with it is read (per head: multiplied), or asked for in all or per
head; never 没看懂这个数量 (handlers/bookings/herds.py). The clock is pinned (tests/conftest.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import Booking
from bot.sandbox.harness import Harness
from tests.e2e.bookings_util import livestock_booking_at_amount

pytestmark = pytest.mark.e2e


async def _kg() -> list[float]:
    async with session_scope() as session:
        return [float(b.quantity_kg) for b in await session.scalars(select(Booking))]


@pytest.mark.parametrize(
    ("lang", "product", "herd", "weight"),
    [
        ("zh", "玉米", "我有20只羊要卖", "每只80斤"),
        ("zh", "羊", "我有20只羊要卖", "一共1600斤"),
        ("en", "corn", "I have 20 sheep to sell", "80 jin each"),
    ],
)
async def test_heads_then_their_weight(
    harness: Harness, lang: str, product: str, herd: str, weight: str
) -> None:
    farmer = await livestock_booking_at_amount(harness, lang, product)
    asked = await farmer.send(herd)
    assert all(t(lang, "bookings.bad_quantity") not in text for text in asked.texts)
    each = t(lang, "supply.each_只")
    assert each in asked.last.content and "20" in asked.last.content
    said = await farmer.send(weight)
    assert all(t(lang, "bookings.bad_quantity") not in text for text in said.texts)
    # On to the stations, at 1600斤 (800 kg) in all.
    assert "1600斤" in said.last.content or "800" in said.last.content, said.last.content


async def test_heads_with_a_weight_per_head_at_once(harness: Harness) -> None:
    farmer = await livestock_booking_at_amount(harness, "zh", "玉米")
    said = await farmer.send("20只羊 每只80斤")
    assert t("zh", "bookings.bad_quantity") not in said.last.content
    assert "1600斤" in said.last.content, said.last.content
    assert await _kg() == []
