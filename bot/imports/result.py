"""What an import reports: row errors (`row N, column C: problem`) and counts.

A CSV or XLSX record is where a spreadsheet shows it, `row N`; a YAML or JSON
list's record is counted the same way (the first is row 2), and its line also names
the entry the way an admin counts it in the file: `row 5, column C: problem (entry 4,
id X)` (EntryNumber).

A problem is data, not a sentence: a catalogue key (under `imports.problem.`) and
its parameters. The command line prints it in English (the `en` catalogue, which
is the text it always printed and scripts read); the chat says it in the admin's
language (handlers/render/admin_data.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Union

from bot.core.i18n import t

# The language of the command line, of `str()` and of logs.
CLI_LANGUAGE = "en"
# A parameter: a value as it is said, another problem (said in the same language),
# or a list of either (joined with the language's separator: ", " or "、").
Param = Union[str, int, float, "Problem", tuple[Union[str, "Problem"], ...]]


class EntryNumber(int):
    """Where a record of a YAML/JSON list is: its number in the list (1 the first), and
    its `id` if it has one; 0 stands for the file as a whole.

    An int (errors sort, and importers remember "the first one was on N", as with rows),
    said `entry 4 (id app-004)` / `第 4 条（ID app-004）` where a CSV row is `row 5`.
    """

    id: str

    def __new__(cls, number: int, id: str = "") -> EntryNumber:
        self = super().__new__(cls, number)
        self.id = id
        return self

    def __repr__(self) -> str:
        return f"EntryNumber({int(self)}, {self.id!r})"


FILE = EntryNumber(0)


def place(number: int, lang: str | None = CLI_LANGUAGE, with_id: bool = True) -> str:
    """Where a record is, said in `lang`: `row 5`, `entry 4 (id app-004)`, `the file`."""
    if not isinstance(number, EntryNumber):
        return t(lang, "imports.place.row", row=int(number))
    if number == 0:
        return t(lang, "imports.place.file")
    if with_id and number.id:
        return t(lang, "imports.place.entry_id", entry=int(number), id=number.id)
    return t(lang, "imports.place.entry", entry=int(number))


@dataclass(frozen=True)
class Problem:
    """What is wrong with one cell: a catalogue key and its parameters."""

    key: str
    params: Mapping[str, Param] = field(default_factory=dict, hash=False)

    def text(self, lang: str | None = CLI_LANGUAGE) -> str:
        """The problem said in `lang` (English, exactly the command line's words, by default)."""
        said = {name: _said(value, lang, name) for name, value in self.params.items()}
        return t(lang, f"imports.problem.{self.key}", **said)

    def __str__(self) -> str:
        return self.text(CLI_LANGUAGE)


def _said(value: Param, lang: str | None, name: str = "") -> str | int | float:
    if name == "row" and isinstance(value, int):
        # "first on row 14" in a CSV, "first on entry 13" in a YAML file.
        return place(value, lang, with_id=False)
    if isinstance(value, Problem):
        return value.text(lang)
    if isinstance(value, tuple):
        return t(lang, "imports.separator").join(str(_said(v, lang)) for v in value)
    return value


def problem(key: str, **params: Param) -> Problem:
    """A problem by its catalogue key (`imports.problem.<key>`), e.g. problem("empty")."""
    return Problem(key, params)


class ProblemError(ValueError):
    """A cell parser's refusal: the problem it found (its English sentence is the message)."""

    def __init__(self, key: str, **params: Param) -> None:
        self.problem = Problem(key, params)
        super().__init__(str(self.problem))


def problem_of(exc: ValueError) -> Problem:
    """The problem a parser raised; a plain ValueError's own sentence, said as it is."""
    if isinstance(exc, ProblemError):
        return exc.problem
    return problem("text", text=str(exc))


@dataclass(frozen=True)
class RowError:
    """One problem in one cell of an import file (`column` "-": the row or file as a whole)."""

    row: int
    column: str
    problem: Problem

    def __str__(self) -> str:
        # The command line's contract, in English whatever the catalogues say elsewhere.
        if isinstance(self.row, EntryNumber):
            return self.text(CLI_LANGUAGE)
        return f"row {self.row}, column {self.column}: {self.problem}"

    def text(self, lang: str | None) -> str:
        """The problem as a line in `lang`: the column's name as the file has it."""
        said = self.problem.text(lang)
        if isinstance(self.row, EntryNumber) and self.row:
            # Still `row N, column C` (scripts read it; N counts the list as a table with its
            # header on row 1, as before), then the entry as an admin counts it.
            where, row = place(self.row, lang), int(self.row) + 1
            if self.column == "-":
                return t(lang, "imports.entry_whole", row=row, entry=where, problem=said)
            return t(lang, "imports.entry", row=row, entry=where, column=self.column, problem=said)
        row = int(self.row) or 1  # a YAML/JSON file's own problem: row 1, its "header"
        if self.column == "-":
            return t(lang, "imports.row_whole", row=row, problem=said)
        return t(lang, "imports.row", row=row, column=self.column, problem=said)


class ImportFailed(Exception):
    """The file has problems; nothing was changed."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("\n".join(map(str, errors)))
        self.errors = errors


class WarningsNotAccepted(ImportFailed):
    """The file's warnings (a price doubled overnight) were not accepted; nothing was changed.

    The chat asks for 「⚠️ 照样导入」, the command line for `--force`.
    """


@dataclass(frozen=True)
class FieldChange:
    """One field a row changes: its column, and its value before and after (as text)."""

    field: str
    old: str
    new: str


@dataclass(frozen=True)
class RowChange:
    """A stored record a row changes: the row (0: not said), what it is, and how."""

    row: int
    what: str
    fields: tuple[FieldChange, ...]


# The changed records an import keeps to be named (the count says all of them).
CHANGES_KEPT = 50


@dataclass
class ImportResult:
    """What an import changed or, when `errors` is not empty, why it changed nothing.

    `updated` counts the changed records (the command line has always said "N updated");
    `extra` holds an importer's own counts (markets added, sample prices removed), and
    `names` what some of them count, by the same name (the markets a price file adds).
    """

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    extra: dict[str, int] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    # The delivery run of the price alerts the import queued (None: it queued none).
    alert_run: int | None = None
    # Held alerts of an earlier price of the same rows, withdrawn for this one's.
    alerts_replaced: int = 0
    # What the rows would make farmers doubt (a price doubled overnight): imported only
    # when accepted (ImportOptions.accept_warnings), said in the preview either way.
    warnings: list[RowError] = field(default_factory=list)
    # The first CHANGES_KEPT records changed, old → new (the preview names them).
    changes: list[RowChange] = field(default_factory=list)

    @classmethod
    def refused(cls, errors: Sequence[RowError]) -> ImportResult:
        """The result of a file with problems: nothing changed, every problem listed."""
        return cls(errors=list(errors))

    def summary(self) -> str:
        """One line for the command line."""
        parts = [f"{self.added} added", f"{self.updated} updated", f"{self.unchanged} unchanged"]
        parts += [f"{n} {name}" for name, n in self.extra.items()]
        return ", ".join(parts)


def failure_lines(errors: Sequence[RowError], lang: str | None = None) -> list[str]:
    """Every problem as `row N, column C: problem` (YAML/JSON: followed by `(entry N, id X)`),
    then the promise that nothing changed.

    Without `lang`, the command line's English lines (a contract); with it, the
    same said in that language (the chat's attached report).
    """
    if lang is None:
        return [*map(str, errors), f"nothing was changed: {len(errors)} problem(s) in the file"]
    lines = [error.text(lang) for error in errors]
    return [*lines, t(lang, "imports.nothing_changed", count=len(errors))]


def print_failure(error: ImportFailed, printer: Callable[[str], None]) -> None:
    """Print every problem, then the promise that nothing changed."""
    for line in failure_lines(error.errors):
        printer(line)
