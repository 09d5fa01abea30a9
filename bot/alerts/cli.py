"""`farmhub alerts import FILE`, `farmhub alerts list [TELEGRAM_ID]`, `farmhub alerts runs`.

The import (a contract) reads `telegram_id,product,market,kind,value`: `kind` is
daily, above, below or move; `value` is a time HH:MM, a price in 元/斤 or a
percentage; an empty `market` means the farmer's nearest markets (a market's
name or short name, a city or a province otherwise). Every farmer must have
started the bot. Like every import: every bad row is reported as `row N,
column C: problem` and nothing changes unless the whole file is valid; rows are
keyed by (telegram_id, product, market, kind), so importing the same file again
changes nothing and a new value updates the subscription.

`alerts list` prints CSV with the import's columns plus `status`, so its output
can be edited and imported again.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import sys
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli import in_session
from bot.core.config import Settings
from bot.imports import (
    Checker,
    ImportFailed,
    ImportResult,
    check_header,
    parse_int,
    print_failure,
    read_table,
)
from bot.models.alerts import AlertKind

COLUMNS = ("telegram_id", "product", "market", "kind", "value")
KINDS = tuple(kind.value for kind in AlertKind)
# Telegram user ids have at most 52 significant bits (Bot API documentation).
MAX_TELEGRAM_ID = 2**52 - 1

# What each refusal means to the admin running the import (English, like every CLI).
CLI_PROBLEMS = {
    "price_missing": "expected a price in 元/斤, e.g. 3.5",
    "negative": "a price must be greater than 0",
    "too_high": "{price} 元/斤 is not plausible",
    "percent_missing": "expected a percentage, e.g. 10 or 10%",
    "percent": "a percentage must be between {low} and {high}",
    "time": "expected a time HH:MM, e.g. 07:00",
    "unknown_product": "unknown product {word!r}",
    "unknown_market": "unknown market or region {word!r}",
    "not_started": "user {user} has not started the bot",
    "limit": "this farmer would have more than {max} alerts",
}


def add_commands(commands: Any) -> None:
    """Register `alerts import`, `alerts list` and `alerts runs`."""
    group = commands.add_parser("alerts", help="price alert subscriptions and delivery runs")
    actions = group.add_subparsers(dest="alerts_command", required=True, metavar="ACTION")
    imp = actions.add_parser(
        "import",
        help="enrol farmers from CSV or XLSX (all or nothing); header "
        "telegram_id,product,market,kind,value (kind: daily|above|below|move; value: HH:MM, "
        "元/斤 or %%; empty market: nearest markets)",
    )
    imp.add_argument("file", type=Path)
    imp.set_defaults(func=_import)
    show = actions.add_parser("list", help="print subscriptions as CSV (one farmer's, or all)")
    show.add_argument("telegram_id", nargs="?", type=int)
    show.set_defaults(func=_list)
    runs = actions.add_parser("runs", help="recent delivery runs and their counts")
    runs.add_argument("-n", type=int, default=10, help="how many (default 10)")
    runs.set_defaults(func=_runs)


def problem(exc: Exception) -> str:
    """An AlertError as the CLI says it."""
    from bot.alerts.model import AlertError

    if not isinstance(exc, AlertError):
        return str(exc)
    text = CLI_PROBLEMS.get(exc.code, exc.code).format(**exc.params)
    closest = exc.params.get("closest")
    return f"{text} (closest: {closest})" if closest else text


async def import_alerts(session: AsyncSession, path: Path) -> ImportResult:
    """Check every row, then subscribe every farmer in it, or raise ImportFailed."""
    from bot.alerts.model import AlertError, AlertSpec
    from bot.alerts.parsing import parse_value
    from bot.alerts.service import subscribe

    table = read_table(path)
    check_header(table, COLUMNS)
    checker = Checker()
    specs: list[tuple[int, int, AlertSpec]] = []
    seen: dict[tuple[int, str, str, str], int] = {}

    def kind_of(raw: str) -> AlertKind:
        if raw.lower() not in KINDS:
            raise ValueError(f"{raw!r} is not one of {', '.join(KINDS)}")
        return AlertKind(raw.lower())

    for row in table.rows:
        telegram_id = checker.cell(row, "telegram_id", parse_int)
        if telegram_id is not None and not 0 < telegram_id <= MAX_TELEGRAM_ID:
            checker.add(row, "telegram_id", f"{telegram_id} is not a user's Telegram id")
            telegram_id = None
        product = checker.cell(row, "product", str)
        kind = checker.cell(row, "kind", kind_of)
        threshold = at_time = None
        if kind is not None:
            raw = row.get("value")
            if not raw:
                checker.add(row, "value", "is empty")
                continue
            try:
                threshold, at_time = parse_value(kind, raw)
            except AlertError as exc:
                checker.add(row, "value", problem(exc))
                continue
        if telegram_id is None or product is None or kind is None:
            continue
        market = row.get("market") or None
        key = (telegram_id, product, market or "", kind.value)
        if key in seen:
            checker.add(
                row,
                "product",
                f"duplicate of row {seen[key]} (same farmer, product, market and kind)",
            )
            continue
        seen[key] = row.number
        specs.append(
            (row.number, telegram_id, AlertSpec(product, kind, threshold, at_time, market))
        )
    result = ImportResult()
    for number, telegram_id, spec in specs:
        # Checked row by row inside this transaction, even when other rows are
        # already refused (so one run reports every problem): the limit counts
        # the file's earlier rows too, and any problem rolls every row back.
        try:
            _, state = await subscribe(session, telegram_id, spec)
        except AlertError as exc:
            checker.add(number, exc.column, problem(exc))
            continue
        if state == "added":
            result.added += 1
        elif state == "updated":
            result.updated += 1
        else:
            result.unchanged += 1
    checker.raise_if_any()
    return result


def _import(args: argparse.Namespace, settings: Settings) -> int:
    async def work(session: AsyncSession) -> ImportResult:
        return await import_alerts(session, args.file)

    try:
        result = asyncio.run(in_session(settings, work))
    except ImportFailed as failed:
        print_failure(failed, lambda line: print(line, file=sys.stderr))
        return 1
    print(f"alerts imported from {args.file}: {result.summary()}")
    return 0


def _value(view: Any) -> str:
    if view.kind is AlertKind.daily:
        return str(view.at_time.strftime("%H:%M")) if view.at_time else ""
    return f"{view.threshold:g}" if view.threshold is not None else ""


def _list(args: argparse.Namespace, settings: Settings) -> int:
    from bot.alerts.service import list_alerts

    views = asyncio.run(
        in_session(settings, lambda session: list_alerts(session, args.telegram_id))
    )
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow([*COLUMNS, "status"])
    for view in views:
        out.writerow(
            [
                view.user_id,
                view.product,
                view.market or view.region or "",
                view.kind.value,
                _value(view),
                view.status.value,
            ]
        )
    return 0


def _runs(args: argparse.Namespace, settings: Settings) -> int:
    from bot.delivery.outbox import recent_runs, status_counts

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
    print(f"outbox: {waiting or 'empty'}", file=sys.stderr)
    return 0
