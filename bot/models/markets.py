"""Markets: products, wholesale markets, daily prices, buyers' demand and farmers' offers."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.core.db import Base
from bot.models.types import UTCDateTime
from bot.models.users import utcnow


class Product(Base):
    """A product with prices; rows mirror the shared lexicon (knowledge/data/synonyms.yaml).

    Aliases are not stored: every name is resolved through `knowledge.text.lexicon`.
    """

    __tablename__ = "products"
    __table_args__ = (UniqueConstraint("name", name="uq_products_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    category: Mapped[str] = mapped_column(String(20), default="")
    en: Mapped[str] = mapped_column(String(50), default="")
    default_unit: Mapped[str] = mapped_column(String(8), default="斤")
    # How often farmers asked its price: the "which product?" buttons list the
    # most asked first.
    asked_count: Mapped[int] = mapped_column(Integer, default=0)


class Market(Base):
    """A wholesale market whose daily prices FarmHub quotes."""

    __tablename__ = "markets"
    __table_args__ = (UniqueConstraint("name", name="uq_markets_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    # What farmers call it ("新发地" for 北京新发地农产品批发市场); matched in questions.
    short_name: Mapped[str] = mapped_column(String(30), default="")
    province: Mapped[str] = mapped_column(String(20), default="")
    city: Mapped[str] = mapped_column(String(20), default="")
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)


class MarketPrice(Base):
    """One day's wholesale price of one product at one market, as the market quotes it."""

    __tablename__ = "prices"
    __table_args__ = (
        # The latest-price answer and the 30-day chart both seek by
        # (product, market) and walk days backwards: this index serves both and
        # is what makes a (date, product, market) unique.
        Index("ux_prices_product_market_day", "product_id", "market_id", "day", unique=True),
        # "What rose this week in my region": every product at a few markets
        # over the last days.
        Index("ix_prices_market_day", "market_id", "day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    market_id: Mapped[int] = mapped_column(ForeignKey("markets.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    low: Mapped[float | None] = mapped_column(Float, nullable=True)
    avg: Mapped[float] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float, nullable=True)
    unit: Mapped[str] = mapped_column(String(8))  # 斤 or 公斤: what the market quotes
    # `avg` per 斤, so markets quoting per 公斤 compare with the rest.
    avg_jin: Mapped[float] = mapped_column(Float)
    source: Mapped[str | None] = mapped_column(String(100), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class DemandListing(Base):
    """A buyer wants a product: how much, at what price, where, until when."""

    __tablename__ = "demand_listings"
    __table_args__ = (
        # One listing per buyer and product: re-importing updates it.
        UniqueConstraint("buyer", "product_id", name="uq_demand_listings_buyer_product"),
        Index("ix_demand_listings_product_valid", "product_id", "valid_until"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    buyer: Mapped[str] = mapped_column(String(100))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    quantity: Mapped[float] = mapped_column(Float)
    quantity_unit: Mapped[str] = mapped_column(String(8))  # 斤, 公斤 or 吨
    price: Mapped[float | None] = mapped_column(Float, nullable=True)  # None: negotiable
    price_unit: Mapped[str] = mapped_column(String(8), default="斤")
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    place: Mapped[str] = mapped_column(String(100), default="")
    valid_until: Mapped[date] = mapped_column(Date)
    contact: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class OfferStatus(enum.StrEnum):
    """A supply offer's life: drafted, confirmed (open), matched with a buyer, or dropped.

    `cancelled` is a draft the farmer dropped before any station saw it; `withdrawn`
    is an open offer the farmer took back (sold elsewhere, no longer selling).
    """

    draft = "draft"
    open = "open"
    matched = "matched"
    cancelled = "cancelled"
    withdrawn = "withdrawn"


class SupplyOffer(Base):
    """A farmer has produce to sell; station staff see it and match it with a buyer."""

    __tablename__ = "supply_offers"
    __table_args__ = (
        Index("ix_supply_offers_station_status", "station_id", "status"),
        Index("ix_supply_offers_farmer_status", "farmer_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    farmer_id: Mapped[int] = mapped_column(ForeignKey("users.telegram_id", ondelete="CASCADE"))
    # A draft may still lack its product or quantity: the bot asks for them.
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"), nullable=True)
    quantity: Mapped[float | None] = mapped_column(Float, nullable=True)
    quantity_unit: Mapped[str | None] = mapped_column(String(8), nullable=True)
    # Live animals listed by the head (20只羊, 十几头猪: 10 to 19): the count, with the
    # weight above in 斤 as stations deal; `heads_high` is None for a count said exactly.
    heads: Mapped[int | None] = mapped_column(Integer, nullable=True)
    heads_high: Mapped[int | None] = mapped_column(Integer, nullable=True)
    ready_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    price: Mapped[float | None] = mapped_column(Float, nullable=True)
    price_unit: Mapped[str | None] = mapped_column(String(8), nullable=True)
    # The farmer's station when they confirmed (users.station_id); no foreign
    # key because the stations table comes in a later migration.
    station_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[OfferStatus] = mapped_column(
        Enum(OfferStatus, name="offer_status", native_enum=False, length=16),
        default=OfferStatus.draft,
    )
    text: Mapped[str] = mapped_column(String(300), default="")  # what the farmer typed
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    matched_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    matched_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
