"""`farmhub stations ...` and `farmhub villages import` (`staff add|remove`: bot/roles/cli.py)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from bot.core.commands import in_session
from bot.core.config import Settings
from bot.imports import ImportFailed, print_failure
from bot.imports.command import add_dry_run, import_command
from bot.stations.file_checks import OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from bot.stations.importer import station_rows, write_rows


def add_commands(commands: Any) -> None:
    """Register `stations import/export` and `villages import`."""
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
