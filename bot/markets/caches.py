"""The price questions' hot lookups, cached, and their counts, written behind.

Every price question needs the markets, its product's row and the newest prices:
the same few statements thousands of times between two imports. They are kept
per engine and forgotten when this process writes their tables, when
`invalidate()` is called (for other processes' writes), and after `MARKETS_TTL`
seconds in any case (bot/core/cache.py). Each cache's `invalidate()`:
`MARKETS`, `PRODUCTS`, `WINDOWS` (or `bot.core.cache.invalidate_all()`).
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, bindparam, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.batch import WriteBehind
from bot.core.cache import KEEPS_CACHES, TableCache
from bot.models.markets import Product

MARKETS_TTL = 30.0


@dataclass(frozen=True)
class ProductRef:
    """A product's id and name: all a price answer needs of its row."""

    id: int
    name: str


# () → every market (MarketInfo tuple).
MARKETS: TableCache[None, tuple[Any, ...]] = TableCache("markets", ["markets"], MARKETS_TTL)
# A product's name → its id and name.
PRODUCTS: TableCache[str, ProductRef] = TableCache("products", ["products"], MARKETS_TTL)
# (product id, market ids) → per market its recent prices (bot/markets/prices.py).
WINDOWS: TableCache[tuple[int, tuple[int, ...]], dict[int, list[Any]]] = TableCache(
    "latest prices", ["prices"], MARKETS_TTL
)


async def write_asks(session: AsyncSession, counts: dict[int, int]) -> None:
    """Add price-question counts to products, one statement for all (executemany)."""
    table = cast(Table, Product.__table__)
    await session.execute(
        update(table)
        .where(table.c.id == bindparam("product"))
        .values(asked_count=table.c.asked_count + bindparam("n"))
        # Ids and names, all PRODUCTS holds, stay as they are.
        .execution_options(**{KEEPS_CACHES: True}),
        [{"product": product, "n": n} for product, n in counts.items()],
    )


# Price questions counted in memory and written every few seconds
# (bot/core/batch.py): answering one needs no write lock.
ASKS: WriteBehind[int, int] = WriteBehind("price-question counts", write_asks, operator.add)
