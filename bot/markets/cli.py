"""`farmhub prices import|export FILE` and `farmhub demand import|export FILE`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.commands import in_session
from bot.core.config import Settings
from bot.imports import ImportFailed, print_failure, write_sheet
from bot.imports.command import add_dry_run, import_command
from bot.markets.exports import DEMAND_COLUMNS, PRICE_COLUMNS, demand_rows, price_rows


def export_command(
    what: str,
    header: tuple[str, ...],
    rows: Callable[[AsyncSession], Awaitable[list[dict[str, str]]]],
) -> Callable[[argparse.Namespace, Settings], int]:
    """The handler of `farmhub prices|demand export FILE` (.csv or .xlsx, formulas neutralised)."""

    def run(args: argparse.Namespace, settings: Settings) -> int:
        found = asyncio.run(in_session(settings, rows))
        try:
            write_sheet(Path(args.file), header, found)
        except ImportFailed as failed:
            print_failure(failed, lambda line: print(line, file=sys.stderr))
            return 1
        print(f"exported {len(found)} {what} to {args.file}")
        return 0

    return run


def add_commands(commands: Any) -> None:
    """Add the `prices` and `demand` command groups."""
    prices = commands.add_parser("prices", help="market prices")
    actions = prices.add_subparsers(dest="prices_command", required=True, metavar="ACTION")
    imp = actions.add_parser(
        "import",
        help="import daily prices from CSV or XLSX "
        "(date,product,market,price,unit[,low,high,province,city,lat,lon,source])",
    )
    imp.add_argument("file", help="the CSV or XLSX file")
    imp.set_defaults(func=import_command("prices", "prices imported from {file}: {summary}"))
    add_dry_run(imp)
    exp = actions.add_parser("export", help="write every price to FILE (.csv or .xlsx)")
    exp.add_argument("file", help="the CSV or XLSX file to write")
    exp.set_defaults(func=export_command("prices", PRICE_COLUMNS, price_rows))

    demand = commands.add_parser("demand", help="buyers' demand listings")
    actions = demand.add_subparsers(dest="demand_command", required=True, metavar="ACTION")
    imp = actions.add_parser(
        "import",
        help="import demand listings from CSV or XLSX "
        "(buyer,product,quantity,unit,price,unit_price,lat,lon,valid_until,contact[,place])",
    )
    imp.add_argument("file", help="the CSV or XLSX file")
    imp.set_defaults(
        func=import_command("demand", "demand listings imported from {file}: {summary}")
    )
    add_dry_run(imp)
    exp = actions.add_parser("export", help="write every demand listing to FILE (.csv or .xlsx)")
    exp.add_argument("file", help="the CSV or XLSX file to write")
    exp.set_defaults(func=export_command("demand listings", DEMAND_COLUMNS, demand_rows))
