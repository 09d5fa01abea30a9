"""/price as admins type it and price files' market names and sample ending, on both databases.

Prices said the way people say them (三块五, ￥2.5, 3元5角) are read by the farmers' own
price reader; a decimal comma stays refused with its hint; markets are named by their
pinyin (Xinfadi, xin fa di) wherever an admin names one; the /price preview speaks of
what was typed; a price file that ends the sample prices names what farmers lose.
"""

from __future__ import annotations

from collections import namedtuple
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from bot.admindata import entries as single
from bot.admindata import typed_price, uploads
from bot.alerts.importer import import_alerts
from bot.alerts.service import list_alerts
from bot.core.db import session_scope
from bot.imports import ImportOptions, read_table
from bot.markets.importer import MARKETS_ENDED, PRODUCTS_ENDED, PRODUCTS_THINNED
from bot.markets.names import closest_markets, find_market
from bot.markets.sample import MARKETS_FILE
from bot.models import Market, MarketPrice, Product
from handlers.render import admin_data as admin_view
from handlers.render import admin_price
from tests.test_admindata import ADMIN, TODAY, count, price_file, seeded

Named = namedtuple("Named", "id name short_name")
SAMPLE_MARKETS = [
    Named(i, m["name"], m["short"])
    for i, m in enumerate(yaml.safe_load(MARKETS_FILE.read_text(encoding="utf-8"))["markets"])
]


@pytest.mark.parametrize(
    ("said", "yuan"),
    [
        ("三块五", 3.5),
        ("两块", 2.0),
        ("2块5", 2.5),
        ("￥2.5", 2.5),
        ("¥2.5", 2.5),
        ("2.5元", 2.5),
        ("3元5角", 3.5),
        ("五毛", 0.5),
        ("2.5", 2.5),
        ("三点五", 3.5),
        ("九毛八", 0.98),
        ("9毛8", 0.98),
        ("0.98", 0.98),
        ("一块二", 1.2),
        ("1块2", 1.2),
        ("两块五毛", 2.5),
        ("两块五毛钱", 2.5),
        ("三块", 3.0),
        ("九毛八分", 0.98),
        ("一块二毛五", 1.25),
        ("1块2毛5", 1.25),
        ("1元2角5分", 1.25),
        ("一块二毛五分钱", 1.25),
        ("一块零五", 1.05),
    ],
)
def test_a_price_said_as_people_say_it_is_read(said: str, yuan: float) -> None:
    assert typed_price.read_amount(said) == (yuan, None)


@pytest.mark.parametrize("said", ["2,5", "2,5元", "abc", "1块2毛5斤", "0", "-1", "inf", "2.5元/两"])
def test_what_is_not_one_whole_price_is_left_for_the_import_to_refuse(said: str) -> None:
    # 2,5 was once stored as 25; 2,5元 must not become 5 (parse_price finds "5元").
    assert typed_price.read_amount(said) is None
    typed = typed_price.read_command(["西红柿", "新发地", said], TODAY)
    assert typed is not None and typed.price == said


def test_the_command_is_read_with_a_unit_a_date_and_a_market_of_several_words() -> None:
    read = typed_price.read_command
    typed = read(["西红柿", "xin", "fa", "di", "三块五", "元/公斤", "2026-06-01"], TODAY)
    assert typed == typed_price.TypedWords(
        "西红柿", "xin fa di", "3.5", "三块五", "元/公斤", date(2026, 6, 1)
    )
    one_word = read(["西红柿", "新发地", "2.3元/斤"], TODAY)
    assert one_word is not None and (one_word.price, one_word.unit) == ("2.3", "元/斤")
    apart = read(["西红柿", "新发地", "2.5", "元"], TODAY)
    assert apart is not None and (apart.market, apart.price, apart.unit) == ("新发地", "2.5", None)
    english = read(["sweet", "potato", "Xinfadi", "2", "yuan/jin"], TODAY)
    assert english is not None and (english.product, english.market) == ("sweet potato", "Xinfadi")
    wrong_unit = read(["西红柿", "新发地", "2.5", "元/两"], TODAY)
    assert wrong_unit is not None and wrong_unit.unit == "元/两"  # the import says why
    assert read(["西红柿", "新发地"], TODAY) is None
    assert read(["西红柿", "新发地", "2.5", "2026-13-45"], TODAY) is None


@pytest.mark.parametrize(
    ("word", "market"),
    [
        ("Xinfadi", "北京新发地农产品批发市场"),
        ("xin fa di", "北京新发地农产品批发市场"),
        ("XINFADI", "北京新发地农产品批发市场"),
        ("Xīnfādì", "北京新发地农产品批发市场"),
        ("Jiangqiao", "上海江桥批发市场"),
        ("jiang qiao", "上海江桥批发市场"),
        ("Shouguang", "山东寿光农产品物流园"),
        ("ShouGuang", "山东寿光农产品物流园"),
        ("beijing xinfadi nongchanpin pifa shichang", "北京新发地农产品批发市场"),
        ("新发地", "北京新发地农产品批发市场"),
    ],
)
def test_a_market_is_found_by_its_pinyin_in_any_case_and_spacing(word: str, market: str) -> None:
    found = find_market(word, SAMPLE_MARKETS)
    assert found is not None and found.name == market


def test_a_market_not_named_is_none_but_its_closest_are_offered() -> None:
    for word in ("Xinfadii", "shou guan", "新发低", "县城农贸市场"):
        assert find_market(word, SAMPLE_MARKETS) is None
    assert [m.name for m in closest_markets("Xinfadii", SAMPLE_MARKETS)] == [
        "北京新发地农产品批发市场"
    ]
    assert [m.name for m in closest_markets("shou guan", SAMPLE_MARKETS)] == [
        "山东寿光农产品物流园"
    ]
    # A city's pinyin in a market's name is whole syllables of it, offered, never taken.
    assert find_market("Chongqing", SAMPLE_MARKETS) is None
    chongqing = closest_markets("Chongqing", SAMPLE_MARKETS)
    assert [m.name for m in chongqing] == ["重庆双福国际农贸城"]
    assert closest_markets("anshi", SAMPLE_MARKETS) == []  # not syllables of any name


@pytest.mark.parametrize(
    ("word", "short"),
    [
        ("xinfadii", "新发地"),  # one letter more, missing, changed or swapped, in any case
        ("XINFADDI", "新发地"),
        ("xinfdi", "新发地"),
        ("xin fa dii", "新发地"),
        ("shougaung", "寿光"),
        ("shougang", "寿光"),
        ("jiangqioa", "江桥"),
        ("jaingqiao", "江桥"),
        ("shaungfu", "双福"),
    ],
)
def test_a_market_said_in_pinyin_one_letter_off_is_the_closest(word: str, short: str) -> None:
    assert find_market(word, SAMPLE_MARKETS) is None
    assert [m.short_name for m in closest_markets(word, SAMPLE_MARKETS)] == [short]


def test_the_unit_is_said_in_english_words() -> None:
    assert admin_price.per_unit("en", "元/斤") == "yuan/jin"
    assert admin_price.per_unit("en", "元/公斤") == "yuan/kg"
    assert admin_price.per_unit("zh", "元/公斤") == "元/公斤"


async def _stored(
    market: str, day: date, product: str = "西红柿"
) -> tuple[float, str | None] | None:
    async with session_scope() as session:
        row = (
            await session.execute(
                select(MarketPrice.avg, MarketPrice.source)
                .join(Market, Market.id == MarketPrice.market_id)
                .join(Product, Product.id == MarketPrice.product_id)
                .where(Market.name == market, MarketPrice.day == day, Product.name == product)
            )
        ).first()
    return None if row is None else (row[0], row[1])


async def test_a_price_said_in_words_at_a_market_in_pinyin_is_saved_where_meant(db: str) -> None:
    await seeded()
    markets = await count(Market)
    typed = typed_price.read_command(["西红柿", "Xinfadi", "三块五"], TODAY)
    assert typed is not None
    preview = await single.stage_price(
        ADMIN, typed.product, typed.market, typed.price, typed.unit, TODAY, TODAY, said="三块五"
    )
    assert preview.applicable and not preview.new_markets
    said = admin_view.preview_text("zh", preview)
    assert f"西红柿 · 北京新发地农产品批发市场 · 3.5 元/斤（{TODAY}）" in said
    assert "（您写的「三块五」按 3.5 元算）" in said
    assert "确认后改成上面的价格" in said and ".csv" not in said
    applied = await uploads.apply(ADMIN, preview.upload_id or 0, TODAY)
    assert applied is not None and applied.typed is not None
    assert admin_view.applied_text("zh", applied).startswith(
        f"✅ 已保存：西红柿 · 北京新发地农产品批发市场 · 3.5 元/斤（{TODAY}）"
    )
    assert await _stored("北京新发地农产品批发市场", TODAY) == (3.5, None)
    assert await _stored("北京新发地农产品批发市场", TODAY, "土豆") == (1.2, "test")
    assert await count(Market) == markets
    # 江桥 quotes per 公斤: a price in pinyin there is per 公斤 too, said so in English.
    typed = typed_price.read_command(["tomato", "jiang", "qiao", "¥4.4"], TODAY)
    assert typed is not None
    preview = await single.stage_price(
        ADMIN, typed.product, typed.market, typed.price, typed.unit, TODAY, TODAY
    )
    english = admin_view.preview_text("en", preview)
    # The market as English price cards name it, with its pinyin (review: its Chinese name alone).
    said = f"tomato · 上海江桥批发市场 (Shanghai Jiangqiao Pifashichang) · 4.4 yuan/kg ({TODAY})"
    assert said in english
    assert "read as" not in english  # ¥4.4 says itself
    assert "元" not in english.split("\n")[1]


async def test_a_decimal_comma_is_still_refused_with_its_hint(db: str) -> None:
    await seeded()
    typed = typed_price.read_command(["西红柿", "新发地", "2,5"], TODAY)
    assert typed is not None
    preview = await single.stage_price(
        ADMIN, typed.product, typed.market, typed.price, typed.unit, TODAY, TODAY
    )
    assert not preview.applicable
    assert admin_view.preview_text("zh", preview).splitlines()[:2] == [
        "❌ 价格没有保存：",
        "价格：'2,5' 不是数字（小数请用点：2.5，不是 2,5）",
    ]


async def test_a_price_file_names_markets_by_pinyin_without_adding_them(db: str) -> None:
    await seeded()
    markets = await count(Market)
    data = price_file(f"{TODAY},西红柿,Jiangqiao,5.0,元/公斤", f"{TODAY},土豆,xin fa di,1.3,元/斤")
    preview = await uploads.receive(ADMIN, "p.csv", data, TODAY)
    assert preview.applicable and preview.new_markets == []
    assert (preview.result.updated, preview.result.added) == (2, 0)
    applied = await uploads.apply(ADMIN, preview.upload_id or 0, TODAY)
    assert applied is not None and not applied.result.errors
    assert await count(Market) == markets
    # The file has no source column: the stored source stays (blind walk: it was emptied).
    assert await _stored("上海江桥批发市场", TODAY) == (5.0, "test")
    assert await _stored("北京新发地农产品批发市场", TODAY, "土豆") == (1.3, "test")


async def test_a_small_price_file_names_what_the_sample_prices_take_with_them(db: str) -> None:
    await seeded()
    async with session_scope() as session:
        # Every seeded price generated, as `farmhub sample load` stores them.
        rows = list(await session.scalars(select(MarketPrice)))
        for row in rows:
            row.source = "sample"
    sample = len(rows)
    # Only 西红柿 at 新发地, today: 土豆, 江桥 and 哈达 keep no price at all.
    data = price_file(f"{TODAY},西红柿,新发地,2.9,元/斤")
    preview = await uploads.receive(ADMIN, "p.csv", data, TODAY)
    names = preview.result.names
    assert names[PRODUCTS_ENDED] == ["土豆"]
    assert names[MARKETS_ENDED] == ["上海江桥批发市场", "哈尔滨哈达农副产品批发市场"]
    assert names[PRODUCTS_THINNED] == ["西红柿"]
    said = admin_view.preview_text("zh", preview)
    assert f"⚠️ 确认后，示例（演示）价格 {sample - 1} 条全部删除" in said
    assert "农户将查不到这 1 个产品的价格：土豆" in said
    assert "这 2 个市场将没有任何价格：上海江桥批发市场、哈尔滨哈达农副产品批发市场" in said
    assert "这 1 个产品只剩文件里的价格（之前的走势和涨跌没有了）：西红柿" in said
    english = admin_view.preview_text("en", preview)
    assert "Farmers will find no price for 1 product: potato" in english
    # The preview changed nothing; the apply does what it said, and says it again.
    async with session_scope() as session:
        assert await session.scalar(select(func.count()).select_from(MarketPrice)) == sample
    applied = await uploads.apply(ADMIN, preview.upload_id or 0, TODAY)
    assert applied is not None
    assert "土豆" not in admin_view.applied_text("zh", applied)  # the count, not the list
    assert "1 个产品农户查不到价格了" in admin_view.applied_text("zh", applied)
    async with session_scope() as session:
        potato = await session.scalar(select(Product.id).where(Product.name == "土豆"))
        left = await session.scalar(
            select(func.count()).select_from(MarketPrice).where(MarketPrice.product_id == potato)
        )
    assert left == 0
    assert (await uploads.undo(ADMIN)).status == "undone"
    async with session_scope() as session:
        assert await session.scalar(select(func.count()).select_from(MarketPrice)) == sample


async def test_a_file_without_sample_prices_says_nothing_of_them(db: str) -> None:
    await seeded()
    data = price_file(f"{TODAY - timedelta(days=1)},西红柿,新发地,2.9,元/斤")
    preview = await uploads.receive(ADMIN, "p.csv", data, TODAY)
    assert PRODUCTS_ENDED not in preview.result.names
    assert "示例" not in admin_view.preview_text("zh", preview)


async def test_an_alerts_file_names_markets_by_pinyin_too(db: str, tmp_path: Path) -> None:
    await seeded()
    path = tmp_path / "alerts.csv"
    path.write_text(
        "telegram_id,product,market,kind,value\n10001,土豆,Xinfadi,below,1.0\n", encoding="utf-8"
    )
    async with session_scope() as session:
        result = await import_alerts(session, read_table(path), options=ImportOptions(today=TODAY))
    assert result.added == 1
    async with session_scope() as session:
        views = await list_alerts(session, 10001)
    assert [(v.product, v.market) for v in views if v.product == "土豆"] == [("土豆", "新发地")]


@pytest.mark.parametrize(
    ("said", "day"),
    [
        ("昨天", TODAY - timedelta(days=1)),
        ("前天", TODAY - timedelta(days=2)),
        ("yesterday", TODAY - timedelta(days=1)),
        ("6月5日", date(2026, 6, 5)),
        ("6/5", date(2026, 6, 5)),
        ("6-5", date(2026, 6, 5)),
        ("2026/6/5", date(2026, 6, 5)),
        ("2026-06-05", date(2026, 6, 5)),
        ("今天", TODAY),
        ("6月10日", TODAY),
    ],
)
def test_a_price_s_day_said_in_words(said: str, day: date) -> None:
    # Sandbox walk: /price 大蒜 寿光 30 元/斤 昨天 got 「价格：'昨天' 不是数字」.
    for words in (["大蒜", "寿光", "30", "元/斤", said], ["大蒜", "寿光", "30", said]):
        typed = typed_price.read_command(words, TODAY)
        assert typed is not None and (typed.price, typed.day, typed.bad_day) == ("30", day, None)
        assert typed.market == "寿光"


@pytest.mark.parametrize("said", ["明天", "6月11日", "13/45", "下周一"])
def test_a_price_s_day_that_is_no_past_day_names_the_date(said: str) -> None:
    typed = typed_price.read_command(["大蒜", "寿光", "30", "元/斤", said], TODAY)
    assert typed is not None and typed.bad_day == said and typed.price == "30"
    text = admin_price.bad_day_text("zh", said, TODAY)
    assert text.splitlines()[1].startswith(f"日期：「{said}」") and "价格：" not in text
    # Its examples are yesterday's date, never a fixed one.
    past = TODAY - timedelta(days=1)
    assert f"{past.month}月{past.day}日、{past.month}/{past.day} 或 {past.isoformat()}" in text
    en = admin_price.bad_day_text("en", said, TODAY)
    assert en.splitlines()[1].startswith(f'date: "{said}"') and past.isoformat() in en


async def test_a_day_that_has_a_price_says_the_price_replaced(db: str) -> None:
    # Sandbox walk: a price typed for 12-05 showed today's 3.02 as 「上次的价格」, not the 30
    # that day had.
    await seeded()
    yesterday = TODAY - timedelta(days=1)
    first = await single.stage_price(ADMIN, "西红柿", "新发地", "3.5", "元/斤", yesterday, TODAY)
    assert first.upload_id is not None
    await uploads.apply(ADMIN, first.upload_id, TODAY)
    again = await single.stage_price(ADMIN, "西红柿", "新发地", "3.6", "元/斤", yesterday, TODAY)
    said = admin_view.preview_text("zh", again)
    assert "这一天现在的价格：3.5 元/斤（确认后被替换）" in said and "上次的价格" not in said
    english = admin_view.preview_text("en", again)
    assert "That day's price now: 3.5 yuan/jin" in english
