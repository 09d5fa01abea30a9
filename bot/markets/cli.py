"""`farmhub prices import FILE` and `farmhub demand import FILE`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.config import Settings
from bot.imports import ImportFailed, ImportResult, print_failure

Importer = Callable[[AsyncSession, Path, date], Awaitable[ImportResult]]


async def _run_import(settings: Settings, importer: Importer, path: Path) -> ImportResult:
    from bot.core.commands import require_current_schema
    from bot.core.db import dispose_engine, init_engine, session_scope

    await require_current_schema(settings)
    init_engine(settings.database_url)
    try:
        # One unit of work: ImportFailed rolls everything back.
        async with session_scope() as session:
            from bot.markets.prices import (
                local_today,  # imported here: `farmhub --help` stays quick
            )

            return await importer(session, path, local_today(settings.tz))
    finally:
        await dispose_engine()


def _import_command(importer: Importer, what: str) -> Callable[[argparse.Namespace, Settings], int]:
    def run(args: argparse.Namespace, settings: Settings) -> int:
        try:
            result = asyncio.run(_run_import(settings, importer, Path(args.file)))
        except ImportFailed as exc:
            print_failure(exc, lambda line: print(line, file=sys.stderr))
            return 1
        print(f"{what} imported from {args.file}: {result.summary()}")
        return 0

    return run


def add_commands(commands: Any) -> None:
    """Add the `prices` and `demand` command groups."""
    from bot.markets.importer import import_demand, import_prices

    prices = commands.add_parser("prices", help="market prices")
    actions = prices.add_subparsers(dest="prices_command", required=True, metavar="ACTION")
    imp = actions.add_parser(
        "import",
        help="import daily prices from CSV or XLSX "
        "(date,product,market,price,unit[,low,high,province,city,lat,lon,source])",
    )
    imp.add_argument("file", help="the CSV or XLSX file")
    imp.set_defaults(func=_import_command(import_prices, "prices"))

    demand = commands.add_parser("demand", help="buyers' demand listings")
    actions = demand.add_subparsers(dest="demand_command", required=True, metavar="ACTION")
    imp = actions.add_parser(
        "import",
        help="import demand listings from CSV or XLSX "
        "(buyer,product,quantity,unit,price,unit_price,lat,lon,valid_until,contact[,place])",
    )
    imp.add_argument("file", help="the CSV or XLSX file")
    imp.set_defaults(func=_import_command(import_demand, "demand listings"))
