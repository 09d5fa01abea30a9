"""Admins' data work from the chat: uploads waiting for confirmation, applies (for /undo), drafts.

An upload keeps the file's bytes between the preview and the admin's confirmation,
so the apply reads exactly what was previewed. An apply keeps the rows it changed
as they were before and after (bot/admindata/changes.py), so /undo can restore
them exactly and refuse when someone changed them since. A draft is a knowledge
entry a staff member saved from a reply: it answers nobody until an admin approves it.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Enum,
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


class UploadStatus(enum.StrEnum):
    """Where an uploaded file stands."""

    pending = "pending"  # previewed, waiting for the admin's confirmation
    applied = "applied"
    cancelled = "cancelled"


class DataUpload(Base):
    """A file an admin sent, kept with its bytes until it is applied or cancelled."""

    __tablename__ = "data_uploads"
    __table_args__ = (Index("ix_data_uploads_user_status", "user_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigInteger)
    file_name: Mapped[str] = mapped_column(String(255))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    # None until recognised from the header or chosen with a button.
    kind: Mapped[str | None] = mapped_column(String(16), nullable=True)
    status: Mapped[UploadStatus] = mapped_column(
        Enum(UploadStatus, name="upload_status", native_enum=False, length=16),
        default=UploadStatus.pending,
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DataApply(Base):
    """One applied import (chat or command line): who, when, what, and the rows it changed."""

    __tablename__ = "data_applies"
    __table_args__ = (Index("ix_data_applies_user_undone", "user_id", "undone_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # None for the command line.
    user_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    via: Mapped[str] = mapped_column(String(16), default="chat")
    kind: Mapped[str] = mapped_column(String(16))
    file_name: Mapped[str] = mapped_column(String(255))
    # {"added": n, "updated": n, "unchanged": n}
    counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    # bot.admindata.changes.ChangeSet.to_json(): the rows before and after, per table.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    undone_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    # The price alerts this apply queued (a price import's): /undo withdraws those not
    # sent yet and corrects those that went (bot/admindata/alerts.py).
    alert_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("delivery_runs.id", ondelete="SET NULL"), nullable=True
    )


class DraftStatus(enum.StrEnum):
    """Where a draft entry stands."""

    waiting = "waiting"
    approved = "approved"
    rejected = "rejected"


class KbDraft(Base):
    """A knowledge entry proposed by staff (saved from a reply), live only once approved."""

    __tablename__ = "kb_drafts"
    __table_args__ = (Index("ix_kb_drafts_status", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(String(64))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(32))
    # The open question it was saved from (open_questions.id), if any.
    question_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    proposed_by: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[DraftStatus] = mapped_column(
        Enum(DraftStatus, name="draft_status", native_enum=False, length=16),
        default=DraftStatus.waiting,
    )
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    decided_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
