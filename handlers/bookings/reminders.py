"""The evening reminder: tomorrow's pickups queued in the outbox every evening."""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram.ext import ContextTypes

from bot.bookings import notices
from bot.core.db import session_scope
from handlers.bookings.base import now_of

log = logging.getLogger(__name__)

# --- the evening reminder ------------------------------------------------------------------------


async def reminder_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Queue tomorrow's pickup reminders (the outbox sender delivers them)."""
    today = now_of(context).date()
    async with session_scope() as session:
        queued = await notices.queue_reminders(session, today + timedelta(days=1), today)
    if queued:
        log.info("queued %d pickup reminders for tomorrow", queued)
