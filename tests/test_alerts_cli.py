"""`farmhub alerts import/list/runs`: the shared import rules, on both databases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.alerts import parsing
from bot.alerts import service as alerts
from bot.alerts.importer import import_alerts
from bot.alerts.model import AlertSpec
from bot.cli import main
from bot.core.config import get_settings
from bot.core.db import dispose_engine, init_engine, session_scope
from bot.imports import ImportFailed, ImportOptions, read_table
from bot.markets.prices import local_today
from bot.models.alerts import AlertKind
from bot.models.users import User
from tests.markets_util import seed_markets

GOOD = """telegram_id,product,market,kind,value
10001,西红柿,新发地,above,3.5
10001,洋芋,,daily,06:30
10002,番茄,上海,move,10%
10002,白菜,江桥,below,1.2
"""


# The alerts import does not depend on the date; every importer takes the same options.
OPTIONS = ImportOptions(today=date(2026, 6, 10))


def write(tmp_path: Path, text: str, name: str = "alerts.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


async def setup_farmers(*ids: int) -> None:
    async with session_scope() as session:
        await seed_markets(session, local_today(get_settings().tz), days=3)
        for telegram_id in ids:
            session.add(User(telegram_id=telegram_id, name=f"农户{telegram_id}"))


async def test_import_then_reimport_changes_nothing(db: str, tmp_path: Path) -> None:
    await setup_farmers(10001, 10002)
    async with session_scope() as session:
        result = await import_alerts(session, read_table(write(tmp_path, GOOD)), options=OPTIONS)
    assert (result.added, result.updated, result.unchanged) == (4, 0, 0)
    async with session_scope() as session:
        again = await import_alerts(session, read_table(write(tmp_path, GOOD)), options=OPTIONS)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 4)
    changed = GOOD.replace("above,3.5", "above,3.8")
    async with session_scope() as session:
        third = await import_alerts(session, read_table(write(tmp_path, changed)), options=OPTIONS)
    assert (third.added, third.updated, third.unchanged) == (0, 1, 3)
    async with session_scope() as session:
        views = await alerts.list_alerts(session)
    shown = {
        (v.user_id, v.product, v.market or v.region, v.kind, v.threshold, v.at_time) for v in views
    }
    assert (10001, "西红柿", "新发地", AlertKind.above, 3.8, None) in shown
    assert (10001, "土豆", None, AlertKind.daily, None, parsing.parse_hhmm("06:30")) in shown
    assert (10002, "西红柿", "上海", AlertKind.move, 10.0, None) in shown


async def test_every_bad_row_is_reported_and_nothing_changes(db: str, tmp_path: Path) -> None:
    await setup_farmers(10001)
    bad = """telegram_id,product,market,kind,value
10001,西红柿,新发地,above,3.5
abc,西红柿,,daily,07:00
10001,火龙果干,,daily,07:00
10001,西红柿,火星,daily,07:00
10001,西红柿,,weekly,07:00
10001,西红柿,,below,-1
10001,西红柿,,daily,7点
10001,西红柿,,move,
99999,西红柿,,daily,07:00
10001,西红柿,新发地,above,4
"""
    with pytest.raises(ImportFailed) as failed:
        async with session_scope() as session:
            await import_alerts(session, read_table(write(tmp_path, bad)), options=OPTIONS)
    problems = [str(e) for e in failed.value.errors]
    assert problems[1].startswith("row 4, column product: unknown product '火龙果干'")
    assert problems[:1] + problems[2:] == [
        "row 3, column telegram_id: 'abc' is not a number",
        "row 5, column market: unknown market or region '火星'",
        "row 6, column kind: 'weekly' is not one of daily, above, below, move",
        "row 7, column value: a price must be greater than 0",
        "row 8, column value: expected a time HH:MM, e.g. 07:00",
        "row 9, column value: is empty",
        "row 10, column telegram_id: user 99999 has not started the bot",
        "row 11, column product: duplicate of row 2 (same farmer, product, market and kind)",
    ]
    async with session_scope() as session:
        assert await alerts.list_alerts(session) == []


async def test_the_limit_counts_the_files_rows_too(db: str, tmp_path: Path) -> None:
    await setup_farmers(10001)
    products = [
        "土豆",
        "西红柿",
        "玉米",
        "红薯",
        "辣椒",
        "大白菜",
        "圆白菜",
        "黄瓜",
        "茄子",
        "胡萝卜",
        "白萝卜",
    ]
    rows = "".join(f"10001,{p},,daily,07:00\n" for p in products)
    with pytest.raises(ImportFailed) as failed:
        async with session_scope() as session:
            await import_alerts(
                session,
                read_table(write(tmp_path, "telegram_id,product,market,kind,value\n" + rows)),
                options=OPTIONS,
            )
    assert [str(e) for e in failed.value.errors] == [
        "row 12, column telegram_id: this farmer would have more than 10 alerts"
    ]


def test_cli_import_list_and_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio

    db = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("FARMHUB_DATABASE_URL", db)
    get_settings.cache_clear()
    assert main(["db", "upgrade"]) == 0

    async def prepare() -> None:
        init_engine(db)
        try:
            await setup_farmers(10001, 10002)
        finally:
            await dispose_engine()

    asyncio.run(prepare())
    capsys.readouterr()
    assert main(["alerts", "import", str(write(tmp_path, GOOD))]) == 0
    assert "4 added, 0 updated, 0 unchanged" in capsys.readouterr().out
    assert main(["alerts", "list", "10001"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "telegram_id,product,market,kind,value,status,near,unit",
        "10001,西红柿,新发地,above,3.5,active,,斤",
        "10001,土豆,,daily,06:30,active,,",
    ]
    assert main(["alerts", "list"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 5
    bad = write(
        tmp_path, "telegram_id,product,market,kind,value\n10001,西红柿,,daily,25:00\n", "bad.csv"
    )
    assert main(["alerts", "import", str(bad)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "row 2, column value: expected a time HH:MM, e.g. 07:00",
        "nothing was changed: 1 problem(s) in the file",
    ]
    assert main(["alerts", "runs"]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("id,started,kind,label,queued,sent,failed,blocked,in_doubt")
    assert "outbox: empty" in out.err
    # Each stream's last line is ended: the next shell prompt starts on its own line.
    assert out.out.endswith("\n") and out.err.endswith("outbox: empty\n"), out


# ---------------------------------------------------------------- the unit column

PER_KG = """telegram_id,product,market,kind,value,unit
10001,土豆,,below,30,公斤
10001,西红柿,新发地,above,3.5,
10002,白菜,江桥,below,2.4,元/公斤
10002,洋芋,,daily,06:30,
"""


async def test_a_unit_column_says_what_the_value_is_per(db: str, tmp_path: Path) -> None:
    await setup_farmers(10001, 10002)
    async with session_scope() as session:
        result = await import_alerts(session, read_table(write(tmp_path, PER_KG)), options=OPTIONS)
    assert result.added == 4
    async with session_scope() as session:
        views = await alerts.list_alerts(session)
    shown = {(v.user_id, v.product, v.threshold, v.unit) for v in views}
    # Kept per 斤 (what alerts compare), read per the unit said: 30 元/公斤 is 15 元/斤.
    assert (10001, "土豆", 15.0, "公斤") in shown
    assert (10001, "西红柿", 3.5, "斤") in shown  # an empty cell: 斤
    assert (10002, "大白菜", 1.2, "公斤") in shown  # 2.4 元/公斤
    # The same file again changes nothing; without the column (as before it) it is per 斤.
    async with session_scope() as session:
        again = await import_alerts(session, read_table(write(tmp_path, PER_KG)), options=OPTIONS)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 4)
    old = "telegram_id,product,market,kind,value\n10001,土豆,,below,15\n"
    async with session_scope() as session:
        before = await import_alerts(session, read_table(write(tmp_path, old)), options=OPTIONS)
        assert before.updated == 1
        (coffee,) = [v for v in await alerts.list_alerts(session, 10001) if v.product == "土豆"]
    assert (coffee.threshold, coffee.unit) == (15.0, "斤")


async def test_a_unit_that_is_neither_is_reported(db: str, tmp_path: Path) -> None:
    await setup_farmers(10001)
    bad = "telegram_id,product,market,kind,value,unit\n10001,土豆,,below,30,吨\n"
    with pytest.raises(ImportFailed) as failed:
        async with session_scope() as session:
            await import_alerts(session, read_table(write(tmp_path, bad)), options=OPTIONS)
    assert [str(e) for e in failed.value.errors] == [
        "row 2, column unit: '吨' is not one of 斤, 公斤"
    ]


def test_cli_lists_a_kg_alert_per_kg(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio

    db = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("FARMHUB_DATABASE_URL", db)
    get_settings.cache_clear()
    assert main(["db", "upgrade"]) == 0

    async def prepare() -> None:
        init_engine(db)
        try:
            await setup_farmers(10001, 10002)
            async with session_scope() as session:  # said in the chat: 土豆跌到三十块一公斤
                await alerts.subscribe(
                    session, 10001, AlertSpec("土豆", AlertKind.below, 15.0, unit="公斤")
                )
        finally:
            await dispose_engine()

    asyncio.run(prepare())
    capsys.readouterr()
    assert main(["alerts", "list", "10001"]) == 0
    listed = capsys.readouterr().out
    assert listed.splitlines() == [
        "telegram_id,product,market,kind,value,status,near,unit",
        "10001,土豆,,below,30,active,,公斤",
    ]
    # What it lists imports again as it is (its status and near columns left out).
    kept = "\n".join(
        ",".join(c for i, c in enumerate(line.split(",")) if i not in (5, 6))
        for line in listed.splitlines()
    )
    assert main(["alerts", "import", str(write(tmp_path, kept + "\n", "again.csv"))]) == 0
    assert "0 added, 0 updated, 1 unchanged" in capsys.readouterr().out
