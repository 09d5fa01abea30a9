"""booking confirmations: each booking form's ✅ is carried out once

Revision ID: 0006_booking_confirmations
Revises: 0005_alerts
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.models.types import UTCDateTime

revision: str = "0006_booking_confirmations"
down_revision: str | None = "0005_alerts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create booking_confirmations (draft id unique)."""
    op.create_table(
        "booking_confirmations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("draft_id", sa.String(length=32), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("telegram_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["booking_id"], ["bookings.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_booking_confirmations_draft_id", "booking_confirmations", ["draft_id"], unique=True
    )
    op.create_index(
        "ix_booking_confirmations_booking_id", "booking_confirmations", ["booking_id"]
    )


def downgrade() -> None:
    """Drop booking_confirmations."""
    op.drop_index("ix_booking_confirmations_booking_id", table_name="booking_confirmations")
    op.drop_index("ix_booking_confirmations_draft_id", table_name="booking_confirmations")
    op.drop_table("booking_confirmations")
