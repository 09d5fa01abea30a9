"""A station file's rows read and checked: the columns, opening hours, collection windows and
their capacity, products, kind, yes/no cells, into `StationRecord`s, or every problem at once.

Telegram-free. Writing the checked records: bot/stations/importer.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from typing import Any

from bot.core.timeofday import hhmm, parse_hhmm
from bot.imports import (
    Checker,
    ProblemError,
    Row,
    Table,
    check_header,
    check_position,
    problem,
    split_list,
)
from bot.models.stations import StationKind
from knowledge.text.lexicon import lexicon

# When a station file gives only a number of pickups per slot, each slot can
# take that many pickups of this weight on average (a small truck's round).
DEFAULT_KG_PER_PICKUP = 500
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

KIND_WORDS = {
    "taobao": StationKind.taobao,
    "村淘": StationKind.taobao,
    "淘宝": StationKind.taobao,
    "农村淘宝": StationKind.taobao,
    "jd": StationKind.jd,
    "京东": StationKind.jd,
    "coop": StationKind.coop,
    "supply": StationKind.supply,
    "供销社": StationKind.supply,
    "合作社": StationKind.coop,
    "postal": StationKind.postal,
    "邮政": StationKind.postal,
    "other": StationKind.other,
    "其他": StationKind.other,
}
TRUE_WORDS = {"yes", "y", "true", "1", "是", "有"}
FALSE_WORDS = {"no", "n", "false", "0", "否", "无", "没有"}
# Opening hours as people write them: 08:00-18:00, 8:00—18:00, 8点-18点, 8点半到17点, 8-18.
_TIME = r"\d{1,2}(?:[:：]\d{2}|[点时](?:半|\d{1,2}分?)?)?"
_RANGE = re.compile(rf"^\s*({_TIME})\s*(?:-|–|—|~|～|至|到)\s*({_TIME})\s*$")
_SAID_TIME = re.compile(r"(\d{1,2})(?:[:：](\d{2})|[点时](半|\d{1,2})?分?)?")
_PHONE = re.compile(r"^[0-9+\-() ]{5,40}$")


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
    # The optional columns the file has: one it leaves out keeps a station's value.
    given: frozenset[str] = frozenset(OPTIONAL_COLUMNS)


def parse_hours(raw: str) -> tuple[time, time]:
    """Opening hours like 08:00-18:00 (the station must close after it opens)."""
    match = _RANGE.match(raw)
    if match is None:
        raise ProblemError("not_hours", raw=raw)
    start, end = _hhmm(match.group(1)), _hhmm(match.group(2))
    if end <= start:
        raise ProblemError("closes_before_opening", raw=raw)
    return start, end


def _hhmm(raw: str) -> time:
    said = _SAID_TIME.fullmatch(raw)
    try:
        if said is None:
            return parse_hhmm(raw)
        hour, minutes, spoken = said.group(1), said.group(2), said.group(3)
        minute = 30 if spoken == "半" else int(spoken or minutes or 0)
        return parse_hhmm(f"{int(hour)}:{minute:02d}")
    except ValueError:
        raise ProblemError("not_time", raw=raw) from None


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
        raise ProblemError("not_capacity", raw=raw) from None
    if pickups <= 0 or (kg is not None and kg <= 0):
        raise ProblemError("capacity_positive", raw=raw)
    # Far above any real station, far below the INTEGER columns' limit.
    if pickups > MAX_PICKUPS_PER_SLOT:
        raise ProblemError("max_pickups", raw=raw, max=MAX_PICKUPS_PER_SLOT)
    if kg is not None and kg > MAX_KG_PER_SLOT:
        raise ProblemError("max_kg", raw=raw, max=MAX_KG_PER_SLOT)
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
            raise ProblemError("window_form", part=part)
        starts, ends = parse_hours(window)
        pickups, kg = _parse_capacity(capacity)
        if starts < open_from or ends > open_to:
            raise ProblemError(
                "slot_outside",
                slot=f"{hhmm(starts)}-{hhmm(ends)}",
                hours=f"{hhmm(open_from)}-{hhmm(open_to)}",
            )
        for other in slots:
            if starts < other.ends and other.starts < ends:
                raise ProblemError(
                    "slot_overlap",
                    slot=f"{hhmm(starts)}-{hhmm(ends)}",
                    other=f"{hhmm(other.starts)}-{hhmm(other.ends)}",
                )
        slots.append(SlotSpec(starts, ends, pickups, kg or pickups * DEFAULT_KG_PER_PICKUP))
    if not slots:
        raise ProblemError("no_slot")
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
            hints.append(
                problem("product_word_close", word=word, close="/".join(close))
                if close
                else problem("product_word", word=word)
            )
        raise ProblemError("unknown_products", words=tuple(hints), categories=tuple(categories))
    if not names:
        raise ProblemError("no_product")
    return tuple(dict.fromkeys(names))


def parse_kind(raw: str) -> StationKind:
    """taobao, jd, coop, supply, postal or other (or their Chinese names)."""
    kind = KIND_WORDS.get(raw.strip().lower())
    if kind is None:
        raise ProblemError("not_station_kind", raw=raw)
    return kind


def parse_bool(raw: str) -> bool:
    """yes/no, true/false, 1/0, 是/否, 有/无."""
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ProblemError("not_yes_no", raw=raw)


def _parse_phone(raw: str) -> str:
    if not _PHONE.match(raw):
        raise ProblemError("not_phone", raw=raw)
    return raw


def _parse_text(limit: int) -> Any:
    def parse(raw: str) -> str:
        if len(raw) > limit:
            raise ProblemError("too_long_bare", limit=limit)
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
            checker.add(row, "id", problem("id_repeats", id=external_id, row=seen[external_id]))
            continue
        if external_id:
            seen[external_id] = row.number
        if record is not None:
            records.append(record)
    if not table.rows:
        checker.add(1, "-", problem("no_stations"))
    checker.raise_if_any()
    return records


def _check_row(checker: Checker, row: Row) -> StationRecord | None:
    before = len(checker.errors)
    external_id = checker.cell(row, "id", _parse_text(40))
    name = checker.cell(row, "name", _parse_text(100))
    lat, lon = check_position(checker, row)
    address = checker.cell(row, "address", _parse_text(200), required=False) or ""
    phone = checker.cell(row, "phone", _parse_phone, required=False) or ""
    hours = checker.cell(row, "open_hours", parse_hours)
    products = checker.cell(row, "products", parse_products)
    kind = checker.cell(row, "kind", parse_kind, required=False) or StationKind.other
    cold = checker.cell(row, "cold_storage", parse_bool, required=False) or False
    villages = tuple(split_list(row.get("villages")))
    if len("|".join(villages)) > 2000:
        checker.add(row, "villages", problem("too_long_bare", limit=2000))
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
        given=frozenset(c for c in OPTIONAL_COLUMNS if c in row.cells),
    )
