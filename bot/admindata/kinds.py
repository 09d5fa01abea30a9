"""The kinds of data an admin uploads: recognised from the header, and the rows each may touch.

The headers are the importers' own (the command line's contract), so a file the
CLI imports is recognised here, and the scopes say which rows to keep for /undo.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar, cast

from sqlalchemy import Table as SqlTable

from bot.admindata.changes import Scope
from bot.alerts.importer import COLUMNS as ALERT_COLUMNS
from bot.alerts.importer import OPTIONAL_COLUMNS as ALERT_OPTIONAL
from bot.imports import Table, parse_date, parse_int
from bot.markets.demand_import import DEMAND_OPTIONAL, DEMAND_REQUIRED
from bot.markets.importer import PRICE_OPTIONAL, PRICE_REQUIRED
from bot.models import (
    AlertSubscription,
    DemandListing,
    KbEntry,
    Market,
    MarketPrice,
    Slot,
    SlotDay,
    Station,
    StationProduct,
)
from bot.stations.file_checks import OPTIONAL_COLUMNS as STATION_OPTIONAL
from bot.stations.file_checks import REQUIRED_COLUMNS as STATION_REQUIRED
from knowledge.kb.entries import OPTIONAL as KB_OPTIONAL
from knowledge.kb.entries import REQUIRED as KB_REQUIRED

T = TypeVar("T", str, int, date)


def _t(model: Any) -> SqlTable:
    table: SqlTable = cast(SqlTable, model.__table__)
    return table


def _values(table: Table, column: str, parse: Callable[[str], T]) -> list[T]:
    # The keys a file names; a bad cell fails the import anyway, so it is skipped here.
    found: set[T] = set()
    for row in table.rows:
        try:
            found.add(parse(row.get(column)))
        except ValueError:
            continue
    return sorted(found)


def _price_scopes(table: Table) -> list[Scope]:
    prices = _t(MarketPrice)
    days = _values(table, "date", parse_date)
    # The file's days, and the generated sample prices a first real import removes.
    where = prices.c.day.in_(days) | (prices.c.source == "sample")
    return [Scope(_t(Market)), Scope(prices, where)]


def _kb_scopes(table: Table) -> list[Scope]:
    ids = _values(table, "id", str.strip)
    return [Scope(_t(KbEntry), _t(KbEntry).c.id.in_(ids))]


def _alert_scopes(table: Table) -> list[Scope]:
    subs = _t(AlertSubscription)
    users = _values(table, "telegram_id", parse_int)
    return [Scope(subs, subs.c.user_id.in_(users))]


def _station_scopes(table: Table) -> list[Scope]:
    return [
        Scope(_t(Station)),
        Scope(_t(StationProduct)),
        Scope(_t(Slot)),
        Scope(_t(SlotDay)),
    ]


def _demand_scopes(table: Table) -> list[Scope]:
    return [Scope(_t(DemandListing))]


@dataclass(frozen=True)
class DataKind:
    """One kind of upload: its registered importer, its header, the rows it may touch."""

    name: str  # the importer's kind in bot.imports.registry
    required: tuple[str, ...]
    optional: tuple[str, ...]
    scopes: Callable[[Table], list[Scope]]

    def fits(self, header: list[str]) -> bool:
        """True when the header has every required column and nothing unknown."""
        names = {h for h in header if h}
        return set(self.required) <= names <= set(self.required) | set(self.optional)

    def overlap(self, header: list[str]) -> int:
        """How many of the header's columns this kind knows (to guess when none fits)."""
        return len(set(header) & (set(self.required) | set(self.optional)))


KINDS: dict[str, DataKind] = {
    kind.name: kind
    for kind in (
        DataKind("kb", KB_REQUIRED, KB_OPTIONAL, _kb_scopes),
        DataKind("prices", PRICE_REQUIRED, PRICE_OPTIONAL, _price_scopes),
        DataKind("demand", DEMAND_REQUIRED, DEMAND_OPTIONAL, _demand_scopes),
        DataKind("stations", STATION_REQUIRED, STATION_OPTIONAL, _station_scopes),
        DataKind("alerts", ALERT_COLUMNS, ALERT_OPTIONAL, _alert_scopes),
    )
}


# A header with only known columns and this share of a kind's required ones is
# that kind with columns missing: the import then names them (a YAML file leaves
# out empty fields, a spreadsheet loses a column).
NEAR_MISS = 0.6


def recognise(header: list[str]) -> str | None:
    """The one kind whose header this is, or None (none fits, or several do: ask)."""
    fitting = [kind.name for kind in KINDS.values() if kind.fits(header)]
    if fitting:
        return fitting[0] if len(fitting) == 1 else None
    names = {h for h in header if h}
    near = [
        kind.name
        for kind in KINDS.values()
        if names <= set(kind.required) | set(kind.optional)
        and len(names & set(kind.required)) >= NEAR_MISS * len(kind.required)
    ]
    return near[0] if len(near) == 1 else None
