"""Tables of running FarmHub as several processes (issue 17)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.core.db import Base
from bot.models.types import UTCDateTime


class WebhookUpdate(Base):
    """An update Telegram pushed to a webhook worker, claimed once by its update_id.

    `chat_key` is the chat (else the user, else 0) whose updates must run in
    order; `done_at` is set once the handlers ran. Rows are kept a day, so a
    replay Telegram sends after a slow answer is recognised, then pruned.
    """

    __tablename__ = "webhook_updates"
    __table_args__ = (Index("ix_webhook_updates_chat", "chat_key", "update_id"),)

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_key: Mapped[int] = mapped_column(BigInteger)
    payload: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
