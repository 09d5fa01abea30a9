"""kb english: an entry's question and answer in English, where the base has them

Revision ID: 0014_kb_english
Revises: 0013_admindata
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_kb_english"
down_revision: str | None = "0013_admindata"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add kb_entries.question_en and answer_en (empty: Chinese only)."""
    op.add_column("kb_entries", sa.Column("question_en", sa.Text(), nullable=True))
    op.add_column("kb_entries", sa.Column("answer_en", sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop the English columns."""
    with op.batch_alter_table("kb_entries") as batch:
        batch.drop_column("answer_en")
        batch.drop_column("question_en")
