"""products, markets, prices, demand and supply offers

Revision ID: 0003_markets
Revises: 0002_knowledge
Create Date: 2026-11-28
"""

from collections.abc import Sequence

revision: str = "0003_markets"
down_revision: str | None = "0002_knowledge"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision (the feature that owns it fills it in)."""


def downgrade() -> None:
    """Revert this revision."""
