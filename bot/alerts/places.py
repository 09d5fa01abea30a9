"""Where a price alert watches: the place a farmer named, read as a price question reads it.

"三元朱村大蒜跌到3块提醒我" watches the markets nearest 三元朱村 (a village of the
county's gazetteer), "潍坊大蒜跌到3块提醒我" those nearest 潍坊 (no market there),
"新发地…" that market, "山东…" that province's; "火星村…" is a place found nowhere,
which the chat names back and asks about rather than watching home's markets
instead. The one reading is bot.markets.asked; this package may use the stations'
gazetteer, so the lookup is wired here. Telegram-free.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.model import NearPlace
from bot.alerts.parsing import Request
from bot.markets.asked import asked_place
from bot.markets.places import MarketInfo, Place, names_of, without_words
from bot.stations.finder import village_named
from knowledge.text.normalise import normalise


async def read_place(
    session: AsyncSession,
    text: str,
    markets: Sequence[MarketInfo],
    home: tuple[float | None, float | None] = (None, None),
) -> Place:
    """The place an alert request names: a market, a county village, a place of China, else home.

    `Place.missing` is a place named and found nowhere (火星村): ask about it.
    """
    return await asked_place(session, text, markets, village_named, *home)


def names_a_place(place: Place) -> bool:
    """Whether `place` is somewhere named and found (not home, not everywhere)."""
    return place.kind in ("market", "city", "near")


def without_place(text: str, place: Place) -> str:
    """The request's words without the place's name: 三元朱大蒜涨到5块 has no price of 3 (三元).

    The name as found (三元朱村), without its ending (三元朱, as typed), or found nowhere.
    """
    return without_words(normalise(text), names_of(place))


def watching(request: Request, place: Place) -> Request:
    """The request set to watch `place`: a market or region by name, or a named place's point."""
    if place.kind == "market" and len(place.market_ids) > 1 and place.lat is not None:
        # Several markets with the place in their names (施甸县…, 施甸…): the ones nearest it.
        near = NearPlace(place.label, place.lat, place.lon or 0.0)
        return replace(request, place=None, near=near)
    if place.kind in ("market", "city"):
        return replace(request, place=place.label, near=None)
    if place.kind == "near" and place.lat is not None and place.lon is not None:
        return replace(request, place=None, near=NearPlace(place.label, place.lat, place.lon))
    return replace(request, place=None, near=None)
