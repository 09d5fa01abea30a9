"""The evening reminder: tomorrow's pickups queued in the outbox every evening."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from telegram.ext import Application, ContextTypes

from bot.bookings import notices
from bot.core.clock import local_now
from bot.core.config import Settings
from bot.core.db import session_scope
from handlers.bookings.base import now_of
from handlers.common import SETTINGS_KEY

log = logging.getLogger(__name__)

# --- the evening reminder ------------------------------------------------------------------------


async def reminder_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Queue tomorrow's pickup reminders (the outbox sender delivers them)."""
    today = now_of(context).date()
    async with session_scope() as session:
        queued = await notices.queue_reminders(session, today + timedelta(days=1), today)
    if queued:
        log.info("queued %d pickup reminders for tomorrow", queued)


def schedule_reminders(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Every evening at the configured time; at start-up too if that time has passed today."""
    if app.job_queue is None:
        log.warning("no job queue: pickup reminders are off")
        return
    settings: Settings = app.bot_data[SETTINGS_KEY]
    at = settings.schedule.at("pickup_reminder").replace(tzinfo=settings.tz)
    app.job_queue.run_daily(reminder_job, time=at, name="pickup_reminders")
    # A restart after the evening run must not skip tomorrow's reminders; the
    # reminder_sent_at marks make this catch-up send nothing twice.
    if local_now(settings.tz).time() >= settings.schedule.at("pickup_reminder"):
        app.job_queue.run_once(reminder_job, when=0, name="pickup_reminders_catch_up")
