"""Helpers for the booking domain's tests: a station with two farmers, a booking, its refusal."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from bot.bookings import model
from bot.bookings.model import Refused
from bot.bookings.service import book
from bot.core.db import session_scope
from bot.core.transactions import retrying
from tests.stations_util import MORNING, make_station, make_user

TOMORROW = MORNING.date() + timedelta(days=1)


async def setup_station(**station: Any) -> tuple[int, list[int]]:
    """A station (make_station's defaults, or `station`) and farmers 10001 张大爷, 10002 李大娘."""
    async with session_scope() as session:
        ids = await make_station(session, **station)
        await make_user(session, 10001, "张大爷")
        await make_user(session, 10002, "李大娘")
    return ids


async def book_at(
    farmer: int,
    station_id: int,
    slot_id: int,
    day: date = TOMORROW,
    kg: int = 500,
    product: str = "西红柿",
    draft_id: str | None = None,
    limits: model.Limits | None = None,
) -> model.BookingView:
    """Book `kg` of `product` for `farmer` at the fixed morning clock, retried like the chat."""

    async def work(session: Any) -> model.BookingView:
        return await book(
            session,
            farmer_id=farmer,
            station_id=station_id,
            slot_id=slot_id,
            day=day,
            product=product,
            quantity_text=f"{kg}公斤",
            quantity_kg=kg,
            now_local=MORNING,
            draft_id=draft_id,
            limits=limits,
        )

    return await retrying(work)


async def refusal(coro: Any) -> str:
    """The reason `coro` is refused with (it must be refused)."""
    with pytest.raises(Refused) as refused:
        await coro
    return refused.value.reason


async def setup_other() -> tuple[int, list[int]]:
    """A second station, T2, elsewhere in the county."""
    async with session_scope() as session:
        return await make_station(session, external_id="T2", lat=36.9, lon=118.8)
