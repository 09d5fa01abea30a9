"""Knowledge entries as files: parse and check an import, write an export.

The contract: CSV (UTF-8) or XLSX with header
`id,question,answer,alt_questions,tags,category` (`alt_questions` and `tags`
separated by `|`), or YAML/JSON lists of objects with those keys (lists or
`|`-strings). An optional `photo` column holds an image URL or Telegram file_id;
optional `question_en` and `answer_en` hold the entry in English (farmers who
chose English get it; without them they are told the answer is in Chinese).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from bot.imports import (
    Checker,
    ImportFailed,
    ProblemError,
    RowError,
    Table,
    check_header,
    problem,
    read_table,
    split_list,
    write_sheet,
)

COLUMNS = ("id", "question", "answer", "alt_questions", "tags", "category")
OPTIONAL = ("photo", "question_en", "answer_en")
CATEGORIES = (
    "pests_diseases",
    "planting",
    "fertiliser",
    "storage",
    "selling_online",
    "packaging",
    "station_services",
    "subsidies_insurance",
    "livestock",
    "farmhub_help",
)
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")
# Telegram allows 4096 characters a message; keep room for the reply's framing.
MAX_ANSWER = 3500
MAX_QUESTION = 300


@dataclass
class Entry:
    """One knowledge entry, independent of storage."""

    id: str
    question: str
    answer: str
    alt_questions: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    category: str = "farmhub_help"
    photo: str | None = None
    question_en: str | None = None
    answer_en: str | None = None


def _text(limit: int) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if len(raw) > limit:
            raise ProblemError("cell_too_long", length=len(raw), max=limit)
        return raw

    return parse


def _entry_id(raw: str) -> str:
    if not _ID.match(raw):
        raise ProblemError("not_entry_id", raw=raw)
    return raw


def _category(raw: str) -> str:
    if len(raw) > 32:
        raise ProblemError("too_long", limit=32)
    return raw


def _photo(raw: str) -> str:
    if len(raw) > 512 or " " in raw:
        raise ProblemError("not_photo")
    return raw


def entries_from_table(table: Table) -> list[Entry]:
    """Check every cell of an import; return the entries or raise ImportFailed."""
    check_header(table, COLUMNS, OPTIONAL)
    check = Checker()
    entries: list[Entry] = []
    first_row: dict[str, int] = {}
    for row in table.rows:
        entry_id = check.cell(row, "id", _entry_id)
        question = check.cell(row, "question", _text(MAX_QUESTION))
        answer = check.cell(row, "answer", _text(MAX_ANSWER))
        category = check.cell(row, "category", _category)
        alts = split_list(row.get("alt_questions"))
        for alt in alts:
            if len(alt) > MAX_QUESTION:
                check.add(row, "alt_questions", problem("phrasing_too_long", max=MAX_QUESTION))
        tags = split_list(row.get("tags"))
        photo = check.cell(row, "photo", _photo, required=False)
        question_en = check.cell(row, "question_en", _text(MAX_QUESTION), required=False)
        answer_en = check.cell(row, "answer_en", _text(MAX_ANSWER), required=False)
        if answer_en and not question_en:
            check.add(row, "question_en", problem("english_needs_question"))
        if entry_id is not None:
            if entry_id in first_row:
                first = first_row[entry_id]
                check.add(row, "id", problem("duplicate_id", id=entry_id, row=first))
                continue
            first_row[entry_id] = row.number
        if entry_id and question and answer and category:
            entries.append(
                Entry(
                    entry_id,
                    question,
                    answer,
                    alts,
                    tags,
                    category,
                    photo,
                    question_en or None,
                    answer_en or None,
                )
            )
    if not table.rows:
        check.add(2, "-", problem("no_entries"))
    check.raise_if_any()
    return entries


def read_entries(path: Path) -> list[Entry]:
    """Read and check a knowledge file of any supported format."""
    return entries_from_table(read_table(path))


SHIPPED_DIR = Path(__file__).parents[1] / "data" / "kb"


def read_shipped() -> list[Entry]:
    """The sample knowledge base shipped in knowledge/data/kb/ (one YAML file per topic)."""
    entries: list[Entry] = []
    for path in sorted(SHIPPED_DIR.glob("*.yaml")):
        entries.extend(read_entries(path))
    return entries


class _Dumper(yaml.SafeDumper):
    """The safe dumper, double-quoting text with NEL, LS or PS (escaped there as \\N \\L \\P).

    PyYAML writes them raw in a single-quoted scalar, where a NEL is folded to a
    space on reading: the export would not import back exactly.
    """


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = '"' if any(c in text for c in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_str)


def write_entries(path: Path, entries: list[Entry]) -> None:
    """Export entries in the format the file name asks for (same format import reads)."""
    suffix = path.suffix.lower()
    columns, rows = entry_rows(entries)
    if suffix in (".csv", ".xlsx"):
        # Formulas neutralised, XLSX-illegal characters escaped: imports undo both.
        write_sheet(path, columns, rows)
    elif suffix in (".yaml", ".yml", ".json"):
        objects = [{k: v for k, v in asdict(e).items() if v is not None} for e in entries]
        text = (
            json.dumps(objects, ensure_ascii=False, indent=2)
            if suffix == ".json"
            else yaml.dump(objects, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
        )
        path.write_text(text, encoding="utf-8")
    else:
        raise ImportFailed([RowError(1, "-", problem("unsupported_export", suffix=suffix))])


def entry_rows(entries: list[Entry]) -> tuple[list[str], list[dict[str, str]]]:
    """Entries as spreadsheet rows of the import format: (header, rows)."""
    rows = [
        {
            "id": e.id,
            "question": e.question,
            "answer": e.answer,
            "alt_questions": "|".join(e.alt_questions),
            "tags": "|".join(e.tags),
            "category": e.category,
            **({"photo": e.photo} if e.photo else {}),
            **({"question_en": e.question_en} if e.question_en else {}),
            **({"answer_en": e.answer_en} if e.answer_en else {}),
        }
        for e in entries
    ]
    columns = list(COLUMNS) + [name for name in OPTIONAL if any(getattr(e, name) for e in entries)]
    return columns, rows
