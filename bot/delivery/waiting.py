"""Pushes kept for someone who has not started the bot yet (outbox status `waiting`).

Telegram lets a bot write only to people who wrote to it first. A personal push
to someone granted a role before they opened the bot is answered 400 "chat not
found"; the scheduler records it as `Waiting` instead of failed, and it is
queued again when they start the bot. Telegram-free; the caller commits.
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.outbox import wake_after_commit
from bot.models.alerts import OutboxMessage, OutboxStatus
from bot.models.users import utcnow


async def release_waiting(session: AsyncSession, chat_id: int) -> int:
    """Queue again the pushes kept for someone who has now started the bot; how many.

    Called after their `started_at` is written (its own commit, or earlier in this
    transaction): a push queued meanwhile either saw it or is waiting here already
    (bot/delivery/outbox.py `_hold_not_started`)."""
    rows = (
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.chat_id == chat_id, OutboxMessage.status == OutboxStatus.waiting)
            .values(status=OutboxStatus.queued, not_before=utcnow(), error=None)
            .returning(OutboxMessage.id)
        )
    ).all()
    if rows:
        wake_after_commit(session)
    return len(rows)


async def waiting_chats(session: AsyncSession) -> dict[int, int]:
    """Chats with pushes kept until their person starts the bot, and how many each."""
    rows = await session.execute(
        select(OutboxMessage.chat_id, func.count())
        .where(OutboxMessage.status == OutboxStatus.waiting)
        .group_by(OutboxMessage.chat_id)
    )
    return {chat_id: n for chat_id, n in rows}
