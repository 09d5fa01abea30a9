"""`farmhub audit [--since YYYY-MM-DD] [--user TELEGRAM_ID]` (a contract): the audit log."""

from __future__ import annotations

import argparse
import asyncio
import json
import re
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.audit import MAX_ENTRIES, AuditLine, entries
from bot.core.commands import CliError, in_session
from bot.core.config import Settings

# An instant as stored (2026-06-11T00:00:00+00:00).
_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def add_commands(commands: Any) -> None:
    """Register `audit`."""
    audit = commands.add_parser("audit", help="who changed what and when (newest first)")
    audit.add_argument("--since", help="only from this day on (YYYY-MM-DD, local time)")
    audit.add_argument("--user", type=int, help="only what this Telegram user did")
    audit.add_argument(
        "--limit", type=int, default=200, help=f"at most this many lines (max {MAX_ENTRIES})"
    )
    audit.add_argument("--json", action="store_true", help="one JSON object per line")
    audit.set_defaults(func=_audit)


def _since(text: str | None, settings: Settings) -> datetime | None:
    if text is None:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise CliError(f"--since {text!r}: expected a date like 2026-06-10") from None
    return datetime(day.year, day.month, day.day, tzinfo=settings.tz)


def format_line(line: AuditLine, settings: Settings) -> str:
    """One audit line as the command line prints it."""
    who = "command line" if line.actor_id is None else f"{line.actor_id} {line.actor_name}".strip()
    when = line.at.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M:%S")
    change = ""
    if line.before is not None or line.after is not None:
        before, after = _local(line.before, settings), _local(line.after, settings)
        change = f"  {_compact(before)} -> {_compact(after)}"
    return f"{when}  {who}  {line.action}  {line.target}{change}"


def _local(value: dict[str, Any] | None, settings: Settings) -> dict[str, Any] | None:
    """Instants stored in UTC (a notice's send_at) in local time, as the line's own time is."""
    if value is None:
        return None
    out: dict[str, Any] = {}
    for key, item in value.items():
        out[key] = item
        if isinstance(item, str) and _INSTANT.match(item):
            try:
                moment = datetime.fromisoformat(item)
            except ValueError:
                continue
            if moment.tzinfo is not None:
                out[key] = moment.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M")
    return out


def _compact(value: dict[str, Any] | None) -> str:
    return "-" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _audit(args: argparse.Namespace, settings: Settings) -> int:
    since = _since(args.since, settings)

    async def work(session: AsyncSession) -> list[AuditLine]:
        return await entries(session, since=since, user_id=args.user, limit=args.limit)

    lines = asyncio.run(in_session(settings, work))
    for line in lines:
        if args.json:
            print(
                json.dumps(
                    {
                        "at": line.at.isoformat(),
                        "actor_id": line.actor_id,
                        "actor_name": line.actor_name,
                        "via": line.via,
                        "action": line.action,
                        "target": line.target,
                        "before": line.before,
                        "after": line.after,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            print(format_line(line, settings))
    if not lines and not args.json:
        print("no audit entries")
    return 0
