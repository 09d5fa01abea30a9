"""Station files: writing stations, their products and slots (every row checked first in
bot/stations/file_checks.py), export.

Telegram-free. Station files follow the contract header
`id,name,lat,lon,address,phone,open_hours,slot_capacity,products`
(optional `kind,cold_storage,villages`) and go through bot.imports like every
import: every bad cell is reported, and nothing changes unless the whole file
is valid. The nearest-station search runs on an in-memory grid index (bot.core.geo)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import time, timedelta
from pathlib import Path

from sqlalchemy import case, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.timeofday import hhmm
from bot.imports import (
    CHANGES_KEPT,
    FieldChange,
    ImportOptions,
    ImportResult,
    RowChange,
    Table,
    write_sheet,
)
from bot.models.stations import Slot, SlotDay, Station, StationKind, StationProduct
from bot.models.users import utcnow
from bot.stations.file_checks import OPTIONAL_COLUMNS, SlotSpec, StationRecord, check_stations
from bot.stations.overbooked import OVER_CAPACITY, over_capacity

# --- writing stations ----------------------------------------------------------


async def import_stations(
    session: AsyncSession, table: Table, *, options: ImportOptions
) -> ImportResult:
    """Check every row of a stations file, then add or update stations by id (all or nothing)."""
    records = check_stations(table)
    result = await store_stations(session, records)
    over = await over_capacity(session, [r.external_id for r in records], options.today)
    if over:
        result.extra[OVER_CAPACITY] = len(over)
        result.names[OVER_CAPACITY] = [o.encode() for o in over]
    return result


async def store_stations(
    session: AsyncSession, records: Sequence[StationRecord], overwrite: bool = True
) -> ImportResult:
    """Add or update stations by external id; with overwrite=False existing ones are kept."""
    result = ImportResult()
    existing = {
        s.external_id: s
        for s in await session.scalars(
            select(Station).where(Station.external_id.in_([r.external_id for r in records]))
        )
    }
    for record in records:
        station = existing.get(record.external_id)
        if station is None:
            station = Station(external_id=record.external_id, active=True)
            _apply_fields(station, replace(record, given=frozenset(OPTIONAL_COLUMNS)))
            session.add(station)
            await session.flush()
            await _sync_products(session, station, record.products)
            await _sync_slots(session, station, record.slots)
            result.added += 1
            continue
        if not overwrite:
            result.unchanged += 1
            continue
        fields = _apply_fields(station, record)
        fields += await _sync_products(session, station, record.products)
        fields += await _sync_slots(session, station, record.slots)
        if fields:
            # The nearest-station index notices changes by updated_at.
            station.updated_at = utcnow()
            result.updated += 1
            if len(result.changes) < CHANGES_KEPT:  # named in the preview, old → new
                what = f"{record.external_id} {record.name}"
                result.changes.append(RowChange(0, what, tuple(fields)))
        else:
            result.unchanged += 1
    await session.flush()
    return result


def _said(value: object) -> str:
    if isinstance(value, time):
        return hhmm(value)
    if isinstance(value, StationKind):
        return value.value
    return "-" if value is None or value == "" else str(value)


def _apply_fields(station: Station, record: StationRecord) -> list[FieldChange]:
    values = {
        "name": record.name,
        "lat": record.lat,
        "lon": record.lon,
        "address": record.address,
        "phone": record.phone,
        "open_from": record.open_from,
        "open_to": record.open_to,
        "kind": record.kind,
        "cold_storage": record.cold_storage,
        "villages": "|".join(record.villages),
        "active": True,
    }
    # A file without the kind, cold_storage or villages column (the nine required ones
    # only) changes none of them: a phone number updated does not erase the villages.
    for column in OPTIONAL_COLUMNS:
        if column not in record.given:
            del values[column]
    changed = []
    for name, value in values.items():
        old = getattr(station, name, None)
        if old != value:
            changed.append(FieldChange(name, _said(old), _said(value)))
            setattr(station, name, value)
    return changed


async def _sync_products(
    session: AsyncSession, station: Station, products: Sequence[str]
) -> list[FieldChange]:
    current = set(
        await session.scalars(
            select(StationProduct.product).where(StationProduct.station_id == station.id)
        )
    )
    wanted = set(products)
    if current == wanted:
        return []
    gone = current - wanted
    if gone:
        await session.execute(
            delete(StationProduct).where(
                StationProduct.station_id == station.id, StationProduct.product.in_(gone)
            )
        )
    for name in sorted(wanted - current):
        session.add(StationProduct(station_id=station.id, product=name))
    await session.flush()
    return [FieldChange("products", "|".join(sorted(current)), "|".join(sorted(wanted)))]


async def _sync_slots(
    session: AsyncSession, station: Station, specs: Sequence[SlotSpec]
) -> list[FieldChange]:
    slots = {
        (s.starts, s.ends): s
        for s in await session.scalars(select(Slot).where(Slot.station_id == station.id))
    }
    before = "|".join(
        SlotSpec(s.starts, s.ends, s.capacity, s.capacity_kg).text()
        for s in sorted(slots.values(), key=lambda s: s.starts)
        if s.active
    )
    changed = False
    wanted = {(spec.starts, spec.ends): spec for spec in specs}
    for key, spec in wanted.items():
        slot = slots.get(key)
        if slot is None:
            session.add(
                Slot(
                    station_id=station.id,
                    starts=spec.starts,
                    ends=spec.ends,
                    capacity=spec.capacity,
                    capacity_kg=spec.capacity_kg,
                    active=True,
                )
            )
            changed = True
            continue
        if (slot.capacity, slot.capacity_kg, slot.active) != (
            spec.capacity,
            spec.capacity_kg,
            True,
        ):
            slot.capacity, slot.capacity_kg, slot.active = spec.capacity, spec.capacity_kg, True
            await update_future_capacity(session, slot)
            changed = True
    for key, slot in slots.items():
        # A window dropped from the file keeps its row for the bookings it has.
        if key not in wanted and slot.active:
            slot.active = False
            changed = True
    await session.flush()
    if not changed:
        return []
    return [FieldChange("slots", before or "-", "|".join(spec.text() for spec in specs))]


async def update_future_capacity(session: AsyncSession, slot: Slot) -> None:
    """Apply a slot's new capacity to its counters from today on (never below what is booked)."""
    today = utcnow().date() - timedelta(days=1)  # a day of slack for time zones
    await session.execute(
        update(SlotDay)
        .where(SlotDay.slot_id == slot.id, SlotDay.day >= today)
        .values(
            capacity=case(
                (SlotDay.booked_count > slot.capacity, SlotDay.booked_count),
                else_=slot.capacity,
            ),
            capacity_kg=case(
                (SlotDay.booked_kg > slot.capacity_kg, SlotDay.booked_kg),
                else_=slot.capacity_kg,
            ),
        )
        .execution_options(synchronize_session=False)
    )


# A slot's per-day counters are the station's calendar: when the file changes a
# window's capacity, the days ahead follow (bookings only fill them).
async def _products_by_station(session: AsyncSession) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for station_id, product in await session.execute(
        select(StationProduct.station_id, StationProduct.product)
    ):
        out.setdefault(station_id, set()).add(product)
    return out


async def station_rows(session: AsyncSession) -> list[dict[str, str]]:
    """Every station as a row of the import format (export, then import, changes nothing)."""
    stations = list(await session.scalars(select(Station).order_by(Station.external_id)))
    products = await _products_by_station(session)
    slots: dict[int, list[Slot]] = {}
    for slot in await session.scalars(
        select(Slot).where(Slot.active.is_(True)).order_by(Slot.starts)
    ):
        slots.setdefault(slot.station_id, []).append(slot)
    rows = []
    for s in stations:
        specs = [SlotSpec(x.starts, x.ends, x.capacity, x.capacity_kg) for x in slots.get(s.id, [])]
        rows.append(
            {
                "id": s.external_id,
                "name": s.name,
                "lat": f"{s.lat:.6f}",
                "lon": f"{s.lon:.6f}",
                "address": s.address,
                "phone": s.phone,
                "open_hours": f"{hhmm(s.open_from)}-{hhmm(s.open_to)}",
                "slot_capacity": "|".join(spec.text() for spec in specs),
                "products": "|".join(sorted(products.get(s.id, ()))),
                "kind": s.kind.value,
                "cold_storage": "yes" if s.cold_storage else "no",
                "villages": s.villages,
            }
        )
    return rows


def write_rows(path: Path, header: Sequence[str], rows: Iterable[dict[str, str]]) -> None:
    """Write rows as CSV (UTF-8) or XLSX, by the file's suffix, formulas neutralised."""
    write_sheet(path, header, rows)
