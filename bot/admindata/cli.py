"""`farmhub imports undo`: the command line's imports are applies too, and can be reverted.

Registering these commands also makes every `farmhub KIND import FILE` keep what
it changed (bot.imports.command.use_applier), and say first when the database holds
products the synonym table does not know (use_beforehand): bot.imports sits below
bot.admindata, so the wiring is done here, in the command-line layer.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from bot.admindata import drafts_cli, uploads
from bot.core.commands import prepare_database
from bot.core.config import Settings
from bot.core.db import dispose_engine, init_engine
from bot.imports.command import use_applier, use_beforehand
from bot.markets.county_data import start_warnings


def add_commands(commands: Any) -> None:
    """Register `imports undo` and `kb drafts`, and keep command-line imports for undo."""
    drafts_cli.add_commands(commands)
    use_applier(uploads.apply_cli)
    # Prices of products the synonym table does not know: said before the import refuses them.
    use_beforehand(start_warnings)
    imports = commands.add_parser("imports", help="imports from the command line: undo the last")
    actions = imports.add_subparsers(dest="imports_command", required=True, metavar="ACTION")
    undo = actions.add_parser(
        "undo",
        help="revert the last `farmhub KIND import` exactly "
        "(refused if that kind was imported again since, from here or the chat)",
    )
    undo.set_defaults(func=_undo)


async def _undo_last(settings: Settings) -> uploads.Undone:
    await prepare_database(settings)
    init_engine(settings.database_url)
    try:
        return await uploads.undo(None, via="cli")
    finally:
        await dispose_engine()


def _undo(args: argparse.Namespace, settings: Settings) -> int:
    undone = asyncio.run(_undo_last(settings))
    name = f"{undone.file_name} ({undone.kind})"
    if undone.status == "undone":
        removed, restored = undone.counts.get("removed", 0), undone.counts.get("restored", 0)
        # Prices' alerts are never sent again; those not gone yet are withdrawn, those
        # that went corrected.
        alerts = undone.alerts
        again = (
            f"; alerts: {alerts.withdrawn} withdrawn unsent, {alerts.gone} had gone out, "
            f"{alerts.corrected} correction(s) queued"
            if alerts is not None
            else ""
        )
        print(
            f"reverted {name}: {removed} row(s) it added removed, "
            f"{restored} row(s) it changed or deleted restored{again}"
        )
        return 0
    if undone.status == "nothing":
        print("farmhub: no command-line import to undo", file=sys.stderr)
    elif undone.status == "later":
        later = undone.later
        first = "undo that one first"
        if later is not None and not later.by_cli:  # made in the chat: undone there
            first = f"{later.by_name} has to send /undo in the chat first"
        print(
            f"farmhub: cannot undo {name}: {undone.kind} were imported again after it ({first})",
            file=sys.stderr,
        )
    else:
        print(
            f"farmhub: cannot undo {name}: {len(undone.conflicts)} of its rows were changed "
            "since; undoing would overwrite them",
            file=sys.stderr,
        )
        for line in undone.conflicts[:20]:
            print(f"  {line}", file=sys.stderr)
    return 1
