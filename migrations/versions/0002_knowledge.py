"""knowledge base entries and unanswered questions

Revision ID: 0002_knowledge
Revises: 0001_users
Create Date: 2026-11-28
"""

from collections.abc import Sequence

revision: str = "0002_knowledge"
down_revision: str | None = "0001_users"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision (the feature that owns it fills it in)."""


def downgrade() -> None:
    """Revert this revision."""
