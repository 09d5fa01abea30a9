"""Where a sale offer goes: the farmer's station if it buys the product, else the
nearest that does, else the farmer chooses (both databases)."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.db import session_scope
from bot.models.users import User
from bot.stations.catalogue import SERVED_RADIUS_KM
from bot.stations.routing import (
    TO_ADMINS,
    RouteKind,
    StationRefused,
    chosen_station,
    route_offer,
)
from tests.stations_util import make_station, make_user

# 圣城 (takes vegetables and eggs) is the farmer's; 洛城, about 8 km east, takes grain;
# 羊口, about 37 km north, takes peanuts; nobody takes tea.
HOME = (36.8846, 118.7352)


async def _county(session: AsyncSession) -> dict[str, int]:
    ids = {}
    for key, name, lat, lon, products in (
        ("SC", "圣城服务站", 36.8846, 118.7352, "蔬菜|鸡蛋"),
        ("LC", "洛城收购站", 36.8395, 118.8226, "蔬菜|粮食"),
        ("YK", "羊口服务站", 37.2093, 118.8417, "花生"),
    ):
        ids[key], _ = await make_station(
            session, external_id=key, name=name, lat=lat, lon=lon, products=products
        )
    return ids


async def _farmer(
    session: AsyncSession,
    station_id: int | None,
    home: tuple[float, float] | None = HOME,
    telegram_id: int = 10001,
) -> User:
    farmer = await make_user(session, telegram_id, "张大爷", station_id=station_id)
    if home is not None:
        farmer.home_lat, farmer.home_lon = home
    await session.flush()
    return farmer


async def test_the_farmers_station_keeps_what_it_buys(db: str) -> None:
    async with session_scope() as session:
        ids = await _county(session)
        farmer = await _farmer(session, ids["SC"])
        for product in ("大葱", "鸡蛋"):
            route = await route_offer(session, farmer, product)
            assert (route.kind, route.station_id) == (RouteKind.usual, ids["SC"]), product
            assert not route.needs_choice


async def test_another_product_goes_to_the_nearest_station_that_buys_it(db: str) -> None:
    async with session_scope() as session:
        ids = await _county(session)
        farmer = await _farmer(session, ids["SC"])
        route = await route_offer(session, farmer, "玉米")
        assert (route.kind, route.station_id) == (RouteKind.nearest, ids["LC"])
        assert route.usual is not None and route.usual.id == ids["SC"]
        assert route.buyer is not None and route.buyer.name == "洛城收购站"
        assert route.km is not None and 7 < route.km < 10
        # Without a home, the distance is measured from the farmer's station.
        homeless = await _farmer(session, ids["SC"], home=None, telegram_id=10002)
        assert (await route_offer(session, homeless, "玉米")).station_id == ids["LC"]


async def test_none_near_is_the_farmers_choice(db: str) -> None:
    async with session_scope() as session:
        ids = await _county(session)
        farmer = await _farmer(session, ids["SC"])
        peanuts = await route_offer(session, farmer, "花生")
        assert peanuts.kind is RouteKind.none_near and peanuts.needs_choice
        assert peanuts.station_id is None  # nothing opens until the farmer chooses
        assert peanuts.buyer is not None and peanuts.buyer.id == ids["YK"]
        assert peanuts.km is not None and peanuts.km > SERVED_RADIUS_KM
        tea = await route_offer(session, farmer, "茶叶")
        assert tea.kind is RouteKind.none_near and tea.buyer is None and tea.km is None

        # The farmer's own station all the same, the far one that buys it, or the admins.
        own = await chosen_station(session, farmer, "花生", ids["SC"])
        assert own is not None and own.id == ids["SC"]
        far = await chosen_station(session, farmer, "花生", ids["YK"])
        assert far is not None and far.id == ids["YK"]
        assert await chosen_station(session, farmer, "花生", TO_ADMINS) is None
        # Forged: a station that does not buy it and is not theirs, or none at all.
        for forged in (ids["LC"], 99999):
            with pytest.raises(StationRefused):
                await chosen_station(session, farmer, "花生", forged)


async def test_farmers_without_a_known_station(db: str) -> None:
    async with session_scope() as session:
        ids = await _county(session)
        # A station the catalogue does not know (closed, not imported): kept as before.
        gone = await _farmer(session, 424242)
        assert (await route_offer(session, gone, "玉米")).kind is RouteKind.usual
        assert (await route_offer(session, gone, "玉米")).station_id == 424242
        # No station, no home: the admins, as before.
        gone.station_id, gone.home_lat, gone.home_lon = None, None, None
        nowhere = await route_offer(session, gone, "玉米")
        assert (nowhere.kind, nowhere.station_id) == (RouteKind.unassigned, None)
        # No station but a home: the nearest station that buys it.
        gone.home_lat, gone.home_lon = HOME
        near = await route_offer(session, gone, "玉米")
        assert (near.kind, near.station_id, near.usual) == (RouteKind.nearest, ids["LC"], None)
