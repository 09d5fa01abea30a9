"""booking animal: live animals booked by the head keep the animal as the farmer said it

A farmer booking a pickup of 两头黄牛 was shown 牛肉 600斤 once booked (in 已预约, 我的预约, the
staff's pickups, reminders): the meat markets quote, not the animals they bring. The booking
keeps the animal as said (黄牛, cows) and its count (heads, heads_high for an estimate:
十几头). Bookings stored before this revision, and produce booked by weight, keep all NULL.

Revision ID: 0023_booking_animal
Revises: 0022_offer_heads
Create Date: 2026-12-10
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023_booking_animal"
down_revision: str | None = "0022_offer_heads"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add bookings.animal, bookings.heads and bookings.heads_high."""
    op.add_column("bookings", sa.Column("animal", sa.String(length=20), nullable=True))
    op.add_column("bookings", sa.Column("heads", sa.Integer(), nullable=True))
    op.add_column("bookings", sa.Column("heads_high", sa.Integer(), nullable=True))


def downgrade() -> None:
    """Drop the animal and its count; the bookings keep their product and weight."""
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("heads_high")
        batch.drop_column("heads")
        batch.drop_column("animal")
