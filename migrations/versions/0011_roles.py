"""roles: where a role came from, who granted it, whether the user started the bot; invites

Revision ID: 0011_roles
Revises: 0010_voice
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.models.types import UTCDateTime

revision: str = "0011_roles"
down_revision: str | None = "0010_voice"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add users.role_source/granted_by/started_at/menu and the invites table."""
    op.add_column("users", sa.Column("role_source", sa.String(length=16), nullable=True))
    op.add_column("users", sa.Column("granted_by", sa.BigInteger(), nullable=True))
    op.add_column("users", sa.Column("started_at", UTCDateTime(), nullable=True))
    op.add_column("users", sa.Column("menu", sa.String(length=16), nullable=True))
    # Every admin so far came from admin_ids; staff were made with `farmhub staff add`.
    op.execute("UPDATE users SET role_source = 'config' WHERE role = 'admin'")
    op.execute("UPDATE users SET role_source = 'cli' WHERE role = 'staff'")
    # Whoever has a name wrote to the bot (`staff add` registers people nameless).
    op.execute("UPDATE users SET started_at = created_at WHERE name <> ''")
    op.create_table(
        "invites",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "role",
            sa.Enum("farmer", "staff", "admin", name="invite_role", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("used_by", sa.BigInteger(), nullable=True),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code_hash"),
    )


def downgrade() -> None:
    """Drop the invites table and the new users columns."""
    op.drop_table("invites")
    with op.batch_alter_table("users") as batch:
        for column in ("menu", "started_at", "granted_by", "role_source"):
            batch.drop_column(column)
