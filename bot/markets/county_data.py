"""What the county's own data says about itself: the products its prices name that the
synonym table does not know (its products file not configured), and the examples /help
gives (a product it has prices of, a market it has). Telegram-free.

A county that set its products file once (`products_file`, FARMHUB_PRODUCTS) and then
started without it finds its 咖啡 prices unreachable: `unknown_products` names them, and
every start (`farmhub run`, the sandbox, the imports) says so in one line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.cache import TableCache
from bot.core.config import Settings
from bot.core.i18n import t
from bot.models.markets import DemandListing, Market, MarketPrice, Product
from knowledge.text.english import romanise
from knowledge.text.lexicon import lexicon, product_label

# The sample county's examples, which the catalogue's help says (西红柿多少钱一斤 /
# 新发地土豆价格): kept wherever the database has them, so a county with them reads the
# same help.
DEFAULT_PRODUCT, DEFAULT_MARKET, DEFAULT_OTHER = "西红柿", "新发地", "土豆"
# Examples are taken from the prices of the last days the database has.
RECENT_DAYS = 14
# Help is asked often and its examples change only with an import: kept this long at
# most (an import in this process forgets them at once, bot/core/cache.py).
EXAMPLES_TTL = 600.0


@dataclass(frozen=True)
class HelpExamples:
    """/help's price examples: `product`多少钱一斤 / `market``other`价格."""

    product: str
    market: str
    other: str

    @property
    def is_default(self) -> bool:
        """The sample county's own examples: the catalogue's help as it is."""
        return (self.product, self.market, self.other) == (
            DEFAULT_PRODUCT,
            DEFAULT_MARKET,
            DEFAULT_OTHER,
        )


# () → the examples (in a 1-tuple: None, an empty database, is a value too).
EXAMPLES: TableCache[None, tuple[HelpExamples | None]] = TableCache(
    "help examples", ["prices", "markets", "products"], EXAMPLES_TTL
)


async def unknown_products(session: AsyncSession) -> list[str]:
    """Products with prices or buyers in the database that the synonym table does not
    know (a county's products file not given), those with most prices first."""
    known = lexicon().products
    priced = (
        select(MarketPrice.product_id.label("pid"), func.count().label("n"))
        .group_by(MarketPrice.product_id)
        .subquery()
    )
    wanted = select(DemandListing.product_id).distinct().subquery()
    rows = await session.execute(
        select(Product.name, func.coalesce(priced.c.n, 0))
        .outerjoin(priced, priced.c.pid == Product.id)
        .where((priced.c.pid.is_not(None)) | Product.id.in_(select(wanted.c.product_id)))
    )
    found = [(name, int(n)) for name, n in rows if name not in known]
    return [name for name, _n in sorted(found, key=lambda item: (-item[1], item[0]))]


def unknown_products_line(lang: str, names: list[str]) -> str:
    """The one line every start says when `names` (unknown_products) is not empty."""
    joiner = "、" if lang == "zh" else ", "
    return t(lang, "prices.unknown_products", names=joiner.join(names))


async def start_warnings(session: AsyncSession, settings: Settings) -> list[str]:
    """What a start says of the county's data, in its default language: the products the
    database has prices of that the synonym table does not know (one line), or nothing."""
    names = await unknown_products(session)
    return [unknown_products_line(settings.default_language, names)] if names else []


async def help_examples(session: AsyncSession) -> HelpExamples | None:
    """/help's examples from the database's recent prices (None: no prices at all).

    The sample county's (西红柿, 新发地, 土豆) are kept where they are priced; else the
    product with most recent prices, the market with most, and another product priced
    there. Only products the synonym table knows are used (a farmer's question must work).
    """
    engine = session.get_bind()
    cached = EXAMPLES.get(engine, None)
    if cached is not None:
        return cached[0]
    generation = EXAMPLES.generation()
    found = await _examples(session)
    EXAMPLES.put(engine, None, (found,), generation=generation)
    return found


async def _examples(session: AsyncSession) -> HelpExamples | None:
    last = await session.scalar(select(func.max(MarketPrice.day)))
    if last is None:
        return None
    since = last - timedelta(days=RECENT_DAYS)
    rows = await session.execute(
        select(Product.name, Market.short_name, Market.name, func.count())
        .select_from(MarketPrice)
        .join(Product, Product.id == MarketPrice.product_id)
        .join(Market, Market.id == MarketPrice.market_id)
        .where(MarketPrice.day >= since)
        .group_by(Product.name, Market.short_name, Market.name)
    )
    known = lexicon().products
    counts: dict[tuple[str, str], int] = {}
    for product, short, name, n in rows:
        if product in known:
            counts[(product, short or name)] = int(n)
    if not counts:
        return None
    by_product: dict[str, int] = {}
    by_market: dict[str, int] = {}
    for (product, market), n in counts.items():
        by_product[product] = by_product.get(product, 0) + n
        by_market[market] = by_market.get(market, 0) + n

    def most(totals: dict[str, int], prefer: str, among: set[str] | None = None) -> str:
        choices = {k: v for k, v in totals.items() if among is None or k in among}
        if prefer in choices:
            return prefer
        return min(choices, key=lambda k: (-choices[k], k))

    product = most(by_product, DEFAULT_PRODUCT)
    # A market quoting another product than `product`, when there is one.
    others = {m for (p, m) in counts if p != product}
    market = most(by_market, DEFAULT_MARKET, others or None)
    here = {p: n for (p, m), n in counts.items() if m == market and p != product}
    other = most(here, DEFAULT_OTHER) if here else product
    return HelpExamples(product, market, other)


def prices_line(lang: str, examples: HelpExamples) -> str:
    """The help's line of price examples in `lang` (• 咖啡多少钱一斤 / 甸阳核桃价格)."""
    market = romanise(examples.market) if lang == "en" else examples.market
    return t(
        lang,
        "help.prices_line",
        product=product_label(lang, examples.product),
        market=market,
        other=product_label(lang, examples.other),
    )
