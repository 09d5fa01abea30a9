"""A county set up from config.yaml alone (blind tester, 云南施甸县): its products file as
`products_file`, its name as `county_name`; farmers ask its own product's price and read
/help's examples from its own markets, in Chinese and English; a county-wide notice comes
from the county by its name."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.config import Settings, get_settings
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.county_data import EXAMPLES
from bot.markets.prices import local_today, product_named
from bot.models.markets import Market
from bot.sandbox.harness import Harness
from bot.users import Visitor, set_language, touch
from knowledge.text.county_products import use_products_file
from knowledge.text.lexicon import lexicon
from tests.e2e.test_broadcasts_e2e import FARMERS_A, compose, county
from tests.markets_util import add_price

pytestmark = pytest.mark.e2e
FARMER, TOM = 10001, 10003
SHIDIAN = "products:\n  咖啡: {category: 经济作物, en: coffee, aliases: [咖啡豆, 小粒咖啡]}\n"

__all__ = ["county"]  # the broadcasts' fixture, used below


@pytest.fixture
def shidian_products(tmp_path: Path) -> Iterator[Path]:
    """The county's products file, known to this process too (to seed its prices)."""
    path = tmp_path / "shidian.yaml"
    path.write_text(SHIDIAN, encoding="utf-8")
    use_products_file(path)
    lexicon.cache_clear()
    yield path
    use_products_file(None)
    lexicon.cache_clear()


async def test_a_county_configured_in_config_yaml(
    settings: Settings, tmp_path: Path, shidian_products: Path
) -> None:
    day = local_today(settings.tz)
    async with session_scope() as session:
        market = Market(name="施甸县甸阳农贸市场", short_name="甸阳", lat=24.72, lon=99.18)
        session.add(market)
        await session.flush()
        coffee = await product_named(session, "咖啡")
        walnut = await product_named(session, "核桃")
        assert coffee is not None and walnut is not None
        for back in range(5):
            add_price(session, coffee, market, day - timedelta(days=back), 19.4, "斤")
        for back in range(3):
            add_price(session, walnut, market, day - timedelta(days=back), 14.1, "斤")
        await touch(session, Visitor(FARMER, "张大爷"))
        await touch(session, Visitor(TOM, "Tom"))
        await set_language(session, TOM, "en")
    EXAMPLES.invalidate()
    config = tmp_path / "config.yaml"
    # The file named relative to config.yaml, as a county writes it; no FARMHUB_PRODUCTS.
    config.write_text("products_file: shidian.yaml\n", encoding="utf-8")
    async with Harness.start_process(settings, env={"FARMHUB_CONFIG": str(config)}) as bot:
        farmer = bot.user(FARMER, "张大爷")
        answer = (await farmer.send("咖啡好多钱")).texts
        assert any("咖啡" in a and "均价 19.40" in a for a in answer), answer
        help_zh = (await farmer.send("/help")).last.text or ""
        assert "• 咖啡多少钱一斤 / 甸阳核桃价格" in help_zh
        assert "新发地" not in help_zh
        tom = bot.user(TOM, "Tom")
        answer = (await tom.send("coffee price")).texts
        assert any("coffee" in a and "19.40" in a for a in answer), answer
        help_en = (await tom.send("/help")).last.text or ""
        assert "• coffee price / walnut price at Dianyang" in help_en
        assert "Xinfadi" not in help_en
        # English please / 说中文: one line with the menu, the help only on /help.
        switched = await farmer.send("English please")
        assert switched.texts == [t("en", "language.switched"), t("en", "language.menu_ready")]
        switched = await farmer.send("说中文")
        assert switched.texts == [t("zh", "language.switched"), t("zh", "language.menu_ready")]


@pytest.fixture
def county_named(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("FARMHUB_COUNTY_NAME", "施甸县农业农村局")
    monkeypatch.setenv("FARMHUB_COUNTY_NAME_EN", "Shidian County Farm Bureau")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


async def test_a_county_wide_notice_comes_from_the_county_by_name(
    harness: Harness, county: dict[str, int], county_named: None
) -> None:
    async with session_scope() as session:
        await set_language(session, 10004, "en")
    preview = await compose(harness, 30001, "明天统一收核桃", "全县所有农户")
    assert "📢 施甸县农业农村局通知：\n明天统一收核桃" in preview
    await harness.user(30001, "").press("✅ 现在发送")
    for tid in FARMERS_A:
        assert harness.user(tid, "").last.text == "📢 施甸县农业农村局通知：\n明天统一收核桃"
    english = harness.user(10004, "").last.text or ""
    assert english.startswith("📢 Notice from Shidian County Farm Bureau:")
