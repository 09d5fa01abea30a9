"""Every background task of the bot starts here: the outbox sender and the scheduled jobs.

`start_jobs` runs once the Application is initialised (its post_init, see
bot/telegram/app.py); `stop_jobs` when it stops. Jobs are rebuilt from the
database at each start, so a restart loses nothing:

- the outbox sender, which delivers every push (alerts, digests, reminders,
  booking notices, staff answers, forwarded questions, offer notices);
- conversation timeouts: the stored deadlines read back, expired conversations
  ended now and then every minute;
- the knowledge index: loaded now, then changes by other processes picked up
  every minute; the stations catalogue, loaded now;
- pickup reminders: every evening, and at once if this start is after today's run;
- price digests: one daily job per digest time in the subscriptions table, kept
  in step with it every minute, with a catch-up for times missed today;
- broadcasts: scheduled ones started when due (also those `farmhub broadcast
  send` queued), and the senders' reports once delivered, every BROADCAST_POLL_S;
- the nightly prune of old outbox rows (and of uploads never confirmed);
- roles: staff's and admins' command menus now and every minute (roles changed
  from the command line), and admins told who never opened the bot;
- write-behind buffers (last-seen times, price-question counts: bot/core/batch.py)
  written every FLUSH_INTERVAL_S, and once more when the bot stops.

The jobs themselves live with their feature (handlers/ask_search.py, bookings/,
alert_jobs.py); this module only says when they run.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import time, timedelta
from typing import Any

from telegram.ext import Application, ContextTypes

from bot.admindata import uploads
from bot.alerts import digests
from bot.alerts import service as alerts_service
from bot.cluster import claims
from bot.core.batch import FLUSH_INTERVAL_S, flush_all
from bot.core.clock import local_now, utcnow
from bot.core.config import Settings
from bot.core.db import session_scope
from bot.delivery import outbox
from bot.telegram.sender import SENDER_JOB, start_delivery, stop_delivery
from handlers import alert_jobs, ask_search, roles, stations, timeouts
from handlers.bookings import reminders
from handlers.broadcasts import manage as broadcasts
from handlers.common import SETTINGS_KEY
from knowledge.kb import undelivered

log = logging.getLogger(__name__)

AnyApp = Application[Any, Any, Any, Any, Any, Any]

KB_REFRESH_S = 60
DIGEST_SYNC_S = 60
# How often due broadcasts are started and finished ones reported.
BROADCAST_POLL_S = 20
BROADCAST_JOB = "broadcasts_due"
# Finished outbox rows are kept this long (for /deliveries), then pruned at PRUNE_AT.
OUTBOX_KEEP = timedelta(days=30)
UPDATES_KEEP = timedelta(days=1)
PRUNE_AT = time(3, 30)
FLUSH_JOB = "write_behind"
# Pinyin's words (a second or two of work) are read this long after start-up, in a thread.
PINYIN_AFTER_S = 10
PINYIN_JOB = "pinyin_words"


async def start_jobs(app: AnyApp) -> None:
    """Start the outbox sender and schedule every recurring job (called from post_init)."""
    await warm_up(app)
    await start_leader_jobs(app)


async def warm_up(app: AnyApp) -> None:
    """What every process needs before its first update: the caches loaded."""
    # Knowledge: the index now, not on the first question.
    await ask_search.warm_up()
    # Stations: the catalogue, so a place name typed after a restart is known as one.
    await stations.warm_up()
    # Every process has its own write-behind buffers (last-seen times, counts).
    if app.job_queue is not None:
        app.job_queue.run_repeating(
            flush_job,
            interval=FLUSH_INTERVAL_S,
            first=FLUSH_INTERVAL_S,
            name=FLUSH_JOB,
            # A flush waiting out a long lock overlaps the next run, which returns at once.
            job_kwargs={"max_instances": 2},
        )
        # Pinyin: the words a question typed in pinyin is read as, once start-up is done
        # (not in its time, nor in the first such question's).
        app.job_queue.run_once(pinyin_job, when=PINYIN_AFTER_S, name=PINYIN_JOB)


async def start_leader_jobs(app: AnyApp, *, shared: bool = False) -> None:
    """The jobs and the sender, which exactly one process runs (the leader, with workers).

    `shared`: other processes handle updates and announce cache changes
    (bot/cluster/caches.py), so the knowledge index needs no polling here.
    """
    settings: Settings = app.bot_data[SETTINGS_KEY]
    # Roles: each staff member's and admin's command menu, and the admins told
    # who has pushes waiting because they never opened the bot.
    await roles.warm_up(app)
    # Conversations: their stored deadlines back, and those that ran out while
    # the bot was down ended now (handlers/timeouts.py).
    await timeouts.restore(app)
    queue = app.job_queue
    if queue is None:
        log.warning("no job queue: reminders, digests and outbox pruning are off")
        await _start_sender(app)
        return
    # The sender starts with the job queue, i.e. when the Application starts
    # (an Application only initialised, as in process_update tests, sends nothing).
    queue.run_once(sender_job, when=0, name=SENDER_JOB)
    if not shared:
        queue.run_repeating(
            ask_search.refresh_job, interval=KB_REFRESH_S, first=KB_REFRESH_S, name="kb_refresh"
        )
    queue.run_repeating(
        roles.sync_job, interval=roles.SYNC_S, first=roles.SYNC_S, name="roles_sync"
    )
    queue.run_repeating(
        timeouts.sweep_job,
        interval=timeouts.SWEEP_S,
        first=timeouts.SWEEP_S,
        name="conversation_timeouts",
    )
    _schedule_reminders(app, settings)
    # Broadcasts due while the bot was down start at once (first run now).
    queue.run_repeating(broadcasts.due_job, interval=BROADCAST_POLL_S, first=1, name=BROADCAST_JOB)
    await _schedule_digests(app, settings)
    queue.run_daily(prune_job, time=PRUNE_AT.replace(tzinfo=settings.tz), name="outbox_prune")


async def stop_jobs(app: AnyApp) -> None:
    """Stop what outlives the jobs: the sender finishes what is on the wire and records it."""
    await stop_delivery(app)
    # Last-seen times and counts gathered since the last flush.
    await flush_all()


async def flush_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """JobQueue: write the write-behind buffers (one short transaction each)."""
    await flush_all()


async def pinyin_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """JobQueue, once: work out pinyin's words in a thread (the event loop goes on)."""
    await asyncio.to_thread(ask_search.warm_pinyin)


async def stop_leader_jobs(app: AnyApp) -> None:
    """No longer the leader: no job starts again here, and the sender stops."""
    if app.job_queue is not None:
        for job in app.job_queue.jobs():
            if job.name != FLUSH_JOB:  # this process's own buffers, leader or not
                job.schedule_removal()
    await stop_delivery(app)


# ---------------------------------------------------------------- the sender


async def _start_sender(app: AnyApp) -> None:
    await start_delivery(
        app,
        app.bot_data[SETTINGS_KEY],
        on_blocked=alerts_service.recipient_blocked,
        # A staff reply that will never reach its farmer: the staff member is told.
        on_undelivered=undelivered.replies_undelivered,
    )


async def sender_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """JobQueue, once: start the outbox sender."""
    await _start_sender(context.application)


# ---------------------------------------------------------------- schedules


def _schedule_reminders(app: AnyApp, settings: Settings) -> None:
    assert app.job_queue is not None
    at = settings.schedule.at("pickup_reminder")
    app.job_queue.run_daily(
        reminders.reminder_job, time=at.replace(tzinfo=settings.tz), name="pickup_reminders"
    )
    # A restart after the evening run must not skip tomorrow's reminders; the
    # reminder_sent_at marks make this catch-up send nothing twice.
    if local_now(settings.tz).time() >= at:
        app.job_queue.run_once(reminders.reminder_job, when=0, name="pickup_reminders_catch_up")


async def _schedule_digests(app: AnyApp, settings: Settings) -> None:
    assert app.job_queue is not None
    times = await alert_jobs.sync_digest_jobs(app)
    # Started late (a restart at 07:30): today's 07:00 digests still go out; their
    # keys make sure nobody gets one twice.
    for at in digests.missed_times(times, local_now(settings.tz)):
        app.job_queue.run_once(
            alert_jobs.digest_job, when=0, data=at, name=f"alert_digest_catch_up {at:%H:%M}"
        )
    app.job_queue.run_repeating(
        alert_jobs.sync_job, interval=DIGEST_SYNC_S, first=DIGEST_SYNC_S, name="alert_digest_sync"
    )


# ---------------------------------------------------------------- housekeeping


async def prune_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """JobQueue: forget finished outbox rows older than OUTBOX_KEEP, and stale uploads."""
    async with session_scope() as session:
        deleted = await outbox.prune(session, utcnow() - OUTBOX_KEEP)
        # Webhook updates are kept a day: long enough to recognise Telegram's replays.
        updates = await claims.prune(session, utcnow() - UPDATES_KEEP)
        # Files an admin sent and never confirmed: their bytes go after a day.
        stale = await uploads.prune_pending(session)
    if deleted:
        log.info("outbox: %d old rows pruned", deleted)
    if updates:
        log.info("webhook: %d handled updates pruned", updates)
    if stale:
        log.info("uploads: %d unconfirmed uploads pruned", stale)
