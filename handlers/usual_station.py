"""A farmer's usual station, set the first time (a search, a booking, a 📍 pressed): their
listings made before, which went to the county's admins (（未分配服务站）), go to it.

Each such listing is routed as a new one is (bot.stations.routing: the usual station when it
takes the product, else the nearest that does); one no station near takes stays with the
admins. The staff who get it are told through the outbox as for a new listing
(staff_offers.opened), in the same unit of work.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.markets.listings import assign_offer, unassigned_offers
from bot.markets.supply import OfferView
from bot.models.users import User
from bot.stations.routing import route_offer
from bot.users import adopt_station
from handlers import staff_offers


async def adopt(
    session: AsyncSession, farmer_id: int, station_id: int, today: date, *, replace: bool = False
) -> bool:
    """`adopt_station`, and, for a farmer's first station, their unassigned listings moved."""
    farmer = await session.get(User, farmer_id)
    first = farmer is not None and farmer.station_id is None
    changed = await adopt_station(session, farmer_id, station_id, replace=replace)
    if changed and first and farmer is not None:
        await move_listings(session, farmer, today)
    return changed


async def move_listings(session: AsyncSession, farmer: User, today: date) -> list[OfferView]:
    """The farmer's open listings of no station, each given to the station it is routed to
    now; the ones moved."""
    moved: list[OfferView] = []
    for offer in await unassigned_offers(session, farmer.telegram_id):
        route = await route_offer(session, farmer, offer.product or "")
        if route.station_id is None:
            continue  # none near takes it: the admins keep it
        placed = await assign_offer(session, offer.id, route.station_id)
        if placed is not None:
            await staff_offers.opened(session, placed, today)
            moved.append(placed)
    return moved
