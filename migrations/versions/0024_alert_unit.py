"""alert unit: a price alert speaks in the unit the farmer said (咖啡跌到三十块一公斤)

The threshold stays in 元/斤 (what alerts compare); `unit` is the unit the farmer named it
in, so the confirmation, the list and the fired alert say 30 元/公斤, not 15 元/斤. NULL: 斤
(every alert stored before this revision).

Revision ID: 0024_alert_unit
Revises: 0023_booking_animal
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024_alert_unit"
down_revision: str | None = "0023_booking_animal"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add alert_subscriptions.unit (NULL: 斤)."""
    op.add_column("alert_subscriptions", sa.Column("unit", sa.String(length=8), nullable=True))


def downgrade() -> None:
    """Drop the unit; thresholds are shown per 斤 again."""
    with op.batch_alter_table("alert_subscriptions") as batch:
        batch.drop_column("unit")
