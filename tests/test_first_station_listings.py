"""A farmer's first usual station takes over their listings of no station (blind test, 云南施甸:
a listing made before the farmer had a station stayed （未分配服务站）, unseen in the station's
/offers), routed as a new one is; staff told through the outbox; the withdraw texts of a
listing of no station speak of no station (both databases, zh and en)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.prices import product_named, sync_products
from bot.markets.supply import OfferView, confirm_offer, draft_offer
from bot.models.alerts import OutboxMessage
from bot.models.markets import OfferStatus, SupplyOffer
from bot.models.users import Role
from handlers import usual_station
from handlers.render import listings as view
from knowledge.text.numbers import Quantity
from tests.stations_util import make_station, make_user

TODAY = date(2026, 12, 6)
NOW = datetime(2026, 12, 5, 22, 0, tzinfo=UTC)
HOME = (36.8846, 118.7352)


async def _listing(session: AsyncSession, product: str, farmer_id: int = 10001) -> int:
    """An open listing of no station (the county's admins have it)."""
    found = await product_named(session, product)
    assert found is not None
    said = f"我有一千斤{product}要卖"
    draft = await draft_offer(session, farmer_id, said, found.id, Quantity(1000, "斤"), None, TODAY)
    offer = await confirm_offer(session, draft.id, farmer_id, NOW, station_id=None)
    return offer.id


async def test_the_first_station_takes_the_listings_of_no_station(db: str) -> None:
    async with session_scope() as session:
        await sync_products(session)
        sc, _ = await make_station(
            session, external_id="SC", name="圣城服务站", lat=HOME[0], lon=HOME[1],
            products="蔬菜|鸡蛋",
        )  # fmt: skip
        lc, _ = await make_station(
            session, external_id="LC", name="洛城收购站", lat=36.8395, lon=118.8226,
            products="蔬菜|粮食",
        )  # fmt: skip
        await make_user(session, 20001, "李站长", role=Role.staff, station_id=sc)
        await make_user(session, 20002, "赵站长", role=Role.staff, station_id=lc)
        farmer = await make_user(session, 10001, "张大爷")
        farmer.home_lat, farmer.home_lon = HOME
        onion, corn, tea = [await _listing(session, p) for p in ("大葱", "玉米", "茶叶")]
    async with session_scope() as session:
        assert await usual_station.adopt(session, 10001, sc, TODAY)
    async with session_scope() as session:
        placed = dict((await session.execute(select(SupplyOffer.id, SupplyOffer.station_id))).all())
        keys = set(await session.scalars(select(OutboxMessage.key)))
    # 圣城 takes 大葱; 玉米 goes to 洛城, the nearest that takes it; nobody near takes 茶叶.
    assert placed == {onion: sc, corn: lc, tea: None}
    assert {f"offer-opened:{onion}:20001", f"offer-opened:{corn}:20002"} <= keys


async def test_only_the_first_station_moves_listings(db: str) -> None:
    async with session_scope() as session:
        await sync_products(session)
        sc, _ = await make_station(
            session, external_id="SC", name="圣城服务站", lat=HOME[0], lon=HOME[1],
            products="蔬菜",
        )  # fmt: skip
        other, _ = await make_station(
            session, external_id="TT", name="台头服务站", lat=36.98, lon=118.69, products="蔬菜"
        )
        farmer = await make_user(session, 10001, "张大爷", station_id=sc)
        farmer.home_lat, farmer.home_lon = HOME
        # Sent to the admins by the farmer's own choice while they had a station.
        onion = await _listing(session, "大葱")
    async with session_scope() as session:
        assert await usual_station.adopt(session, 10001, other, TODAY, replace=True)
        offer = await session.get(SupplyOffer, onion)
        assert offer is not None and offer.station_id is None
        assert offer.status is OfferStatus.open


OFFER = OfferView(
    id=7, farmer_id=10001, farmer_name="张大爷", farmer_username=None, product="核桃",
    quantity=300, quantity_unit="斤", ready_date=None, price=None, price_unit=None,
    station_id=None, status=OfferStatus.open, created_at=datetime(2026, 12, 6, 2, tzinfo=UTC),
)  # fmt: skip


@pytest.mark.parametrize(("lang", "station"), [("zh", "服务站"), ("en", "station")])
def test_withdrawing_a_listing_of_no_station_speaks_of_no_station(lang: str, station: str) -> None:
    for said in (view.withdraw_question(lang, OFFER), view.withdrawn_text(lang, OFFER)):
        assert station not in said.lower() and "#7" in said
    at_station = replace(OFFER, station_id=1)
    assert view.withdraw_question(lang, at_station) == t(
        lang, "supply.mine.confirm", id=7, **view._what(lang, at_station)
    )
    assert station in view.withdrawn_text(lang, at_station).lower()
