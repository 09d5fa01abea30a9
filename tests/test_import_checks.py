"""Price checks a county's first files need: buyers' prices, a file checked against itself,
every bad row in one pass, a missing file, a misspelt market (the command line)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.alerts.importer import import_prices
from bot.cli import main
from bot.core.config import Settings, get_settings
from bot.core.db import session_scope
from bot.imports import ImportFailed, ImportOptions, read_table, run_import
from bot.markets.demand_import import import_demand
from bot.markets.prices import local_today

TODAY = date(2026, 11, 28)
UNTIL = (TODAY + timedelta(days=30)).isoformat()
DEMAND_HEAD = "buyer,product,quantity,unit,price,unit_price,lat,lon,valid_until,contact\n"


def _write(tmp_path: Path, text: str, name: str = "f.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _series(product: str, market: str, price: str, days: int = 14, unit: str = "元/斤") -> str:
    return "".join(
        f"{(TODAY - timedelta(days=days - i)).isoformat()},{product},{market},{price},{unit}\n"
        for i in range(days)
    )


async def _prices(tmp_path: Path, text: str, name: str = "p.csv") -> None:
    table = read_table(_write(tmp_path, "date,product,market,price,unit\n" + text, name))
    async with session_scope() as session:
        await import_prices(session, table, options=ImportOptions(today=TODAY))


async def _demand(tmp_path: Path, rows: str) -> list[str]:
    table = read_table(_write(tmp_path, DEMAND_HEAD + rows, "d.csv"))
    try:
        async with session_scope() as session:
            await import_demand(session, table, options=ImportOptions(today=TODAY))
    except ImportFailed as failed:
        return [str(e) for e in failed.errors]
    return []


async def test_a_buyers_price_far_from_the_markets_is_refused(db: str, tmp_path: Path) -> None:
    await _prices(tmp_path, _series("甘蔗", "田阳", "0.30") + _series("芒果", "田阳", "3.5"))
    problems = await _demand(
        tmp_path,
        f"糖厂,甘蔗,50,吨,560,元/斤,,,{UNTIL},站\n"
        f"果商,芒果,5,吨,300,元/斤,,,{UNTIL},站\n"
        f"果商二,芒果,5,吨,7,元/公斤,,,{UNTIL},站\n",  # 3.5 元/斤: fine
    )
    assert problems == [
        "row 2, column price: 560 元/斤 is far from the recent median 0.30 元/斤 of 甘蔗 "
        "(allowed 0.03 to 3.00 元/斤): check the unit",
        "row 3, column price: 300 元/斤 is far from the recent median 3.50 元/斤 of 芒果 "
        "(allowed 0.35 to 35.00 元/斤): check the unit",
    ]
    # A buyer's real price and 面议 pass.
    assert await _demand(tmp_path, f"糖厂,甘蔗,50,吨,0.5,元/斤,,,{UNTIL},站\n") == []
    assert await _demand(tmp_path, f"糖厂二,甘蔗,50,吨,,,,,{UNTIL},站\n") == []


async def test_a_buyers_file_is_checked_against_itself_without_prices(
    db: str, tmp_path: Path
) -> None:
    rows = "".join(f"厂{i},玉米,5,吨,1.{i},元/斤,,,{UNTIL},站\n" for i in range(5))
    problems = await _demand(tmp_path, rows + f"厂9,玉米,5,吨,120,元/斤,,,{UNTIL},站\n")
    assert len(problems) == 1 and problems[0].startswith("row 7, column price: 120 元/斤")
    assert "the file's 6 prices of 玉米" in problems[0]


async def test_the_first_price_file_is_checked_against_itself(db: str, tmp_path: Path) -> None:
    day = TODAY.isoformat()
    text = _series("甘蔗", "田阳", "0.28") + f"{day},甘蔗,田阳,28,元/斤\n"
    with pytest.raises(ImportFailed) as failed:
        await _prices(tmp_path, text)
    assert [str(e) for e in failed.value.errors] == [
        "row 16, column price: 28 元/斤 is far from the median 0.28 元/斤 of the file's 15 "
        "prices of 甘蔗 (allowed 0.03 to 2.80 元/斤): check the unit"
    ]
    # Per market: a dear market's few prices are not held against a cheap one's; and fewer
    # than five prices say nothing of each other.
    await _prices(
        tmp_path,
        _series("甘蔗", "田阳", "0.28", days=5) + _series("甘蔗", "新发地", "5", days=4),
        "ok.csv",
    )


def test_every_bad_row_in_one_pass(tmp_path: Path) -> None:
    text = (
        "date,product,market,price,unit\n"
        "2026-11-01,芒果,田阳,3,5,元/斤\n"
        "2026-11-02,芒果,田阳,2,500,元/斤\n"  # thousands, or not: no hint
        "2026-11-03,芒果,田阳,3.5,元/斤\n"
    )
    with pytest.raises(ImportFailed) as failed:
        read_table(_write(tmp_path, text))
    assert [str(e) for e in failed.value.errors] == [
        "row 2, column -: 6 cells but the header has 5: 3,5 looks like a decimal comma (write 3.5)",
        "row 3, column -: 6 cells but the header has 5",
    ]
    table = read_table(_write(tmp_path, text), keep_bad_rows=True)
    assert [r.number for r in table.rows] == [4] and len(table.problems) == 2


async def test_rows_that_do_not_fit_are_reported_with_the_cells(db: str, tmp_path: Path) -> None:
    text = (
        "date,product,market,price,unit\n"
        "2026-11-01,芒果,田阳,3,5,元/斤\n"
        "2026-11-02,芒果,田阳,-3,元/斤\n"
        "2026-11-03,芒果,田阳,3.5,元/两\n"
    )
    table = read_table(_write(tmp_path, text), keep_bad_rows=True)
    with pytest.raises(ImportFailed) as failed:
        async with session_scope() as session:
            await run_import(session, "prices", table, ImportOptions(today=TODAY))
    assert [str(e).split(":")[0] for e in failed.value.errors] == [
        "row 2, column -",
        "row 3, column price",
        "row 4, column unit",
    ]


def test_cli_missing_file_and_misspelt_market(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("FARMHUB_DATABASE_URL", db)
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()
    assert main(["kb", "import", "kb_bad.csv"]) == 1
    assert capsys.readouterr().err == f"farmhub: no such file: {tmp_path / 'kb_bad.csv'}\n"
    today = local_today(Settings(database_url=db).tz).isoformat()
    head = "date,product,market,price,unit\n"
    _write(tmp_path, head + f"{today},芒果,田阳,3.5,元/斤\n", "a.csv")
    assert main(["prices", "import", "a.csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == ["new market: 田阳"]
    _write(
        tmp_path, head + f"{today},芒果,田阳市场,3.6,元/斤\n{today},芒果,百色,3,元/斤\n", "b.csv"
    )
    assert main(["prices", "import", "--dry-run", "b.csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "new market: 田阳市场 (did you mean 田阳?)",
        "new market: 百色",
    ]
    # The bad rows of a file, all at once, on the command line too.
    _write(tmp_path, head + f"{today},芒果,田阳,3,5,元/斤\n{today},芒果,百色,x,元/斤\n", "c.csv")
    assert main(["prices", "import", "c.csv"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "row 2, column -: 6 cells but the header has 5: 3,5 looks like a decimal comma (write 3.5)",
        "row 3, column price: 'x' is not a number",
        "nothing was changed: 2 problem(s) in the file",
    ]
