"""price alert subscriptions and the outbox

Revision ID: 0005_alerts
Revises: 0004_stations
Create Date: 2026-11-28
"""

from collections.abc import Sequence

revision: str = "0005_alerts"
down_revision: str | None = "0004_stations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision (the feature that owns it fills it in)."""


def downgrade() -> None:
    """Revert this revision."""
