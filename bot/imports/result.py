"""What an import reports: row errors (`row N, column C: problem`) and counts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


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
class ImportResult:
    """What an import changed or, when `errors` is not empty, why it changed nothing.

    `updated` counts the changed records (the command line has always said "N updated");
    `extra` holds an importer's own counts (markets added, sample prices removed).
    """

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    extra: dict[str, int] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    @classmethod
    def refused(cls, errors: Sequence[RowError]) -> ImportResult:
        """The result of a file with problems: nothing changed, every problem listed."""
        return cls(errors=list(errors))

    def summary(self) -> str:
        """One line for the command line."""
        parts = [f"{self.added} added", f"{self.updated} updated", f"{self.unchanged} unchanged"]
        parts += [f"{n} {name}" for name, n in self.extra.items()]
        return ", ".join(parts)


def failure_lines(errors: Sequence[RowError]) -> list[str]:
    """Every problem as `row N, column C: problem`, then the promise that nothing changed."""
    return [*map(str, errors), f"nothing was changed: {len(errors)} problem(s) in the file"]


def print_failure(error: ImportFailed, printer: Callable[[str], None]) -> None:
    """Print every problem, then the promise that nothing changed."""
    for line in failure_lines(error.errors):
        printer(line)
