"""scale: webhook updates claimed once by update_id; cache changes announced by NOTIFY

Revision ID: 0015_scale
Revises: 0014_kb_english
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_scale"
down_revision: str | None = "0014_kb_english"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Tables whose rows feed a per-process cache, and the cache each one names in its
# NOTIFY (bot/cluster/caches.py listens; PostgreSQL only, SQLite is one process).
CACHED_TABLES = {
    "kb_entries": "kb",
    "markets": "markets",
    "stations": "stations",
    "station_products": "stations",
    "villages": "stations",
}


def upgrade() -> None:
    """Add webhook_updates, and on PostgreSQL the cache-change triggers."""
    op.create_table(
        "webhook_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("chat_key", sa.BigInteger(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("update_id"),
    )
    op.create_index(
        "ix_webhook_updates_chat", "webhook_updates", ["chat_key", "update_id"], unique=False
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    # One NOTIFY per statement (and PostgreSQL folds repeats within a transaction),
    # delivered only when the writer commits: every writer is covered, the command
    # line included, without a line in the domain code.
    op.execute(
        """
        CREATE FUNCTION farmhub_cache_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('farmhub_cache', TG_ARGV[0]);
            RETURN NULL;
        END $$
        """
    )
    for table, cache in CACHED_TABLES.items():
        op.execute(
            f"CREATE TRIGGER farmhub_cache_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION farmhub_cache_notify('{cache}')"
        )


def downgrade() -> None:
    """Drop the triggers and webhook_updates."""
    if op.get_bind().dialect.name == "postgresql":
        for table in CACHED_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS farmhub_cache_{table} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS farmhub_cache_notify()")
    op.drop_index("ix_webhook_updates_chat", table_name="webhook_updates")
    op.drop_table("webhook_updates")
