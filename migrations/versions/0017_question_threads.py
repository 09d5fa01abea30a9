"""question threads: every photo and recording of a question, and questions the farmer kept

- question_media: each photo, voice or video note of a question's thread, with the
  part of the thread (0 the question, 1 the first addition, ...) it came with, so
  staff see all of them in order (open_questions kept only the first photo and the
  first recording);
- open_questions.kept_at: when the farmer said not to send the question to the
  station; nothing sent later joins a kept question.

Questions asked before the upgrade keep their one photo and one recording: each is
put on the first part that stands for it (a photo placeholder, a recording's label),
else on the question itself.

Revision ID: 0017_question_threads
Revises: 0016_offer_withdrawn
Create Date: 2026-12-05
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

from bot.models.types import UTCDateTime

revision: str = "0017_question_threads"
down_revision: str | None = "0016_offer_withdrawn"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# How a thread's parts are joined (knowledge/kb/questions.py THREAD_SEP).
THREAD_SEP = "\n➕ "
# What stood for a photo sent without words, and how a recording's label began
# (the zh and en catalogues of the time).
PHOTO_PARTS = frozenset({"（照片）", "(photo)", "（补充了一张照片）", "(added a photo)"})
RECORDING_MARKS = ("🎤", "📹")


def _part(parts: list[str], stands_for: Callable[[str], bool]) -> int:
    """The first part that stands for the file, else the question itself (0)."""
    for index, part in enumerate(parts):
        if stands_for(part.strip()):
            return index
    return 0


def upgrade() -> None:
    """Add question_media (filled from the questions' photo and recording) and kept_at."""
    op.add_column("open_questions", sa.Column("kept_at", UTCDateTime(), nullable=True))
    media = op.create_table(
        "question_media",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("file_id", sa.String(length=255), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["question_id"], ["open_questions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_question_media_question_part", "question_media", ["question_id", "part"])
    questions = sa.table(
        "open_questions",
        sa.column("id", sa.Integer()),
        sa.column("text", sa.Text()),
        sa.column("photo_file_id", sa.String()),
        sa.column("media_kind", sa.String()),
        sa.column("media_file_id", sa.String()),
        sa.column("media_seconds", sa.Integer()),
    )
    rows = op.get_bind().execute(
        sa.select(questions).where(
            sa.or_(questions.c.photo_file_id.is_not(None), questions.c.media_file_id.is_not(None))
        )
    )
    found = []
    for row in rows:
        parts = row.text.split(THREAD_SEP)
        if row.photo_file_id is not None:
            part = _part(parts, lambda p: p in PHOTO_PARTS)
            found.append(
                {"question_id": row.id, "part": part, "kind": "photo", "file_id": row.photo_file_id}
            )
        if row.media_file_id is not None and row.media_kind is not None:
            part = _part(parts, lambda p: p.startswith(RECORDING_MARKS))
            found.append(
                {
                    "question_id": row.id,
                    "part": part,
                    "kind": row.media_kind,
                    "file_id": row.media_file_id,
                    "seconds": row.media_seconds,
                }
            )
    if found:
        # One shape for every row: a photo has no length.
        op.bulk_insert(media, [{"seconds": None, **row} for row in found])


def downgrade() -> None:
    """Drop question_media and kept_at (each question's first photo and recording stay)."""
    op.drop_index("ix_question_media_question_part", table_name="question_media")
    op.drop_table("question_media")
    with op.batch_alter_table("open_questions") as batch:
        batch.drop_column("kept_at")
