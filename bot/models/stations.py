"""Service stations, their collection slots, the village gazetteer and pickup bookings."""

from __future__ import annotations

import enum
from datetime import date, datetime, time

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.core.db import Base
from bot.models.types import UTCDateTime
from bot.models.users import utcnow


class StationKind(enum.StrEnum):
    """Who runs a station: Rural Taobao, JD, a co-op, a supply & marketing co-op (供销社),
    the post office, or someone else. Stored as text (no database enum): a new kind
    needs no migration."""

    taobao = "taobao"
    jd = "jd"
    coop = "coop"
    supply = "supply"
    postal = "postal"
    other = "other"


class BookingStatus(enum.StrEnum):
    """Where a pickup booking stands."""

    booked = "booked"
    cancelled = "cancelled"
    collected = "collected"
    no_show = "no_show"
    slot_closed = "slot_closed"  # staff closed the slot; the farmer may pick another


class PlaceKind(enum.StrEnum):
    """A gazetteer entry is a township (镇/乡/街道) or a village (村)."""

    town = "town"
    village = "village"


class Station(Base):
    """One village service station."""

    __tablename__ = "stations"
    # One group serves one station: linking it elsewhere moves it (bot/stations/groups.py).
    __table_args__ = (Index("ix_stations_group_chat_id", "group_chat_id", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # The `id` column of import files: any text the county uses, e.g. SG-07.
    external_id: Mapped[str] = mapped_column(String(40), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[StationKind] = mapped_column(
        Enum(StationKind, name="station_kind", native_enum=False, length=16),
        default=StationKind.other,
    )
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    open_from: Mapped[time] = mapped_column(Time)
    open_to: Mapped[time] = mapped_column(Time)
    cold_storage: Mapped[bool] = mapped_column(Boolean, default=False)
    # Villages the station serves, `|`-separated as in the import file.
    villages: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The station's Telegram group (a negative chat id), linked by its staff with /linkgroup.
    group_chat_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class StationProduct(Base):
    """A product (canonical lexicon name) a station collects."""

    __tablename__ = "station_products"

    station_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("stations.id", ondelete="CASCADE"), primary_key=True
    )
    product: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class Slot(Base):
    """A station's recurring daily collection window and how much it can take."""

    __tablename__ = "slots"
    __table_args__ = (
        Index("ix_slots_station_window", "station_id", "starts", "ends", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    station_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("stations.id", ondelete="CASCADE"), index=True
    )
    starts: Mapped[time] = mapped_column(Time)
    ends: Mapped[time] = mapped_column(Time)
    capacity: Mapped[int] = mapped_column(Integer)  # pickups
    capacity_kg: Mapped[int] = mapped_column(Integer)
    # A slot dropped from the station's import stays for its past bookings.
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class SlotDay(Base):
    """One slot on one date: the counter that bookings race for.

    Capacity is copied from the slot when the row is made, so the CHECK
    constraints below hold the line in the database itself: a booking takes a
    place with a conditional UPDATE, and no interleaving can overfill the day.
    """

    __tablename__ = "slot_days"
    __table_args__ = (
        Index("ix_slot_days_slot_day", "slot_id", "day", unique=True),
        CheckConstraint(
            "booked_count >= 0 AND booked_count <= capacity", name="ck_slot_days_count"
        ),
        CheckConstraint("booked_kg >= 0 AND booked_kg <= capacity_kg", name="ck_slot_days_kg"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    slot_id: Mapped[int] = mapped_column(Integer, ForeignKey("slots.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    capacity: Mapped[int] = mapped_column(Integer)
    capacity_kg: Mapped[int] = mapped_column(Integer)
    booked_count: Mapped[int] = mapped_column(Integer, default=0)
    booked_kg: Mapped[int] = mapped_column(Integer, default=0)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_reason: Mapped[str | None] = mapped_column(String(100), nullable=True)


class Village(Base):
    """A gazetteer entry: a township or village a farmer can name instead of a location."""

    __tablename__ = "villages"
    __table_args__ = (Index("ix_villages_name_town", "name", "town", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(50))
    # The township a village belongs to ('' for a township itself).
    town: Mapped[str] = mapped_column(String(50), default="")
    kind: Mapped[PlaceKind] = mapped_column(
        Enum(PlaceKind, name="place_kind", native_enum=False, length=16)
    )
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)


class Booking(Base):
    """A farmer's produce booked onto a station's collection round."""

    __tablename__ = "bookings"
    __table_args__ = (
        Index("ix_bookings_day_status", "day", "status"),
        Index("ix_bookings_station_day", "station_id", "day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Short, read aloud over the phone: 6 characters without 0/O/1/I.
    code: Mapped[str] = mapped_column(String(8), unique=True, index=True)
    farmer_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.telegram_id", ondelete="CASCADE"), index=True
    )
    station_id: Mapped[int] = mapped_column(Integer, ForeignKey("stations.id"))
    slot_id: Mapped[int] = mapped_column(Integer, ForeignKey("slots.id"))
    slot_day_id: Mapped[int] = mapped_column(Integer, ForeignKey("slot_days.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    product: Mapped[str] = mapped_column(String(40))
    quantity_text: Mapped[str] = mapped_column(String(40))
    quantity_kg: Mapped[int] = mapped_column(Integer)
    # Live animals booked by the head (两头黄牛, "5 cows"): the animal as the farmer said it,
    # shown instead of the meat `product` markets quote (牛肉), and its count (`heads_high`:
    # the top of an estimate, 十几头). Produce booked by weight keeps the heads NULL and in
    # `animal` the name the farmer said it by when not its own (洋芋 for 土豆: shown
    # 洋芋（土豆）), else NULL: one column for "the product as said", not a second one.
    animal: Mapped[str | None] = mapped_column(String(20), nullable=True)
    heads: Mapped[int | None] = mapped_column(Integer, nullable=True)
    heads_high: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[BookingStatus] = mapped_column(
        Enum(BookingStatus, name="booking_status", native_enum=False, length=16),
        default=BookingStatus.booked,
    )
    weighed_kg: Mapped[float | None] = mapped_column(Float, nullable=True)
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class BookingConfirmation(Base):
    """A booking form's ✅ that was carried out: the draft id is consumed once.

    Written in the same transaction as the booking (or the move) it confirmed,
    so pressing ✅ again on the same form (after a crash restored the
    conversation, or a double tap) finds this row and books nothing twice.
    """

    __tablename__ = "booking_confirmations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[str] = mapped_column(String(32), unique=True, index=True)
    booking_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("bookings.id", ondelete="CASCADE"), index=True
    )
    telegram_id: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class BotState(Base):
    """Conversation states and per-user drafts of the bot, so a restart loses nothing.

    Written by bot/telegram/persistence.py (PTB's persistence interface): `kind` is
    'conversation' (name = the conversation, key = chat and user) or 'user'
    (key = the Telegram user id); `data` is JSON.
    """

    __tablename__ = "bot_state"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
