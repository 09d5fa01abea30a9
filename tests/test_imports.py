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
    # The spreadsheet's record is on row 2; the YAML list's is its first entry.
    for name, number in (("a.xlsx", 2), ("a.yaml", 1)):
        table = read_table(tmp_path / name)
        assert table.rows[0].number == number
        assert split_list(table.rows[0].get("tags")) == ["a", "b"]
        assert table.rows[0].get("id") == "1"


def test_gbk_and_gb18030_and_bom_are_read(tmp_path: Path) -> None:
    # Chinese spreadsheet software saves CSV as GBK; Excel's "CSV UTF-8" adds a BOM.
    path = tmp_path / "gbk.csv"
    for data in (
        "id,name\n1,土豆\n".encode("gbk"),
        "id,name\n1,土豆\n".encode("gb18030"),
        "id,name\n1,土豆\n".encode("utf-8-sig"),
    ):
        path.write_bytes(data)
        table = read_table(path)
        assert table.header == ["id", "name"] and table.rows[0].get("name") == "土豆"


def test_binary_and_undecodable_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with pytest.raises(ImportFailed, match="not a CSV file: it is a PNG picture"):
        read_table(path)
    path.write_bytes(b"PK\x03\x04" + bytes(100))
    with pytest.raises(ImportFailed, match="it is a ZIP archive"):
        read_table(path)
    path.write_bytes(b"id\n\xff\xff\n")
    with pytest.raises(ImportFailed, match="row 1, column -: not UTF-8 text"):
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
