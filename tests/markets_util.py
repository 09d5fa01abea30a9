"""Small market data sets for the prices, demand and supply tests."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.markets.prices import convert, forget_markets, product_named, sync_products
from bot.models.markets import Market, MarketPrice, Product

# Three markets: Beijing quotes per 斤, Shanghai per 公斤, Harbin per 斤 but stopped
# reporting 5 days ago.
MARKETS = (
    ("北京新发地农产品批发市场", "新发地", "北京", "北京", 39.8283, 116.3876, "斤", 0),
    ("上海江桥批发市场", "江桥", "上海", "上海", 31.2536, 121.3253, "公斤", 0),
    ("哈尔滨哈达农副产品批发市场", "哈达", "黑龙江", "哈尔滨", 45.7292, 126.6253, "斤", 5),
)


def tomato_price(day: date, today: date) -> float:
    """西红柿 per 斤: 2.00 a fortnight ago, rising 0.05 a day."""
    return round(2.0 + 0.05 * (14 - (today - day).days), 2)


# The examples the bot gives in a county of seed_markets alone (bot/markets/examples.py): 西红柿
# and 土豆 priced, nobody buying (so no 玉米 to sell, no 白菜 to subscribe to).
SEEDED_EXAMPLES = {"ex_sold": "西红柿", "ex_price2": "土豆"}


async def seed_markets(session: AsyncSession, today: date, days: int = 40) -> dict[str, Market]:
    """The three markets with `days` days of 西红柿 prices (and 土豆 at 新发地 only)."""
    await sync_products(session)
    markets: dict[str, Market] = {}
    for name, short, province, city, lat, lon, _unit, _lag in MARKETS:
        market = Market(name=name, short_name=short, province=province, city=city, lat=lat, lon=lon)
        session.add(market)
        markets[short] = market
    await session.flush()
    forget_markets()
    tomato = await product_named(session, "西红柿")
    potato = await product_named(session, "土豆")
    assert tomato is not None and potato is not None
    for _name, short, *_rest, unit, lag in MARKETS:
        for back in range(lag, days):
            day = today - timedelta(days=back)
            jin = tomato_price(day, today)
            add_price(session, tomato, markets[short], day, convert(jin, "斤", unit), unit)
    for back in range(days):
        day = today - timedelta(days=back)
        add_price(session, potato, markets["新发地"], day, 1.2, "斤")
    await session.flush()
    return markets


def add_price(
    session: AsyncSession, product: Product, market: Market, day: date, avg: float, unit: str
) -> None:
    """One observation, with low/high 10% around the average."""
    session.add(
        MarketPrice(
            product_id=product.id,
            market_id=market.id,
            day=day,
            low=round(avg * 0.9, 4),
            avg=avg,
            high=round(avg * 1.1, 4),
            unit=unit,
            avg_jin=convert(avg, unit, "斤"),
            source="test",
        )
    )
