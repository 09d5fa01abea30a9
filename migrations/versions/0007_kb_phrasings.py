"""phrasings of knowledge entries proposed from farmers' words

Revision ID: 0007_kb_phrasings
Revises: 0006_booking_confirmations
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.models.types import UTCDateTime

revision: str = "0007_kb_phrasings"
down_revision: str | None = "0006_booking_confirmations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create kb_phrasings."""
    op.create_table(
        "kb_phrasings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entry_id", sa.String(length=64), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "proposed",
                "approved",
                "rejected",
                name="phrasing_status",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("proposed_at", UTCDateTime(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["entry_id"], ["kb_entries.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_kb_phrasings_entry_text", "kb_phrasings", ["entry_id", "text"], unique=True
    )
    op.create_index("ix_kb_phrasings_status", "kb_phrasings", ["status"])


def downgrade() -> None:
    """Drop kb_phrasings."""
    op.drop_index("ix_kb_phrasings_status", table_name="kb_phrasings")
    op.drop_index("ix_kb_phrasings_entry_text", table_name="kb_phrasings")
    op.drop_table("kb_phrasings")
