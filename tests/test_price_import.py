"""`farmhub prices import` / `farmhub demand import`: every bad row reported, all or nothing."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from bot.alerts.importer import import_prices
from bot.cli import main
from bot.core.config import Settings, get_settings
from bot.core.db import session_scope
from bot.imports import ImportFailed, ImportOptions, read_table
from bot.markets.demand_import import import_demand
from bot.markets.prices import local_today
from bot.models.markets import DemandListing, Market, MarketPrice

TODAY = date(2026, 11, 28)
D1, D2 = (TODAY - timedelta(days=1)).isoformat(), TODAY.isoformat()

GOOD_TEMPLATE = """date,product,market,price,unit,low,high,province,city,lat,lon,source
{d1},西红柿,北京新发地农产品批发市场,2.50,元/斤,2.2,2.8,北京,北京,39.8283,116.3876,新发地官网
{d2},番茄,北京新发地农产品批发市场,2.60,元/斤,,,,,,,新发地官网
{d2},洋芋,上海江桥批发市场,2.40,元/公斤,2.0,2.8,上海,上海,31.2536,121.3253,
"""
GOOD_PRICES = GOOD_TEMPLATE.format(d1=D1, d2=D2)


def _write(tmp_path: Path, text: str, name: str = "prices.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


async def _count(model: type) -> int:
    async with session_scope() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_good_file_imports_and_reimport_changes_nothing(db: str, tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD_PRICES)
    async with session_scope() as session:
        result = await import_prices(session, read_table(path), options=ImportOptions(today=TODAY))
    assert (result.added, result.updated, result.unchanged) == (3, 0, 0)
    assert result.extra == {"markets added": 2, "markets updated": 0}
    async with session_scope() as session:
        rows = list(await session.scalars(select(MarketPrice).order_by(MarketPrice.id)))
        markets = {m.id: m for m in await session.scalars(select(Market))}
    assert [r.avg for r in rows] == [2.5, 2.6, 2.4]
    # 2.40 元/公斤 is 1.20 元/斤; the alias 洋芋 is stored as 土豆.
    assert rows[2].unit == "公斤" and rows[2].avg_jin == pytest.approx(1.2)
    assert markets[rows[2].market_id].lat == pytest.approx(31.2536)
    async with session_scope() as session:
        again = await import_prices(session, read_table(path), options=ImportOptions(today=TODAY))
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    assert again.extra == {"markets added": 0, "markets updated": 0}
    assert await _count(MarketPrice) == 3


async def test_a_different_price_for_a_stored_day_updates_it(db: str, tmp_path: Path) -> None:
    async with session_scope() as session:
        await import_prices(
            session, read_table(_write(tmp_path, GOOD_PRICES)), options=ImportOptions(today=TODAY)
        )
    changed = GOOD_PRICES.replace(
        f"{D2},番茄,北京新发地农产品批发市场,2.60", f"{D2},番茄,北京新发地农产品批发市场,2.70"
    )
    async with session_scope() as session:
        result = await import_prices(
            session,
            read_table(_write(tmp_path, changed, "b.csv")),
            options=ImportOptions(today=TODAY),
        )
    assert (result.added, result.updated, result.unchanged) == (0, 1, 2)
    async with session_scope() as session:
        assert await session.scalar(select(func.max(MarketPrice.avg))) == pytest.approx(2.7)


async def test_every_bad_row_is_reported_and_nothing_changes(db: str, tmp_path: Path) -> None:
    future = (TODAY + timedelta(days=3)).isoformat()
    bad = f"""date,product,market,price,unit,low
{D1},西红柿,新发地,-1,元/斤,
{D1},西红柿,江桥,2000,元/斤,
{D1},西红柿,八里,2.0,元/两,
{D1},西洪柿,八里,2.0,元/斤,
{future},土豆,八里,1.0,元/斤,
{D2},西红柿,八里,2.0,元/斤,
{D2},番茄,八里,2.1,元/斤,
{D2},土豆,众彩,1.0,元/斤,1.5
2026-13-01,土豆,众彩,1.0,元/斤,
"""
    with pytest.raises(ImportFailed) as failed:
        async with session_scope() as session:
            await import_prices(
                session, read_table(_write(tmp_path, bad)), options=ImportOptions(today=TODAY)
            )
    problems = [str(e) for e in failed.value.errors]
    assert problems[0] == "row 2, column price: '-1' must be greater than 0"
    assert problems[1].startswith("row 3, column price: price 2000 元/斤 is not plausible")
    assert problems[2] == "row 4, column unit: unknown unit '元/两' (use 元/斤 or 元/公斤)"
    assert problems[3].startswith(
        "row 5, column product: unknown product '西洪柿' (closest: 西红柿"
    )
    assert problems[4] == f"row 6, column date: {future} is in the future"
    assert problems[5] == "row 8, column date: duplicate of row 7 (same date, product and market)"
    assert problems[6] == "row 9, column low: 1.5 is above the price 1"
    assert problems[7] == "row 10, column date: '2026-13-01' is not a date YYYY-MM-DD"
    assert len(problems) == 8
    assert await _count(MarketPrice) == 0 and await _count(Market) == 0


async def test_header_must_have_the_contract_columns(db: str, tmp_path: Path) -> None:
    with pytest.raises(ImportFailed) as failed:
        async with session_scope() as session:
            await import_prices(
                session,
                read_table(_write(tmp_path, "date,product,price\n")),
                options=ImportOptions(today=TODAY),
            )
    assert [str(e) for e in failed.value.errors] == [
        "row 1, column market: required column is missing",
        "row 1, column unit: required column is missing",
    ]


async def test_price_far_from_the_recent_median_is_refused(db: str, tmp_path: Path) -> None:
    async with session_scope() as session:
        await import_prices(
            session, read_table(_write(tmp_path, GOOD_PRICES)), options=ImportOptions(today=TODAY)
        )
    # 26 元/斤 for tomatoes that sold at about 2.55: an extra zero.
    typo = (
        f"date,product,market,price,unit\n{D2},西红柿,江桥,26,元/斤\n{D2},西红柿,八里,4.9,元/斤\n"
    )
    with pytest.raises(ImportFailed) as failed:
        async with session_scope() as session:
            await import_prices(
                session,
                read_table(_write(tmp_path, typo, "t.csv")),
                options=ImportOptions(today=TODAY),
            )
    assert [str(e).split(" is far")[0] for e in failed.value.errors] == [
        "row 2, column price: 26 元/斤"
    ]
    assert "recent median 2.55 元/斤" in str(failed.value.errors[0])


async def test_conflicting_market_coordinates_in_one_file(db: str, tmp_path: Path) -> None:
    text = (
        f"date,product,market,price,unit,lat,lon\n{D1},土豆,某市场,1,元/斤,30,110\n"
        f"{D2},土豆,某市场,1,元/斤,31,110\n{D2},玉米,某市场,1,元/斤,,120\n"
    )
    with pytest.raises(ImportFailed) as failed:
        async with session_scope() as session:
            await import_prices(
                session, read_table(_write(tmp_path, text)), options=ImportOptions(today=TODAY)
            )
    assert [str(e) for e in failed.value.errors] == [
        "row 3, column lat: 31.0 conflicts with row 2 for market 某市场",
        "row 4, column lat: is empty but the other coordinate is given",
        "row 4, column lon: 120.0 conflicts with row 2 for market 某市场",
    ]


async def test_xlsx_prices(db: str, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["date", "product", "market", "price", "unit"])
    sheet.append([TODAY - timedelta(days=1), "大白菜", "新发地", 0.6, "元/斤"])
    sheet.append([TODAY, "白菜", "新发地", 0.65, "元/斤"])
    book.save(tmp_path / "p.xlsx")
    async with session_scope() as session:
        result = await import_prices(
            session, read_table(tmp_path / "p.xlsx"), options=ImportOptions(today=TODAY)
        )
    assert result.added == 2


DEMAND = """buyer,product,quantity,unit,price,unit_price,lat,lon,valid_until,contact,place
寿光合作社,番茄,50,吨,1.3,元/斤,36.87,118.79,{until},寿光服务站转,山东寿光
食品厂,辣椒,10,吨,,,,,{until},成都服务站转,
"""


async def test_demand_import_and_reimport(db: str, tmp_path: Path) -> None:
    path = _write(tmp_path, DEMAND.format(until=(TODAY + timedelta(days=10)).isoformat()), "d.csv")
    async with session_scope() as session:
        first = await import_demand(session, read_table(path), options=ImportOptions(today=TODAY))
    assert (first.added, first.updated, first.unchanged) == (2, 0, 0)
    async with session_scope() as session:
        again = await import_demand(session, read_table(path), options=ImportOptions(today=TODAY))
        listing = await session.scalar(select(DemandListing).where(DemandListing.buyer == "食品厂"))
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert listing is not None and listing.price is None and listing.lat is None
    changed = path.read_text(encoding="utf-8").replace(",50,吨,", ",60,吨,")
    async with session_scope() as session:
        third = await import_demand(
            session,
            read_table(_write(tmp_path, changed, "e.csv")),
            options=ImportOptions(today=TODAY),
        )
    assert (third.added, third.updated, third.unchanged) == (0, 1, 1)


async def test_demand_bad_rows(db: str, tmp_path: Path) -> None:
    past = (TODAY - timedelta(days=1)).isoformat()
    ok = (TODAY + timedelta(days=5)).isoformat()
    bad = f"""buyer,product,quantity,unit,price,unit_price,lat,lon,valid_until,contact
甲,番茄,50,箱,1.3,元/斤,36.8,118.7,{ok},站
乙,榴莲,5,吨,1,元/斤,,,{ok},站
丙,土豆,5,吨,1,,,,{past},站
丁,土豆,-5,吨,1,元/斤,36.8,,{ok},
丁,洋芋,5,吨,1,元/斤,,,{ok},站
"""
    with pytest.raises(ImportFailed) as failed:
        async with session_scope() as session:
            await import_demand(
                session,
                read_table(_write(tmp_path, bad, "d.csv")),
                options=ImportOptions(today=TODAY),
            )
    assert [str(e) for e in failed.value.errors] == [
        "row 2, column unit: unknown unit '箱' (use 斤, 公斤 or 吨, or 只 / 头 for animals by the head)",
        "row 3, column product: unknown product '榴莲'",  # nothing alike: no nonsense offered
        "row 4, column unit_price: is empty",
        f"row 4, column valid_until: {past} is already past",
        "row 5, column contact: is empty",
        "row 5, column lon: is empty but the other coordinate is given",
        "row 5, column quantity: '-5' must be greater than 0",
        "row 6, column buyer: duplicate of row 5 (same buyer and product)",
    ]
    assert await _count(DemandListing) == 0


def test_cli_exit_codes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("FARMHUB_DATABASE_URL", db)
    get_settings.cache_clear()
    assert main(["db", "upgrade"]) == 0
    today = local_today(Settings(database_url=db).tz)
    good = GOOD_TEMPLATE.format(d1=(today - timedelta(days=1)).isoformat(), d2=today.isoformat())
    capsys.readouterr()
    assert main(["prices", "import", str(_write(tmp_path, good))]) == 0
    assert "3 added, 0 updated, 0 unchanged, 2 markets added" in capsys.readouterr().out
    bad = _write(
        tmp_path, "date,product,market,price,unit\n2020-01-01,西红柿,新发地,-2,元/斤\n", "bad.csv"
    )
    assert main(["prices", "import", str(bad)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "row 2, column price: '-2' must be greater than 0",
        "nothing was changed: 1 problem(s) in the file",
    ]
    demand = _write(tmp_path, DEMAND.format(until=(today + timedelta(days=3)).isoformat()), "d.csv")
    assert main(["demand", "import", str(demand)]) == 0
    assert "2 added" in capsys.readouterr().out
    assert main(["demand", "import", str(tmp_path / "missing.csv")]) == 1
    assert "no such file" in capsys.readouterr().err
