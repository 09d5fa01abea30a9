"""The shared import reader: formats, row numbers, header checks, cell parsers."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.imports import (
    Checker,
    ImportFailed,
    check_header,
    parse_date,
    parse_positive,
    read_table,
    split_list,
)


def test_csv_rows_are_numbered_like_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("\ufeffid,name\n1,土豆\n\n2,玉米\n", encoding="utf-8")
    table = read_table(path)
    assert table.header == ["id", "name"]
    assert [(r.number, r.get("name")) for r in table.rows] == [(2, "土豆"), (4, "玉米")]


def test_xlsx_and_yaml_read_the_same(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "tags"])
    sheet.append([1, "a|b"])
    book.save(tmp_path / "a.xlsx")
    (tmp_path / "a.yaml").write_text("- {id: 1, tags: [a, b]}\n", encoding="utf-8")
    for name in ("a.xlsx", "a.yaml"):
        table = read_table(tmp_path / name)
        assert table.rows[0].number == 2
        assert split_list(table.rows[0].get("tags")) == ["a", "b"]
        assert table.rows[0].get("id") == "1"


def test_not_utf8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("id,name\n1,土豆\n".encode("gbk"))
    with pytest.raises(ImportFailed, match="row 1, column -: not UTF-8"):
        read_table(path)


def test_header_problems_name_the_column(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("id,nmae\n1,x\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failed:
        check_header(read_table(path), ["id", "name"])
    assert [str(e) for e in failed.value.errors] == [
        "row 1, column name: required column is missing",
        "row 1, column nmae: unknown column (expected id, name)",
    ]


def test_checker_collects_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("date,price\n2026-13-01,-1\n2026-01-01,\n", encoding="utf-8")
    check = Checker()
    for row in read_table(path).rows:
        check.cell(row, "date", parse_date)
        check.cell(row, "price", parse_positive)
    with pytest.raises(ImportFailed) as failed:
        check.raise_if_any()
    assert [str(e) for e in failed.value.errors] == [
        "row 2, column date: '2026-13-01' is not a date YYYY-MM-DD",
        "row 2, column price: '-1' must be greater than 0",
        "row 3, column price: is empty",
    ]
