"""The shipped sample county: its stations and gazetteer, and the sandbox's staff member."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.imports import read_table
from bot.models.stations import Station
from bot.models.users import Role, User
from bot.stations.file_checks import check_stations
from bot.stations.gazetteer import check_villages, store_villages
from bot.stations.importer import store_stations

# --- the shipped sample ------------------------------------------------------------

SAMPLE_STATIONS = Path(__file__).resolve().parents[2] / "knowledge" / "data" / "stations.csv"
SAMPLE_VILLAGES = Path(__file__).resolve().parents[2] / "knowledge" / "data" / "villages.yaml"
# The sandbox's staff member (bot/sample.py) runs this sample station.
SANDBOX_STAFF = (20001, "SG01")


async def load_sample(session: AsyncSession) -> int:
    """The sample county's stations and gazetteer, through the same import code; adds only."""
    stations = await store_stations(
        session, check_stations(read_table(SAMPLE_STATIONS)), overwrite=False
    )
    villages = await store_villages(
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
