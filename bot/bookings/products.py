"""Which products a booking offers as buttons: the farmer's own, then what the stations take.

A farmer in a county of mangoes and bananas is offered 芒果 and 香蕉, not a national list: first
the product just listed (or just said to be for sale), then the ones the farmer has listed or
watches with an alert, then what the farmer's station takes, then what the county's stations
take (the most stations first). A fixed list is the fallback of a county with no stations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.markets.listings import LISTED_RECENTLY
from bot.models.alerts import AlertStatus, AlertSubscription
from bot.models.markets import OfferStatus, Product, SupplyOffer
from bot.models.stations import Station, StationProduct
from knowledge.text.lexicon import lexicon


@dataclass(frozen=True)
class LastListing:
    """The product of the farmer's latest listing, and whether it was completed (listed)."""

    product: str
    listed: bool  # False: a draft, the farmer said it was for sale but did not finish


async def last_listing(session: AsyncSession, farmer_id: int, now: datetime) -> LastListing | None:
    """The farmer's latest listing (open, or a draft naming its product) made within
    LISTED_RECENTLY of `now`, else None."""
    stmt = (
        select(Product.name, SupplyOffer.status)
        .join(SupplyOffer, SupplyOffer.product_id == Product.id)
        .where(
            SupplyOffer.farmer_id == farmer_id,
            SupplyOffer.status.in_((OfferStatus.open, OfferStatus.draft)),
            SupplyOffer.created_at >= now - LISTED_RECENTLY,
        )
        .order_by(SupplyOffer.created_at.desc(), SupplyOffer.id.desc())
        .limit(1)
    )
    row = (await session.execute(stmt)).first()
    return None if row is None else LastListing(row[0], row[1] == OfferStatus.open)


async def farmers_products(session: AsyncSession, farmer_id: int) -> list[str]:
    """The products the farmer has open listings of or active alerts on, newest first."""
    listed = await session.scalars(
        select(Product.name)
        .join(SupplyOffer, SupplyOffer.product_id == Product.id)
        .where(SupplyOffer.farmer_id == farmer_id, SupplyOffer.status == OfferStatus.open)
        .order_by(SupplyOffer.created_at.desc())
    )
    watched = await session.scalars(
        select(Product.name)
        .join(AlertSubscription, AlertSubscription.product_id == Product.id)
        .where(
            AlertSubscription.user_id == farmer_id, AlertSubscription.status == AlertStatus.active
        )
        .order_by(AlertSubscription.id.desc())
    )
    return list(dict.fromkeys([*listed, *watched]))


async def stations_products(session: AsyncSession, station_id: int | None) -> list[str]:
    """What the station takes (in the lexicon's order), then what the county's other active
    stations take, the products most stations take first."""
    order = {name: rank for rank, name in enumerate(lexicon().products)}
    own: list[str] = []
    if station_id is not None:
        own = list(
            await session.scalars(
                select(StationProduct.product).where(StationProduct.station_id == station_id)
            )
        )
        own.sort(key=lambda name: order.get(name, len(order)))
    count = func.count(StationProduct.station_id)
    rows = await session.execute(
        select(StationProduct.product, count)
        .join(Station, Station.id == StationProduct.station_id)
        .where(Station.active.is_(True))
        .group_by(StationProduct.product)
    )
    county = sorted(rows.all(), key=lambda row: (-row[1], order.get(row[0], len(order))))
    return list(dict.fromkeys([*own, *(name for name, _ in county)]))


def product_choices(
    first: str | None, farmers: Sequence[str], stations: Sequence[str], fallback: Sequence[str]
) -> list[str]:
    """The buttons, in order: the product just listed, the farmer's, the stations'; the
    fallback only when none of those names a product."""
    known = lexicon().products
    chosen = [p for p in (first, *farmers, *stations) if p is not None and p in known]
    return list(dict.fromkeys(chosen)) or list(fallback)
