"""The audit log: every change staff or admins make to data, who made it and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.core import clock
from bot.core.db import Base
from bot.models.types import UTCDateTime


class AuditEntry(Base):
    """One change: who (a Telegram id, or None from the command line), what, when, before/after."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_actor_at", "actor_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    # "chat" for an action in the bot, "cli" for the command line.
    via: Mapped[str] = mapped_column(String(16), default="chat")
    # A dotted name such as "role.grant", "booking.collect", "kb.save".
    action: Mapped[str] = mapped_column(String(64))
    # What was changed, readable: "user 10002", "booking F3K9", "kb 羊拉稀".
    target: Mapped[str] = mapped_column(String(200), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
