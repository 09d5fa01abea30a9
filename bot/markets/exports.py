"""Prices and demand as rows of their import formats: an export imports back unchanged."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.markets.demand_import import DEMAND_OPTIONAL, DEMAND_REQUIRED
from bot.models.markets import DemandListing, Market, MarketPrice, Product

PRICE_COLUMNS = ("date", "product", "market", "price", "unit", "low", "high", "source")
DEMAND_COLUMNS = DEMAND_REQUIRED + DEMAND_OPTIONAL


def _number(value: float | None) -> str:
    # repr keeps every digit a float holds: 2.35 stays 2.35, never 2.3499999.
    if value is None:
        return ""
    return str(int(value)) if value.is_integer() else repr(value)


async def price_rows(session: AsyncSession) -> list[dict[str, str]]:
    """Every stored price, oldest day first, as `farmhub prices import` reads it."""
    query = (
        select(MarketPrice, Product.name, Market.name)
        .join(Product, Product.id == MarketPrice.product_id)
        .join(Market, Market.id == MarketPrice.market_id)
        .order_by(MarketPrice.day, Product.name, Market.name)
    )
    return [
        {
            "date": price.day.isoformat(),
            "product": product,
            "market": market,
            "price": _number(price.avg),
            "unit": f"元/{price.unit}",
            "low": _number(price.low),
            "high": _number(price.high),
            "source": price.source or "",
        }
        for price, product, market in await session.execute(query)
    ]


async def demand_rows(session: AsyncSession) -> list[dict[str, str]]:
    """Every demand listing, by buyer and product, as `farmhub demand import` reads it."""
    query = (
        select(DemandListing, Product.name)
        .join(Product, Product.id == DemandListing.product_id)
        .order_by(DemandListing.buyer, Product.name)
    )
    return [
        {
            "buyer": d.buyer,
            "product": product,
            "quantity": _number(d.quantity),
            "unit": d.quantity_unit,
            "price": _number(d.price),
            "unit_price": f"元/{d.price_unit}" if d.price is not None else "",
            "lat": _number(d.lat),
            "lon": _number(d.lon),
            "valid_until": d.valid_until.isoformat(),
            "contact": d.contact,
            "place": d.place,
        }
        for d, product in await session.execute(query)
    ]
