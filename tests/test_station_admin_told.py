"""An admin attached to a station hears what is new there (a forwarded question, a listing),
as its staff do, once each (SQLite and PostgreSQL).

Before: `staff_of` named the station's staff only, so the admin of station 1 (who may
answer its questions) learnt of a new one only by looking; a station run by its admin
alone handed its farmers' questions to the county as if nobody were there.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from bot.core.db import session_scope
from bot.markets.supply import OfferView
from bot.models.alerts import OutboxMessage
from bot.models.markets import OfferStatus
from bot.models.users import Role, User
from bot.users import Visitor, set_role, touch
from handlers import staff_offers
from knowledge.kb import questions
from knowledge.kb.offers import Destination, destination

TODAY = date(2026, 6, 10)


async def _county(*, staff: bool = True) -> None:
    """张大爷 (10001) of station 1; 李站长 (20001) its staff; 赵管理员 (30002) an admin of
    station 1; 王管理员 (30001) the county's admin; 孙管理员 (30003) an admin of station 2."""
    async with session_scope() as session:
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        farmer.station_id = 1
        if staff:
            await touch(session, Visitor(20001, "李站长"))
            await set_role(session, 20001, Role.staff, station_id=1)
        await touch(session, Visitor(30001, "王管理员"))
        await set_role(session, 30001, Role.admin)
        for telegram_id, name, station in ((30002, "赵管理员", 1), (30003, "孙管理员", 2)):
            await touch(session, Visitor(telegram_id, name))
            await set_role(session, telegram_id, Role.admin, station_id=station)


async def _forward() -> questions.Recipients:
    async with session_scope() as session:
        farmer = await session.get(User, 10001)
        assert farmer is not None
        q = await questions.record(session, farmer, "大棚里的草莓叶子卷了")
        return await questions.forward(session, q.id, 10001)


async def test_a_stations_admin_is_told_of_its_new_question_once(db: str) -> None:
    await _county()
    recipients = await _forward()
    # The station's staff and its admin; not the county's admin, nor another station's.
    assert recipients.telegram_ids == (20001, 30002)
    assert not recipients.to_admins
    # Forwarded again (a double tap): nobody is told twice.
    async with session_scope() as session:
        again = await questions.forward(session, recipients.question.id, 10001)
    assert again.already and again.telegram_ids == ()


async def test_a_station_run_by_its_admin_alone_keeps_its_questions(db: str) -> None:
    await _county(staff=False)
    recipients = await _forward()
    assert recipients.telegram_ids == (30002,)
    assert recipients.question.station_id == 1 and not recipients.to_admins
    async with session_scope() as session:
        farmer = await session.get(User, 10001)
        assert farmer is not None
        # The farmer is told the question goes to their station, not the county.
        assert await destination(session, farmer) is Destination.station


async def test_a_county_admin_still_gets_questions_of_no_station(db: str) -> None:
    await _county()
    async with session_scope() as session:
        assert await questions.staff_of(session, None) == (30001, 30002, 30003)
        assert await questions.staff_of(session, 2) == (30003,)


async def test_a_stations_admin_is_told_of_a_new_listing_once(db: str) -> None:
    await _county()
    offer = OfferView(
        id=7, farmer_id=10001, farmer_name="张大爷", farmer_username=None, product="大葱",
        quantity=3000, quantity_unit="斤", ready_date=None, price=1.2, price_unit="斤",
        station_id=1, status=OfferStatus.open, created_at=datetime(2026, 6, 10, 2),
    )  # fmt: skip
    async with session_scope() as session:
        assert await staff_offers.opened(session, offer, TODAY)
    async with session_scope() as session:
        told = list(
            await session.scalars(select(OutboxMessage.chat_id).order_by(OutboxMessage.chat_id))
        )
    assert told == [20001, 30002]
