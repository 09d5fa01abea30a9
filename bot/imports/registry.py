"""Every importer, by kind, in one place: the command line and the chat import the same way.

An importer has one shape, `async def import_X(session, table, *, options) ->
ImportResult`: it checks the whole table, reports every bad cell as `row N,
column C: problem` by raising ImportFailed, and changes nothing unless the whole
file is valid (the caller's unit of work rolls back). `import_table` runs one in
its own unit of work and returns the refusals as `ImportResult.errors`.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Protocol, cast

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.db import session_scope
from bot.imports.result import ImportFailed, ImportResult
from bot.imports.table import Table

# Who changed a record is stored with it (kb_entries.updated_by: 64 characters).
LABEL_LENGTH = 64
LABEL_TAIL = 24


@dataclass(frozen=True)
class ImportOptions:
    """What every importer may need besides the table."""

    # The farmers' local date: prices dated after it and demand valid until
    # before it are refused, and price alerts are queued for it.
    today: date
    # Who imports, stored where a feature records it (kb: updated_by), e.g.
    # import_label(file name) on the command line.
    by: str = "import"
    # A preview (the chat's before confirmation, `--dry-run`): the caller rolls
    # the unit of work back, and importers skip what lives outside the database
    # (the in-process search index) or only matters once committed (alerts).
    preview: bool = False
    # Real prices replace the generated sample ones (a county's first price file
    # ends the demo data). One price typed by hand (/price) must not wipe a
    # sandbox's 90 days of every series: it joins them instead.
    replace_sample: bool = True
    # A price naming a market not known adds that market (a file's documented rule).
    # False for a price typed by hand until the admin confirmed the new market: a
    # typo (寿光蔬菜批发市常) is refused with the closest markets instead.
    new_markets: bool = True
    # How long the price alerts an import queues wait before they go: an admin's price
    # typed by hand (/price) waits a few minutes, so /undo can withdraw them unsent.
    hold_alerts: timedelta = timedelta(0)
    # Called with the prices just stored, before their alerts are queued; returns how many
    # queued pushes it withdrew. A typed price's (bot.admindata.alerts.supersede_held): the
    # held alerts of an earlier typed price of the same product, market and day go, so only
    # the latest price alerts.
    before_alerts: Callable[[AsyncSession, Sequence[Any]], Awaitable[int]] | None = None
    # A file with warnings (a price doubled or halved since the last one) is imported only
    # when accepted: the chat's 「⚠️ 照样导入」, the command line's `--force`; otherwise it
    # raises WarningsNotAccepted. True for callers that ask nobody (tests, the sample).
    accept_warnings: bool = True


class ImportFunction(Protocol):
    """The one shape of an importer."""

    async def __call__(
        self, session: AsyncSession, table: Table, *, options: ImportOptions
    ) -> ImportResult:
        """Check the whole table, then store it; raise ImportFailed (changing nothing) if bad."""
        ...


@dataclass(frozen=True)
class Importer:
    """A registered importer: its kind and its function, as `module:name`."""

    kind: str
    target: str

    def load(self) -> ImportFunction:
        """The importer function itself."""
        module, name = self.target.split(":")
        # Loaded by name when used: the importers depend on bot.imports, never the
        # other way round, and `farmhub --help` does not load every feature.
        return cast(ImportFunction, getattr(importlib.import_module(module), name))


IMPORTERS: dict[str, Importer] = {
    importer.kind: importer
    for importer in (
        # Through alerts: new prices queue the alerts they trigger in the same transaction.
        Importer("prices", "bot.alerts.importer:import_prices"),
        Importer("demand", "bot.markets.demand_import:import_demand"),
        Importer("kb", "knowledge.kb.importer:import_kb"),
        Importer("alerts", "bot.alerts.importer:import_alerts"),
        Importer("stations", "bot.stations.importer:import_stations"),
        Importer("villages", "bot.stations.gazetteer:import_villages"),
    )
}


def importer(kind: str) -> Importer:
    """The importer of a kind; KeyError names the kinds there are."""
    try:
        return IMPORTERS[kind]
    except KeyError:
        raise KeyError(f"no importer for {kind!r} (known: {', '.join(IMPORTERS)})") from None


async def run_import(
    session: AsyncSession, kind: str, table: Table, options: ImportOptions
) -> ImportResult:
    """Import a table in the caller's unit of work; ImportFailed when it has problems.

    Records the file could not split into the header's cells (`table.problems`) are
    reported together with every problem of the other rows, found by the same import run
    as a preview (nothing outside the database touched; the caller rolls back).
    """
    run = importer(kind).load()
    if not table.problems:
        return await run(session, table, options=options)
    errors = list(table.problems)
    try:
        await run(session, table, options=replace(options, preview=True))
    except ImportFailed as failed:
        errors += failed.errors
    raise ImportFailed(sorted(errors, key=lambda e: (int(e.row), e.column)))


async def import_table(kind: str, table: Table, options: ImportOptions) -> ImportResult:
    """Import a table as one unit of work; its problems come back as result.errors."""
    try:
        async with session_scope() as session:
            return await run_import(session, kind, table, options)
    except ImportFailed as failed:
        # Caught outside the session: everything the importer did is rolled back.
        return ImportResult.refused(failed.errors)


class _Rollback(Exception):
    """Raised to leave a preview's unit of work without committing it."""


async def preview_table(kind: str, table: Table, options: ImportOptions) -> ImportResult:
    """What importing the table would do (counts, or every problem), changing nothing.

    The import runs exactly as it would (same checks, same counts) in a unit of
    work that is then rolled back; options.preview tells importers to leave what
    lives outside the database alone.
    """
    outcome = ImportResult()
    try:
        async with session_scope() as session:
            outcome = await run_import(session, kind, table, replace(options, preview=True))
            raise _Rollback
    except _Rollback:
        return outcome
    except ImportFailed as failed:
        return ImportResult.refused(failed.errors)


def import_label(file_name: str) -> str:
    """`import:<file name>` in at most 64 characters: the name's start, `…`, its end."""
    # A name the OS gave as undecodable bytes (surrogate escapes) cannot be stored.
    name = file_name.encode("utf-8", "backslashreplace").decode("utf-8")
    label = f"import:{name}"
    if len(label) <= LABEL_LENGTH:
        return label
    head = LABEL_LENGTH - len("import:") - 1 - LABEL_TAIL
    return f"import:{name[:head]}…{name[-LABEL_TAIL:]}"
