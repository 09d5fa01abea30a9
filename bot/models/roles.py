"""Invitations: one-time deep links that make whoever opens them staff of a station."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Enum, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.core import clock
from bot.core.db import Base
from bot.models.types import UTCDateTime
from bot.models.users import Role


class Invite(Base):
    """One invitation link; only the code's hash is stored (the link is the secret)."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[Role] = mapped_column(
        Enum(Role, name="invite_role", native_enum=False, length=16), default=Role.staff
    )
    station_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The admin who made it (None from the command line).
    created_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    used_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
