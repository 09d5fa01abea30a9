"""Who a broadcast reaches: the farmers of a station, near it, of a product, or all. Telegram-free.

Every audience is farmers only (staff and admins are not sent their own
notices), still reachable (not blocked) and not opted out (`/notices`). The
same query gives the preview's count and the recipients at sending time, so
the number the sender saw is the number queued unless farmers came or went
in between.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import cos, radians

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.geo import haversine_km
from bot.models.alerts import AlertSubscription
from bot.models.broadcasts import AudienceKind
from bot.models.markets import OfferStatus, Product, SupplyOffer
from bot.models.stations import Booking, Station
from bot.models.users import Role, User

# Degrees of latitude per km, for the bounding box before the exact distance.
KM_PER_DEGREE = 111.2
MAX_RADIUS_KM = 500.0


@dataclass(frozen=True)
class Audience:
    """Who a broadcast is for: the kind and what it needs (station, radius, product)."""

    kind: AudienceKind
    station_id: int | None = None
    radius_km: float | None = None
    product: str | None = None


@dataclass(frozen=True)
class Recipient:
    """One farmer a notice goes to, with the language to write it in."""

    chat_id: int
    language: str


class AudienceError(ValueError):
    """An audience that cannot be reached: unknown station or product, a bad radius."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def _reachable() -> Select[int, str]:
    return select(User.telegram_id, User.language).where(
        User.role == Role.farmer, User.active.is_(True), User.notices_off.is_(False)
    )


def _of_station(station_id: int) -> object:
    booked = select(Booking.farmer_id).where(Booking.station_id == station_id)
    offered = select(SupplyOffer.farmer_id).where(
        SupplyOffer.station_id == station_id, SupplyOffer.status != OfferStatus.draft
    )
    return or_(
        User.station_id == station_id,
        User.telegram_id.in_(booked),
        User.telegram_id.in_(offered),
    )


def _of_any_station() -> object:
    booked = select(Booking.farmer_id)
    offered = select(SupplyOffer.farmer_id).where(
        SupplyOffer.station_id.is_not(None), SupplyOffer.status != OfferStatus.draft
    )
    return or_(
        User.station_id.is_not(None),
        User.telegram_id.in_(booked),
        User.telegram_id.in_(offered),
    )


async def product_of(session: AsyncSession, word: str) -> Product:
    """The product a name (or alias) means; AudienceError("product") if none."""
    from bot.markets.prices import product_named

    product = await product_named(session, word.strip()) if word.strip() else None
    if product is None:
        raise AudienceError("product", product=word)
    return product


async def station_of(session: AsyncSession, station_id: int) -> Station:
    """The station by id; AudienceError("station") if there is none."""
    station = await session.get(Station, station_id)
    if station is None:
        raise AudienceError("station", station=station_id)
    return station


async def recipients(session: AsyncSession, audience: Audience) -> list[Recipient]:
    """Every farmer the audience reaches now, by Telegram id."""
    query = _reachable()
    kind = audience.kind
    if kind is AudienceKind.all:
        pass
    elif kind is AudienceKind.stations:
        query = query.where(_of_any_station())  # type: ignore[arg-type]
    elif kind is AudienceKind.station:
        if audience.station_id is None:
            raise AudienceError("station", station="")
        await station_of(session, audience.station_id)
        query = query.where(_of_station(audience.station_id))  # type: ignore[arg-type]
    elif kind is AudienceKind.product:
        product = await product_of(session, audience.product or "")
        subscribed = select(AlertSubscription.user_id).where(
            AlertSubscription.product_id == product.id
        )
        # Listed and still theirs, or sold through a station: not a listing the farmer
        # withdrew (no longer selling it), nor a draft never listed.
        offered = select(SupplyOffer.farmer_id).where(
            SupplyOffer.product_id == product.id,
            SupplyOffer.status.in_((OfferStatus.open, OfferStatus.matched)),
        )
        booked = select(Booking.farmer_id).where(Booking.product == product.name)
        query = query.where(
            or_(
                User.telegram_id.in_(subscribed),
                User.telegram_id.in_(offered),
                User.telegram_id.in_(booked),
            )
        )
        if audience.station_id is not None:
            # A station's staff speak to their own station's farmers of the product.
            query = query.where(_of_station(audience.station_id))  # type: ignore[arg-type]
    elif kind is AudienceKind.radius:
        return await _within(session, audience)
    rows = await session.execute(query.order_by(User.telegram_id))
    return [Recipient(chat_id, language) for chat_id, language in rows]


async def _within(session: AsyncSession, audience: Audience) -> list[Recipient]:
    radius = audience.radius_km
    if radius is None or not 0 < radius <= MAX_RADIUS_KM:
        raise AudienceError("radius", max=f"{MAX_RADIUS_KM:g}")
    if audience.station_id is None:
        raise AudienceError("station", station="")
    station = await station_of(session, audience.station_id)
    # A box around the station first (index-friendly), then the exact distance.
    dlat = radius / KM_PER_DEGREE
    dlon = radius / (KM_PER_DEGREE * max(cos(radians(station.lat)), 0.01))
    rows = await session.execute(
        select(User.telegram_id, User.language, User.home_lat, User.home_lon)
        .where(User.role == Role.farmer, User.active.is_(True), User.notices_off.is_(False))
        .where(
            User.home_lat.between(station.lat - dlat, station.lat + dlat),
            User.home_lon.between(station.lon - dlon, station.lon + dlon),
        )
        .order_by(User.telegram_id)
    )
    return [
        Recipient(chat_id, language)
        for chat_id, language, lat, lon in rows
        if lat is not None
        and lon is not None
        and haversine_km(station.lat, station.lon, lat, lon) <= radius
    ]


async def count(session: AsyncSession, audience: Audience) -> int:
    """How many farmers the audience reaches now (the preview's exact number)."""
    return len(await recipients(session, audience))
