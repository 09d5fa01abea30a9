"""Knowledge entries as files: parse and check an import, write an export.

The contract: CSV (UTF-8) or XLSX with columns
`id,question,answer,alt_questions,tags,category` (`alt_questions` and `tags`
separated by `|`), or YAML/JSON lists of objects with those keys (lists or
`|`-strings). Only `id`, `question` and `answer` are required: the id is what a
later import of the same file updates by. `alt_questions` (other phrasings),
`tags` and `category` (one of CATEGORIES, the /kb edit menu) are optional, as
are `photo` (an image URL or Telegram file_id) and `question_en`, `answer_en`
(the entry in English: farmers who chose English get it; without them they are
told the answer is in Chinese).

An optional field a file does not give (no such column, or no such key in a
YAML/JSON entry) is left as it is on an entry already stored, so a base written
without phrasings does not wipe the farmers' phrasings approved since (`kb
phrasings approve`); a new entry gets none (category: DEFAULT_CATEGORY). An
empty cell, `[]` or `""` empties the field (a blank category is not given).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

import yaml

from bot.core.i18n import t
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

# Every column of the format, in the order an export writes them (the contract's names).
COLUMNS = ("id", "question", "answer", "alt_questions", "tags", "category")
REQUIRED = ("id", "question", "answer")
OPTIONAL = ("alt_questions", "tags", "category", "photo", "question_en", "answer_en")
# What a new entry is filed under when its file gives no category.
DEFAULT_CATEGORY = "planting"
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


def _category_names() -> dict[str, str]:
    # A category by its code in any case (Livestock) or by the label the chat shows it
    # with, in either language (养殖, Livestock): each read as its code.
    names = {c.lower(): c for c in CATEGORIES}
    for lang in ("zh", "en"):
        for c in CATEGORIES:
            names.setdefault(t(lang, f"kbedit.category.{c}").strip().lower(), c)
    return names


def _category(raw: str) -> str:
    # A fixed set: the /kb edit menu offers these and names them in the admin's language.
    found = _category_names().get(raw.strip().lower())
    if found is None:
        allowed = tuple(problem(f"category.{c}") for c in CATEGORIES)
        raise ProblemError("unknown_category", raw=raw, allowed=allowed)
    return found


def _photo(raw: str) -> str:
    if len(raw) > 512 or " " in raw:
        raise ProblemError("not_photo")
    return raw


@dataclass(frozen=True)
class Checked:
    """An entry of an import file, and the optional fields the file did not give it."""

    entry: Entry
    absent: frozenset[str] = frozenset()

    def over(self, stored: Entry | None) -> Entry:
        """The entry to store: what the file gives, the rest as `stored` has it."""
        if stored is None or not self.absent:
            return self.entry
        return replace(self.entry, **{name: getattr(stored, name) for name in self.absent})


_FIELDS = frozenset(f.name for f in fields(Entry))


def entries_from_table(table: Table) -> list[Entry]:
    """Check every cell of an import; return the entries (as new ones) or raise ImportFailed."""
    return [checked.entry for checked in checked_entries(table)]


def checked_entries(table: Table) -> list[Checked]:
    """Check every cell of an import; return the entries and what each leaves out, or raise."""
    if table.entries and not table.rows:  # `[]` has no keys to miss: it is empty
        raise ImportFailed([RowError(table.head, "-", problem("no_entries"))])
    check_header(table, REQUIRED, OPTIONAL)
    check = Checker()
    entries: list[Checked] = []
    first_row: dict[str, int] = {}
    for row in table.rows:
        entry_id = check.cell(row, "id", _entry_id)
        question = check.cell(row, "question", _text(MAX_QUESTION))
        answer = check.cell(row, "answer", _text(MAX_ANSWER))
        category = check.cell(row, "category", _category, required=False)
        absent = {name for name in OPTIONAL if name not in row.cells}
        if not category:
            absent.add("category")
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
        if entry_id and question and answer:
            entry = Entry(
                entry_id,
                question,
                answer,
                alts,
                tags,
                category or DEFAULT_CATEGORY,
                photo,
                question_en or None,
                answer_en or None,
            )
            entries.append(Checked(entry, frozenset(absent & _FIELDS)))
    if not table.rows:
        check.add(table.head if table.entries else 2, "-", problem("no_entries"))
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


def entry_rows(
    entries: list[Entry], every_column: bool = False
) -> tuple[list[str], list[dict[str, str]]]:
    """Entries as spreadsheet rows of the import format: (header, rows).

    The optional columns no entry fills are left out, unless `every_column`: a file
    that is the whole entry (one staged in the chat), whose empty fields are emptied.
    """
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
    columns = list(COLUMNS) + [
        name
        for name in OPTIONAL
        if name not in COLUMNS and (every_column or any(getattr(e, name) for e in entries))
    ]
    return columns, rows
