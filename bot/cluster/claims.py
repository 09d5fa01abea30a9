"""Webhook updates claimed once by update_id, and read back in order per chat.

A webhook worker stores each update Telegram pushes (`claim`) before answering
200: a replay of the same update_id finds the row and is dropped, and an update
whose worker died before handling it is still in the table for another worker
(`stale_chats`). Functions take the caller's session and never commit.
PostgreSQL only: webhook mode refuses SQLite.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models.cluster import WebhookUpdate

# How many of one chat's updates a drain reads at a time.
BATCH = 20


async def claim(session: AsyncSession, update_id: int, chat_key: int, payload: str) -> bool:
    """Store an update; False when this update_id was already claimed (a replay)."""
    stored = await session.scalar(
        insert(WebhookUpdate)
        .values(update_id=update_id, chat_key=chat_key, payload=payload, received_at=func.now())
        .on_conflict_do_nothing(index_elements=["update_id"])
        .returning(WebhookUpdate.update_id)
    )
    return stored is not None


async def pending(
    session: AsyncSession, chat_key: int, limit: int = BATCH
) -> list[tuple[int, str]]:
    """The chat's updates not yet handled, oldest (lowest update_id) first."""
    rows = await session.execute(
        select(WebhookUpdate.update_id, WebhookUpdate.payload)
        .where(WebhookUpdate.chat_key == chat_key, WebhookUpdate.done_at.is_(None))
        .order_by(WebhookUpdate.update_id)
        .limit(limit)
    )
    return [(update_id, payload) for update_id, payload in rows]


async def mark_done(session: AsyncSession, update_id: int) -> None:
    """Record that the update's handlers ran."""
    await session.execute(
        update(WebhookUpdate).where(WebhookUpdate.update_id == update_id).values(done_at=func.now())
    )


async def stale_chats(session: AsyncSession, older_than: timedelta, limit: int = 100) -> list[int]:
    """Chats with an update waiting longer than `older_than` (its worker died, say)."""
    rows = await session.scalars(
        select(WebhookUpdate.chat_key)
        .where(
            WebhookUpdate.done_at.is_(None),
            WebhookUpdate.received_at < func.now() - older_than,
        )
        .group_by(WebhookUpdate.chat_key)
        .limit(limit)
    )
    return list(rows)


async def prune(session: AsyncSession, before: datetime) -> int:
    """Forget handled updates received before `before`; returns how many."""
    result = await session.execute(
        delete(WebhookUpdate).where(
            WebhookUpdate.done_at.is_not(None), WebhookUpdate.received_at < before
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def counts(session: AsyncSession) -> Sequence[int]:
    """(handled, waiting) updates, for benchmarks and tests."""
    row = (
        await session.execute(
            select(
                func.count(WebhookUpdate.done_at),
                func.count() - func.count(WebhookUpdate.done_at),
            )
        )
    ).one()
    return (int(row[0]), int(row[1]))
