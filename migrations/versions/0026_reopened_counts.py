"""reopened counts: a reopened round's counters hold its collected and no-show bookings again

Reopening a closed round used to refill its counters (slot_days.booked_count/booked_kg) with
only the bookings the closing had put off, so bookings collected or marked no-show before it
closed fell out: 已约 1/10 户 above a list of 5, and room for more than the round takes. Every
open round's counters are counted again from the bookings that hold a place (booked,
collected, no_show: bot.bookings.model.HOLDS_PLACE), never past its capacity (the CHECK).
A closed round's counters stay empty.

Revision ID: 0026_reopened_counts
Revises: 0024_alert_unit
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026_reopened_counts"
down_revision: str | None = "0025_alert_said"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_HOLDS_PLACE = ("booked", "collected", "no_show")


def upgrade() -> None:
    """Count every open round's places again from its bookings (capped at its capacity)."""
    slot_days = sa.table(
        "slot_days",
        sa.column("slot_id", sa.Integer),
        sa.column("day", sa.Date),
        sa.column("capacity", sa.Integer),
        sa.column("capacity_kg", sa.Integer),
        sa.column("booked_count", sa.Integer),
        sa.column("booked_kg", sa.Integer),
        sa.column("closed", sa.Boolean),
    )
    bookings = sa.table(
        "bookings",
        sa.column("slot_id", sa.Integer),
        sa.column("day", sa.Date),
        sa.column("status", sa.String),
        sa.column("quantity_kg", sa.Integer),
    )
    of_round = sa.and_(
        bookings.c.slot_id == slot_days.c.slot_id,
        bookings.c.day == slot_days.c.day,
        bookings.c.status.in_(_HOLDS_PLACE),
    )
    count = sa.select(sa.func.count()).where(of_round).scalar_subquery()
    kg = sa.select(sa.func.coalesce(sa.func.sum(bookings.c.quantity_kg), 0)).where(of_round)
    kg_held = kg.scalar_subquery()
    op.execute(
        slot_days.update()
        .where(slot_days.c.closed.is_(False))
        .values(
            booked_count=sa.case((slot_days.c.capacity < count, slot_days.c.capacity), else_=count),
            booked_kg=sa.case(
                (slot_days.c.capacity_kg < kg_held, slot_days.c.capacity_kg), else_=kg_held
            ),
        )
    )


def downgrade() -> None:
    """Nothing to undo: the counters are only counted right."""
