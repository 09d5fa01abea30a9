"""The catalogues' examples name the county's own products (blind Gansu walk: a county growing
no tomato, maize or 白菜 was told 比如「西红柿多少钱一斤」, 「我有两千斤玉米要卖」, 「退订西红柿」)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.db import session_scope
from bot.core.i18n import t, use_examples
from bot.markets.county_data import EXAMPLES
from bot.markets.examples import WORDS, ExampleProducts, example_products, example_words, words_in
from bot.markets.prices import product_named, sync_products
from bot.models.knowledge import KbEntry
from bot.models.markets import DemandListing, Market
from tests.markets_util import add_price

DAY = date(2026, 6, 10)


@pytest.fixture(autouse=True)
def _catalogue_words() -> Iterator[None]:
    """Each test starts (and leaves) with the catalogue's own examples and no cached ones."""
    use_examples(None)
    EXAMPLES.invalidate()
    WORDS.invalidate()
    yield
    use_examples(None)


def _use(chosen: ExampleProducts) -> None:
    use_examples({lang: words_in(lang, chosen) for lang in ("zh", "en")})


def test_without_county_words_the_catalogue_says_the_sample_countys() -> None:
    assert "比如「西红柿多少钱一斤」" in t("zh", "start.greeting", name="")
    help_zh = t("zh", "help.text")
    assert "• 哪里收玉米 / 我有两千斤玉米要卖" in help_zh and "• 订阅白菜价格 / 退订" in help_zh
    assert "• 番茄叶子发黄怎么办" in help_zh
    assert "比如「玉米叶子上有长条灰斑」" in t("zh", "kb.declined")
    assert 'e.g. "tomato price per jin"' in t("en", "fallback.unknown_text")
    assert '"I have 2000 jin of corn to sell"' in t("en", "demand.sell_hint")


def test_the_county_words_go_into_every_example_zh_and_en() -> None:
    _use(ExampleProducts(priced="土豆", priced2="核桃", sold="生姜", market="甸阳", crop="土豆",
                         spots="土豆"))  # fmt: skip
    assert "比如「土豆多少钱一斤」" in t("zh", "start.greeting", name="")
    help_zh = t("zh", "help.text")
    for line in (
        "• 哪里收生姜 / 我有两千斤生姜要卖",
        "• 订阅核桃价格 / 退订",
        "• 土豆叶子发黄怎么办",
    ):
        assert line in help_zh, help_zh
    rest = help_zh.replace(t("zh", "help.prices_default"), "")
    assert not any(word in rest for word in ("玉米", "白菜", "番茄", "西红柿")), rest
    assert "比如「土豆叶子上有斑点」" in t("zh", "kb.declined")
    assert "「土豆多少钱一斤」「土豆叶子发黄怎么办」" in t("zh", "kb.chatter.noise")
    assert "发「退订土豆」" in t("zh", "alerts.stop_all_ask", n=2)
    assert "/price 土豆 甸阳 2.3 元/斤" in t("zh", "price.usage")
    assert "比如：土豆、生姜" in t("zh", "bookings.unknown_product_none", text="x")
    help_en = t("en", "help.text")
    assert "• who buys ginger / I have 1000 jin of ginger to sell" in help_en, help_en
    assert "• potato leaves turning yellow" in help_en
    assert '"I have 2000 jin of ginger to sell"' in t("en", "demand.sell_hint")
    assert "tell me when potato prices go above 3.5 yuan" in t("en", "alerts.how_to", time="7:00")
    assert '"spots on potato leaves"' in t("en", "kb.declined")
    assert "/price potato 甸阳 2.3 yuan/jin, or /price 土豆 甸阳 三块五" in t("en", "price.usage")
    # (The help's first line is /help's own: handlers/render/roles.py, test_county_setup.py.)
    rest = help_en.replace(t("en", "help.prices_default"), "") + t("en", "kb.declined")
    assert not any(word in rest for word in ("tomato", "corn")), rest


def test_a_symptom_example_names_no_product_when_the_base_covers_none() -> None:
    _use(ExampleProducts(priced="土豆", crop="", spots=""))
    assert "• 庄稼叶子发黄怎么办" in t("zh", "help.text")
    assert "比如「叶子上有斑点」" in t("zh", "kb.declined")
    assert '"spots on the leaves"' in t("en", "kb.declined")


async def county_of_its_own(session: AsyncSession, *, kb: list[str]) -> None:
    """土豆 and 核桃 priced at 甸阳, 生姜 bought; the knowledge base's questions `kb`."""
    await sync_products(session)
    market = Market(name="施甸县甸阳农贸市场", short_name="甸阳", lat=24.7, lon=99.2)
    session.add(market)
    await session.flush()
    for name, n in (("土豆", 3), ("核桃", 2)):
        product = await product_named(session, name)
        assert product is not None
        for back in range(n):
            add_price(session, product, market, DAY - timedelta(days=back), 2.0, "斤")
    ginger = await product_named(session, "生姜")
    assert ginger is not None
    session.add(
        DemandListing(buyer="姜厂", product_id=ginger.id, quantity=5, quantity_unit="吨",
                      valid_until=DAY + timedelta(days=30), contact="138")
    )  # fmt: skip
    for i, question in enumerate(kb):
        session.add(KbEntry(id=f"k{i}", question=question, answer="…", category="病虫害"))
    await session.flush()


async def test_a_county_without_the_samples_products_gets_its_own(db: str) -> None:
    async with session_scope() as session:
        assert await example_products(session) is None  # no data yet: the catalogue's
        await county_of_its_own(session, kb=["马铃薯晚疫病怎么防治？", "猪瘟怎么防？"])
    async with session_scope() as session:
        chosen = await example_products(session)
    assert chosen == ExampleProducts(
        priced="土豆", priced2="核桃", sold="生姜", market="甸阳", crop="土豆", spots="土豆"
    )


async def test_a_base_covering_none_of_its_products_says_the_symptom_generically(
    db: str,
) -> None:
    async with session_scope() as session:
        await county_of_its_own(session, kb=["猪瘟怎么防？"])
        chosen = await example_products(session)
    assert chosen is not None and (chosen.crop, chosen.spots) == ("", "")


async def test_the_sample_countys_products_keep_the_catalogues_words(db: str) -> None:
    async with session_scope() as session:
        await county_of_its_own(session, kb=["番茄叶子发黄怎么办", "玉米大斑病"])
        market = Market(name="北京新发地农产品批发市场", short_name="新发地", lat=39.8, lon=116.4)
        session.add(market)
        await session.flush()
        for name in ("西红柿", "大白菜", "玉米"):
            product = await product_named(session, name)
            assert product is not None
            for back in range(5):
                add_price(session, product, market, DAY - timedelta(days=back), 2.0, "斤")
        await session.flush()
    async with session_scope() as session:
        assert await example_products(session) == ExampleProducts()
        words = await example_words(session)
    assert words is not None and words["zh"] == {} and words["en"] == {}
