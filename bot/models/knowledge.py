"""The knowledge base, and the questions it could not answer."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Enum, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.core.db import Base
from bot.models.types import MEDIA_KIND_LENGTH, UTCDateTime
from bot.models.users import utcnow


class KbEntry(Base):
    """One question-and-answer entry of the knowledge base."""

    __tablename__ = "kb_entries"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    question: Mapped[str] = mapped_column(Text)
    alt_questions: Mapped[list[str]] = mapped_column(JSON, default=list)
    answer: Mapped[str] = mapped_column(Text)
    # A picture shown with the answer: an http(s) URL or a Telegram file_id.
    photo: Mapped[str | None] = mapped_column(String(512), nullable=True)
    # The entry in English, where the base has it (English-mode farmers get it; issue 13).
    question_en: Mapped[str | None] = mapped_column(Text, nullable=True)
    answer_en: Mapped[str | None] = mapped_column(Text, nullable=True)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    category: Mapped[str] = mapped_column(String(32), index=True)
    # The search tokens, cached so start-up need not re-run jieba over every
    # entry; `tokens_version` says which dictionary made them.
    tokens: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    tokens_version: Mapped[str | None] = mapped_column(String(16), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(64), nullable=True)


class QuestionStatus(enum.StrEnum):
    """Where a farmer's unanswered question stands."""

    unanswered = "unanswered"  # the base had no answer; kept even if never forwarded
    open = "open"  # forwarded to the station, waiting for staff
    answered = "answered"
    dismissed = "dismissed"  # staff closed it without a reply (🗑 不用回复 in /questions)


class OpenQuestion(Base):
    """A question the knowledge base could not answer, sent to the farmer's station."""

    __tablename__ = "open_questions"
    __table_args__ = (Index("ix_open_questions_station_status", "station_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    farmer_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.telegram_id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    photo_file_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    # A spoken question: the voice (or video note) itself, its kind and length in seconds.
    media_kind: Mapped[str | None] = mapped_column(String(MEDIA_KIND_LENGTH), nullable=True)
    media_file_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    media_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)
    station_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[QuestionStatus] = mapped_column(
        Enum(QuestionStatus, name="question_status", native_enum=False, length=16),
        default=QuestionStatus.unanswered,
    )
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    answer: Mapped[str | None] = mapped_column(Text, nullable=True)
    answered_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # A spoken answer: the staff member's voice (or video note), pushed to the farmer as it is.
    answer_media_kind: Mapped[str | None] = mapped_column(String(MEDIA_KIND_LENGTH), nullable=True)
    answer_file_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    kb_entry_id: Mapped[str | None] = mapped_column(
        String(64), ForeignKey("kb_entries.id", ondelete="SET NULL"), nullable=True
    )
    # When the farmer said not to send it to the station (不用了): nothing sent later
    # joins it, so a photo or voice after that starts a question of its own.
    kept_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class QuestionMedia(Base):
    """A photo or recording of a question's thread, with the part of the thread it came with.

    A thread is the question's text parts (`questions.THREAD_SEP`); staff see each part
    with its files, in order. The question's first photo and first recording are also
    kept on the question itself (`photo_file_id`, `media_file_id`).
    """

    __tablename__ = "question_media"
    __table_args__ = (Index("ix_question_media_question_part", "question_id", "part"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    question_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("open_questions.id", ondelete="CASCADE")
    )
    # The thread part it came with: 0 the question, 1 the first addition, ...
    part: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(MEDIA_KIND_LENGTH))  # a MediaKind
    file_id: Mapped[str] = mapped_column(String(255))
    seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)


class PhrasingStatus(enum.StrEnum):
    """Where a proposed phrasing of an entry stands."""

    proposed = "proposed"
    approved = "approved"
    rejected = "rejected"


class KbPhrasing(Base):
    """A farmer's wording proposed as another phrasing of an entry, until an admin decides."""

    __tablename__ = "kb_phrasings"
    __table_args__ = (Index("ix_kb_phrasings_entry_text", "entry_id", "text", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("kb_entries.id", ondelete="CASCADE")
    )
    text: Mapped[str] = mapped_column(String(200))
    # Where it came from: "suggestion" (a farmer picked the entry), "staff" (a
    # forwarded question answered with the entry), "admin".
    source: Mapped[str] = mapped_column(String(32))
    status: Mapped[PhrasingStatus] = mapped_column(
        Enum(PhrasingStatus, name="phrasing_status", native_enum=False, length=16),
        default=PhrasingStatus.proposed,
        index=True,
    )
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    decided_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
