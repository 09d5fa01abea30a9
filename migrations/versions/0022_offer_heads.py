"""offer heads: live animals listed by the head keep their count

A farmer listing 20只羊 is asked the weight (stations deal by the 斤); the count stays with
the listing so staff and the farmer see "20只 约1600斤". An estimate (十几头猪) keeps its
two figures: heads to heads_high. Listings stored before this revision are of produce by
weight: both stay NULL.

Revision ID: 0022_offer_heads
Revises: 0021_language_chosen
Create Date: 2026-12-09
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022_offer_heads"
down_revision: str | None = "0021_language_chosen"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add supply_offers.heads and supply_offers.heads_high."""
    op.add_column("supply_offers", sa.Column("heads", sa.Integer(), nullable=True))
    op.add_column("supply_offers", sa.Column("heads_high", sa.Integer(), nullable=True))


def downgrade() -> None:
    """Drop the head counts; the listings keep their weight."""
    with op.batch_alter_table("supply_offers") as batch:
        batch.drop_column("heads_high")
        batch.drop_column("heads")
