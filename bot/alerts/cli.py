"""`farmhub alerts import FILE`, `farmhub alerts list [TELEGRAM_ID]`, `farmhub alerts runs`.

The import's rules are in bot/alerts/importer.py.

`alerts list` prints CSV with the import's columns plus `status`, `near`: the place
named where no market quotes (潍坊), whose nearest markets the alert watches, and
`unit`: the unit a rise or fall alert speaks in (斤, 公斤; the farmer's), its `value`
per that unit (30 元/公斤, not the 15 元/斤 it compares). The import reads `unit` too
(none: 斤), not `status` nor `near` (a chat-only choice).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import sys
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.importer import COLUMNS, OPTIONAL_COLUMNS
from bot.alerts.model import AlertView
from bot.alerts.service import list_alerts
from bot.core.commands import in_session
from bot.core.config import Settings
from bot.delivery.runs import recent_runs, status_counts
from bot.imports.command import add_dry_run, import_command
from bot.models.alerts import AlertKind
from knowledge.text.numbers import per_jin


def add_commands(commands: Any) -> None:
    """Register `alerts import`, `alerts list` and `alerts runs`."""
    group = commands.add_parser("alerts", help="price alert subscriptions and delivery runs")
    actions = group.add_subparsers(dest="alerts_command", required=True, metavar="ACTION")
    imp = actions.add_parser(
        "import",
        help="enrol farmers from CSV or XLSX (all or nothing); header "
        "telegram_id,product,market,kind,value[,unit] (kind: daily|above|below|move; value: "
        "HH:MM, 元 per unit or %%; unit: 斤 (default) or 公斤; empty market: nearest markets)",
    )
    imp.add_argument("file", type=Path)
    imp.set_defaults(func=import_command("alerts", "alerts imported from {file}: {summary}"))
    add_dry_run(imp)
    show = actions.add_parser("list", help="print subscriptions as CSV (one farmer's, or all)")
    show.add_argument("telegram_id", nargs="?", type=int)
    show.set_defaults(func=_list)
    runs = actions.add_parser("runs", help="recent delivery runs and their counts")
    runs.add_argument("-n", type=int, default=10, help="how many (default 10)")
    runs.set_defaults(func=_runs)


def _value(view: AlertView) -> str:
    if view.kind is AlertKind.daily:
        return str(view.at_time.strftime("%H:%M")) if view.at_time else ""
    if view.threshold is None:
        return ""
    # A rise or fall's price per its unit (15 元/斤 said per 公斤: 30), as the farmer reads it.
    price = view.threshold / per_jin(1.0, _unit(view) or "斤")
    return f"{round(price, 4):g}"


def _unit(view: AlertView) -> str:
    """The unit column: a rise or fall's (斤, 公斤); empty for a digest or a move."""
    return view.unit if view.kind in (AlertKind.above, AlertKind.below) else ""


def _list(args: argparse.Namespace, settings: Settings) -> int:
    # Imported here: `farmhub --help` stays quick (these load the product lexicon).

    views = asyncio.run(
        in_session(settings, lambda session: list_alerts(session, args.telegram_id))
    )
    out = csv.writer(sys.stdout, lineterminator="\n")
    # `near`: a place named where no market quotes (潍坊), whose nearest markets it watches.
    # `unit` last: scripts reading the columns before it by position read them as before.
    out.writerow([*COLUMNS, "status", "near", *OPTIONAL_COLUMNS])
    for view in views:
        out.writerow(
            [
                view.user_id,
                view.product,
                view.market or view.region or "",
                view.kind.value,
                _value(view),
                view.status.value,
                view.near or "",
                _unit(view),
            ]
        )
    return 0


def _runs(args: argparse.Namespace, settings: Settings) -> int:
    async def work(session: AsyncSession) -> tuple[list[Any], dict[Any, int]]:
        return await recent_runs(session, args.n), await status_counts(session)

    runs, counts = asyncio.run(in_session(settings, work))
    tz = settings.tz
    print("id,started,kind,label,queued,sent,failed,blocked,in_doubt,finished")
    out = csv.writer(sys.stdout, lineterminator="\n")
    for run in runs:
        out.writerow(
            [
                run.id,
                run.created_at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S"),
                run.kind,
                run.label,
                run.queued,
                run.sent,
                run.failed,
                run.blocked,
                run.in_doubt,
                run.finished_at.astimezone(tz).strftime("%H:%M:%S") if run.finished_at else "",
            ]
        )
    waiting = ", ".join(f"{status.value} {n}" for status, n in sorted(counts.items()))
    # The table first, then the summary as its last line, each line ended, even when both
    # streams go to one pipe (blind walk: the shell prompt ran on after "outbox: sent 7").
    sys.stdout.flush()
    print(f"outbox: {waiting or 'empty'}", file=sys.stderr, flush=True)
    return 0
