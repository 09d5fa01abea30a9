"""knowledge base entries and unanswered questions

Revision ID: 0002_knowledge
Revises: 0001_users
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.models.types import UTCDateTime

revision: str = "0002_knowledge"
down_revision: str | None = "0001_users"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create kb_entries and open_questions."""
    op.create_table(
        "kb_entries",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("alt_questions", sa.JSON(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("photo", sa.String(length=512), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("tokens", sa.JSON(), nullable=True),
        sa.Column("tokens_version", sa.String(length=16), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_kb_entries_category", "kb_entries", ["category"])
    op.create_table(
        "open_questions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("farmer_id", sa.BigInteger(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("photo_file_id", sa.String(length=255), nullable=True),
        sa.Column("station_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "unanswered",
                "open",
                "answered",
                name="question_status",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("asked_at", UTCDateTime(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.BigInteger(), nullable=True),
        sa.Column("answered_at", UTCDateTime(), nullable=True),
        sa.Column("kb_entry_id", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["farmer_id"], ["users.telegram_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["kb_entry_id"], ["kb_entries.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_open_questions_farmer_id", "open_questions", ["farmer_id"])
    op.create_index("ix_open_questions_station_status", "open_questions", ["station_id", "status"])


def downgrade() -> None:
    """Drop open_questions and kb_entries."""
    op.drop_index("ix_open_questions_station_status", table_name="open_questions")
    op.drop_index("ix_open_questions_farmer_id", table_name="open_questions")
    op.drop_table("open_questions")
    op.drop_index("ix_kb_entries_category", table_name="kb_entries")
    op.drop_table("kb_entries")
