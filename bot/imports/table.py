"""Tabular imports (CSV, XLSX, YAML, JSON): read, check every cell, all or nothing.

Every `farmhub ... import FILE` command, and every upload in the chat, uses this
module, so every import reports problems the same way, `row N, column C: problem`,
and changes nothing unless the whole file is valid. Row numbers are what a spreadsheet shows: the
header is row 1 and the first record is row 2. A YAML/JSON list is counted the same
way, and its problems also name the entry as an admin counts it, from 1, with its id if
it has one (`row 5, column answer: is empty (entry 4, id app-004)`; EntryNumber); a problem
of the whole file is on row 1. A key an entry does not have is absent from its cells, as is a
column a CSV/XLSX file does not have: importers may tell "not given" from "empty".

Hostile files are refused before they can hurt: a file over 20 MB, an XLSX that
unpacks to over 200 MB, more than 200,000 records, YAML anchors and aliases
(billion laughs), cells over 10,000 characters, NUL bytes and lone surrogates
(which PostgreSQL cannot store). Spreadsheet exports (`write_sheet`) neutralise
formulas with a leading `'` that every CSV/XLSX import takes off again, and
escape the characters XLSX cannot hold as `_xHHHH_`, so an export imports back
exactly.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePath
from typing import Any

import yaml

from bot.imports.result import FILE, EntryNumber, ImportFailed, Problem, RowError, problem

FIRST_DATA_ROW = 2
SUFFIXES = (".csv", ".xlsx", ".yaml", ".yml", ".json")
# Limits checked before (or while) parsing, so a hostile file is refused
# quickly and in little memory.
MAX_FILE_MB = 20
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
MAX_UNPACKED_MB = 200
MAX_UNPACKED_BYTES = MAX_UNPACKED_MB * 1024 * 1024
MAX_ROWS = 200_000
MAX_CELL = 10_000
MAX_XLSX_CELL = 32_767  # Excel's limit, once escaped

# An entry's id, when it has one, is said with its number (cut to this many characters).
ID_SHOWN = 40

# A cell starting with one of these is a formula (or becomes one) in a
# spreadsheet; `'` is escaped too, so the rule can be undone exactly.
_FORMULA_START = frozenset("=+-@\t\r'")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
# What XML 1.0 (so XLSX) cannot hold, and a literal "_xHHHH_" (its escape).
_XLSX_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
_XLSX_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_BAD_CHARACTER = re.compile(r"[\x00\ud800-\udfff]")


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
    """A whole import file: the header and the records, in order.

    `entries`: the records are a YAML/JSON list's (numbered EntryNumber, and
    `header` is every key any of them has), not a spreadsheet's rows.
    """

    header: list[str]
    rows: list[Row]
    entries: bool = False
    # Records the file could not even split into the header's cells (a CSV row with a
    # cell too many): reported with every other problem, left out of `rows`
    # (bot.imports.registry.run_import checks the rest, then refuses the file).
    problems: list[RowError] = field(default_factory=list)

    @property
    def head(self) -> int:
        """Where a problem of the header (or the whole file) is: row 1, or the file."""
        return FILE if self.entries else 1


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


def escape_formula(text: str) -> str:
    """A cell a spreadsheet shows as text: `'` before a leading = + - @ tab CR or `'`."""
    if text and text[0] in _FORMULA_START and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def unescape_formula(text: str) -> str:
    """Undo escape_formula: drop a `'` that stands before = + - @ tab CR or `'`."""
    if len(text) > 1 and text[0] == "'" and text[1] in _FORMULA_START:
        return text[1:]
    return text


def escape_xlsx(text: str) -> str:
    """Characters XLSX cannot hold as `_xHHHH_` (the Office convention; Excel shows them)."""
    return _XLSX_UNSAFE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def unescape_xlsx(text: str) -> str:
    """Undo escape_xlsx (and decode what Excel itself wrote that way)."""
    return _XLSX_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def write_sheet(path: Path, header: Sequence[str], rows: Iterable[dict[str, str]]) -> None:
    """Write rows as CSV (UTF-8) or XLSX by the file's suffix, safe to open in a spreadsheet."""
    data = sheet_bytes(path.suffix, header, rows)
    path.write_bytes(data)


def sheet_bytes(suffix: str, header: Sequence[str], rows: Iterable[dict[str, str]]) -> bytes:
    """Rows as a CSV (UTF-8) or XLSX file's bytes (".csv"/".xlsx"), formulas neutralised.

    The one spreadsheet writer: every export (command line and chat) goes through it.
    """
    suffix = suffix.lower()
    if suffix == ".csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out)
        writer.writerow(header)
        for row in rows:
            writer.writerow([escape_formula(row.get(name) or "") for name in header])
        return out.getvalue().encode("utf-8")
    if suffix == ".xlsx":
        from openpyxl import Workbook  # heavy: loaded only when an XLSX is written

        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append([escape_xlsx(name) for name in header])
        for number, row in enumerate(rows, start=FIRST_DATA_ROW):
            cells = [escape_xlsx(escape_formula(row.get(name) or "")) for name in header]
            for name, cell in zip(header, cells, strict=True):
                # openpyxl would cut a longer cell silently: refuse rather than lose text.
                if len(cell) > MAX_XLSX_CELL:
                    raise ImportFailed([RowError(number, name, problem("xlsx_cell_too_long"))])
            sheet.append(cells)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
    raise ImportFailed([RowError(1, "-", problem("cannot_write", suffix=suffix))])


def read_table(
    source: bytes | Path, name: str | None = None, *, keep_bad_rows: bool = False
) -> Table:
    """Read a CSV (UTF-8), XLSX, YAML or JSON file, given as a path or as its bytes, into a Table.

    `name` is the file's name as its sender gave it (a document sent in the chat):
    its suffix says the format; a path is its own name. Unreadable files raise.
    A record that does not fit the header raises with every other such record, or,
    with `keep_bad_rows` (an import: run_import reports them with the cells' problems),
    is left in `table.problems`.
    """
    if isinstance(source, Path):
        name = source.name if name is None else name
    elif name is None:
        raise TypeError("read_table needs the file's name to read its bytes")
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportFailed([RowError(1, "-", problem("unsupported_type", suffix=suffix))])
    if isinstance(source, Path) and not source.is_file():
        raise ImportFailed([RowError(1, "-", problem("no_such_file", path=str(source)))])
    # A file's size is known before it is read: a huge one is never loaded.
    size = source.stat().st_size if isinstance(source, Path) else len(source)
    if size > MAX_FILE_BYTES:
        mb = f"{size / 1024 / 1024:.1f}"
        raise ImportFailed([RowError(1, "-", problem("file_too_big", size=mb, max=MAX_FILE_MB))])
    data = source.read_bytes() if isinstance(source, Path) else source
    if suffix == ".csv":
        table = _read_csv(data)
    elif suffix == ".xlsx":
        table = _read_xlsx(data)
    else:
        table = _read_objects(data, suffix[1:].upper())
    _check_cells(table)
    if table.problems and not keep_bad_rows:
        raise ImportFailed(table.problems)
    return table


def _too_many(number: int) -> ImportFailed:
    return ImportFailed([RowError(number, "-", problem("too_many_records", max=MAX_ROWS))])


def _printable(name: str) -> str:
    # A column name as it can be printed, whatever bytes the file held.
    return _BAD_CHARACTER.sub(lambda m: ascii(m.group())[1:-1], name) or "(blank)"


def _bad_character(text: str) -> Problem | None:
    found = _BAD_CHARACTER.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return problem("nul")
    return problem("surrogate", char=ascii(found.group())[1:-1])


def _check_cells(table: Table) -> None:
    # What no column may hold: NUL (PostgreSQL refuses it, SQLite would keep
    # it), lone surrogates (no database can encode them), and cells too long
    # for any column. Checked once here for every import.
    errors = []
    for name in table.header:
        bad = _bad_character(name)
        if bad is not None:
            errors.append(RowError(table.head, _printable(name), bad))
    for row in table.rows:
        for column, text in row.cells.items():
            bad = _bad_character(text)
            if bad is None and len(text) > MAX_CELL:
                bad = problem("cell_too_long", length=len(text), max=MAX_CELL)
            if bad is not None:
                errors.append(RowError(row.number, _printable(column), bad))
    if errors:
        # A cell no database can hold stops the import here, with the rows that did not fit.
        raise ImportFailed(sorted([*table.problems, *errors], key=lambda e: e.row))


# What a file starting with these bytes is (imports.problem.binary.<key>).
_MAGIC = (
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0", "xls"),
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"%PDF", "pdf"),
    (b"\x1f\x8b", "gzip"),
)


def sniff_binary(data: bytes) -> Problem | None:
    """What a file that should be text really is (a workbook, a picture), or None if text."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return problem(f"binary.{what}")
    head = data[:8192]
    # A stray NUL is a row error (reported with its cell); many are a binary file.
    if head.count(b"\x00") > max(8, len(head) // 100):
        return problem("binary.data")
    return None


def decode_text(data: bytes, kind: str = "CSV") -> str:
    """A text file's bytes as text: UTF-8 (with or without BOM), else GB18030 (GBK, GB2312).

    Chinese spreadsheet software (Excel, WPS on Chinese Windows) saves CSV in
    GBK; GB18030 is its superset, so a file that is not UTF-8 is tried as that.
    A file with NUL bytes is binary, whatever its name says.
    """
    where = 1 if kind == "CSV" else FILE
    what = sniff_binary(data)
    if what is not None:
        raise ImportFailed([RowError(where, "-", problem("binary_file", kind=kind, what=what))])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        reason = exc.reason
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise ImportFailed(
            [RowError(where, "-", problem("not_utf8", reason=reason, kind=kind))]
        ) from None


def _read_csv(data: bytes) -> Table:
    text = decode_text(data)
    # The csv module alone splits records (only CR and LF end one, and only
    # outside quotes): str.splitlines would also split on \x0b \x0c \x1c-\x1e
    # \x85 \u2028 \u2029 and cut cells with line breaks apart. Its cell limit
    # is raised to the file limit: long cells are reported with their row below.
    previous = csv.field_size_limit(MAX_FILE_BYTES + 1)
    header: list[str] = []
    rows: list[Row] = []
    problems: list[RowError] = []
    number = 1
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        for number, values in enumerate(reader, start=1):
            if number == 1:
                header = [unescape_formula(h).strip() for h in values]
                continue
            if not any(v.strip() for v in values):
                continue  # blank lines are not records
            if number > MAX_ROWS + 1:
                raise _too_many(number)
            if len(values) > len(header):
                # Reported, and left out: the other rows are still read and checked.
                problems.append(RowError(number, "-", _too_many_cells(values, len(header))))
                continue
            # A short record's missing cells are empty: every row has every column.
            cells = [unescape_formula(v) for v in values]
            cells += [""] * (len(header) - len(cells))
            rows.append(Row(number, dict(zip(header, cells, strict=False))))
    except csv.Error as exc:
        raise ImportFailed(
            [RowError(number + 1, "-", problem("not_csv", error=str(exc)))]
        ) from None
    finally:
        csv.field_size_limit(previous)
    if not header:
        raise ImportFailed([RowError(1, "-", problem("empty_file"))])
    return Table(header, rows, problems=problems)


# An unquoted decimal comma splits a number in two cells: 3,5 reads as "3" and "5". Three
# digits after the comma are more likely thousands (2,500), which the hint leaves alone.
_WHOLE = re.compile(r"[+-]?[0-9]+")
_DECIMALS = re.compile(r"[0-9]{1,2}|[0-9]{4,}")


def _too_many_cells(values: list[str], header: int) -> Problem:
    found = problem("too_many_cells", cells=len(values), header=header)
    split = [
        f"{first.strip()},{second.strip()}"
        for first, second in itertools.pairwise(values)
        if _WHOLE.fullmatch(first.strip()) and _DECIMALS.fullmatch(second.strip())
    ]
    if not split or len(split) > 2:
        return found
    fixed = tuple(number.replace(",", ".") for number in split)
    return problem("decimal_comma_cells", problem=found, raw=tuple(split), fixed=fixed)


def _xlsx_cell(value: Any) -> str:
    return unescape_formula(unescape_xlsx(value)) if isinstance(value, str) else _cell(value)


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook  # heavy: loaded only when an XLSX is read

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        unreadable = problem("unreadable_workbook", error=str(exc))
        raise ImportFailed([RowError(1, "-", unreadable)]) from None
    if unpacked > MAX_UNPACKED_BYTES:
        mb = unpacked // 1024 // 1024
        too_big = problem("workbook_too_big", size=mb, max=MAX_UNPACKED_MB)
        raise ImportFailed([RowError(1, "-", too_big)])
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        unreadable = problem("unreadable_workbook", error=str(exc))
        raise ImportFailed([RowError(1, "-", unreadable)]) from None
    iterator: Iterator[tuple[Any, ...]] = sheet.iter_rows(values_only=True)
    first = next(iterator, None)
    if first is None:
        raise ImportFailed([RowError(1, "-", problem("empty_sheet"))])
    header = [_xlsx_cell(h).strip() for h in first]
    while header and not header[-1]:
        header.pop()
    rows = []
    blanks = False
    for offset, values in enumerate(iterator):
        cells = [_xlsx_cell(v) for v in values]
        if not any(c.strip() for c in cells):
            continue
        number = FIRST_DATA_ROW + offset
        if number > MAX_ROWS + 1:
            raise _too_many(number)
        blanks = blanks or any(not c for c in cells[: len(header)])
        cells += [""] * (len(header) - len(cells))
        rows.append(Row(number, dict(zip(header, cells, strict=False))))
    if blanks:
        _refuse_uncomputed_formulas(data, header)
    return Table(header, rows)


def _refuse_uncomputed_formulas(data: bytes, header: list[str]) -> None:
    # A formula cell keeps the value the spreadsheet computed; a file written by
    # a program (not Excel/WPS) may hold the formula alone, which reads as empty.
    # Say so, rather than "is empty" for a cell the admin sees filled in.
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=False).worksheets[0]
    computed = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    errors = []
    pairs = zip(
        sheet.iter_rows(min_row=FIRST_DATA_ROW, values_only=True),
        computed.iter_rows(min_row=FIRST_DATA_ROW, values_only=True),
        strict=False,
    )
    for offset, (formulas, values) in enumerate(pairs):
        for column, formula, value in zip(header, formulas, values, strict=False):
            if value is None and isinstance(formula, str) and formula.startswith("="):
                found = problem("uncomputed_formula", formula=formula[:40])
                errors.append(RowError(FIRST_DATA_ROW + offset, column or "(blank)", found))
    if errors:
        raise ImportFailed(errors)


class _AliasRefused(yaml.YAMLError):
    """An anchor or alias in a YAML file, on this line."""

    def __init__(self, line: int) -> None:
        super().__init__(f"YAML anchors and aliases (&, *) are not allowed (line {line})")
        self.line = line


class _NoAliasLoader(yaml.SafeLoader):
    """The safe loader, refusing anchors and aliases (a 467-byte file can expand to GBs)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        """Refuse an alias or an anchored node, else compose as usual."""
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _AliasRefused(event.start_mark.line + 1)
        return super().compose_node(parent, index)


def _read_objects(data: bytes, kind: str) -> Table:
    text = decode_text(data, kind)
    try:
        data = json.loads(text) if kind == "JSON" else yaml.load(text, Loader=_NoAliasLoader)
    except _AliasRefused as exc:
        raise ImportFailed([RowError(FILE, "-", problem("yaml_alias", line=exc.line))]) from None
    except yaml.YAMLError as exc:
        # PyYAML's own errors are its subclasses; a bare YAMLError says all it means.
        bare = type(exc) is yaml.YAMLError
        found = problem("text", text=str(exc)) if bare else problem("not_yaml", error=str(exc))
        raise ImportFailed([RowError(FILE, "-", found)]) from None
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, huge ints, deep nesting
        invalid = problem("not_valid", kind=kind, error=str(exc))
        raise ImportFailed([RowError(FILE, "-", invalid)]) from None
    if not isinstance(data, list):
        raise ImportFailed([RowError(FILE, "-", problem("not_list"))])
    if len(data) > MAX_ROWS:
        raise _too_many(EntryNumber(MAX_ROWS + 1))
    header: list[str] = []
    rows = []
    for offset, item in enumerate(data):
        number = EntryNumber(offset + 1, _entry_id(item))
        if not isinstance(item, dict):
            raise ImportFailed([RowError(number, "-", problem("not_object"))])
        try:
            cells = {str(k): _cell(v) for k, v in item.items()}
        except (ValueError, RecursionError):
            raise ImportFailed([RowError(number, "-", problem("too_deep"))]) from None
        for key in cells:
            if key not in header:
                header.append(key)
        rows.append(Row(number, cells))
    return Table(header, rows, entries=True)


def _entry_id(item: Any) -> str:
    # Said with the entry's number, so the admin finds it by the id as well.
    value = item.get("id") if isinstance(item, dict) else None
    if not isinstance(value, str | int) or isinstance(value, bool):
        return ""
    text = " ".join(_BAD_CHARACTER.sub("", str(value)).split())
    return text if len(text) <= ID_SHOWN else text[: ID_SHOWN - 1] + "…"
