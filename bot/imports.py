"""Tabular imports (CSV, XLSX, YAML, JSON): read, check every cell, all or nothing.

Every `farmhub ... import FILE` command uses this module, so every import
reports problems the same way, `row N, column C: problem`, and changes nothing
unless the whole file is valid. Row numbers are what a spreadsheet shows: the
header is row 1 and the first record is row 2 (for YAML/JSON, the first object
is row 2 as well, so one file converted to another keeps its numbers).
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import yaml

T = TypeVar("T")
FIRST_DATA_ROW = 2
SUFFIXES = (".csv", ".xlsx", ".yaml", ".yml", ".json")


@dataclass(frozen=True)
class RowError:
    """One problem in one cell of an import file."""

    row: int
    column: str
    problem: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.problem}"


class ImportFailed(Exception):
    """The file has problems; nothing was changed."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("\n".join(map(str, errors)))
        self.errors = errors


@dataclass
class Row:
    """One record of an import file: its spreadsheet row number and its cells."""

    number: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        """The stripped cell text ('' when absent)."""
        return (self.cells.get(column) or "").strip()


@dataclass
class Table:
    """A whole import file: the header and the records, in order."""

    header: list[str]
    rows: list[Row]


@dataclass
class ImportResult:
    """What an import changed."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    extra: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """One line for the command line."""
        parts = [f"{self.added} added", f"{self.updated} updated", f"{self.unchanged} unchanged"]
        parts += [f"{n} {name}" for name, n in self.extra.items()]
        return ", ".join(parts)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_table(path: Path) -> Table:
    """Read a CSV (UTF-8), XLSX, YAML or JSON file into a Table; unreadable files raise."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportFailed(
            [RowError(1, "-", f"unsupported file type {suffix!r} (use CSV, XLSX, YAML or JSON)")]
        )
    if not path.is_file():
        raise ImportFailed([RowError(1, "-", f"no such file: {path}")])
    if suffix == ".csv":
        return _read_csv(path)
    if suffix == ".xlsx":
        return _read_xlsx(path)
    return _read_objects(path)


def _read_csv(path: Path) -> Table:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            [RowError(1, "-", f"not UTF-8 text ({exc.reason}); save the CSV as UTF-8")]
        ) from None
    reader = csv.reader(text.splitlines())
    lines = list(reader)
    if not lines:
        raise ImportFailed([RowError(1, "-", "the file is empty")])
    header = [h.strip() for h in lines[0]]
    rows = []
    for offset, values in enumerate(lines[1:]):
        if not any(v.strip() for v in values):
            continue  # blank lines are not records
        number = FIRST_DATA_ROW + offset
        if len(values) > len(header):
            raise ImportFailed(
                [RowError(number, "-", f"{len(values)} cells but the header has {len(header)}")]
            )
        rows.append(Row(number, dict(zip(header, values, strict=False))))
    return Table(header, rows)


def _read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFailed([RowError(1, "-", f"cannot read the workbook: {exc}")]) from None
    iterator: Iterator[tuple[Any, ...]] = sheet.iter_rows(values_only=True)
    first = next(iterator, None)
    if first is None:
        raise ImportFailed([RowError(1, "-", "the sheet is empty")])
    header = [_cell(h).strip() for h in first]
    while header and not header[-1]:
        header.pop()
    rows = []
    for offset, values in enumerate(iterator):
        cells = [_cell(v) for v in values]
        if not any(c.strip() for c in cells):
            continue
        rows.append(Row(FIRST_DATA_ROW + offset, dict(zip(header, cells, strict=False))))
    return Table(header, rows)


def _read_objects(path: Path) -> Table:
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ImportFailed(
            [RowError(1, "-", f"not valid {path.suffix[1:].upper()}: {exc}")]
        ) from None
    if not isinstance(data, list):
        raise ImportFailed([RowError(1, "-", "expected a list of records")])
    header: list[str] = []
    rows = []
    for offset, item in enumerate(data):
        number = FIRST_DATA_ROW + offset
        if not isinstance(item, dict):
            raise ImportFailed([RowError(number, "-", "expected an object with named fields")])
        for key in item:
            if str(key) not in header:
                header.append(str(key))
        rows.append(Row(number, {str(k): _cell(v) for k, v in item.items()}))
    return Table(header, rows)


def check_header(table: Table, required: Iterable[str], optional: Iterable[str] = ()) -> None:
    """Refuse a file whose header lacks a required column or has an unknown one."""
    required, optional = list(required), list(optional)
    errors = [
        RowError(1, name, "required column is missing")
        for name in required
        if name not in table.header
    ]
    known = set(required) | set(optional)
    errors += [
        RowError(
            1, name or "(blank)", f"unknown column (expected {', '.join(required + optional)})"
        )
        for name in table.header
        if name not in known
    ]
    if errors:
        raise ImportFailed(errors)


class Checker:
    """Collects every cell problem of a file, so one run reports them all."""

    def __init__(self) -> None:
        self.errors: list[RowError] = []

    def add(self, row: Row | int, column: str, problem: str) -> None:
        """Record one problem."""
        number = row.number if isinstance(row, Row) else row
        self.errors.append(RowError(number, column, problem))

    def cell(
        self, row: Row, column: str, parse: Callable[[str], T], required: bool = True
    ) -> T | None:
        """Parse one cell, recording the problem (and returning None) if it is bad."""
        raw = row.get(column)
        if not raw:
            if required:
                self.add(row, column, "is empty")
            return None
        try:
            return parse(raw)
        except ValueError as exc:
            self.add(row, column, str(exc))
            return None

    def raise_if_any(self) -> None:
        """Raise ImportFailed with every problem, in file order."""
        if self.errors:
            raise ImportFailed(sorted(self.errors, key=lambda e: (e.row, e.column)))


def parse_float(raw: str) -> float:
    """A finite decimal number."""
    try:
        value = float(raw.replace(",", ""))
    except ValueError:
        raise ValueError(f"{raw!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{raw!r} is not a number")
    return value


def parse_positive(raw: str) -> float:
    """A number greater than zero."""
    value = parse_float(raw)
    if value <= 0:
        raise ValueError(f"{raw!r} must be greater than 0")
    return value


def parse_int(raw: str) -> int:
    """A whole number."""
    value = parse_float(raw)
    if not value.is_integer():
        raise ValueError(f"{raw!r} is not a whole number")
    return int(value)


def parse_date(raw: str) -> date:
    """A date written YYYY-MM-DD."""
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"{raw!r} is not a date YYYY-MM-DD") from None


def parse_latitude(raw: str) -> float:
    """A latitude in degrees, -90 to 90."""
    value = parse_float(raw)
    if not -90 <= value <= 90:
        raise ValueError(f"latitude {raw} is outside -90..90")
    return value


def parse_longitude(raw: str) -> float:
    """A longitude in degrees, -180 to 180."""
    value = parse_float(raw)
    if not -180 <= value <= 180:
        raise ValueError(f"longitude {raw} is outside -180..180")
    return value


def split_list(raw: str) -> list[str]:
    """A `|`-separated list of values, blanks dropped."""
    return [part.strip() for part in raw.split("|") if part.strip()]


def print_failure(error: ImportFailed, printer: Callable[[str], None]) -> None:
    """Print every problem, then the promise that nothing changed."""
    for problem in error.errors:
        printer(str(problem))
    printer(f"nothing was changed: {len(error.errors)} problem(s) in the file")
