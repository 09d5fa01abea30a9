"""Which station a farmer's sale offer goes to: one that buys the product.

A farmer's usual station (users.station_id) takes their offer when it buys the
product, as before. When it does not (圣城 takes vegetables and eggs, not 玉米),
the offer goes to the nearest station that does, within SERVED_RADIUS_KM of the
farmer's home (or of their usual station, if their home is not known). When no
station that near buys it, nothing is decided here: the farmer is told and
chooses (their usual station all the same, the nearest one that buys it however
far, or the county's admins). Telegram-free; bot.markets never imports this
(the two are independent layers), the handler routes and then confirms.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.geo import Hit
from bot.models.users import User
from bot.stations.catalogue import SERVED_RADIUS_KM, Catalog, StationInfo, catalog

# OfferTo's station for "the county's admins" (no station): ids start at 1.
TO_ADMINS = 0


class RouteKind(StrEnum):
    """How the station of an offer was found."""

    usual = "usual"  # the farmer's own station buys it (or is not in the catalogue: kept)
    nearest = "nearest"  # their station does not; the nearest that does, within reach
    none_near = "none_near"  # no station within reach buys it: the farmer chooses
    unassigned = "unassigned"  # no station and no home to search from: the admins


@dataclass(frozen=True)
class OfferRoute:
    """Where an offer goes, and what the farmer is told about it."""

    kind: RouteKind
    station_id: int | None  # where it goes (None: the admins, or none_near: not decided)
    usual: StationInfo | None = None  # the farmer's station, when the catalogue knows it
    # The station it goes to (nearest), or the nearest that buys it at all (none_near).
    buyer: StationInfo | None = None
    km: float | None = None  # from the farmer to `buyer`

    @property
    def needs_choice(self) -> bool:
        """True when the farmer must choose before the offer opens."""
        return self.kind is RouteKind.none_near


def _origin(farmer: User, usual: StationInfo | None) -> tuple[float, float] | None:
    if farmer.home_lat is not None and farmer.home_lon is not None:
        return farmer.home_lat, farmer.home_lon
    if usual is not None:
        return usual.lat, usual.lon
    return None


def route_in(cat: Catalog, farmer: User, product: str) -> OfferRoute:
    """The route of `farmer`'s offer of `product` in a built catalogue."""
    usual = cat.stations.get(farmer.station_id) if farmer.station_id is not None else None
    if farmer.station_id is not None and usual is None:
        # A station the catalogue does not know (closed, or not imported yet): what it
        # buys is unknown, so the offer stays where it always went.
        return OfferRoute(RouteKind.usual, farmer.station_id)
    if usual is not None and usual.accepts(product):
        return OfferRoute(RouteKind.usual, usual.id, usual=usual)
    origin = _origin(farmer, usual)
    if origin is None:
        return OfferRoute(RouteKind.unassigned, None)
    # The nearest that buys it as the station search and the booking find it (Catalog.nearest):
    # by distance, a station in the farmer's own place first.
    hits = cat.nearest(*origin, product=product, k=1, place=cat.place_labelled(farmer.home_place))
    if hits and hits[0].km <= SERVED_RADIUS_KM:
        hit = hits[0]
        return OfferRoute(RouteKind.nearest, hit.item.id, usual=usual, buyer=hit.item, km=hit.km)
    far = hits[0] if hits else None
    return OfferRoute(
        RouteKind.none_near,
        None,
        usual=usual,
        buyer=far.item if far else None,
        km=far.km if far else None,
    )


# How many stations near the farmer that take a product a buyers' list names first.
TAKERS_SHOWN = 3


def takers_in(
    cat: Catalog, farmer: User, product: str, k: int = TAKERS_SHOWN
) -> list[Hit[StationInfo]]:
    """The stations within SERVED_RADIUS_KM of the farmer that take `product`, their own
    station first (distance as the route measures it), then by distance."""
    usual = cat.stations.get(farmer.station_id) if farmer.station_id is not None else None
    origin = _origin(farmer, usual)
    if origin is None:
        return []
    place = cat.place_labelled(farmer.home_place)
    hits = cat.nearest(*origin, product=product, k=k, max_km=SERVED_RADIUS_KM, place=place)
    own = [hit for hit in hits if usual is not None and hit.item.id == usual.id]
    return own + [hit for hit in hits if hit not in own]


async def takers_near(session: AsyncSession, farmer: User, product: str) -> list[Hit[StationInfo]]:
    """The stations near the farmer that take `product` (哪里收土豆: before far buyers)."""
    return takers_in(await catalog(session), farmer, product)


async def takers_anywhere(
    session: AsyncSession, product: str, k: int = TAKERS_SHOWN * 2
) -> list[StationInfo]:
    """Every active station that takes `product`, by name (哪个收椪柑 from a farmer whose
    place is not known, or with none near: who takes it at all, never "nobody")."""
    cat = await catalog(session)
    found = [s for s in cat.stations.values() if s.accepts(product)]
    return sorted(found, key=lambda s: (s.name, s.id))[:k]


async def route_offer(session: AsyncSession, farmer: User, product: str) -> OfferRoute:
    """Where `farmer`'s offer of `product` goes (see the module doc)."""
    return route_in(await catalog(session), farmer, product)


class StationRefused(LookupError):
    """The station chosen for an offer is not one the farmer may send it to."""


async def chosen_station(
    session: AsyncSession, farmer: User, product: str, station_id: int
) -> StationInfo | None:
    """The station a farmer chose for their offer (a button), checked again here.

    TO_ADMINS gives None (the admins); a station is allowed if it is the farmer's
    own or an active one that buys the product. Anything else (forged data, or a
    station closed since) raises StationRefused.
    """
    if station_id == TO_ADMINS:
        return None
    found = (await catalog(session)).stations.get(station_id)
    if found is None or not (found.id == farmer.station_id or found.accepts(product)):
        raise StationRefused(station_id)
    return found
