"""我的卖货登记: a farmer's own open listings and withdrawing one (both databases)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.db import session_scope
from bot.markets.listings import farmer_offers, own_open_offer, withdraw_offer
from bot.markets.prices import product_named, sync_products
from bot.markets.supply import (
    OfferError,
    OfferView,
    confirm_offer,
    draft_offer,
    mark_matched,
    open_offer_count,
    open_offers,
)
from bot.models.markets import OfferStatus, SupplyOffer
from bot.models.users import Role, User
from knowledge.text.intent import classify

TODAY = date(2026, 11, 28)
NOW = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)
FARMER, OTHER_FARMER, STAFF, ADMIN = 10001, 10002, 20001, 30001
STATION = 7


async def _people(session: AsyncSession) -> None:
    for tid, role, station in (
        (FARMER, Role.farmer, STATION),
        (OTHER_FARMER, Role.farmer, STATION),
        (STAFF, Role.staff, STATION),
        (ADMIN, Role.admin, None),
    ):
        session.add(User(telegram_id=tid, name=f"u{tid}", role=role, station_id=station))
    await sync_products(session)


async def _listed(session: AsyncSession, farmer: int, text: str, at: datetime = NOW) -> OfferView:
    """An offer drafted from `text` and confirmed at the station."""
    intent = classify(text)
    product = await product_named(session, intent.products[0])
    assert product is not None
    draft = await draft_offer(
        session, farmer, text, product.id, intent.quantity, intent.price, TODAY
    )
    return await confirm_offer(session, draft.id, farmer, at, station_id=STATION)


async def _status(session: AsyncSession, offer_id: int) -> tuple[OfferStatus, datetime | None]:
    row = (
        await session.execute(
            select(SupplyOffer.status, SupplyOffer.withdrawn_at).where(SupplyOffer.id == offer_id)
        )
    ).one()
    return row[0], row[1]


async def test_a_farmer_sees_only_their_own_open_listings(db: str) -> None:
    async with session_scope() as session:
        await _people(session)
        onions = await _listed(session, FARMER, "我有两千斤大葱要卖")
        corn = await _listed(session, FARMER, "我有一吨玉米要卖", NOW + timedelta(hours=1))
        await _listed(session, OTHER_FARMER, "我有500斤大葱要卖")
        # A draft is not a listing yet.
        await draft_offer(session, FARMER, "我有土豆要卖", None, None, None, TODAY)
        mine = await farmer_offers(session, FARMER)
        assert [o.id for o in mine] == [corn.id, onions.id]  # newest first
        scallion = await product_named(session, "大葱")
        assert scallion is not None
        assert [o.id for o in await farmer_offers(session, FARMER, scallion.id)] == [onions.id]
        assert await farmer_offers(session, ADMIN) == []


async def test_withdrawing_is_the_farmers_own_and_once(db: str) -> None:
    async with session_scope() as session:
        await _people(session)
        onions = await _listed(session, FARMER, "我有两千斤大葱要卖")
        # Another farmer (a forged button) changes nothing, and is told it is not theirs.
        with pytest.raises(OfferError, match=r"^not_yours$"):
            await own_open_offer(session, onions.id, OTHER_FARMER)
        with pytest.raises(OfferError, match=r"^not_yours$"):
            await withdraw_offer(session, onions.id, OTHER_FARMER, NOW)
        assert await _status(session, onions.id) == (OfferStatus.open, None)
        with pytest.raises(OfferError, match=r"^not_found$"):
            await withdraw_offer(session, 99999, FARMER, NOW)

        asked = await own_open_offer(session, onions.id, FARMER)
        assert (asked.product, asked.quantity) == ("大葱", 2000)
        later = NOW + timedelta(hours=2)
        withdrawn = await withdraw_offer(session, onions.id, FARMER, later)
        assert withdrawn.status is OfferStatus.withdrawn
        status, at = await _status(session, onions.id)
        assert status is OfferStatus.withdrawn and at == later
        # Said again (a second tap, an old button): it says so, and nothing moves.
        with pytest.raises(OfferError, match=r"^withdrawn$"):
            await own_open_offer(session, onions.id, FARMER)
        with pytest.raises(OfferError, match=r"^withdrawn$"):
            await withdraw_offer(session, onions.id, FARMER, later + timedelta(hours=1))
        assert (await _status(session, onions.id))[1] == later
        assert await farmer_offers(session, FARMER) == []


async def test_staff_no_longer_see_a_withdrawn_listing_as_open(db: str) -> None:
    async with session_scope() as session:
        await _people(session)
        onions = await _listed(session, FARMER, "我有两千斤大葱要卖")
        corn = await _listed(session, FARMER, "我有一吨玉米要卖")
        staff = await session.get(User, STAFF)
        admin = await session.get(User, ADMIN)
        assert staff is not None and admin is not None
        assert (await open_offers(session, staff))[1] == 2
        await withdraw_offer(session, onions.id, FARMER, NOW)
        for viewer in (staff, admin):
            shown, total = await open_offers(session, viewer)
            assert [o.id for o in shown] == [corn.id] and total == 1
        # An old /offers list's 已对接 on it is refused as withdrawn, changing nothing.
        with pytest.raises(OfferError) as refused:
            await mark_matched(session, onions.id, staff, NOW)
        assert refused.value.reason == "withdrawn_by_farmer"
        assert refused.value.params == {"id": onions.id}
        assert (await _status(session, onions.id))[0] is OfferStatus.withdrawn
        # A withdrawn listing no longer counts against the farmer's limit.
        assert await open_offer_count(session, FARMER) == 1


async def test_a_matched_listing_or_a_draft_cannot_be_withdrawn(db: str) -> None:
    async with session_scope() as session:
        await _people(session)
        corn = await _listed(session, FARMER, "我有一吨玉米要卖")
        staff = await session.get(User, STAFF)
        assert staff is not None
        await mark_matched(session, corn.id, staff, NOW)
        with pytest.raises(OfferError, match=r"^matched$"):
            await withdraw_offer(session, corn.id, FARMER, NOW)
        assert (await _status(session, corn.id))[0] is OfferStatus.matched
        draft = await draft_offer(session, FARMER, "我有土豆要卖", None, None, None, TODAY)
        with pytest.raises(OfferError, match=r"^not_listed$"):
            await withdraw_offer(session, draft.id, FARMER, NOW)
        assert (await _status(session, draft.id))[0] is OfferStatus.draft
