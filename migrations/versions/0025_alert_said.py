"""alert said: a price alert keeps the name the farmer asked by (洋芋 for 土豆)

洋芋涨到1块2了告诉我 was confirmed, listed and fired as 土豆（…）：涨到 1.20 元/斤 in a county
that says 洋芋: the alert keeps the farmer's word and says 洋芋（土豆）, as prices do. NULL: the
product's own name was said (alerts stored before this revision too).

Revision ID: 0025_alert_said
Revises: 0024_alert_unit
Create Date: 2026-12-12
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025_alert_said"
down_revision: str | None = "0024_alert_unit"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add alert_subscriptions.said."""
    op.add_column("alert_subscriptions", sa.Column("said", sa.String(length=20), nullable=True))


def downgrade() -> None:
    """Drop the word said; the alerts keep their product."""
    with op.batch_alter_table("alert_subscriptions") as batch:
        batch.drop_column("said")
