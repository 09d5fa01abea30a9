"""A county set up from the README (blind tester, 云南施甸县): its products file as a setting
(`products_file`, FARMHUB_PRODUCTS overriding it), the line every start says when the database
holds prices of products the synonym table does not know, the county's own name
(`county_name`) in notices and answers, and /help's examples from the county's own prices."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.broadcasts.text import notice
from bot.cli import main
from bot.core.config import Settings, get_settings, load_settings
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.county_data import (
    EXAMPLES,
    HelpExamples,
    help_examples,
    start_warnings,
    unknown_products,
)
from bot.markets.prices import local_today, product_named, sync_products
from bot.models.markets import Market, Product
from bot.models.users import Role, User
from handlers.render.knowledge import to_farmer
from handlers.render.roles import help_text
from knowledge.text.county_products import county_products_path, use_products_file
from knowledge.text.lexicon import lexicon
from knowledge.text.tokenize import tokenizer
from tests.markets_util import add_price, seed_markets

SHIDIAN = "products:\n  咖啡: {category: 经济作物, en: coffee, aliases: [咖啡豆, 小粒咖啡]}\n"
HEAD = "date,product,market,price,unit\n"
WARNING_ZH = (
    "⚠️ 数据库里有 咖啡 的价格，但产品表里没有：请设置 products_file（config.yaml）/ "
    "FARMHUB_PRODUCTS，指向县里的产品文件"
)


def _read_names_again() -> None:
    """The process-wide lexicon and the tokenizer built on it, read again together: a
    tokenizer left on the old lexicon leaves the new one without jieba's word boundaries,
    and later tests' names were matched by sound across words (杆子 read as 柑橘)."""
    lexicon.cache_clear()
    tokenizer.cache_clear()


@pytest.fixture
def fresh_lexicon() -> Iterator[None]:
    """The process-wide lexicon read again with the products file the test configures."""
    _read_names_again()
    yield
    use_products_file(None)
    _read_names_again()


def _config(tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("FARMHUB_CONFIG", str(path))
    get_settings.cache_clear()
    return path


# ---------------------------------------------------------------- products_file


def test_products_file_is_a_setting_relative_to_the_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _config(tmp_path, "products_file: shidian.yaml\n", monkeypatch)
    assert load_settings().products_file == str(tmp_path / "shidian.yaml")
    _config(tmp_path, "products_file: /srv/county/products.yaml\n", monkeypatch)
    assert load_settings().products_file == "/srv/county/products.yaml"
    # FARMHUB_PRODUCTS (the contract) overrides it; empty, it counts as not set.
    monkeypatch.setenv("FARMHUB_PRODUCTS", "/etc/farmhub/products.yaml")
    assert load_settings().products_file == "/etc/farmhub/products.yaml"
    monkeypatch.setenv("FARMHUB_PRODUCTS", "")
    assert load_settings().products_file == "/srv/county/products.yaml"
    _config(tmp_path, "", monkeypatch)
    assert load_settings().products_file == ""


def test_the_environment_wins_over_the_configured_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_products_file(tmp_path / "configured.yaml")
    assert county_products_path() == tmp_path / "configured.yaml"
    monkeypatch.setenv("FARMHUB_PRODUCTS", str(tmp_path / "env.yaml"))
    assert county_products_path() == tmp_path / "env.yaml"
    monkeypatch.delenv("FARMHUB_PRODUCTS")
    use_products_file("")
    assert county_products_path() is None


def test_a_bad_configured_file_stops_every_command_with_its_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _config(tmp_path, "products_file: missing.yaml\n", monkeypatch)
    assert main(["db", "current"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("products_file (FARMHUB_PRODUCTS): cannot read ")
    assert "missing.yaml" in err


def test_prices_import_reads_the_configured_products_and_warns_without_them(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fresh_lexicon: None,
) -> None:
    (tmp_path / "shidian.yaml").write_text(SHIDIAN, encoding="utf-8")
    db = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("FARMHUB_DATABASE_URL", db)
    monkeypatch.chdir(tmp_path)
    _config(tmp_path, "products_file: shidian.yaml\n", monkeypatch)
    today = local_today(Settings(database_url=db).tz).isoformat()
    (tmp_path / "p.csv").write_text(HEAD + f"{today},小粒咖啡,甸阳,38.5,元/公斤\n", "utf-8")
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()
    assert main(["prices", "import", "p.csv"]) == 0
    said = capsys.readouterr()
    assert "1 added" in said.out and said.err == ""
    # The same database started without the file: said first, then the import refuses.
    _config(tmp_path, "", monkeypatch)
    _read_names_again()
    (tmp_path / "q.csv").write_text(HEAD + f"{today},咖啡,甸阳,39,元/公斤\n", "utf-8")
    assert main(["prices", "import", "q.csv"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == WARNING_ZH
    assert err[1].startswith("row 2, column product: unknown product '咖啡'")
    # In English where the county speaks English; on the search command too.
    _config(tmp_path, "default_language: en\n", monkeypatch)
    monkeypatch.setattr("sys.stdin", iter(["咖啡好多钱\n"]))
    assert main(["kb", "search", "--json"]) == 0
    assert capsys.readouterr().err.splitlines()[0] == (
        "⚠️ the database holds prices of 咖啡, which the products table does not know: set "
        "products_file (config.yaml) / FARMHUB_PRODUCTS to the county's products file"
    )
    # The environment variable, as before.
    monkeypatch.setenv("FARMHUB_PRODUCTS", str(tmp_path / "shidian.yaml"))
    _read_names_again()
    assert main(["prices", "import", "q.csv"]) == 0
    said = capsys.readouterr()
    assert "1 updated" in said.out and said.err == ""


async def _coffee_priced(session: AsyncSession, day: date) -> None:
    """A 咖啡 row left from a start with the county's file, priced and unknown now."""
    await sync_products(session)
    coffee = Product(name="咖啡", category="经济作物", en="coffee")
    walnut = await product_named(session, "核桃")
    market = Market(name="施甸县甸阳农贸市场", short_name="甸阳", lat=24.7, lon=99.2)
    session.add_all([coffee, market])
    await session.flush()
    assert walnut is not None
    for back in range(3):
        add_price(session, coffee, market, day - timedelta(days=back), 19.0, "斤")
        add_price(session, walnut, market, day - timedelta(days=back), 14.0, "斤")
    await session.flush()


async def test_unknown_products_are_those_priced_the_table_does_not_know(db: str) -> None:
    async with session_scope() as session:
        assert await unknown_products(session) == []
        await _coffee_priced(session, date(2026, 6, 10))
        assert await unknown_products(session) == ["咖啡"]
        settings = Settings(database_url=db)
        assert await start_warnings(session, settings) == [WARNING_ZH]


# ---------------------------------------------------------------- county_name


def test_a_county_wide_notice_comes_from_the_county_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert notice("zh", None, "明天收核桃") == "📢 县农业服务中心通知：\n明天收核桃"
    assert notice("en", None, "walnuts").startswith("📢 Notice from County farm service centre:")
    monkeypatch.setenv("FARMHUB_COUNTY_NAME", "施甸县农业农村局")
    get_settings.cache_clear()
    assert notice("zh", None, "明天收核桃") == "📢 施甸县农业农村局通知：\n明天收核桃"
    assert notice("en", None, "walnuts").startswith("📢 Notice from 施甸县农业农村局:")
    # A station's own notice is the station's.
    assert notice("zh", "甸阳供销社服务站", "x").startswith("📢 甸阳供销社服务站通知：")
    monkeypatch.setenv("FARMHUB_COUNTY_NAME_EN", "Shidian County Farm Bureau")
    get_settings.cache_clear()
    assert notice("en", None, "walnuts").startswith("📢 Notice from Shidian County Farm Bureau:")


def test_a_county_admins_answer_names_the_county(monkeypatch: pytest.MonkeyPatch) -> None:
    admin = User(telegram_id=30001, name="王", role=Role.admin, language="zh")
    staff = User(telegram_id=20001, name="李", role=Role.staff, language="zh")
    said = to_farmer("zh", "questions.reply_to_farmer", admin, question="q", answer="a")
    assert said.startswith("🏛 县里的管理员回复了您的问题")
    said = to_farmer("en", "questions.reply_to_farmer", admin, question="q", answer="a")
    assert said.startswith("🏛 The county admin answered your question")
    monkeypatch.setenv("FARMHUB_COUNTY_NAME", "施甸县农业农村局")
    get_settings.cache_clear()
    said = to_farmer("zh", "questions.reply_to_farmer", admin, question="q", answer="a")
    assert said.startswith("🏛 施甸县农业农村局回复了您的问题")
    said = to_farmer("zh", "voice.reply_to_farmer", admin, question="q")
    assert said.startswith("🏛 施甸县农业农村局用语音回复了您的问题")
    said = to_farmer("zh", "questions.reply_to_farmer", staff, question="q", answer="a")
    assert said.startswith("🧑‍🌾 服务站回复了您的问题")


# ---------------------------------------------------------------- /help's examples


def _farmer(lang: str) -> User:
    return User(telegram_id=10001, name="张大爷", role=Role.farmer, language=lang)


def test_the_catalogue_help_holds_the_line_the_examples_replace() -> None:
    for lang in ("zh", "en"):
        assert t(lang, "help.prices_default") in t(lang, "help.text")
        assert help_text(_farmer(lang), None) == t(lang, "help.text")


def test_help_examples_in_both_languages() -> None:
    county = HelpExamples("核桃", "甸阳", "生姜")
    zh = help_text(_farmer("zh"), county)
    assert "• 核桃多少钱一斤 / 甸阳生姜价格" in zh and "新发地" not in zh
    en = help_text(_farmer("en"), county)
    assert "• walnut price / ginger price at Dianyang" in en and "Xinfadi" not in en
    sample = HelpExamples("西红柿", "新发地", "土豆")
    assert help_text(_farmer("zh"), sample) == t("zh", "help.text")


async def test_help_examples_come_from_the_database(db: str) -> None:
    day = date(2026, 6, 10)
    EXAMPLES.invalidate()
    async with session_scope() as session:
        # An empty database: the catalogue's examples.
        assert await help_examples(session) is None
        await _coffee_priced(session, day)
    async with session_scope() as session:
        # 咖啡 is unknown without the county's file: never an example a farmer's question
        # would not find.
        assert await help_examples(session) == HelpExamples("核桃", "甸阳", "核桃")
    async with session_scope() as session:
        ginger = await product_named(session, "生姜")
        market = await session.scalar(select(Market).where(Market.short_name == "甸阳"))
        assert ginger is not None and market is not None
        add_price(session, ginger, market, day, 4.0, "斤")
    async with session_scope() as session:
        # The import forgot the cached examples at once.
        assert await help_examples(session) == HelpExamples("核桃", "甸阳", "生姜")
        await seed_markets(session, day)
    async with session_scope() as session:
        # The sample county's own, where the database has them: the help as it was.
        assert (await help_examples(session) or HelpExamples("", "", "")).is_default


async def test_help_examples_are_read_once_between_imports(db: str) -> None:
    EXAMPLES.invalidate()
    async with session_scope() as session:
        await _coffee_priced(session, date(2026, 6, 10))
    async with session_scope() as session:
        first = await help_examples(session)
    statements: list[str] = []
    async with session_scope() as session:
        engine = session.get_bind()
        sync_engine = getattr(engine, "sync_engine", engine)

        def seen(*args: object) -> None:
            statements.append(str(args[2]))

        event.listen(sync_engine, "before_cursor_execute", seen)
        try:
            assert await help_examples(session) == first
        finally:
            event.remove(sync_engine, "before_cursor_execute", seen)
    assert statements == []
    EXAMPLES.invalidate()
