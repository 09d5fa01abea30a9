"""outbox photo: a push may carry a photo (a forwarded crop photo for the station's staff)

Revision ID: 0008_outbox_photo
Revises: 0007_kb_phrasings
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_outbox_photo"
down_revision: str | None = "0007_kb_phrasings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add outbox.photo (nullable: most pushes are text)."""
    op.add_column("outbox", sa.Column("photo", sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop outbox.photo."""
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("photo")
