"""apply alert run: the alerts an applied price import queued, so /undo can withdraw them

Revision ID: 0019_apply_alert_run
Revises: 0018_alert_places
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019_apply_alert_run"
down_revision: str | None = "0018_alert_places"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add data_applies.alert_run_id (the delivery run of the alerts the apply queued)."""
    # Batch mode: SQLite adds a foreign key only by rebuilding the table.
    with op.batch_alter_table("data_applies") as batch:
        batch.add_column(sa.Column("alert_run_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_data_applies_alert_run_id",
            "delivery_runs",
            ["alert_run_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    """Drop data_applies.alert_run_id."""
    with op.batch_alter_table("data_applies") as batch:
        batch.drop_constraint("fk_data_applies_alert_run_id", type_="foreignkey")
        batch.drop_column("alert_run_id")
