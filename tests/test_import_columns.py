"""Columns a file leaves out keep what is stored; per-head demand; Chinese numerals in files.

Blind Gansu walk: a price file of `date,product,market,price,unit` emptied the stored low,
high and source; a sheep buyer's 300 只 at 1400 元/只 was refused (and called 元/斤);
七十 in a price file was "not a number" though /price reads 七十二块五. Both databases.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.admindata import entries as single
from bot.alerts.importer import import_prices
from bot.core.db import session_scope
from bot.imports import ImportFailed, ImportOptions, ImportResult, read_table
from bot.markets.demand import open_listings
from bot.markets.demand_import import import_demand
from bot.models.markets import DemandListing, Market, MarketPrice, Product
from handlers.render import admin_price
from handlers.render.demand import listings_text
from handlers.render.upload_changes import changes_text

TODAY = date(2026, 11, 28)
DAY = TODAY.isoformat()
MARKET = "北京新发地农产品批发市场"
FIRST = f"""date,product,market,price,unit,low,high,source
{DAY},西红柿,{MARKET},2.50,元/斤,2.2,2.8,新发地官网
{DAY},土豆,{MARKET},1.20,元/公斤,1.0,1.4,新发地官网
"""
DEMAND_HEADER = "buyer,product,quantity,unit,price,unit_price,lat,lon,valid_until,contact"


async def _import(tmp_path: Path, text: str, name: str = "p.csv") -> ImportResult:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    async with session_scope() as session:
        return await import_prices(session, read_table(path), options=ImportOptions(today=TODAY))


async def _stored(product: str = "西红柿") -> tuple[float, float | None, float | None, str]:
    async with session_scope() as session:
        row = await session.scalar(select(MarketPrice).join(Product).where(Product.name == product))
    assert row is not None
    return row.avg, row.low, row.high, row.source or "-"


async def test_a_file_without_low_high_source_keeps_them(db: str, tmp_path: Path) -> None:
    await _import(tmp_path, FIRST)
    # Only the price column: low, high and source stay, the preview names the price alone.
    result = await _import(
        tmp_path, f"date,product,market,price,unit\n{DAY},西红柿,{MARKET},2.60,元/斤\n", "b.csv"
    )
    assert (result.updated, result.unchanged) == (1, 0)
    [change] = result.changes
    assert [(f.field, f.old, f.new) for f in change.fields] == [("price", "2.50", "2.60")]
    assert "price 2.50 → 2.60" in changes_text("zh", result)
    assert await _stored() == (2.6, 2.2, 2.8, "新发地官网")
    # Empty cells in the columns keep them too; `-` clears.
    header = "date,product,market,price,unit,low,high,source\n"
    await _import(tmp_path, header + f"{DAY},西红柿,{MARKET},2.60,元/斤,,,\n", "c.csv")
    assert await _stored() == (2.6, 2.2, 2.8, "新发地官网")
    cleared = await _import(
        tmp_path, header + f"{DAY},西红柿,{MARKET},2.60,元/斤,-,2.9,-\n", "d.csv"
    )
    fields = [(f.field, f.old, f.new) for f in cleared.changes[0].fields]
    assert fields == [("low", "2.20", "-"), ("high", "2.80", "2.90"), ("source", "新发地官网", "-")]
    assert await _stored() == (2.6, None, 2.9, "-")


async def test_a_kept_range_that_no_longer_holds_the_price_goes(db: str, tmp_path: Path) -> None:
    await _import(tmp_path, FIRST)
    result = await _import(
        tmp_path, f"date,product,market,price,unit\n{DAY},西红柿,{MARKET},3.00,元/斤\n", "b.csv"
    )
    fields = [(f.field, f.old, f.new) for f in result.changes[0].fields]
    assert fields == [("price", "2.50", "3.00"), ("low", "2.20", "-"), ("high", "2.80", "-")]
    assert await _stored() == (3.0, None, None, "新发地官网")


async def test_a_kept_range_is_said_in_the_new_unit(db: str, tmp_path: Path) -> None:
    await _import(tmp_path, FIRST)
    # 1.0–1.4 元/公斤 is 0.5–0.7 元/斤: kept beside a price now per 斤.
    await _import(
        tmp_path, f"date,product,market,price,unit\n{DAY},土豆,{MARKET},0.65,元/斤\n", "b.csv"
    )
    avg, low, high, _ = await _stored("土豆")
    assert (avg, low, high) == (0.65, pytest.approx(0.5), pytest.approx(0.7))


async def test_chinese_numerals_in_a_price_file(db: str, tmp_path: Path) -> None:
    result = await _import(
        tmp_path,
        f"date,product,market,price,unit,low,high\n{DAY},大蒜,{MARKET},七十,元/公斤,六十五,七十二块五\n"
        f"{DAY},西红柿,{MARKET},三块五,元/斤,,\n",
    )
    assert result.added == 2
    async with session_scope() as session:
        prices = sorted((p.avg, p.low, p.high) for p in await session.scalars(select(MarketPrice)))
    assert prices == [(3.5, None, None), (70.0, 65.0, 72.5)]
    # Still all or nothing, each problem with its row and column.
    with pytest.raises(ImportFailed) as failed:
        await _import(
            tmp_path,
            f"date,product,market,price,unit\n{DAY},大蒜,{MARKET},七十,元/公斤\n"
            f"{DAY},黄瓜,{MARKET},七十块钱一斤吧,元/公斤\n",
            "b.csv",
        )
    assert [str(e) for e in failed.value.errors] == [
        "row 3, column price: '七十块钱一斤吧' is not a number"
    ]
    assert [e.text("zh") for e in failed.value.errors] == [
        "第 3 行，price 列：'七十块钱一斤吧' 不是数字"
    ]


async def test_a_typed_price_keeps_the_range_while_it_holds(db: str, tmp_path: Path) -> None:
    await _import(tmp_path, FIRST)
    held = await single.stage_price(1, "西红柿", MARKET, "2.7", None, TODAY, TODAY)
    assert held.applicable
    assert [f.field for f in held.result.changes[0].fields] == ["price", "source"]
    assert "最低–最高" not in admin_price.preview_text("zh", held)
    dropped = await single.stage_price(1, "西红柿", MARKET, "3.2", None, TODAY, TODAY)
    assert "这一天的最低–最高价（2.20–2.80）不再包含新价格：确认后去掉" in admin_price.preview_text(
        "zh", dropped
    )
    assert "That day's low–high (2.20–2.80) no longer holds the new price" in (
        admin_price.preview_text("en", dropped)
    )


async def _demand(tmp_path: Path, text: str) -> ImportResult:
    path = tmp_path / "d.csv"
    path.write_text(text, encoding="utf-8")
    async with session_scope() as session:
        return await import_demand(session, read_table(path), options=ImportOptions(today=TODAY))


async def test_livestock_bought_per_head(db: str, tmp_path: Path) -> None:
    result = await _demand(
        tmp_path,
        f"{DEMAND_HEADER},place\n"
        "兰州清真牛羊肉公司,羊,300,只,1400,元/只,36.06,103.83,2026-12-16,138,兰州\n"
        "兰州清真牛羊肉公司,牛,20,头,12000,元/头,36.06,103.83,2026-12-16,138,兰州\n",
    )
    assert result.added == 2
    async with session_scope() as session:
        listings = await open_listings(session, TODAY)
    zh = listings_text("zh", listings, None, located=True)
    assert "收 羊肉 300只，出价 1400.00 元/只" in zh and "收 牛肉 20头，出价 12000.00 元/头" in zh
    en = listings_text("en", listings, None, located=True)
    assert "300 head" in en and "yuan/head" in en
    # A file without the place column keeps the stored place.
    await _demand(
        tmp_path,
        f"{DEMAND_HEADER}\n兰州清真牛羊肉公司,羊,350,只,1450,元/只,36.06,103.83,2026-12-16,138\n",
    )
    async with session_scope() as session:
        places = set(await session.scalars(select(DemandListing.place)))
    assert places == {"兰州"}


async def test_a_per_head_price_has_its_own_limit_and_the_unit_is_named_first(
    db: str, tmp_path: Path
) -> None:
    with pytest.raises(ImportFailed) as failed:
        await _demand(
            tmp_path,
            f"{DEMAND_HEADER}\n"
            "甲,羊,300,只,200000,元/只,36.06,103.83,2026-12-16,138\n"
            "乙,羊,300,只,1400,元/箱,36.06,103.83,2026-12-16,138\n",
        )
    assert [str(e) for e in failed.value.errors] == [
        "row 2, column price: price 200000 元/只 is not plausible (over 100000 元 a head)",
        "row 3, column unit_price: unknown unit '元/箱' (use 元/斤 or 元/公斤,"
        " or 元/只 / 元/头 for animals by the head)",
    ]
    async with session_scope() as session:
        assert list(await session.scalars(select(DemandListing))) == []
        assert list(await session.scalars(select(Market))) == []
