"""Helpers for the booking conversations' e2e tests: day codes, stored bookings, pushed messages,
a farmer at 化龙 (booking at a livestock station there)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from bot.core.db import session_scope
from bot.models.stations import Booking
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from bot.sandbox.state import Message
from tests.e2e.county import HUALONG, load_county, today
from tests.stations_util import make_station


def day_code(day: date) -> str:
    """A day as the booking buttons carry it (YYYYMMDD): the data pressed here is literal."""
    return day.strftime("%Y%m%d")


async def stored_bookings(farmer_id: int | None = None) -> list[Booking]:
    """Every booking stored (or `farmer_id`'s), in the order made."""
    async with session_scope() as session:
        query = select(Booking).order_by(Booking.id)
        if farmer_id is not None:
            query = query.where(Booking.farmer_id == farmer_id)
        return list(await session.scalars(query))


async def pushed(person: SandboxUser, seen: int) -> Message:
    """The first message `person` got after `seen` messages (pushed via the outbox)."""
    if len(person.messages) > seen:
        return person.messages[seen]
    return await person.next_reply()


def tomorrow_data() -> str:
    """The day button's data for tomorrow."""
    return f"bk:d:{day_code(today() + timedelta(days=1))}"


async def farmer_at_hualong(harness: Harness, lang: str = "zh") -> SandboxUser:
    """张大爷 (10001) has started the bot, reads `lang` (English chosen by /language) and has
    shared his location at 化龙."""
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    if lang == "en":
        await farmer.send("/language")
        await farmer.press("English")
    await farmer.share_location(*HUALONG)
    return farmer


async def livestock_booking_at_amount(harness: Harness, lang: str, product: str) -> SandboxUser:
    """The sample county and a livestock buyer near 化龙 (化龙畜牧站, YM01: the county's own
    stations take no 羊肉); farmer_at_hualong books `product` and is asked the amount."""
    await load_county(harness)
    async with session_scope() as session:
        await make_station(
            session, external_id="YM01", name="化龙畜牧站", lat=36.73, lon=118.62,
            products="羊肉|猪肉|牛肉|玉米",
        )  # fmt: skip
    farmer = await farmer_at_hualong(harness, lang)
    await farmer.send("预约收货" if lang == "zh" else "book a pickup")
    await farmer.send(product)
    return farmer
