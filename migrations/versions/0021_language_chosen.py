"""language chosen: whether a user picked their language, or it is only a default

A farmer who never chose a language is answered in the one they write (an English message
gets English: knowledge/text/language.py); one who chose with /language keeps it, whatever
they type. Users stored before this revision: English ones are taken as chosen (they pressed
English, or their phone is in English), Chinese ones as the default they mostly are.

Revision ID: 0021_language_chosen
Revises: 0020_home_station
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021_language_chosen"
down_revision: str | None = "0020_home_station"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add users.language_chosen (true for the English users already stored)."""
    op.add_column(
        "users",
        sa.Column("language_chosen", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    users = sa.table("users", sa.column("language", sa.String), sa.column("language_chosen"))
    op.execute(users.update().where(users.c.language == "en").values(language_chosen=True))


def downgrade() -> None:
    """Drop users.language_chosen."""
    with op.batch_alter_table("users") as batch:
        batch.drop_column("language_chosen")
