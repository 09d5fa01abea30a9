"""`farmhub stations ...`, `farmhub villages import` and `farmhub staff add|remove` (a contract)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.commands import in_session
from bot.core.config import Settings
from bot.imports import ImportFailed, print_failure
from bot.imports.command import add_dry_run, import_command
from bot.stations.importer import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, station_rows, write_rows
from bot.stations.staff import add_staff, remove_staff


def add_commands(commands: Any) -> None:
    """Register `stations import/export`, `villages import` and `staff add/remove`."""
    stations = commands.add_parser("stations", help="service stations: import, export")
    actions = stations.add_subparsers(dest="stations_command", required=True, metavar="ACTION")
    imp = actions.add_parser(
        "import",
        help="add or update stations by id from CSV or XLSX (all or nothing); header "
        "id,name,lat,lon,address,phone,open_hours,slot_capacity,products "
        "[,kind,cold_storage,villages]",
    )
    imp.add_argument("file", type=Path)
    imp.set_defaults(func=import_command("stations", "stations: {summary}"))
    add_dry_run(imp)
    exp = actions.add_parser("export", help="write every station to FILE (.csv or .xlsx)")
    exp.add_argument("file", type=Path)
    exp.set_defaults(func=_export_stations)

    villages = commands.add_parser("villages", help="the gazetteer of townships and villages")
    v_actions = villages.add_subparsers(dest="villages_command", required=True, metavar="ACTION")
    v_imp = v_actions.add_parser(
        "import", help="add or move places from CSV, XLSX or YAML; header name,lat,lon[,town]"
    )
    v_imp.add_argument("file", type=Path)
    v_imp.set_defaults(func=import_command("villages", "villages: {summary}"))
    add_dry_run(v_imp)

    staff = commands.add_parser("staff", help="station staff")
    s_actions = staff.add_subparsers(dest="staff_command", required=True, metavar="ACTION")
    add = s_actions.add_parser("add", help="make a Telegram user staff of a station")
    add.add_argument("telegram_id", type=int)
    add.add_argument("station_id", help="the station's id as in the stations file")
    add.set_defaults(func=_staff_add)
    remove = s_actions.add_parser(
        "remove", help="take a staff member off a station (they become a farmer)"
    )
    remove.add_argument("telegram_id", type=int)
    remove.add_argument(
        "station_id", nargs="?", help="the station's id as in the stations file (checked if given)"
    )
    remove.set_defaults(func=_staff_remove)


def _stderr(line: str) -> None:
    print(line, file=sys.stderr)


def _export_stations(args: argparse.Namespace, settings: Settings) -> int:
    rows = asyncio.run(in_session(settings, station_rows))
    try:
        write_rows(args.file, REQUIRED_COLUMNS + OPTIONAL_COLUMNS, rows)
    except ImportFailed as failed:
        print_failure(failed, _stderr)
        return 1
    print(f"exported {len(rows)} stations to {args.file}")
    return 0


def _staff_add(args: argparse.Namespace, settings: Settings) -> int:
    async def work(session: AsyncSession) -> Any:
        return await add_staff(session, args.telegram_id, args.station_id)

    try:
        asyncio.run(in_session(settings, work))
    except LookupError as exc:
        _stderr(f"farmhub: {exc.args[0]}")
        return 1
    print(f"user {args.telegram_id} is now staff of station {args.station_id}")
    return 0


def _staff_remove(args: argparse.Namespace, settings: Settings) -> int:
    async def work(session: AsyncSession) -> str:
        return await remove_staff(session, args.telegram_id, args.station_id)

    try:
        station = asyncio.run(in_session(settings, work))
    except LookupError as exc:
        _stderr(f"farmhub: {exc.args[0]}")
        return 1
    print(f"user {args.telegram_id} is no longer staff of station {station or '(none)'}")
    return 0
