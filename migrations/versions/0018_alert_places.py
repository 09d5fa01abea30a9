"""alert places: an alert watching the markets nearest a place named (潍坊, 三元朱村)

Revision ID: 0018_alert_places
Revises: 0017_question_threads
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_alert_places"
down_revision: str | None = "0017_question_threads"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add alert_subscriptions.place, place_lat and place_lon (empty: not a named place)."""
    op.add_column("alert_subscriptions", sa.Column("place", sa.String(length=50), nullable=True))
    op.add_column("alert_subscriptions", sa.Column("place_lat", sa.Float(), nullable=True))
    op.add_column("alert_subscriptions", sa.Column("place_lon", sa.Float(), nullable=True))


def downgrade() -> None:
    """Drop the place columns."""
    with op.batch_alter_table("alert_subscriptions") as batch:
        batch.drop_column("place_lon")
        batch.drop_column("place_lat")
        batch.drop_column("place")
