"""Users: farmers, station staff and admins, keyed by their Telegram id."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, Enum, Float, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from bot.core import clock
from bot.core.db import Base
from bot.models.types import UTCDateTime


def utcnow() -> datetime:
    """Timezone-aware now in UTC from the process clock (bot/core/clock.py)."""
    return clock.utcnow()


class Role(enum.StrEnum):
    """What a user may do: farmers ask and book, staff run a station, admins edit data."""

    farmer = "farmer"
    staff = "staff"
    admin = "admin"


class User(Base):
    """One Telegram user who has talked to FarmHub."""

    __tablename__ = "users"

    telegram_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(200), default="")
    username: Mapped[str | None] = mapped_column(String(64), nullable=True)
    language: Mapped[str] = mapped_column(String(8), default="zh")
    # Picked with /language (or "English please"): kept whatever they type. Until then the
    # language follows what they write (handlers/common.py `follow_written_language`).
    language_chosen: Mapped[bool] = mapped_column(default=False, server_default=false())
    role: Mapped[Role] = mapped_column(
        Enum(Role, name="user_role", native_enum=False, length=16), default=Role.farmer
    )
    home_lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    home_lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    home_place: Mapped[str | None] = mapped_column(String(100), nullable=True)
    # The station this user belongs to (a farmer's preferred one, or a staff
    # member's own). Plain integer until the stations table exists.
    station_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    # A staff member's own station as a farmer, kept while station_id is their workplace
    # and given back when the job ends (bot/users.py `make_staff`, `demote`).
    home_station_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    active: Mapped[bool] = mapped_column(default=True)
    # Where the role came from: "config" (admin_ids, re-applied at every start),
    # "chat", "cli" or "invite" (granted, kept until revoked); None for farmers.
    role_source: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # Who granted it (an admin's Telegram id; None from config or the command line).
    granted_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    # When they first wrote to the bot: None for someone granted a role before
    # that, whom Telegram will not let the bot message yet ("chat not found").
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # The command menu last set for their chat ("staff:zh"), None for the default.
    menu: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # The farmer turned station notices (broadcasts) off; their price alerts still come.
    notices_off: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
