"""One import path (issue 11): a file's bytes read like its path, every importer one shape."""

from __future__ import annotations

import inspect
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from bot.core.db import session_scope
from bot.imports import ImportFailed, ImportOptions, import_table, read_table
from bot.imports.registry import IMPORTERS, importer
from bot.models.alerts import AlertSubscription
from bot.models.knowledge import KbEntry
from bot.models.users import User
from tests.markets_util import seed_markets

KB = (
    "id,question,answer,alt_questions,tags,category\n"
    "pest-1,西红柿叶子发黄怎么办,追施尿素。,番茄黄叶,西红柿,pests_diseases\n"
)
OPTIONS = ImportOptions(today=date(2026, 6, 10), by="chat:30001")


def _files(tmp_path: Path) -> list[Path]:
    csv = tmp_path / "a.csv"
    csv.write_text("id,name\n1,土豆\n2,'=1+1\n", encoding="utf-8")
    yaml = tmp_path / "a.yaml"
    yaml.write_text("- {id: 1, name: 土豆}\n- {id: 2, name: '=1+1'}\n", encoding="utf-8")
    json = tmp_path / "a.json"
    json.write_text('[{"id": 1, "name": "土豆"}, {"id": 2, "name": "=1+1"}]', encoding="utf-8")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["id", "name"], [1, "土豆"], [2, "'=1+1"]):
        sheet.append(row)
    xlsx = tmp_path / "a.xlsx"
    book.save(xlsx)
    return [csv, yaml, json, xlsx]


def test_bytes_read_exactly_like_the_file(tmp_path: Path) -> None:
    for path in _files(tmp_path):
        from_bytes = read_table(path.read_bytes(), name=path.name.upper())
        assert from_bytes == read_table(path), path.name
        assert [r.get("name") for r in from_bytes.rows] == ["土豆", "=1+1"], path.name


def test_bytes_get_the_same_refusals(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed) as failed:
        read_table(b"id\n1\n", name="prices.txt")
    assert str(failed.value) == (
        "row 1, column -: unsupported file type '.txt' (use CSV, XLSX, YAML or JSON)"
    )
    with pytest.raises(ImportFailed) as failed:
        read_table(b"x" * (20 * 1024 * 1024 + 1), name="big.csv")
    assert str(failed.value) == (
        "row 1, column -: the file is 20.0 MB; at most 20 MB (split it into smaller files)"
    )
    with pytest.raises(ImportFailed) as failed:
        read_table(b"\xff\xfe", name="a.csv")
    assert str(failed.value).startswith("row 1, column -: not UTF-8 text")
    with pytest.raises(ImportFailed) as failed:
        read_table(b"not a zip", name="a.xlsx")
    assert str(failed.value).startswith("row 1, column -: cannot read the workbook")
    with pytest.raises(TypeError):
        read_table(b"id\n1\n")  # bytes alone do not say their format


def test_every_importer_has_the_one_shape() -> None:
    assert set(IMPORTERS) == {"prices", "demand", "kb", "alerts", "stations", "villages"}
    for kind in IMPORTERS:
        function = importer(kind).load()
        assert inspect.iscoroutinefunction(function), kind
        parameters = inspect.signature(function).parameters
        assert [(p.name, p.kind) for p in parameters.values()] == [
            ("session", inspect.Parameter.POSITIONAL_OR_KEYWORD),
            ("table", inspect.Parameter.POSITIONAL_OR_KEYWORD),
            ("options", inspect.Parameter.KEYWORD_ONLY),
        ], kind
    with pytest.raises(KeyError, match="no importer for 'weather' \\(known: prices, demand"):
        importer("weather")


async def _count(model: type) -> int:
    async with session_scope() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_a_file_sent_as_bytes_imports_in_one_unit_of_work(db: str) -> None:
    table = read_table(KB.encode(), name="知识.csv")
    result = await import_table("kb", table, OPTIONS)
    assert (result.added, result.updated, result.unchanged, result.errors) == (1, 0, 0, [])
    async with session_scope() as session:
        assert await session.scalar(select(KbEntry.updated_by)) == "chat:30001"
    again = await import_table("kb", table, OPTIONS)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1)


async def test_refusals_come_back_as_errors_and_everything_rolls_back(db: str) -> None:
    async with session_scope() as session:
        await seed_markets(session, date(2026, 6, 10), days=3)
        session.add(User(telegram_id=10001, name="农户"))
    # Row 2 is subscribed (and flushed) before row 3 is refused: both must be undone.
    text = "telegram_id,product,market,kind,value\n10001,西红柿,,daily,07:00\n10002,白菜,,daily,07:00\n"
    result = await import_table("alerts", read_table(text.encode(), name="a.csv"), OPTIONS)
    assert [str(e) for e in result.errors] == [
        "row 3, column telegram_id: user 10002 has not started the bot"
    ]
    assert (result.added, result.updated, result.unchanged) == (0, 0, 0)
    assert await _count(AlertSubscription) == 0
    bad = await import_table("kb", read_table(b"id,question\n", name="kb.csv"), OPTIONS)
    assert [str(e) for e in bad.errors] == [
        "row 1, column answer: required column is missing",
    ]
    assert await _count(KbEntry) == 0
