"""products, markets, prices, demand and supply offers

Revision ID: 0003_markets
Revises: 0002_knowledge
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.models.types import UTCDateTime

revision: str = "0003_markets"
down_revision: str | None = "0002_knowledge"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create products, markets, prices, demand_listings and supply_offers."""
    op.create_table(
        "products",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("en", sa.String(length=50), nullable=False),
        sa.Column("default_unit", sa.String(length=8), nullable=False),
        sa.Column("asked_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name", name="uq_products_name"),
    )
    op.create_table(
        "markets",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("short_name", sa.String(length=30), nullable=False),
        sa.Column("province", sa.String(length=20), nullable=False),
        sa.Column("city", sa.String(length=20), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name", name="uq_markets_name"),
    )
    op.create_table(
        "prices",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("market_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("low", sa.Float(), nullable=True),
        sa.Column("avg", sa.Float(), nullable=False),
        sa.Column("high", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("avg_jin", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["market_id"], ["markets.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    # The latest-price answer and the 30-day chart seek (product, market) and
    # walk days backwards; the benchmark (bench/prices.py) measures it.
    op.create_index(
        "ux_prices_product_market_day",
        "prices",
        ["product_id", "market_id", "day"],
        unique=True,
    )
    op.create_index("ix_prices_market_day", "prices", ["market_id", "day"])
    op.create_table(
        "demand_listings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("buyer", sa.String(length=100), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("quantity_unit", sa.String(length=8), nullable=False),
        sa.Column("price", sa.Float(), nullable=True),
        sa.Column("price_unit", sa.String(length=8), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("contact", sa.String(length=100), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("buyer", "product_id", name="uq_demand_listings_buyer_product"),
    )
    op.create_index(
        "ix_demand_listings_product_valid", "demand_listings", ["product_id", "valid_until"]
    )
    op.create_table(
        "supply_offers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("farmer_id", sa.BigInteger(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("quantity", sa.Float(), nullable=True),
        sa.Column("quantity_unit", sa.String(length=8), nullable=True),
        sa.Column("ready_date", sa.Date(), nullable=True),
        sa.Column("price", sa.Float(), nullable=True),
        sa.Column("price_unit", sa.String(length=8), nullable=True),
        sa.Column("station_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "open",
                "matched",
                "cancelled",
                name="offer_status",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("confirmed_at", UTCDateTime(), nullable=True),
        sa.Column("matched_at", UTCDateTime(), nullable=True),
        sa.Column("matched_by", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["farmer_id"], ["users.telegram_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_supply_offers_station_status", "supply_offers", ["station_id", "status"])
    op.create_index("ix_supply_offers_farmer_status", "supply_offers", ["farmer_id", "status"])


def downgrade() -> None:
    """Drop the market tables, children first."""
    op.drop_index("ix_supply_offers_farmer_status", table_name="supply_offers")
    op.drop_index("ix_supply_offers_station_status", table_name="supply_offers")
    op.drop_table("supply_offers")
    op.drop_index("ix_demand_listings_product_valid", table_name="demand_listings")
    op.drop_table("demand_listings")
    op.drop_index("ix_prices_market_day", table_name="prices")
    op.drop_index("ux_prices_product_market_day", table_name="prices")
    op.drop_table("prices")
    op.drop_table("markets")
    op.drop_table("products")
