"""home station: a staff member's own station as a farmer, given back when the job ends

users.station_id is a farmer's usual station, or a staff member's workplace. Granting
staff used to overwrite the first with the second, and revoking cleared it: the person
lost the station they had picked as a farmer. users.home_station_id keeps it while they
are staff. Staff granted before this revision have no record of it (None).

Revision ID: 0020_home_station
Revises: 0019_apply_alert_run
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_home_station"
down_revision: str | None = "0019_apply_alert_run"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add users.home_station_id."""
    op.add_column("users", sa.Column("home_station_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    """Drop users.home_station_id."""
    with op.batch_alter_table("users") as batch:
        batch.drop_column("home_station_id")
