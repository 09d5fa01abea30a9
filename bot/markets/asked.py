"""The place a farmer named, for a price question and a price alert alike. Telegram-free.

"新发地土豆价格", "三元朱村大蒜跌到3块提醒我", "潍坊土豆价格", "火星土豆价格": one
answer to "where?", looked for in this order:

1. a market named (新发地): its prices;
2. a village or township of the county's own gazetteer (三元朱村): the markets nearest
   to it. China's table of places stops at counties, and the county's names are
   what its farmers mean (古城 is the county's 古城街道 before 丽江's 古城区);
3. China's table (knowledge/data/places.csv): a city or province with markets
   (山东), else any place (潍坊) and the markets nearest to it;
4. the farmer's home, else the whole country, with a place named but found nowhere
   kept in `Place.missing`, so the answer names it back.

The gazetteer is the stations feature's (bot.stations), which this package never
imports (sibling features are independent): the caller passes its lookup as
`villages`, `bot.stations.finder.village_named`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from bot.markets.places import MarketInfo, Place, find_place, may_name_a_village


class Located(Protocol):
    """A named point: what a gazetteer lookup gives back."""

    @property
    def name(self) -> str:
        """The place's name (三元朱村)."""
        ...

    @property
    def lat(self) -> float:
        """Its latitude."""
        ...

    @property
    def lon(self) -> float:
        """Its longitude."""
        ...


# The county gazetteer's lookup: the village or township a text names as written, or None.
VillageFinder = Callable[[AsyncSession, str], Awaitable[Located | None]]


async def asked_place(
    session: AsyncSession,
    text: str,
    markets: Sequence[MarketInfo],
    villages: VillageFinder,
    home_lat: float | None = None,
    home_lon: float | None = None,
) -> Place:
    """Where `text` asks about: a market, a gazetteer village, a place of China, else home.

    kind "market" or "city": those markets; "near" (a village, or a place no market
    quotes in): the markets nearest to its point, `label` its name; "home": the
    markets nearest the farmer; "national": everywhere. `missing` is a place named
    and found nowhere (火星, 三元竹村), never silently replaced.
    """
    place = find_place(text, markets, home_lat, home_lon)
    if place.kind == "market" or not may_name_a_village(text):
        return place
    village = await villages(session, text)
    if village is not None:
        return Place("near", village.name, village.lat, village.lon)
    return place
