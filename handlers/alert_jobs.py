"""Price alerts' jobs: one daily digest job per time of day, kept in step with the table.

Scheduled by handlers/jobs.py: rebuilt from the subscriptions table at start-up and
kept in step with it every minute (times added by `farmhub alerts import` included),
with a catch-up at start for times missed within the last hours. A new
subscription's time is scheduled at once (`ensure_digest_job`).
"""

from __future__ import annotations

import logging
from datetime import time
from typing import Any

from telegram.ext import Application, ContextTypes

from bot.alerts import digests
from bot.alerts.model import AlertView
from bot.core.config import Settings
from bot.core.db import session_scope
from bot.markets.prices import local_today
from bot.models.alerts import AlertKind
from handlers.common import SETTINGS_KEY, settings_of

log = logging.getLogger(__name__)

AnyApp = Application[Any, Any, Any, Any, Any, Any]


def default_time(settings: Settings) -> time:
    """The time of day a digest asked without one is sent at."""
    return settings.schedule.at("daily_digest")


def _job_name(at: time) -> str:
    return f"alert_digest {at:%H:%M}"


def _schedule(app: AnyApp, at: time) -> None:
    queue = app.job_queue
    if queue is None or queue.get_jobs_by_name(_job_name(at)):
        return
    settings: Settings = app.bot_data[SETTINGS_KEY]
    # A time without a zone would be UTC to PTB: digests are in the farmers' time.
    queue.run_daily(digest_job, time=at.replace(tzinfo=settings.tz), data=at, name=_job_name(at))


def ensure_digest_job(app: AnyApp, alert: AlertView) -> None:
    """Schedule the digest job of a daily alert's time, unless it already runs."""
    if alert.kind is AlertKind.daily and alert.at_time is not None:
        _schedule(app, alert.at_time)


async def sync_digest_jobs(app: AnyApp) -> list[time]:
    """One daily job per digest time in the subscriptions table; returns the times."""
    async with session_scope() as session:
        times = await digests.digest_times(session)
    for at in times:
        _schedule(app, at)
    return times


async def sync_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """JobQueue: pick up digest times added outside this process (imports)."""
    await sync_digest_jobs(context.application)


async def digest_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """JobQueue: queue today's digests for one time of day."""
    job = context.job
    if job is None or not isinstance(job.data, time):
        return
    settings = settings_of(context)
    today = local_today(settings.tz)
    async with session_scope() as session:
        queued = await digests.enqueue_digests(session, job.data, today, settings.tz)
    if queued:
        log.info("digests at %s: %d queued", f"{job.data:%H:%M}", queued)
