"""service stations, villages, slots and bookings

Revision ID: 0004_stations
Revises: 0003_markets
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.models.types import UTCDateTime

revision: str = "0004_stations"
down_revision: str | None = "0003_markets"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# users.station_id stays a plain integer on purpose: adding a foreign key would
# make SQLite rebuild the users table, and dropping it would cascade-delete the
# rows of every table that references users. The services check station ids.


def upgrade() -> None:
    """Create stations, station_products, slots, slot_days, villages, bookings, bot_state."""
    op.create_table(
        "stations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("external_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "taobao", "jd", "coop", "postal", "other",
                name="station_kind", native_enum=False, length=16,
            ),
            nullable=False,
        ),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("open_from", sa.Time(), nullable=False),
        sa.Column("open_to", sa.Time(), nullable=False),
        sa.Column("cold_storage", sa.Boolean(), nullable=False),
        sa.Column("villages", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_stations_external_id", "stations", ["external_id"], unique=True)

    op.create_table(
        "station_products",
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("product", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["station_id"], ["stations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("station_id", "product"),
    )
    op.create_index("ix_station_products_product", "station_products", ["product"])

    op.create_table(
        "slots",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("starts", sa.Time(), nullable=False),
        sa.Column("ends", sa.Time(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("capacity_kg", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["station_id"], ["stations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_slots_station_id", "slots", ["station_id"])
    op.create_index(
        "ix_slots_station_window", "slots", ["station_id", "starts", "ends"], unique=True
    )

    op.create_table(
        "slot_days",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("slot_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("capacity_kg", sa.Integer(), nullable=False),
        sa.Column("booked_count", sa.Integer(), nullable=False),
        sa.Column("booked_kg", sa.Integer(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("closed_reason", sa.String(length=100), nullable=True),
        sa.CheckConstraint(
            "booked_count >= 0 AND booked_count <= capacity", name="ck_slot_days_count"
        ),
        sa.CheckConstraint("booked_kg >= 0 AND booked_kg <= capacity_kg", name="ck_slot_days_kg"),
        sa.ForeignKeyConstraint(["slot_id"], ["slots.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_slot_days_slot_day", "slot_days", ["slot_id", "day"], unique=True)

    op.create_table(
        "villages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("town", sa.String(length=50), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("town", "village", name="place_kind", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_villages_name_town", "villages", ["name", "town"], unique=True)

    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("farmer_id", sa.BigInteger(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("slot_id", sa.Integer(), nullable=False),
        sa.Column("slot_day_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("product", sa.String(length=40), nullable=False),
        sa.Column("quantity_text", sa.String(length=40), nullable=False),
        sa.Column("quantity_kg", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "booked", "cancelled", "collected", "no_show", "slot_closed",
                name="booking_status", native_enum=False, length=16,
            ),
            nullable=False,
        ),
        sa.Column("weighed_kg", sa.Float(), nullable=True),
        sa.Column("reminder_sent_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["farmer_id"], ["users.telegram_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["station_id"], ["stations.id"]),
        sa.ForeignKeyConstraint(["slot_id"], ["slots.id"]),
        sa.ForeignKeyConstraint(["slot_day_id"], ["slot_days.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_bookings_code", "bookings", ["code"], unique=True)
    op.create_index("ix_bookings_farmer_id", "bookings", ["farmer_id"])
    op.create_index("ix_bookings_slot_day_id", "bookings", ["slot_day_id"])
    op.create_index("ix_bookings_day_status", "bookings", ["day", "status"])
    op.create_index("ix_bookings_station_day", "bookings", ["station_id", "day"])

    op.create_table(
        "bot_state",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "name", "key"),
    )


def downgrade() -> None:
    """Drop the tables of this revision, children first."""
    op.drop_table("bot_state")
    for name in (
        "ix_bookings_station_day",
        "ix_bookings_day_status",
        "ix_bookings_slot_day_id",
        "ix_bookings_farmer_id",
        "ix_bookings_code",
    ):
        op.drop_index(name, table_name="bookings")
    op.drop_table("bookings")
    op.drop_index("ix_villages_name_town", table_name="villages")
    op.drop_table("villages")
    op.drop_index("ix_slot_days_slot_day", table_name="slot_days")
    op.drop_table("slot_days")
    op.drop_index("ix_slots_station_window", table_name="slots")
    op.drop_index("ix_slots_station_id", table_name="slots")
    op.drop_table("slots")
    op.drop_index("ix_station_products_product", table_name="station_products")
    op.drop_table("station_products")
    op.drop_index("ix_stations_external_id", table_name="stations")
    op.drop_table("stations")
