"""price alert subscriptions and the outbox

Revision ID: 0005_alerts
Revises: 0004_stations
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.models.types import UTCDateTime

revision: str = "0005_alerts"
down_revision: str | None = "0004_stations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create alert_subscriptions, delivery_runs and outbox."""
    op.create_table(
        "alert_subscriptions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("market_id", sa.Integer(), nullable=True),
        sa.Column("region", sa.String(length=20), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "daily", "above", "below", "move", name="alert_kind", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("threshold", sa.Float(), nullable=True),
        sa.Column("at_time", sa.Time(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "active", "paused", "blocked", name="alert_status", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["market_id"], ["markets.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.telegram_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_alert_subscriptions_product_kind", "alert_subscriptions", ["product_id", "kind"]
    )
    op.create_index("ix_alert_subscriptions_kind_time", "alert_subscriptions", ["kind", "at_time"])
    op.create_index("ix_alert_subscriptions_user_id", "alert_subscriptions", ["user_id"])

    op.create_table(
        "delivery_runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("queued", sa.Integer(), nullable=False),
        sa.Column("sent", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("blocked", sa.Integer(), nullable=False),
        sa.Column("in_doubt", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_delivery_runs_created_at", "delivery_runs", ["created_at"])

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("markup", sa.Text(), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "queued",
                "claimed",
                "sending",
                "sent",
                "failed",
                "blocked",
                "doubt",
                name="outbox_status",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("not_before", UTCDateTime(), nullable=False),
        sa.Column("claimed_at", UTCDateTime(), nullable=True),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("telegram_message_id", sa.BigInteger(), nullable=True),
        sa.Column("error", sa.String(length=300), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["delivery_runs.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key", name="uq_outbox_key"),
    )
    op.create_index("ix_outbox_status_priority_id", "outbox", ["status", "priority", "id"])
    op.create_index("ix_outbox_chat_id_status", "outbox", ["chat_id", "status"])
    op.create_index("ix_outbox_run_id", "outbox", ["run_id"])


def downgrade() -> None:
    """Drop the tables of this revision, children first."""
    for name in ("ix_outbox_run_id", "ix_outbox_chat_id_status", "ix_outbox_status_priority_id"):
        op.drop_index(name, table_name="outbox")
    op.drop_table("outbox")
    op.drop_index("ix_delivery_runs_created_at", table_name="delivery_runs")
    op.drop_table("delivery_runs")
    for name in (
        "ix_alert_subscriptions_user_id",
        "ix_alert_subscriptions_kind_time",
        "ix_alert_subscriptions_product_kind",
    ):
        op.drop_index(name, table_name="alert_subscriptions")
    op.drop_table("alert_subscriptions")
