"""Rounds a stations file leaves booked beyond its capacity: found, told, never cancelled.

Telegram-free. A file may lower a slot's capacity below what is already booked on
days ahead; the bookings are kept (their counters stay at what is booked), and the
import's result names those rounds so the preview can warn before ✅.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.timeofday import hhmm, parse_hhmm
from bot.imports import ImportResult
from bot.models.stations import Slot, SlotDay, Station

# The rounds (a slot on a day, today on) that hold more bookings than the file now
# allows: the bookings are kept, the admin is told which (result.names, encoded).
OVER_CAPACITY = "rounds over capacity"


@dataclass(frozen=True)
class OverBooked:
    """A round with more bookings than its slot's capacity in the file."""

    station: str  # the station's id in the file
    name: str
    day: date
    starts: time
    ends: time
    booked: int
    capacity: int
    booked_kg: int
    capacity_kg: int

    def encode(self) -> str:
        """One line of ImportResult.names (decoded by `decode`)."""
        numbers = (self.booked, self.capacity, self.booked_kg, self.capacity_kg)
        # A tab in a name (a spreadsheet may keep one) would split the line: a space instead.
        name = self.name.replace("\t", " ")
        parts = [self.station, name, self.day.isoformat(), hhmm(self.starts), hhmm(self.ends)]
        return "\t".join([*parts, *map(str, numbers)])

    @classmethod
    def decode(cls, line: str) -> OverBooked:
        """The round a line of `encode` describes."""
        station, name, day, starts, ends, *numbers = line.split("\t")
        booked, capacity, booked_kg, capacity_kg = map(int, numbers)
        return cls(
            station,
            name,
            date.fromisoformat(day),
            parse_hhmm(starts),
            parse_hhmm(ends),
            booked,
            capacity,
            booked_kg,
            capacity_kg,
        )


def over_booked(result: ImportResult) -> list[OverBooked]:
    """The rounds a stations import left over capacity (empty for any other result)."""
    return [OverBooked.decode(line) for line in result.names.get(OVER_CAPACITY, [])]


async def over_capacity(
    session: AsyncSession, external_ids: Sequence[str], today: date
) -> list[OverBooked]:
    """Rounds from `today` on at these stations booked beyond their slot's capacity now."""
    if not external_ids:
        return []
    found = await session.execute(
        select(Station.external_id, Station.name, SlotDay, Slot)
        .join(Slot, Slot.station_id == Station.id)
        .join(SlotDay, SlotDay.slot_id == Slot.id)
        .where(
            Station.external_id.in_(external_ids),
            Slot.active.is_(True),
            SlotDay.day >= today,
            (SlotDay.booked_count > Slot.capacity) | (SlotDay.booked_kg > Slot.capacity_kg),
        )
        .order_by(Station.external_id, SlotDay.day, Slot.starts)
    )
    return [
        OverBooked(
            external_id,
            name,
            day.day,
            slot.starts,
            slot.ends,
            day.booked_count,
            slot.capacity,
            day.booked_kg,
            slot.capacity_kg,
        )
        for external_id, name, day, slot in found
    ]
