"""`farmhub prices import FILE` and `farmhub demand import FILE`."""

from __future__ import annotations

from typing import Any

from bot.imports.command import import_command


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
