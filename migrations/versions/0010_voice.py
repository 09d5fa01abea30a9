"""voice questions and station groups: outbox media of any kind, spoken questions and answers

- outbox.photo becomes outbox.media_kind + outbox.media (a photo, a voice, a video note);
- open_questions keep the farmer's voice (media_kind, media_file_id, media_seconds) and
  a spoken answer (answer_media_kind, answer_file_id);
- stations.group_chat_id: the station's Telegram group, one group per station.

Revision ID: 0010_voice
Revises: 0009_audit_log
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_voice"
down_revision: str | None = "0009_audit_log"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Generalise the outbox's photo, add the spoken-question columns and station groups."""
    op.add_column("outbox", sa.Column("media_kind", sa.String(length=16), nullable=True))
    op.add_column("outbox", sa.Column("media", sa.Text(), nullable=True))
    # Photos queued before the upgrade are still sent as photos.
    op.execute(
        "UPDATE outbox SET media_kind = 'photo', media = photo WHERE photo IS NOT NULL"
    )
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("photo")
    for name, kind in (
        ("media_kind", sa.String(length=16)),
        ("media_file_id", sa.String(length=255)),
        ("media_seconds", sa.Integer()),
        ("answer_media_kind", sa.String(length=16)),
        ("answer_file_id", sa.String(length=255)),
    ):
        op.add_column("open_questions", sa.Column(name, kind, nullable=True))
    op.add_column("stations", sa.Column("group_chat_id", sa.BigInteger(), nullable=True))
    op.create_index("ix_stations_group_chat_id", "stations", ["group_chat_id"], unique=True)


def downgrade() -> None:
    """Back to outbox.photo (other media are dropped), without spoken questions or groups."""
    op.drop_index("ix_stations_group_chat_id", table_name="stations")
    with op.batch_alter_table("stations") as batch:
        batch.drop_column("group_chat_id")
    with op.batch_alter_table("open_questions") as batch:
        for name in (
            "answer_file_id",
            "answer_media_kind",
            "media_seconds",
            "media_file_id",
            "media_kind",
        ):
            batch.drop_column(name)
    op.add_column("outbox", sa.Column("photo", sa.Text(), nullable=True))
    op.execute("UPDATE outbox SET photo = media WHERE media_kind = 'photo'")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("media")
        batch.drop_column("media_kind")
