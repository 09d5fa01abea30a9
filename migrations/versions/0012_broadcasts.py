"""broadcasts: station notices to farmers, and the farmers' opt-out

Revision ID: 0012_broadcasts
Revises: 0011_roles
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.models.types import UTCDateTime

revision: str = "0012_broadcasts"
down_revision: str | None = "0011_roles"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create broadcasts; add users.notices_off (false: everyone gets notices)."""
    op.add_column(
        "users",
        sa.Column("notices_off", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "broadcasts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("draft_id", sa.String(length=32), nullable=True),
        sa.Column("sender_id", sa.BigInteger(), nullable=True),
        sa.Column("station_id", sa.Integer(), nullable=True),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("radius_km", sa.Float(), nullable=True),
        sa.Column("product", sa.String(length=50), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("photo", sa.Text(), nullable=True),
        sa.Column("photo_data", sa.LargeBinary(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("send_at", UTCDateTime(), nullable=False),
        sa.Column("planned", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=True),
        sa.Column("reported_at", UTCDateTime(), nullable=True),
        sa.Column("cancelled_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["station_id"], ["stations.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["run_id"], ["delivery_runs.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("draft_id"),
    )
    op.create_index("ix_broadcasts_status_send_at", "broadcasts", ["status", "send_at"])
    op.create_index("ix_broadcasts_sender_id", "broadcasts", ["sender_id"])
    op.create_index("ix_broadcasts_station_id", "broadcasts", ["station_id"])


def downgrade() -> None:
    """Drop broadcasts and users.notices_off."""
    op.drop_index("ix_broadcasts_station_id", table_name="broadcasts")
    op.drop_index("ix_broadcasts_sender_id", table_name="broadcasts")
    op.drop_index("ix_broadcasts_status_send_at", table_name="broadcasts")
    op.drop_table("broadcasts")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("notices_off")
