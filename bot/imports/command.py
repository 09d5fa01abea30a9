"""`farmhub KIND import FILE` for every registered kind: read, import all or nothing, report."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.audit import record
from bot.core.clock import local_today
from bot.core.commands import in_session
from bot.core.config import Settings
from bot.imports.registry import ImportOptions, import_label, run_import
from bot.imports.result import ImportFailed, ImportResult, print_failure
from bot.imports.table import read_table


def _stderr(line: str) -> None:
    print(line, file=sys.stderr)


def import_command(kind: str, done: str) -> Callable[[argparse.Namespace, Settings], int]:
    """The handler of `farmhub ... import FILE` for `kind`.

    `done` is the success line, with `{file}` and `{summary}`; problems go to
    stderr as `row N, column C: problem` and the exit code is 1.
    """

    def run(args: argparse.Namespace, settings: Settings) -> int:
        path = Path(args.file)
        try:
            # An unreadable or hostile file is refused before the database is opened.
            table = read_table(path)
            options = ImportOptions(today=local_today(settings.tz), by=import_label(path.name))

            async def work(session: AsyncSession) -> ImportResult:
                result = await run_import(session, kind, table, options)
                # In the import's own transaction: logged exactly when it changed data
                # (a repeated import changes nothing, the audit log included).
                if result.added or result.updated or any(result.extra.values()):
                    await record(session, None, "import", f"{kind} {path.name}",
                                 after={"summary": result.summary()}, via="cli")
                return result

            result = asyncio.run(in_session(settings, work))
        except ImportFailed as failed:
            # Raised inside the unit of work: it was rolled back, nothing changed.
            print_failure(failed, _stderr)
            return 1
        print(done.format(file=args.file, summary=result.summary()))
        return 0

    return run
