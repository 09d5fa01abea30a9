"""A farmer's own sale listings (我的卖货登记): the open ones, and taking one back.

Telegram-free, like bot.markets.supply: functions take the session and only query
or flush. Only the farmer who made an offer sees or withdraws it here; staff keep
their station's view (supply.open_offers), where a withdrawn offer is no longer
open, and a "matched" press on one is refused as withdrawn.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.markets.supply import OfferError, OfferView, check_quantity, view
from bot.models.markets import OfferStatus, SupplyOffer
from knowledge.text.numbers import Quantity

# Why a withdrawal is refused, by the offer's status (open is the one it takes).
_NOT_OPEN = {
    OfferStatus.withdrawn: "withdrawn",
    OfferStatus.matched: "matched",
    OfferStatus.draft: "not_listed",
    OfferStatus.cancelled: "not_listed",
}


async def farmer_offers(
    session: AsyncSession, farmer_id: int, product_id: int | None = None
) -> list[OfferView]:
    """The farmer's open offers (of one product, if given), newest first."""
    stmt = select(SupplyOffer).where(
        SupplyOffer.farmer_id == farmer_id, SupplyOffer.status == OfferStatus.open
    )
    if product_id is not None:
        stmt = stmt.where(SupplyOffer.product_id == product_id)
    stmt = stmt.order_by(SupplyOffer.confirmed_at.desc(), SupplyOffer.id.desc())
    return [await view(session, offer) for offer in await session.scalars(stmt)]


# A listing made this recently is what a booking said next (约个时间送过去) is about.
LISTED_RECENTLY = timedelta(hours=24)


async def _own(session: AsyncSession, offer_id: int, farmer_id: int) -> SupplyOffer:
    """The farmer's own offer; not_found / not_yours otherwise (nothing else is told)."""
    offer = await session.get(SupplyOffer, offer_id)
    if offer is None:
        raise OfferError("not_found")
    if offer.farmer_id != farmer_id:
        raise OfferError("not_yours")
    return offer


def _check_open(offer: SupplyOffer) -> None:
    if offer.status is not OfferStatus.open:
        # A listing at no station is the county admin's: the refusal names them, not a station.
        raise OfferError(_NOT_OPEN[offer.status], at_station=offer.station_id is not None)


async def own_open_offer(session: AsyncSession, offer_id: int, farmer_id: int) -> OfferView:
    """The farmer's own open offer, to ask "withdraw it?"; refused like withdraw_offer."""
    offer = await _own(session, offer_id, farmer_id)
    _check_open(offer)
    return await view(session, offer)


async def withdraw_offer(
    session: AsyncSession, offer_id: int, farmer_id: int, now: datetime
) -> OfferView:
    """The farmer takes back their own open offer: staff no longer see it as open.

    Refused, changing nothing: someone else's offer (not_yours), one already
    withdrawn (withdrawn), one a station already matched (matched), a draft.
    """
    # Locked, so a staff member's "matched" and the farmer's withdrawal racing on
    # PostgreSQL cannot both win (SQLite serialises writers anyway).
    offer = await session.get(SupplyOffer, offer_id, with_for_update=True)
    if offer is None:
        raise OfferError("not_found")
    if offer.farmer_id != farmer_id:
        raise OfferError("not_yours")
    _check_open(offer)
    offer.status = OfferStatus.withdrawn
    offer.withdrawn_at = now
    await session.flush()
    return await view(session, offer)


async def open_listing_of(
    session: AsyncSession, farmer_id: int, product_id: int
) -> OfferView | None:
    """The farmer's newest open listing of the product: a second 我有20只羊要卖 is about it."""
    offers = await farmer_offers(session, farmer_id, product_id)
    return offers[0] if offers else None


async def change_amount(
    session: AsyncSession,
    offer_id: int,
    farmer_id: int,
    quantity: Quantity,
    *,
    each: bool = False,
    heads: tuple[int, int | None] | None = None,
) -> OfferView:
    """The farmer's new amount for their own open listing (the same 20 sheep said again, now 25).

    `heads`: a new head count of live animals; `each`: the weight is of one animal, the
    listing's weight is that times its count (as supply.set_quantity). Refused, changing
    nothing, like withdraw_offer, or for an impossible amount (bad_quantity)."""
    offer = await session.get(SupplyOffer, offer_id, with_for_update=True)
    if offer is None:
        raise OfferError("not_found")
    if offer.farmer_id != farmer_id:
        raise OfferError("not_yours")
    _check_open(offer)
    low, high = heads if heads is not None else (offer.heads, offer.heads_high)
    if each and low is not None:
        count = low if high is None else (low + high) / 2
        quantity = Quantity(round(quantity.value * round(count), 3), quantity.unit)
    check_quantity(quantity)
    offer.quantity, offer.quantity_unit = quantity.value, quantity.unit
    if heads is not None and offer.heads is not None:
        offer.heads, offer.heads_high = heads
    await session.flush()
    return await view(session, offer)


async def unassigned_offers(session: AsyncSession, farmer_id: int) -> list[OfferView]:
    """The farmer's open listings that went to no station (the county's admins), oldest first:
    the ones their first usual station takes over (handlers/usual_station.py)."""
    stmt = (
        select(SupplyOffer)
        .where(
            SupplyOffer.farmer_id == farmer_id,
            SupplyOffer.status == OfferStatus.open,
            SupplyOffer.station_id.is_(None),
        )
        .order_by(SupplyOffer.id)
    )
    return [await view(session, offer) for offer in await session.scalars(stmt)]


async def assign_offer(session: AsyncSession, offer_id: int, station_id: int) -> OfferView | None:
    """Give an open listing of no station to `station_id`; None when it is no longer open and
    unassigned (withdrawn or matched meanwhile): nothing changes."""
    offer = await session.get(SupplyOffer, offer_id, with_for_update=True)
    if offer is None or offer.status is not OfferStatus.open or offer.station_id is not None:
        return None
    offer.station_id = station_id
    await session.flush()
    return await view(session, offer)
