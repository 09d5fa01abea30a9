"""What an import reports: row errors (`row N, column C: problem`) and counts."""

from __future__ import annotations

from collections.abc import Callable
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


def print_failure(error: ImportFailed, printer: Callable[[str], None]) -> None:
    """Print every problem, then the promise that nothing changed."""
    for problem in error.errors:
        printer(str(problem))
    printer(f"nothing was changed: {len(error.errors)} problem(s) in the file")
