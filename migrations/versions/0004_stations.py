"""service stations, villages, slots and bookings

Revision ID: 0004_stations
Revises: 0003_markets
Create Date: 2026-11-28
"""

from collections.abc import Sequence

revision: str = "0004_stations"
down_revision: str | None = "0003_markets"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision (the feature that owns it fills it in)."""


def downgrade() -> None:
    """Revert this revision."""
