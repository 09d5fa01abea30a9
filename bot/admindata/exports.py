"""The current data as a spreadsheet (XLSX, or CSV on request), safe to open: `/export KIND`.

Rows are the import formats' (an export imports back unchanged), written by the
one spreadsheet writer (bot.imports.sheet_bytes), which neutralises formulas.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.db import session_scope
from bot.imports import sheet_bytes
from bot.markets.exports import DEMAND_COLUMNS, PRICE_COLUMNS, demand_rows, price_rows
from bot.stations.file_checks import OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from bot.stations.importer import station_rows
from knowledge.kb.entries import entry_rows
from knowledge.kb.repository import all_entries

Rows = tuple[list[str], list[dict[str, str]]]
EXPORT_KINDS = ("kb", "prices", "stations", "demand")
FORMATS = (".xlsx", ".csv")


async def _kb(session: AsyncSession) -> Rows:
    return entry_rows(await all_entries(session))


async def _prices(session: AsyncSession) -> Rows:
    return list(PRICE_COLUMNS), await price_rows(session)


async def _stations(session: AsyncSession) -> Rows:
    return list(REQUIRED_COLUMNS + OPTIONAL_COLUMNS), await station_rows(session)


async def _demand(session: AsyncSession) -> Rows:
    return list(DEMAND_COLUMNS), await demand_rows(session)


_READERS: dict[str, Callable[[AsyncSession], Awaitable[Rows]]] = {
    "kb": _kb,
    "prices": _prices,
    "stations": _stations,
    "demand": _demand,
}


@dataclass(frozen=True)
class Export:
    """One exported file: its name, bytes and how many records it holds."""

    file_name: str
    data: bytes
    records: int


async def export(kind: str, suffix: str, stamp: str) -> Export:
    """Every record of `kind` as a `suffix` (.xlsx or .csv) file named `KIND-STAMP.SUFFIX`."""
    if kind not in _READERS or suffix not in FORMATS:
        raise ValueError(f"cannot export {kind!r} as {suffix!r}")
    async with session_scope() as session:
        header, rows = await _READERS[kind](session)
    return Export(f"{kind}-{stamp}{suffix}", sheet_bytes(suffix, header, rows), len(rows))
