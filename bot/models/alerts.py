"""Price alerts and the delivery engine: subscriptions, the outbox, and delivery runs."""

from __future__ import annotations

import enum
from datetime import datetime, time

from sqlalchemy import (
    BigInteger,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.core.db import Base
from bot.models.types import MEDIA_KIND_LENGTH, UTCDateTime
from bot.models.users import utcnow


class AlertKind(enum.StrEnum):
    """What a subscription watches: a daily digest, a threshold, or a day-to-day move."""

    daily = "daily"  # a digest at a chosen time of day
    above = "above"  # the price rises to X 元/斤 or more
    below = "below"  # the price falls to X 元/斤 or less
    move = "move"  # the price moves more than Y% from the previous price day


class AlertStatus(enum.StrEnum):
    """Whether a subscription sends: active, paused by the farmer, or paused because blocked."""

    active = "active"
    paused = "paused"
    # The farmer blocked the bot (403); the alert resumes by itself once they
    # talk to the bot again (users.active is true again).
    blocked = "blocked"


class AlertSubscription(Base):
    """One farmer's alert on one product at one market, a region, or the markets nearest
    a place named or the farmer's home."""

    __tablename__ = "alert_subscriptions"
    __table_args__ = (
        # A price import looks up every threshold and move subscription of the
        # products it touched; the digest job every daily one at its time.
        Index("ix_alert_subscriptions_product_kind", "product_id", "kind"),
        Index("ix_alert_subscriptions_kind_time", "kind", "at_time"),
        Index("ix_alert_subscriptions_user_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.telegram_id", ondelete="CASCADE")
    )
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    # One market, or a region (a city or province), or a place named where no market
    # quotes (潍坊, a village: the markets nearest its point), or none of them: the
    # farmer's nearest markets.
    market_id: Mapped[int | None] = mapped_column(
        ForeignKey("markets.id", ondelete="CASCADE"), nullable=True
    )
    region: Mapped[str | None] = mapped_column(String(20), nullable=True)
    place: Mapped[str | None] = mapped_column(String(50), nullable=True)
    place_lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    place_lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    kind: Mapped[AlertKind] = mapped_column(
        Enum(AlertKind, name="alert_kind", native_enum=False, length=16)
    )
    # 元/斤 for above/below, a percentage for move, None for daily.
    threshold: Mapped[float | None] = mapped_column(Float, nullable=True)
    # The unit the farmer said the threshold in (公斤), for showing it; None: 斤.
    unit: Mapped[str | None] = mapped_column(String(8), nullable=True)
    # The name the farmer asked by when not the product's own (洋芋 for 土豆), shown with it.
    said: Mapped[str | None] = mapped_column(String(20), nullable=True)
    # The local time (settings.timezone) of a daily digest.
    at_time: Mapped[time | None] = mapped_column(Time, nullable=True)
    status: Mapped[AlertStatus] = mapped_column(
        Enum(AlertStatus, name="alert_status", native_enum=False, length=16),
        default=AlertStatus.active,
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class OutboxStatus(enum.StrEnum):
    """Where an outgoing push is in its life.

    queued → claimed (held in the sender's memory, never tried) → sending (the
    request may be on the wire) → sent | failed | blocked; a retry goes back to
    claimed with a later not_before. After a crash, claimed rows are queued
    again and sending rows become `doubt`: they may or may not have arrived.
    """

    queued = "queued"
    claimed = "claimed"
    sending = "sending"
    sent = "sent"
    failed = "failed"
    blocked = "blocked"
    doubt = "doubt"
    # A personal push to someone who has not started the bot yet (400 "chat not
    # found"): kept, and queued again when they do (bot/delivery/outbox.py).
    waiting = "waiting"


class RunKind(enum.StrEnum):
    """What a delivery run carries; /deliveries names each one (alerts.deliveries.kind.*)."""

    alert = "alert"  # threshold and move alerts fired by new prices
    digest = "digest"  # the daily price digests
    reminder = "reminder"  # pickup reminders
    broadcast = "broadcast"  # a station's or the county's notice (/broadcast)
    correction = "correction"  # alerts sent on a price an admin then undid, corrected


class DeliveryRun(Base):
    """One batch of pushes (an alert run, a digest, a broadcast) and its counts."""

    __tablename__ = "delivery_runs"
    __table_args__ = (Index("ix_delivery_runs_created_at", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # a RunKind
    label: Mapped[str] = mapped_column(String(200), default="")
    # Counters are updated in the same transaction as the outbox rows they
    # count, so they always agree with the outbox.
    queued: Mapped[int] = mapped_column(Integer, default=0)
    sent: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    blocked: Mapped[int] = mapped_column(Integer, default=0)
    in_doubt: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    @property
    def done(self) -> int:
        """How many messages reached a final state."""
        return self.sent + self.failed + self.blocked + self.in_doubt


class OutboxMessage(Base):
    """One outgoing push, written in the same transaction as what caused it."""

    __tablename__ = "outbox"
    __table_args__ = (
        # The idempotency key: re-running a digest or re-importing prices
        # cannot queue the same push twice.
        UniqueConstraint("key", name="uq_outbox_key"),
        # The sender's claim: queued rows in (priority, id) order.
        Index("ix_outbox_status_priority_id", "status", "priority", "id"),
        Index("ix_outbox_chat_id_status", "chat_id", "status"),
        Index("ix_outbox_run_id", "run_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(120))
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("delivery_runs.id", ondelete="SET NULL"), nullable=True
    )
    source: Mapped[str] = mapped_column(String(16))  # alert, digest, broadcast, reminder
    chat_id: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text)
    # An inline keyboard as Telegram's JSON ({"inline_keyboard": [[...]]}), or None.
    markup: Mapped[str | None] = mapped_column(Text, nullable=True)
    # A file sent with the push (a Telegram file_id) and what it is (bot.models.types.MediaKind):
    # a photo or a voice with `text` as its caption; a video note (no caption) after `text`.
    media_kind: Mapped[str | None] = mapped_column(String(MEDIA_KIND_LENGTH), nullable=True)
    media: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Lower goes first: a pickup reminder before a price digest.
    priority: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[OutboxStatus] = mapped_column(
        Enum(OutboxStatus, name="outbox_status", native_enum=False, length=16),
        default=OutboxStatus.queued,
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    error: Mapped[str | None] = mapped_column(String(300), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def photo(self) -> str | None:
        """The photo's file_id when the push carries a photo (what this column was before 0010)."""
        return self.media if self.media_kind == "photo" else None
