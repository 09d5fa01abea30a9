"""offer withdrawn: a farmer takes back an open supply offer

Revision ID: 0016_offer_withdrawn
Revises: 0015_scale
Create Date: 2026-12-05

The status column is a plain VARCHAR(16) (a non-native enum without a CHECK
constraint), so its new value `withdrawn` needs no change here; only when it
happened is new.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.models.types import UTCDateTime

revision: str = "0016_offer_withdrawn"
down_revision: str | None = "0015_scale"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add supply_offers.withdrawn_at."""
    op.add_column("supply_offers", sa.Column("withdrawn_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    """Drop withdrawn_at; withdrawn offers become cancelled (the old code knows no other)."""
    op.execute(sa.text("UPDATE supply_offers SET status = 'cancelled' WHERE status = 'withdrawn'"))
    with op.batch_alter_table("supply_offers") as batch:
        batch.drop_column("withdrawn_at")
