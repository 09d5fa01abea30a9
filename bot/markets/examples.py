"""The products the catalogues' examples name, from the county's own data: 比如「西红柿多少钱一斤」
in a county that grows no tomatoes sent farmers to ask of something it has no price of (blind
Gansu walk). Telegram-free.

Each example slot of the catalogues ({ex_price}, {ex_sold}, {ex_crop}, …, bot/core/i18n.py)
names a product of the county: one with prices, one with buyers, and for a symptom one its
knowledge base covers (or a generic word when none is). The sample county's own products are
kept wherever its data has them in that role, so its wording stays as the catalogue says it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.cache import TableCache
from bot.core.i18n import LANGUAGES, ExampleWords, t
from bot.markets.county_data import EXAMPLES_TTL, help_examples
from bot.models.knowledge import KbEntry
from bot.models.markets import DemandListing, MarketPrice, Product
from knowledge.text.lexicon import lexicon, product_label

# The sample county's examples by role, by the products' own names (the catalogues say 白菜
# of 大白菜, 番茄 for a symptom of 西红柿).
SAMPLE_PRICED, SAMPLE_PRICED2, SAMPLE_SOLD = "西红柿", "大白菜", "玉米"
SAMPLE_CROP, SAMPLE_SPOTS, SAMPLE_MARKET = "西红柿", "玉米", "新发地"

# () → the words of each language (in a 1-tuple: None, an empty database, is a value too).
WORDS: TableCache[None, tuple[ExampleWords | None]] = TableCache(
    "example words",
    ["prices", "markets", "products", "demand_listings", "kb_entries"],
    EXAMPLES_TTL,
)


@dataclass(frozen=True)
class ExampleProducts:
    """The county's products for each example (None: the catalogue's own, the sample's)."""

    priced: str | None = None
    priced2: str | None = None
    sold: str | None = None
    market: str | None = None
    crop: str | None = None  # "": none the knowledge base covers, said generically
    spots: str | None = None  # "": as `crop`


async def example_words(session: AsyncSession) -> ExampleWords | None:
    """The catalogues' example words in each language for this county (None: the catalogue's
    own), cached until its prices, buyers or knowledge base change."""
    engine = session.get_bind()
    cached = WORDS.get(engine, None)
    if cached is not None:
        return cached[0]
    generation = WORDS.generation()
    products = await example_products(session)
    found = None if products is None else {lang: words_in(lang, products) for lang in LANGUAGES}
    WORDS.put(engine, None, (found,), generation=generation)
    return found


def cached_words(engine: object) -> tuple[ExampleWords | None] | None:
    """The cached example words of `engine`'s county, without a statement (None: not cached)."""
    return WORDS.get(engine, None)


async def example_products(session: AsyncSession) -> ExampleProducts | None:
    """Which of the county's products each example names (None: it has no products yet)."""
    known = lexicon().products
    priced = Counter(
        {
            name: int(n)
            for name, n in await session.execute(
                select(Product.name, func.count())
                .join(MarketPrice, MarketPrice.product_id == Product.id)
                .group_by(Product.name)
            )
            if name in known
        }
    )
    bought = Counter(
        {
            name: int(n)
            for name, n in await session.execute(
                select(Product.name, func.count())
                .join(DemandListing, DemandListing.product_id == Product.id)
                .group_by(Product.name)
            )
            if name in known
        }
    )
    if not priced and not bought:
        return None
    help_ = await help_examples(session)
    first = help_.product if help_ is not None else _most(priced or bought)
    # The county's products, the one its help prices first: a symptom's example is the first
    # of them its knowledge base covers.
    ours = list(dict.fromkeys([first, *_ranked(bought + priced)]))
    second = [p for p in _ranked(priced) if p != first]
    # The sample's own product is kept wherever the county has it at all (prices or buyers).
    has = set(priced) | set(bought)
    priced2 = SAMPLE_PRICED2 if SAMPLE_PRICED2 in has else (second[0] if second else first)
    if SAMPLE_SOLD in has:
        sold = SAMPLE_SOLD
    else:
        sold = _most(bought, prefer=first) if bought else first
    covered = await _covered(session, ours)
    crop = SAMPLE_CROP if SAMPLE_CROP in covered else next(iter(covered), "")
    spots = SAMPLE_SPOTS if SAMPLE_SPOTS in covered else crop
    market = help_.market if help_ is not None else SAMPLE_MARKET
    return ExampleProducts(
        priced=_own(first, SAMPLE_PRICED),
        priced2=_own(priced2, SAMPLE_PRICED2),
        sold=_own(sold, SAMPLE_SOLD),
        market=_own(market, SAMPLE_MARKET),
        crop=_own(crop, SAMPLE_CROP),
        spots=_own(spots, SAMPLE_SPOTS),
    )


def words_in(lang: str, chosen: ExampleProducts) -> dict[str, str]:
    """The example slots `chosen` changes, as `lang` says them (the rest: the catalogue's)."""
    out: dict[str, str] = {}

    def label(name: str) -> str:
        return product_label(lang, name)

    if chosen.priced is not None:
        out["ex_price"] = label(chosen.priced)
        out["ex_price_zh"] = chosen.priced
        # "tell me when tomatoes go above…": a plural in English, any product's.
        out["ex_prices"] = t(lang, "examples.prices_of", product=label(chosen.priced))
    if chosen.priced2 is not None:
        out["ex_price2"] = label(chosen.priced2)
    if chosen.sold is not None:
        out["ex_sold"] = label(chosen.sold)
    if chosen.priced is not None or chosen.sold is not None:
        # Two different products (西红柿、玉米), even where one is priced and bought.
        both = [chosen.priced or SAMPLE_PRICED, chosen.sold or SAMPLE_SOLD]
        names = list(dict.fromkeys([*both, chosen.priced2 or SAMPLE_PRICED2]))[:2]
        out["ex_two"] = t(lang, "examples.joiner").join(label(n) for n in names)
    if chosen.market is not None:
        # As typed after /price in either language (its pinyin would load jieba here).
        out["ex_market"] = out["ex_market_zh"] = chosen.market
    if chosen.crop is not None:
        crop = label(chosen.crop) if chosen.crop else t(lang, "examples.crop_generic")
        out["ex_crop"] = out["ex_crop2"] = crop
    if chosen.spots is not None:
        out["ex_spots"] = (
            t(lang, "examples.spots_of", crop=label(chosen.spots))
            if chosen.spots
            else t(lang, "examples.spots_generic")
        )
    return out


def _own(name: str, sample: str) -> str | None:
    return None if name == sample else name


def _ranked(counts: Counter[str]) -> list[str]:
    return sorted(counts, key=lambda k: (-counts[k], k))


def _most(counts: Counter[str], prefer: str | None = None) -> str:
    if prefer is not None and prefer in counts:
        return prefer
    return _ranked(counts)[0]


async def _covered(session: AsyncSession, products: list[str]) -> list[str]:
    """Those of `products` (in order) the knowledge base speaks of by one of their names; all
    of them when it has no entries yet (nothing to say they are not covered)."""
    rows = (
        await session.execute(select(KbEntry.question, KbEntry.alt_questions, KbEntry.tags))
    ).all()
    if not rows:
        return products
    text = "\n".join(
        "\n".join([question, *(alts or []), *(tags or [])]) for question, alts, tags in rows
    )
    return [p for p in products if any(name in text for name in _names(p))]


def _names(product: str) -> list[str]:
    """A product's names of two characters or more (牛 would be found in 牛羊 and 蜗牛)."""
    words = lexicon().term_of
    names = {product, *(w for w, canonical in words.items() if canonical == product)}
    return [n for n in names if len(n) >= 2]
