"""Header and cell checks shared by every importer: collect every problem, then refuse."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from datetime import date
from enum import Enum
from typing import Literal, TypeVar

from bot.imports.result import (
    ImportFailed,
    Problem,
    ProblemError,
    RowError,
    problem,
    problem_of,
)
from bot.imports.table import Row, Table
from knowledge.text.amounts import read_amount

T = TypeVar("T")
# Dates before or after these are typing mistakes (0001-01-01), never data.
FIRST_DATE = date(2000, 1, 1)
LAST_DATE = date(2099, 12, 31)
# The largest whole number any column can hold (PostgreSQL BIGINT).
MAX_BIGINT = 2**63 - 1
# What an optional cell holds to clear the stored value (README, "File formats"): an
# empty cell, like a column the file does not have, leaves it alone.
CLEAR = "-"


class Keep(Enum):
    """An optional cell that leaves the stored value alone (no such column, or empty)."""

    KEEP = "keep"


KEEP: Literal[Keep.KEEP] = Keep.KEEP


def check_header(table: Table, required: Iterable[str], optional: Iterable[str] = ()) -> None:
    """Refuse a file whose header lacks a required column or has an unknown one.

    A YAML/JSON file has keys, not columns: a required one no entry has, or one
    no importer knows, is a problem of the file (an entry without a required key
    that others have is reported on that entry: its cell is empty).
    """
    required, optional = list(required), list(optional)
    missing, unknown = (
        ("missing_field", "unknown_field")
        if table.entries
        else ("missing_column", "unknown_column")
    )
    errors = [
        RowError(table.head, name, problem(missing))
        for name in required
        if name not in table.header
    ]
    known = set(required) | set(optional)
    expected = problem(unknown, expected=tuple(required + optional))
    errors += [
        RowError(table.head, name or "(blank)", expected)
        for name in table.header
        if name not in known
    ]
    if errors:
        raise ImportFailed(errors)


class Checker:
    """Collects every cell problem of a file, so one run reports them all."""

    def __init__(self) -> None:
        self.errors: list[RowError] = []

    def add(self, row: Row | int, column: str, found: Problem) -> None:
        """Record one problem."""
        number = row.number if isinstance(row, Row) else row
        self.errors.append(RowError(number, column, found))

    def cell(
        self, row: Row, column: str, parse: Callable[[str], T], required: bool = True
    ) -> T | None:
        """Parse one cell, recording the problem (and returning None) if it is bad."""
        raw = row.get(column)
        if not raw:
            if required:
                self.add(row, column, problem("empty"))
            return None
        try:
            return parse(raw)
        except ValueError as exc:
            self.add(row, column, problem_of(exc))
            return None

    def kept(self, row: Row, column: str, parse: Callable[[str], T]) -> T | Keep | None:
        """An optional cell that may keep the stored value: KEEP when the file has no such
        column or the cell is empty, None for `-` (clear it), else the cell parsed (None,
        recorded, when bad)."""
        raw = row.get(column)
        if not raw:
            return KEEP
        if raw == CLEAR:
            return None
        return self.cell(row, column, parse)

    def raise_if_any(self) -> None:
        """Raise ImportFailed with every problem, in file order."""
        if self.errors:
            raise ImportFailed(sorted(self.errors, key=lambda e: (e.row, e.column)))


# Commas only as thousands separators (2,500 or 12,345.6): 2,5 is a decimal comma, whose
# value a wrong guess would multiply by ten (a price of 2,5 stored as 25).
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def parse_float(raw: str) -> float:
    """A finite decimal number (commas only between groups of thousands), or one in Chinese
    numerals or money words (七十, 三块五: as the chat reads a typed price)."""
    if "," in raw and not _GROUPED.fullmatch(raw.strip()):
        raise ProblemError("decimal_comma", raw=raw)
    try:
        value = float(raw.replace(",", ""))
    except ValueError:
        # 七十, 三块五 in a file as in the chat (/price 当归 陇西 七十二块五): the same reader.
        amount = read_amount(raw)
        if amount is None or amount[1] is not None:
            raise ProblemError("not_number", raw=raw) from None
        value = amount[0]
    if not math.isfinite(value):
        raise ProblemError("not_number", raw=raw)
    return value


def parse_positive(raw: str) -> float:
    """A number greater than zero."""
    value = parse_float(raw)
    if value <= 0:
        raise ProblemError("not_positive", raw=raw)
    return value


def parse_int(raw: str) -> int:
    """A whole number that fits a database column (at most 2^63 - 1 either way)."""
    text = raw.replace(",", "").strip()
    if re.fullmatch(r"[+-]?[0-9]{1,30}", text):
        value = int(text)  # exact: a float would round 20 digits
    else:
        number = parse_float(raw)
        if not number.is_integer():
            raise ProblemError("not_whole", raw=raw)
        value = int(number)
    if abs(value) > MAX_BIGINT:
        raise ProblemError("too_large", raw=raw)
    return value


# A date as spreadsheets and people write it: 2026-12-05, 2026/12/05, 2026.12.5.
_DATE = re.compile(r"\s*([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})\s*")


def parse_date(raw: str) -> date:
    """A date written YYYY-MM-DD (or with / or . between), from 2000-01-01 to 2099-12-31."""
    match = _DATE.fullmatch(raw)
    if match is None:
        raise ProblemError("not_date", raw=raw)
    try:
        value = date(int(match.group(1)), int(match.group(3)), int(match.group(4)))
    except ValueError:
        raise ProblemError("not_date", raw=raw) from None
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ProblemError(
            "date_range", raw=raw, first=FIRST_DATE.isoformat(), last=LAST_DATE.isoformat()
        )
    return value


def parse_latitude(raw: str) -> float:
    """A latitude in degrees, -90 to 90."""
    value = parse_float(raw)
    if not -90 <= value <= 90:
        raise ProblemError("latitude_range", raw=raw)
    return value


def parse_longitude(raw: str) -> float:
    """A longitude in degrees, -180 to 180."""
    value = parse_float(raw)
    if not -180 <= value <= 180:
        raise ProblemError("longitude_range", raw=raw)
    return value


# Where a latitude or longitude in China can be: a latitude out of range whose longitude
# would be one is the two columns swapped (36.9 and 118.7 typed the other way round).
CHINA_LATITUDE = (18.0, 54.0)
CHINA_LONGITUDE = (73.0, 135.0)


def check_position(checker: Checker, row: Row) -> tuple[float | None, float | None]:
    """A row's `lat` and `lon` cells; swapped ones are said to look swapped."""
    raw_lat, raw_lon = row.get("lat"), row.get("lon")
    if _swapped(raw_lat, raw_lon):
        checker.add(row, "lat", problem("lat_lon_swapped", lat=raw_lat, lon=raw_lon))
        return None, checker.cell(row, "lon", parse_longitude)
    return checker.cell(row, "lat", parse_latitude), checker.cell(row, "lon", parse_longitude)


def _swapped(raw_lat: str, raw_lon: str) -> bool:
    # A latitude out of range, where the longitude would be a latitude in China and the
    # latitude a longitude there.
    try:
        lat, lon = parse_float(raw_lat), parse_float(raw_lon)
    except ValueError:
        return False
    return (
        not -90 <= lat <= 90
        and CHINA_LATITUDE[0] <= lon <= CHINA_LATITUDE[1]
        and CHINA_LONGITUDE[0] <= lat <= CHINA_LONGITUDE[1]
    )


def split_list(raw: str) -> list[str]:
    """A `|`-separated list of values, blanks dropped."""
    return [part.strip() for part in raw.split("|") if part.strip()]
