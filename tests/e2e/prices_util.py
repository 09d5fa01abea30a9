"""Shared set-up for the price conversations' e2e tests: the test markets (tests/markets_util.py)
with the farmer 张大爷, and a market of a place's own quoting one product."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.db import session_scope
from bot.markets.prices import local_today, product_named
from bot.models.markets import Market
from bot.sandbox.harness import Harness
from bot.users import Visitor, touch
from tests.markets_util import add_price, seed_markets

NEAR_BEIJING = (39.9, 116.4)


async def markets_and_farmer(harness: Harness, home: tuple[float, float] | None = None) -> Harness:
    """The three test markets with prices up to today, and 张大爷 (10001), living at `home`."""
    async with session_scope() as session:
        await seed_markets(session, local_today(harness.app.bot_data["settings"].tz))
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        if home is not None:
            farmer.home_lat, farmer.home_lon = home
    return harness


async def add_market(
    session: AsyncSession, market: Market, product: str, days: Iterable[date], avg: float
) -> Market:
    """`market` stored, quoting `product` at `avg` 元/斤 on `days` (call forget_markets once
    committed, so the bot sees it)."""
    session.add(market)
    await session.flush()
    quoted = await product_named(session, product)
    assert quoted is not None
    for day in days:
        add_price(session, quoted, market, day, avg, "斤")
    return market
