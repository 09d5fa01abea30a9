"""`farmhub prices import|export FILE` and `farmhub demand import|export FILE`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.commands import in_session
from bot.core.config import Settings
from bot.core.i18n import t
from bot.imports import ImportFailed, ImportResult, print_failure, write_sheet
from bot.imports.command import add_dry_run, add_force, import_command
from bot.imports.result import CLI_LANGUAGE
from bot.markets.exports import DEMAND_COLUMNS, PRICE_COLUMNS, demand_rows, price_rows
from bot.markets.importer import MARKETS_ADDED
from bot.markets.names import closest_markets
from bot.models.markets import Market


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


async def new_market_notes(session: AsyncSession, result: ImportResult) -> list[str]:
    """The markets a price file adds, each with the known market it may have meant.

    A misspelt market (田阳市场 where 田阳 is known) is otherwise only "1 markets added":
    the matching is /price's and the chat preview's (bot/markets/names.closest_markets).
    """
    added = result.names.get(MARKETS_ADDED, [])
    if not added:
        return []
    # Read afresh (not the cached list): the import's own markets are in this transaction.
    known = [m for m in await session.scalars(select(Market)) if m.name not in added]
    lines = []
    for name in added:
        closest = closest_markets(name, known)
        if closest:
            said = t(CLI_LANGUAGE, "imports.separator").join(m.name for m in closest)
            lines.append(t(CLI_LANGUAGE, "imports.cli.new_market_close", name=name, closest=said))
        else:
            lines.append(t(CLI_LANGUAGE, "imports.cli.new_market", name=name))
    return lines


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
    imp.set_defaults(
        func=import_command(
            "prices", "prices imported from {file}: {summary}", notes=new_market_notes
        )
    )
    add_dry_run(imp)
    add_force(imp)
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
