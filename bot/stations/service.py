"""Service stations: importing them, the village gazetteer, and finding the nearest ones.

Telegram-free. Station files follow the contract header
`id,name,lat,lon,address,phone,open_hours,slot_capacity,products`
(optional `kind,cold_storage,villages`) and go through bot.imports like every
import: every bad cell is reported, and nothing changes unless the whole file
is valid. The nearest-station search runs on an in-memory grid index (bot.core.geo)
that is rebuilt whenever the stations table changes.
"""

from __future__ import annotations

import asyncio
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.geo import GridIndex, Hit, Point, haversine_km
from bot.imports import (
    Checker,
    ImportResult,
    Row,
    Table,
    check_header,
    parse_latitude,
    parse_longitude,
    read_table,
    split_list,
    write_sheet,
)
from bot.models.stations import (
    PlaceKind,
    Slot,
    Station,
    StationKind,
    StationProduct,
    Village,
)
from bot.models.users import Role, User, utcnow
from knowledge.text.lexicon import lexicon, pinyin_key
from knowledge.text.normalise import normalise

# A farmer farther than this from every station is outside the served area:
# a collection truck will not drive that far for one pickup.
SERVED_RADIUS_KM = 30.0
# When a station file gives only a number of pickups per slot, each slot can
# take that many pickups of this weight on average (a small truck's round).
DEFAULT_KG_PER_PICKUP = 500
NEAREST_COUNT = 3
MAX_PICKUPS_PER_SLOT = 10_000
MAX_KG_PER_SLOT = 10_000_000

REQUIRED_COLUMNS = (
    "id",
    "name",
    "lat",
    "lon",
    "address",
    "phone",
    "open_hours",
    "slot_capacity",
    "products",
)
OPTIONAL_COLUMNS = ("kind", "cold_storage", "villages")
VILLAGE_COLUMNS = ("name", "lat", "lon")
VILLAGE_OPTIONAL = ("town",)

KIND_WORDS = {
    "taobao": StationKind.taobao,
    "村淘": StationKind.taobao,
    "淘宝": StationKind.taobao,
    "农村淘宝": StationKind.taobao,
    "jd": StationKind.jd,
    "京东": StationKind.jd,
    "coop": StationKind.coop,
    "供销社": StationKind.coop,
    "合作社": StationKind.coop,
    "postal": StationKind.postal,
    "邮政": StationKind.postal,
    "other": StationKind.other,
    "其他": StationKind.other,
}
TRUE_WORDS = {"yes", "y", "true", "1", "是", "有"}
FALSE_WORDS = {"no", "n", "false", "0", "否", "无", "没有"}
_RANGE = re.compile(r"^\s*(\d{1,2}:\d{2})\s*(?:-|–|—|~|～|至|到)\s*(\d{1,2}:\d{2})\s*$")
_PHONE = re.compile(r"^[0-9+\-() ]{5,40}$")
# Suffixes dropped to match a place typed without them: 三元朱 finds 三元朱村.
_PLACE_SUFFIXES = ("街道办事处", "街道", "社区", "镇", "乡", "村")


# --- parsing one station row ---------------------------------------------------


@dataclass(frozen=True)
class SlotSpec:
    """A collection window as written in a station file."""

    starts: time
    ends: time
    capacity: int
    capacity_kg: int

    def text(self) -> str:
        """The window as the import file writes it: 08:00-10:00=10/5000."""
        return f"{hhmm(self.starts)}-{hhmm(self.ends)}={self.capacity}/{self.capacity_kg}"


@dataclass(frozen=True)
class StationRecord:
    """One valid row of a station file."""

    external_id: str
    name: str
    lat: float
    lon: float
    address: str
    phone: str
    open_from: time
    open_to: time
    slots: tuple[SlotSpec, ...]
    products: tuple[str, ...]
    kind: StationKind = StationKind.other
    cold_storage: bool = False
    villages: tuple[str, ...] = ()


def hhmm(value: time) -> str:
    """A time of day as HH:MM."""
    return value.strftime("%H:%M")


def parse_hhmm(raw: str) -> time:
    """A time of day written H:MM or HH:MM."""
    try:
        hours, minutes = (int(part) for part in raw.strip().split(":"))
        return time(hours, minutes)
    except ValueError:
        raise ValueError(f"{raw!r} is not a time of day HH:MM") from None


def parse_hours(raw: str) -> tuple[time, time]:
    """Opening hours like 08:00-18:00 (the station must close after it opens)."""
    match = _RANGE.match(raw)
    if match is None:
        raise ValueError(f"{raw!r} is not opening hours like 08:00-18:00")
    start, end = parse_hhmm(match.group(1)), parse_hhmm(match.group(2))
    if end <= start:
        raise ValueError(f"{raw!r}: closing time must be after opening time")
    return start, end


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def _at(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def default_slots(pickups: int, kg: int, open_from: time, open_to: time) -> tuple[SlotSpec, ...]:
    """A morning round in the first two opening hours, and an afternoon round.

    The afternoon round is 14:00-16:00 when the station is open then, else the
    last two opening hours; a station open under four hours has one round.
    """
    start, end = _minutes(open_from), _minutes(open_to)
    if end - start < 240:
        return (SlotSpec(open_from, open_to, pickups, kg),)
    morning = SlotSpec(open_from, _at(start + 120), pickups, kg)
    afternoon_start = 14 * 60 if start + 120 <= 14 * 60 and 16 * 60 <= end else end - 120
    afternoon = SlotSpec(_at(afternoon_start), _at(afternoon_start + 120), pickups, kg)
    return (morning, afternoon)


def _parse_capacity(raw: str) -> tuple[int, int | None]:
    pickups_raw, _, kg_raw = raw.partition("/")
    try:
        pickups = int(pickups_raw.strip())
        kg = int(kg_raw.strip()) if kg_raw.strip() else None
    except ValueError:
        raise ValueError(
            f"{raw!r} is not a capacity: write pickups per slot (10), optionally with "
            "kilograms (10/5000)"
        ) from None
    if pickups <= 0 or (kg is not None and kg <= 0):
        raise ValueError(f"{raw!r}: capacities must be greater than 0")
    # Far above any real station, far below the INTEGER columns' limit.
    if pickups > MAX_PICKUPS_PER_SLOT:
        raise ValueError(f"{raw!r}: at most {MAX_PICKUPS_PER_SLOT} pickups per slot")
    if kg is not None and kg > MAX_KG_PER_SLOT:
        raise ValueError(f"{raw!r}: at most {MAX_KG_PER_SLOT} kg per slot")
    return pickups, kg


def parse_slots(raw: str, open_from: time, open_to: time) -> tuple[SlotSpec, ...]:
    """Slot capacity: `10`, `10/5000`, or explicit windows `07:00-09:00=10/5000|15:00-17:00=8`."""
    if "=" not in raw:
        pickups, kg = _parse_capacity(raw)
        return default_slots(pickups, kg or pickups * DEFAULT_KG_PER_PICKUP, open_from, open_to)
    slots: list[SlotSpec] = []
    for part in split_list(raw):
        window, _, capacity = part.partition("=")
        if not capacity:
            raise ValueError(f"{part!r}: write each window as 08:00-10:00=10 or =10/5000")
        starts, ends = parse_hours(window)
        pickups, kg = _parse_capacity(capacity)
        if starts < open_from or ends > open_to:
            raise ValueError(
                f"slot {hhmm(starts)}-{hhmm(ends)} is outside the opening hours "
                f"{hhmm(open_from)}-{hhmm(open_to)}"
            )
        for other in slots:
            if starts < other.ends and other.starts < ends:
                raise ValueError(
                    f"slot {hhmm(starts)}-{hhmm(ends)} overlaps "
                    f"{hhmm(other.starts)}-{hhmm(other.ends)}"
                )
        slots.append(SlotSpec(starts, ends, pickups, kg or pickups * DEFAULT_KG_PER_PICKUP))
    if not slots:
        raise ValueError("no collection slot given")
    return tuple(sorted(slots, key=lambda s: s.starts))


def product_categories() -> dict[str, tuple[str, ...]]:
    """Category name (蔬菜, 粮食, ...) -> the canonical products in it."""
    out: dict[str, list[str]] = {}
    for product in lexicon().products.values():
        out.setdefault(product.category, []).append(product.name)
    return {name: tuple(products) for name, products in out.items()}


def parse_products(raw: str) -> tuple[str, ...]:
    """Products by any name, or whole categories (蔬菜), `|`-separated; canonical names out."""
    names: list[str] = []
    unknown: list[str] = []
    categories = product_categories()
    for word in split_list(raw):
        if word in categories:
            names.extend(categories[word])
            continue
        product = lexicon().product(word)
        if product is None:
            unknown.append(word)
        else:
            names.append(product.name)
    if unknown:
        hints = []
        for word in unknown:
            close = lexicon().closest_products(word)
            hints.append(f"{word!r}" + (f" (did you mean {'/'.join(close)}?)" if close else ""))
        raise ValueError(
            f"unknown product {', '.join(hints)}; use a product name or a category "
            f"({', '.join(categories)})"
        )
    if not names:
        raise ValueError("no product given")
    return tuple(dict.fromkeys(names))


def parse_kind(raw: str) -> StationKind:
    """taobao, jd, coop, postal or other (or their Chinese names)."""
    kind = KIND_WORDS.get(raw.strip().lower())
    if kind is None:
        raise ValueError(f"{raw!r} is not a station kind (taobao, jd, coop, postal, other)")
    return kind


def parse_bool(raw: str) -> bool:
    """yes/no, true/false, 1/0, 是/否, 有/无."""
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"{raw!r} is not yes or no")


def _parse_phone(raw: str) -> str:
    if not _PHONE.match(raw):
        raise ValueError(f"{raw!r} is not a phone number")
    return raw


def _parse_text(limit: int) -> Any:
    def parse(raw: str) -> str:
        if len(raw) > limit:
            raise ValueError(f"longer than {limit} characters")
        return raw

    return parse


def check_stations(table: Table) -> list[StationRecord]:
    """Every row of a station file as records, or ImportFailed with every problem."""
    check_header(table, REQUIRED_COLUMNS, OPTIONAL_COLUMNS)
    checker = Checker()
    records: list[StationRecord] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        record = _check_row(checker, row)
        external_id = row.get("id")
        if external_id in seen:
            checker.add(row, "id", f"{external_id!r} repeats row {seen[external_id]}")
            continue
        if external_id:
            seen[external_id] = row.number
        if record is not None:
            records.append(record)
    if not table.rows:
        checker.add(1, "-", "the file has no stations")
    checker.raise_if_any()
    return records


def _check_row(checker: Checker, row: Row) -> StationRecord | None:
    before = len(checker.errors)
    external_id = checker.cell(row, "id", _parse_text(40))
    name = checker.cell(row, "name", _parse_text(100))
    lat = checker.cell(row, "lat", parse_latitude)
    lon = checker.cell(row, "lon", parse_longitude)
    address = checker.cell(row, "address", _parse_text(200), required=False) or ""
    phone = checker.cell(row, "phone", _parse_phone, required=False) or ""
    hours = checker.cell(row, "open_hours", parse_hours)
    products = checker.cell(row, "products", parse_products)
    kind = checker.cell(row, "kind", parse_kind, required=False) or StationKind.other
    cold = checker.cell(row, "cold_storage", parse_bool, required=False) or False
    villages = tuple(split_list(row.get("villages")))
    if len("|".join(villages)) > 2000:
        checker.add(row, "villages", "longer than 2000 characters")
    slots: tuple[SlotSpec, ...] | None = None
    if hours is not None:
        slots = checker.cell(row, "slot_capacity", lambda raw: parse_slots(raw, *hours))
    else:
        # Still check the capacity's own form, so one run reports every problem.
        checker.cell(row, "slot_capacity", lambda raw: parse_slots(raw, time(0), time(23, 59)))
    if len(checker.errors) > before:
        return None
    assert external_id and name and lat is not None and lon is not None
    assert hours is not None and products and slots
    return StationRecord(
        external_id=external_id,
        name=name,
        lat=lat,
        lon=lon,
        address=address,
        phone=phone,
        open_from=hours[0],
        open_to=hours[1],
        slots=slots,
        products=products,
        kind=kind,
        cold_storage=cold,
        villages=villages,
    )


# --- writing stations ----------------------------------------------------------


async def import_stations(
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
            _apply_fields(station, record)
            session.add(station)
            await session.flush()
            await _sync_products(session, station, record.products)
            await _sync_slots(session, station, record.slots)
            result.added += 1
            continue
        if not overwrite:
            result.unchanged += 1
            continue
        changed = _apply_fields(station, record)
        changed |= await _sync_products(session, station, record.products)
        changed |= await _sync_slots(session, station, record.slots)
        if changed:
            # The nearest-station index notices changes by updated_at.
            station.updated_at = utcnow()
            result.updated += 1
        else:
            result.unchanged += 1
    await session.flush()
    return result


def _apply_fields(station: Station, record: StationRecord) -> bool:
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
    changed = False
    for name, value in values.items():
        if getattr(station, name, None) != value:
            setattr(station, name, value)
            changed = True
    return changed


async def _sync_products(session: AsyncSession, station: Station, products: Sequence[str]) -> bool:
    current = set(
        await session.scalars(
            select(StationProduct.product).where(StationProduct.station_id == station.id)
        )
    )
    wanted = set(products)
    if current == wanted:
        return False
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
    return True


async def _sync_slots(session: AsyncSession, station: Station, specs: Sequence[SlotSpec]) -> bool:
    from bot.bookings.service import update_future_capacity

    slots = {
        (s.starts, s.ends): s
        for s in await session.scalars(select(Slot).where(Slot.station_id == station.id))
    }
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
    return changed


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


# --- the gazetteer ---------------------------------------------------------------


@dataclass(frozen=True)
class VillageRecord:
    """One valid row of a gazetteer file."""

    name: str
    town: str
    lat: float
    lon: float


def check_villages(table: Table) -> list[VillageRecord]:
    """Every row of a gazetteer file (name,town,lat,lon), or ImportFailed."""
    check_header(table, VILLAGE_COLUMNS, VILLAGE_OPTIONAL)
    checker = Checker()
    out: list[VillageRecord] = []
    seen: dict[tuple[str, str], int] = {}
    for row in table.rows:
        before = len(checker.errors)
        name = checker.cell(row, "name", _parse_text(50))
        town = checker.cell(row, "town", _parse_text(50), required=False) or ""
        lat = checker.cell(row, "lat", parse_latitude)
        lon = checker.cell(row, "lon", parse_longitude)
        if len(checker.errors) > before:
            continue
        assert name and lat is not None and lon is not None
        if (name, town) in seen:
            checker.add(
                row, "name", f"{name!r} in {town or 'the county'} repeats row {seen[(name, town)]}"
            )
            continue
        seen[(name, town)] = row.number
        out.append(VillageRecord(name, town, lat, lon))
    checker.raise_if_any()
    return out


async def import_villages(
    session: AsyncSession, records: Sequence[VillageRecord], overwrite: bool = True
) -> ImportResult:
    """Add or move gazetteer entries by (name, town)."""
    result = ImportResult()
    existing = {(v.name, v.town): v for v in await session.scalars(select(Village))}
    for record in records:
        kind = PlaceKind.village if record.town else PlaceKind.town
        village = existing.get((record.name, record.town))
        if village is None:
            session.add(
                Village(
                    name=record.name, town=record.town, kind=kind, lat=record.lat, lon=record.lon
                )
            )
            result.added += 1
        elif overwrite and (village.lat, village.lon, village.kind) != (
            record.lat,
            record.lon,
            kind,
        ):
            village.lat, village.lon, village.kind = record.lat, record.lon, kind
            result.updated += 1
        else:
            result.unchanged += 1
    await session.flush()
    return result


@dataclass(frozen=True)
class Place:
    """Somewhere a farmer named: a gazetteer entry, or a village a station serves."""

    name: str
    town: str
    lat: float
    lon: float
    id: int | None = None  # the gazetteer id; None for a station's served village

    @property
    def label(self) -> str:
        """The name with its township when it has one: 王家庄村（稻田镇）."""
        return f"{self.name}（{self.town}）" if self.town else self.name


def _core(name: str) -> str:
    for suffix in _PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@dataclass(frozen=True)
class PlaceMatch:
    """What a typed place name found: one place, several same-named ones, or near misses."""

    place: Place | None
    choices: tuple[Place, ...] = ()
    suggestions: tuple[Place, ...] = ()


# --- the in-memory catalogue: stations, their index, places ----------------------


@dataclass(frozen=True)
class StationInfo:
    """A station as the farmer-facing features see it."""

    id: int
    external_id: str
    name: str
    kind: StationKind
    lat: float
    lon: float
    address: str
    phone: str
    open_from: time
    open_to: time
    cold_storage: bool
    products: frozenset[str]
    villages: tuple[str, ...] = ()

    def is_open(self, at: time) -> bool:
        """Whether the station is open at this local time of day."""
        return self.open_from <= at < self.open_to

    def accepts(self, product: str | None) -> bool:
        """Whether the station collects this product (any product when None)."""
        return product is None or product in self.products


@dataclass
class Catalog:
    """Active stations, their grid index and every place name, built from the database."""

    stations: dict[int, StationInfo]
    index: GridIndex[StationInfo]
    places: list[Place]
    by_name: dict[str, list[Place]] = field(default_factory=dict)

    @classmethod
    def build(cls, stations: Iterable[StationInfo], villages: Iterable[Place]) -> Catalog:
        """Index the stations and every way of naming a place."""
        stations = list(stations)
        places = list(villages)
        named = {(p.name, p.town) for p in places}
        # A village a station serves is a place too, at the station, unless the
        # gazetteer already has it.
        for station in stations:
            for name in station.villages:
                if not any(key[0] == name for key in named):
                    places.append(Place(name, "", station.lat, station.lon))
                    named.add((name, ""))
        by_name: dict[str, list[Place]] = {}
        for place in places:
            for key in {place.name, _core(place.name)}:
                by_name.setdefault(key, []).append(place)
        return cls(
            stations={s.id: s for s in stations},
            index=GridIndex(Point(s.lat, s.lon, s) for s in stations),
            places=places,
            by_name=by_name,
        )

    def nearest(
        self,
        lat: float,
        lon: float,
        *,
        product: str | None = None,
        open_at: time | None = None,
        k: int = NEAREST_COUNT,
        max_km: float | None = None,
    ) -> list[Hit[StationInfo]]:
        """The k nearest stations that take `product` (and are open at `open_at`)."""

        def accept(station: StationInfo) -> bool:
            return station.accepts(product) and (open_at is None or station.is_open(open_at))

        return self.index.nearest(lat, lon, k=k, accept=accept, max_km=max_km)

    def find_place(self, text: str) -> PlaceMatch:
        """The place a farmer typed (alone or inside a sentence), or the closest names."""
        typed = normalise(text)
        typed = re.sub(r"[\s,，。.!！?？]", "", typed)
        if not typed:
            return PlaceMatch(None)
        for key in (typed, _core(typed)):
            found = self.by_name.get(key)
            if found:
                return _one_or_choices(found, typed)
        # A place named inside a sentence: the longest name that occurs wins.
        contained = [name for name in self.by_name if len(name) >= 2 and name in typed]
        if contained:
            longest = max(contained, key=len)
            return _one_or_choices(self.by_name[longest], typed)
        # Typed by sound (pinyin input picks the wrong characters): 三元竹 -> 三元朱.
        sound = pinyin_key(_core(typed))
        by_sound = [p for name, ps in self.by_name.items() if pinyin_key(name) == sound for p in ps]
        if by_sound:
            return _one_or_choices(list(dict.fromkeys(by_sound)), typed)
        return PlaceMatch(None, suggestions=tuple(self.closest_places(typed)))

    def closest_places(self, typed: str, n: int = 3) -> list[Place]:
        """Places whose names look or sound most like `typed`, for "did you mean" buttons."""
        target = " ".join(pinyin_key(_core(typed)))
        scored: dict[Place, float] = {}
        for name, places in self.by_name.items():
            by_chars = difflib.SequenceMatcher(None, _core(typed), name).ratio()
            by_sound = difflib.SequenceMatcher(None, target, " ".join(pinyin_key(name))).ratio()
            score = max(by_chars, by_sound * 0.9)
            for place in places:
                scored[place] = max(scored.get(place, 0.0), score)
        ranked = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0].name, kv[0].town))
        return [place for place, score in ranked[:n] if score >= 0.4]


def _one_or_choices(found: list[Place], typed: str) -> PlaceMatch:
    # "稻田镇王家庄村" names both: keep the ones whose township was typed too.
    unique = list(dict.fromkeys(found))
    if len(unique) == 1:
        return PlaceMatch(unique[0])
    # A township and its same-named village (侯镇, 侯镇村) are one place to a farmer.
    towns = [p for p in unique if not p.town]
    if len(towns) == 1 and all(p.town == towns[0].name for p in unique if p.town):
        return PlaceMatch(towns[0])
    narrowed = [p for p in unique if p.town and _core(p.town) in typed] or unique
    if len(narrowed) == 1:
        return PlaceMatch(narrowed[0])
    return PlaceMatch(None, choices=tuple(sorted(narrowed, key=lambda p: (p.town, p.name))))


_cache: dict[str, tuple[tuple[Any, ...], Catalog]] = {}
_cache_lock = asyncio.Lock()
# Endings of Chinese place names, for telling "三元朱村" from "好的" without a lookup.
PLACE_ENDINGS = (*"村镇乡庄屯营集寨堡湾店铺坊园区县市", "街道", "社区")


def looks_like_place(text: str) -> bool:
    """Whether a short text names a place: a place ending, or a name the catalogue knows."""
    text = normalise(text).strip(" ,，。.!！?？")
    if not text:
        return False
    if text.endswith(PLACE_ENDINGS):
        return True
    return any(text in cat.by_name for _, cat in _cache.values())


async def _signature(session: AsyncSession) -> tuple[Any, ...]:
    stations = (
        await session.execute(select(func.count(Station.id), func.max(Station.updated_at)))
    ).one()
    villages = (
        await session.execute(
            select(func.count(Village.id), func.max(Village.id), func.sum(Village.lat))
        )
    ).one()
    return (*stations, *villages)


async def catalog(session: AsyncSession) -> Catalog:
    """The catalogue of the session's database, rebuilt only when stations or villages changed."""
    bind = session.get_bind()
    url = str(bind.url if isinstance(bind, Engine) else bind.engine.url)
    signature = await _signature(session)
    cached = _cache.get(url)
    if cached is not None and cached[0] == signature:
        return cached[1]
    async with _cache_lock:
        cached = _cache.get(url)
        if cached is not None and cached[0] == signature:
            return cached[1]
        built = Catalog.build(await load_stations(session), await _load_places(session))
        _cache[url] = (signature, built)
        return built


async def _products_by_station(session: AsyncSession) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for station_id, product in await session.execute(
        select(StationProduct.station_id, StationProduct.product)
    ):
        out.setdefault(station_id, set()).add(product)
    return out


def info_of(station: Station, products: Iterable[str]) -> StationInfo:
    """The StationInfo of a stored station."""
    return StationInfo(
        id=station.id,
        external_id=station.external_id,
        name=station.name,
        kind=station.kind,
        lat=station.lat,
        lon=station.lon,
        address=station.address,
        phone=station.phone,
        open_from=station.open_from,
        open_to=station.open_to,
        cold_storage=station.cold_storage,
        products=frozenset(products),
        villages=tuple(split_list(station.villages)),
    )


async def load_stations(session: AsyncSession) -> list[StationInfo]:
    """Every active station with its products."""
    products = await _products_by_station(session)
    stations = await session.scalars(select(Station).where(Station.active.is_(True)))
    return [info_of(s, products.get(s.id, ())) for s in stations]


async def _load_places(session: AsyncSession) -> list[Place]:
    villages = await session.scalars(select(Village).order_by(Village.id))
    return [Place(v.name, v.town, v.lat, v.lon, v.id) for v in villages]


async def get_station(session: AsyncSession, station_id: int) -> StationInfo | None:
    """One active station by its id, or None."""
    station = await session.get(Station, station_id)
    if station is None or not station.active:
        return None
    products = await session.scalars(
        select(StationProduct.product).where(StationProduct.station_id == station_id)
    )
    return info_of(station, products)


async def get_place(session: AsyncSession, village_id: int) -> Place | None:
    """A gazetteer entry by id (from a "did you mean" button), or None."""
    village = await session.get(Village, village_id)
    if village is None:
        return None
    return Place(village.name, village.town, village.lat, village.lon, village.id)


# --- finding stations for a farmer ------------------------------------------------


@dataclass(frozen=True)
class Nearby:
    """A station near the farmer, with its distance and whether it is open now."""

    station: StationInfo
    km: float
    open_now: bool


@dataclass(frozen=True)
class Finding:
    """The answer to "which stations are near me": up to three, or why there are none."""

    stations: tuple[Nearby, ...]
    outside: bool = False  # the nearest station is beyond SERVED_RADIUS_KM
    nearest_km: float | None = None
    product: str | None = None


async def find_stations(
    session: AsyncSession,
    lat: float,
    lon: float,
    *,
    product: str | None = None,
    now_local: datetime,
    k: int = NEAREST_COUNT,
) -> Finding:
    """The k nearest stations taking `product`: open ones first, then closed ones to fill.

    A farmer asking in the evening still gets the nearest stations, marked as
    closed with their opening hours, rather than nothing.
    """
    cat = await catalog(session)
    at = now_local.time()
    open_hits = cat.nearest(lat, lon, product=product, open_at=at, k=k, max_km=SERVED_RADIUS_KM)
    chosen = [Nearby(h.item, h.km, True) for h in open_hits]
    if len(chosen) < k:
        taken = {n.station.id for n in chosen}
        for hit in cat.nearest(
            lat, lon, product=product, k=k + len(chosen), max_km=SERVED_RADIUS_KM
        ):
            if hit.item.id not in taken and len(chosen) < k:
                chosen.append(Nearby(hit.item, hit.km, hit.item.is_open(at)))
    if chosen:
        return Finding(tuple(chosen), product=product)
    # Nothing within reach: say how far the nearest one is.
    closest = cat.nearest(lat, lon, product=product, k=1)
    if not closest:
        return Finding((), outside=True, product=product)
    hit = closest[0]
    return Finding(
        (Nearby(hit.item, hit.km, hit.item.is_open(at)),),
        outside=True,
        nearest_km=hit.km,
        product=product,
    )


async def find_place(session: AsyncSession, text: str) -> PlaceMatch:
    """A place typed by a farmer, looked up in the gazetteer and the stations' villages."""
    return (await catalog(session)).find_place(text)


async def remember_home(
    session: AsyncSession, telegram_id: int, lat: float, lon: float, place: str | None = None
) -> None:
    """Store where the farmer is, so the next search needs no location."""
    user = await session.get(User, telegram_id)
    if user is None:
        return
    user.home_lat, user.home_lon, user.home_place = lat, lon, (place or None)
    await session.flush()


async def remember_station(session: AsyncSession, telegram_id: int, station_id: int) -> None:
    """Store a farmer's preferred station (a staff member keeps their own station)."""
    user = await session.get(User, telegram_id)
    if user is None or user.role is not Role.farmer:
        return
    user.station_id = station_id
    await session.flush()


async def _station_by_file_id(session: AsyncSession, external_id: str) -> Station:
    station = await session.scalar(select(Station).where(Station.external_id == external_id))
    if station is None and external_id.isdigit():
        station = await session.get(Station, int(external_id))
    if station is None:
        raise LookupError(f"no station with id {external_id!r}")
    return station


async def add_staff(session: AsyncSession, telegram_id: int, external_id: str) -> User:
    """Make a Telegram user staff of the station with this file id (registering them if new)."""
    station = await _station_by_file_id(session, external_id)
    user = await session.get(User, telegram_id)
    if user is None:
        user = User(telegram_id=telegram_id, name="", language="zh", active=True)
        session.add(user)
    user.role = Role.staff
    user.station_id = station.id
    await session.flush()
    return user


async def remove_staff(
    session: AsyncSession, telegram_id: int, external_id: str | None = None
) -> str:
    """Take a staff member off their station (checked against `external_id` if given).

    They become a farmer; returns the station's file id ("" if they had none).
    """
    station = await _station_by_file_id(session, external_id) if external_id else None
    user = await session.get(User, telegram_id)
    if (
        user is None
        or user.role is not Role.staff
        or (station is not None and user.station_id != station.id)
    ):
        where = f" of station {external_id!r}" if external_id else ""
        raise LookupError(f"user {telegram_id} is not staff{where}")
    if station is None and user.station_id is not None:
        station = await session.get(Station, user.station_id)
    # No station either: a farmer's station_id is a preference they choose themselves.
    user.role = Role.farmer
    user.station_id = None
    await session.flush()
    return station.external_id if station is not None else ""


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Kilometres between two (lat, lon) pairs."""
    return haversine_km(a[0], a[1], b[0], b[1])


# --- the shipped sample ------------------------------------------------------------

SAMPLE_STATIONS = Path(__file__).resolve().parents[2] / "knowledge" / "data" / "stations.csv"
SAMPLE_VILLAGES = Path(__file__).resolve().parents[2] / "knowledge" / "data" / "villages.yaml"
# The sandbox's staff member (bot/sample.py) runs this sample station.
SANDBOX_STAFF = (20001, "SG01")


async def load_sample(session: AsyncSession) -> int:
    """The sample county's stations and gazetteer, through the same import code; adds only."""
    stations = await import_stations(
        session, check_stations(read_table(SAMPLE_STATIONS)), overwrite=False
    )
    villages = await import_villages(
        session, check_villages(read_table(SAMPLE_VILLAGES)), overwrite=False
    )
    telegram_id, external_id = SANDBOX_STAFF
    user = await session.get(User, telegram_id)
    if user is not None and user.role is Role.staff and user.station_id is None:
        station = await session.scalar(select(Station).where(Station.external_id == external_id))
        if station is not None:
            user.station_id = station.id
            await session.flush()
    return stations.added + villages.added
