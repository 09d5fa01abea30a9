"""Pushing a message to a user outside a reply (station staff, a farmer): through the outbox.

A push is not sent here: it is queued (bot/delivery/outbox.py) in the caller's
unit of work, so it exists exactly when its cause does (a reply that rolls back
tells nobody), under an idempotency key derived from that cause, so an update
handled twice queues it once. The outbox sender (started by handlers/jobs.py)
delivers it within Telegram's flood limits, and after a restart if need be.
Only a direct reply to the update being handled is sent straight away.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup

from bot.delivery import outbox

# Person-to-person pushes (a staff answer, a forwarded question, an offer
# matched) go before bulk alerts and digests, like booking notices.
PERSONAL_PRIORITY = 0


async def push(
    session: AsyncSession,
    chat_id: int,
    text: str,
    *,
    key: str,
    source: str,
    photo: str | None = None,
    keyboard: InlineKeyboardMarkup | None = None,
    media: outbox.Media | None = None,
) -> bool:
    """Queue `text` (with a photo or other media if given) for `chat_id`; False if queued before."""
    message = outbox.Push(
        key=key,
        chat_id=chat_id,
        text=text,
        markup=keyboard.to_dict() if keyboard is not None else None,
        priority=PERSONAL_PRIORITY,
        photo=photo,
        media=media,
    )
    return await outbox.enqueue(session, [message], source=source) > 0
