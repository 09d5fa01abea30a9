"""`farmhub KIND import FILE [--dry-run]` for every registered kind: read, import all or nothing.

A price file whose prices double or halve since the ones before (bot/markets/jumps.py)
prints each as `warning: row N, column price: …` and changes nothing unless `--force`
(or `--yes`) says they were checked.

A long import shows progress bars on a terminal (rich): the rows as they are
checked, then the storing. `--dry-run` runs the very same import and rolls it
back, printing what it would do (the chat's preview) and changing nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any, Protocol

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy.ext.asyncio import AsyncSession

from bot.audit import record
from bot.core.clock import local_today
from bot.core.commands import in_session
from bot.core.config import Settings
from bot.core.i18n import t
from bot.imports.registry import ImportOptions, import_label, run_import
from bot.imports.result import (
    CLI_LANGUAGE,
    ImportFailed,
    ImportResult,
    WarningsNotAccepted,
    print_failure,
)
from bot.imports.table import Row, Table, read_table

# Fewer rows than this import in a blink: no bars.
PROGRESS_FROM_ROWS = 1000


class Applier(Protocol):
    """Runs an import and keeps it for undo (bot.admindata.uploads.apply_cli)."""

    async def __call__(
        self,
        session: AsyncSession,
        kind: str,
        table: Table,
        rows: Table,
        options: ImportOptions,
        file_name: str,
    ) -> ImportResult: ...


# Set by the command line (bot.admindata.cli) so imports are kept as applies that
# `farmhub imports undo` reverts; injected because bot.imports is below bot.admindata.
_applier: Applier | None = None


def use_applier(applier: Applier | None) -> None:
    """Keep every real (not --dry-run) command-line import through `applier`."""
    global _applier
    _applier = applier


# Lines said before any import, read in its unit of work (the products the database has
# prices of that the synonym table does not know: bot.markets.county_data); injected by
# the command line (bot.admindata.cli) like the applier.
Beforehand = Callable[[AsyncSession, Settings], Awaitable[list[str]]]
_beforehand: Beforehand | None = None


def use_beforehand(check: Beforehand | None) -> None:
    """Print `check`'s lines (to stderr) before every command-line import."""
    global _beforehand
    _beforehand = check


def _stderr(line: str) -> None:
    print(line, file=sys.stderr)


def add_force(parser: argparse.ArgumentParser) -> None:
    """The `--force` (`--yes`) option: import despite the file's warnings (prices that jump)."""
    parser.add_argument(
        "--force",
        "--yes",
        dest="force",
        action="store_true",
        help="import even when prices double or halve since the ones before (checked by you)",
    )


def add_dry_run(parser: argparse.ArgumentParser) -> None:
    """The `--dry-run` option of an import command."""
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="check the file and print what the import would do, changing nothing",
    )


class _CountedRows(list[Row]):
    """The table's rows, advancing a progress bar as an importer walks them."""

    def __init__(self, rows: list[Row], tick: Callable[[], None]) -> None:
        super().__init__(rows)
        self._tick = tick

    def __iter__(self) -> Iterator[Row]:
        for row in super().__iter__():
            yield row
            self._tick()


def _progress(table: Table) -> tuple[AbstractContextManager[Any], Table]:
    # Bars only on a terminal and for files big enough to wait for.
    if len(table.rows) < PROGRESS_FROM_ROWS or not sys.stderr.isatty():
        return nullcontext(), table
    bars = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    rows = bars.add_task("checking rows", total=len(table.rows))
    store = bars.add_task("storing", total=None, visible=False)
    ticked = 0

    def tick() -> None:
        nonlocal ticked
        ticked += 1
        bars.advance(rows)
        if ticked == len(table.rows):  # checked: the importer writes next
            bars.update(store, visible=True)

    counted = Table(table.header, _CountedRows(table.rows, tick), table.entries, table.problems)
    return bars, counted


# What an import says after its summary, read in its unit of work (the markets a price
# file adds, each with the known markets its name is closest to).
Notes = Callable[[AsyncSession, ImportResult], Awaitable[list[str]]]


def import_command(
    kind: str, done: str, notes: Notes | None = None
) -> Callable[[argparse.Namespace, Settings], int]:
    """The handler of `farmhub ... import FILE [--dry-run]` for `kind`.

    `done` is the success line, with `{file}` and `{summary}`, followed by `notes`'
    lines; problems go to stderr as `row N, column C: problem` and the exit code is 1.
    A file that is not there is one line naming the path tried, not a row's problem.
    """

    def run(args: argparse.Namespace, settings: Settings) -> int:
        path = Path(args.file)
        dry_run = bool(getattr(args, "dry_run", False))
        if not path.is_file():
            _stderr(t(CLI_LANGUAGE, "imports.cli.no_such_file", path=str(path.absolute())))
            return 1
        said: list[str] = []
        try:
            # An unreadable or hostile file is refused before the database is opened;
            # a row that does not fit the header is reported with every other problem.
            table = read_table(path, keep_bad_rows=True)
            options = ImportOptions(
                today=local_today(settings.tz),
                by=import_label(path.name),
                preview=dry_run,
                # Warnings (a price doubled overnight) are printed, and stop the import
                # unless --force said they were checked.
                accept_warnings=bool(getattr(args, "force", False)),
            )
            bars, counted = _progress(table)

            async def work(session: AsyncSession) -> ImportResult:
                if _beforehand is not None:
                    for line in await _beforehand(session, settings):
                        _stderr(line)
                if _applier is not None and not dry_run:
                    # Kept for `farmhub imports undo`, and audited as an apply.
                    kept = await _applier(session, kind, table, counted, options, path.name)
                    if notes is not None:
                        said.extend(await notes(session, kept))
                    return kept
                result = await run_import(session, kind, counted, options)
                if notes is not None:
                    said.extend(await notes(session, result))
                # In the import's own transaction: logged exactly when it changed data
                # (a repeated import changes nothing, the audit log included).
                if dry_run:
                    await session.rollback()  # the preview: nothing is kept
                elif result.added or result.updated or any(result.extra.values()):
                    await record(
                        session,
                        None,
                        "import",
                        f"{kind} {path.name}",
                        after={"summary": result.summary()},
                        via="cli",
                    )
                return result

            with bars:
                result = asyncio.run(in_session(settings, work))
        except ImportFailed as failed:
            # Raised inside the unit of work: it was rolled back, nothing changed.
            print_failure(failed, _stderr)
            if isinstance(failed, WarningsNotAccepted):
                _stderr(t(CLI_LANGUAGE, "imports.cli.needs_force"))
            return 1
        if dry_run:
            print(f"dry run of {args.file}: {result.summary()}; nothing was changed")
        else:
            print(done.format(file=args.file, summary=result.summary()))
        for line in said:
            print(line)
        for warning in result.warnings:
            print(t(CLI_LANGUAGE, "imports.cli.warning", line=str(warning)))
        return 0

    return run
