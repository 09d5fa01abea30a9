"""Broadcasts: a station's (or the county's) notice to a chosen audience of farmers."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.core.db import Base
from bot.models.types import UTCDateTime
from bot.models.users import utcnow


class AudienceKind(enum.StrEnum):
    """Who a broadcast goes to."""

    station = "station"  # farmers of one station (usual station, bookings, offers)
    radius = "radius"  # farmers whose home is within radius_km of a station
    product = "product"  # farmers of a product (alerts, offers, bookings)
    stations = "stations"  # farmers of any station (admins only)
    all = "all"  # every farmer (admins only)


class BroadcastStatus(enum.StrEnum):
    """Where a broadcast is: waiting for its time, queued in the outbox, reported, cancelled."""

    scheduled = "scheduled"  # waits for send_at; may be cancelled
    sending = "sending"  # expanded into outbox messages: no longer cancellable
    done = "done"  # every message settled and the sender told
    cancelled = "cancelled"


class Broadcast(Base):
    """One notice: what it says, who it is for, when it goes, and its delivery run."""

    __tablename__ = "broadcasts"
    __table_args__ = (Index("ix_broadcasts_status_send_at", "status", "send_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # The chat draft it came from: the same confirmation handled twice (an
    # update redelivered after a crash) finds this row instead of sending again.
    draft_id: Mapped[str | None] = mapped_column(String(32), unique=True, nullable=True)
    # Who sent it (None from the command line) and for which station it speaks
    # (None for the county's own notices to everyone).
    sender_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True, index=True)
    station_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("stations.id", ondelete="SET NULL"), nullable=True, index=True
    )
    audience: Mapped[AudienceKind] = mapped_column(
        Enum(AudienceKind, name="broadcast_audience", native_enum=False, length=16)
    )
    radius_km: Mapped[float | None] = mapped_column(Float, nullable=True)
    product: Mapped[str | None] = mapped_column(String(50), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    # A Telegram file_id; or, from the command line, the image itself in
    # photo_data until the bot has uploaded it once (then photo holds its file_id).
    photo: Mapped[str | None] = mapped_column(Text, nullable=True)
    photo_data: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    status: Mapped[BroadcastStatus] = mapped_column(
        Enum(BroadcastStatus, name="broadcast_status", native_enum=False, length=16),
        default=BroadcastStatus.scheduled,
    )
    send_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The audience size the sender saw in the preview; the run counts what was queued.
    planned: Mapped[int] = mapped_column(Integer, default=0)
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("delivery_runs.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
