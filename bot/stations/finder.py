"""Finding stations for a farmer, and remembering where they are and which station they use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy.ext.asyncio import AsyncSession

from bot.models.users import User
from bot.stations.catalogue import NEAREST_COUNT, SERVED_RADIUS_KM, StationInfo, catalog
from bot.stations.gazetteer import Place, PlaceMatch, core_name, known_part
from knowledge.text.normalise import normalise
from knowledge.text.places import ChinaPlace, named_place

# --- finding stations for a farmer ------------------------------------------------


@dataclass(frozen=True)
class Nearby:
    """A station near the farmer, with its distance and whether it is open now."""

    station: StationInfo
    km: float
    open_now: bool
    closed_for_today: bool = False  # past its closing time: it opens again tomorrow
    in_place: bool = False  # in the place the farmer named (listed first for that)


def nearby(station: StationInfo, km: float, at: time, in_place: bool = False) -> Nearby:
    """`station` at `km`, open or closed at the local time `at`."""
    return Nearby(station, km, station.is_open(at), at >= station.open_to, in_place)


@dataclass(frozen=True)
class Finding:
    """The answer to "which stations are near me": up to three, or why there are none."""

    stations: tuple[Nearby, ...]
    outside: bool = False  # the nearest station is beyond SERVED_RADIUS_KM
    nearest_km: float | None = None
    product: str | None = None


async def find_stations(
    session: AsyncSession,
    lat: float,
    lon: float,
    *,
    product: str | None = None,
    now_local: datetime,
    k: int = NEAREST_COUNT,
    place: Place | None = None,
) -> Finding:
    """The k nearest stations taking `product`, nearest first (those in `place`, the place
    the farmer named, before the others: `Catalog.nearest`), each marked open or closed now.

    A farmer asking in the evening still gets the nearest stations, marked as closed
    with when they open; one asking at 07:00 is not sent past the nearest station to a
    farther one that happens to open earlier.
    """
    cat = await catalog(session)
    at = now_local.time()
    hits = cat.nearest(lat, lon, product=product, k=k, max_km=SERVED_RADIUS_KM, place=place)
    if hits:
        listed = (
            nearby(h.item, h.km, at, place is not None and cat.in_place(h.item, place))
            for h in hits
        )
        return Finding(tuple(listed), product=product)
    # Nothing within reach: say how far the nearest one is.
    closest = cat.nearest(lat, lon, product=product, k=1)
    if not closest:
        return Finding((), outside=True, product=product)
    hit = closest[0]
    return Finding(
        (nearby(hit.item, hit.km, at),),
        outside=True,
        nearest_km=hit.km,
        product=product,
    )


@dataclass(frozen=True)
class StationAsked:
    """The station whose list a farmer asked for (孙家集京东服务站收什么, 我们站收什么)."""

    station: StationInfo | None  # None: no station of their own, or the name found none
    own: bool  # their own station (站里, 我们站), not one they named
    choices: tuple[StationInfo, ...] = ()  # the name fits several (京东服务站)


async def station_asked(session: AsyncSession, user: User, who: str) -> StationAsked:
    """The station named `who` (as `Catalog.stations_named` reads names), or ("") the
    farmer's own."""
    cat = await catalog(session)
    if not who:
        own = cat.stations.get(user.station_id) if user.station_id is not None else None
        return StationAsked(own, own=True)
    named = cat.stations_named(who)
    if len(named) == 1:
        return StationAsked(named[0], own=False)
    return StationAsked(None, own=False, choices=tuple(named[:NEAREST_COUNT]))


async def nearest_station(
    session: AsyncSession, lat: float, lon: float, place: Place | None = None
) -> tuple[StationInfo, float] | None:
    """The nearest station of all (whatever it takes) and its distance in km, or None;
    with `place`, one in it first (`Catalog.nearest`): the one a farmer's usual station
    starts as."""
    hits = (await catalog(session)).nearest(lat, lon, k=1, place=place)
    return (hits[0].item, hits[0].km) if hits else None


async def find_place(session: AsyncSession, text: str) -> PlaceMatch:
    """A place typed by a farmer, looked up in the gazetteer and the stations' villages."""
    return (await catalog(session)).find_place(text)


async def find_said_place(session: AsyncSession, said: str) -> tuple[PlaceMatch, str]:
    """The place a farmer said they are at (伦河镇前进村), looked up by the part the county's
    gazetteer knows, and the part it does not know ("" if none): 俺是伦河镇前进村的 with only
    前进村 (or only 伦河镇) in the villages file is that place, not "答不上来"."""
    cat = await catalog(session)
    part = known_part(said, cat.knows)
    if part is None:
        return cat.find_place(said), ""
    match = cat.find_place(part.known)
    if not part.town:
        return match, part.unknown
    town = core_name(part.town)
    mine = [p for p in (match.place, *match.choices) if p and p.town and core_name(p.town) == town]
    if len(mine) == 1:
        return PlaceMatch(mine[0]), ""  # the village of that township: both parts known
    if mine:
        return PlaceMatch(None, choices=tuple(mine)), ""
    if not part.unknown:
        # A known township without that village (稻田镇前进村, 前进村 in another one): the
        # township is where the farmer said they are.
        return cat.find_place(part.town), part.known
    return match, part.unknown


async def village_spelled(session: AsyncSession, text: str) -> Place | None:
    """The village or township of the county a text spells in pinyin and nothing else
    (Daotian, sunjiaji village), or None. Of two same-spelt places, the first."""
    match = (await catalog(session)).spelled(text)
    return match.place or (match.choices[0] if match.choices else None)


async def village_named(session: AsyncSession, text: str) -> Place | None:
    """The village or township of the county's gazetteer a text names as written, or None.

    三元朱村土豆价格 names 三元朱村; a name only sounding like one (三元竹村) names none: a
    price or an alert is never answered for a place the farmer did not say. Of two
    same-named villages, the first (their markets are the same ones).
    """
    match = (await catalog(session)).named_in(text)
    return match.place or (match.choices[0] if match.choices else None)


async def remember_home(
    session: AsyncSession, telegram_id: int, lat: float, lon: float, place: str | None = None
) -> None:
    """Store where the farmer is, so the next search needs no location."""
    user = await session.get(User, telegram_id)
    if user is None:
        return
    user.home_lat, user.home_lon, user.home_place = lat, lon, (place or None)
    await session.flush()


def county_named(text: str) -> ChinaPlace | None:
    """The county or district (寿光, Shouguang) a text names, when it names no village or
    township the gazetteer knows: its seat is a rough point to look for stations from."""
    found = named_place(normalise(text))
    return found if found is not None and found.level in ("county", "district") else None


async def place_labelled(session: AsyncSession, label: str | None) -> Place | None:
    """The place a saved home's label names (王家庄村（稻田镇）), or None (a shared location)."""
    return (await catalog(session)).place_labelled(label)
