"""One webhook worker process: claims updates, handles each chat's in order, may lead.

Across processes and machines sharing one PostgreSQL (docs/deployment.md):

- `receive` stores the update in webhook_updates, keyed by update_id, before
  the HTTP answer: a replay finds the row and is dropped; a worker that dies
  after answering leaves the row for another (`_sweep_loop`).
- `drain` handles one chat's stored updates in update_id order inside a
  transaction holding the chat's advisory lock (bot/cluster/locks.py): one
  worker at a time per chat, whichever worker Telegram's request reached. After
  letting the lock go it looks once more, so an update stored by a worker that
  found the lock taken is never left behind.
- Before each update the conversation states, deadlines and user data of its
  chat are read from the database (another worker may have moved them on), and
  after it they are written back before the lock is released.
- One worker at a time is the leader (bot/cluster/locks.py `Leadership`): it
  runs the scheduled jobs and the outbox sender (handlers/jobs.py).
- Caches (knowledge index, markets, stations) follow other processes' writes
  through LISTEN/NOTIFY (bot/cluster/caches.py).

A crash between an update's handlers and its `done` mark leaves it to be
handled again by the next worker: at least once for the one update in flight,
exactly once for everything Telegram repeats.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from telegram import Update
from telegram.ext import Application, ConversationHandler

from bot.cluster import claims
from bot.cluster.caches import CacheListener, Refresher
from bot.cluster.locks import ChatLocks, Leadership
from bot.core.config import Settings
from bot.core.db import session_scope
from bot.markets.prices import forget_markets
from bot.telegram.app import set_command_menus
from bot.telegram.persistence import ConversationKey, DatabasePersistence
from bot.telegram.tuning import MAX_CONCURRENT_UPDATES, chat_key
from bot.users import USERS
from handlers import ask_search, stations
from handlers.jobs import start_leader_jobs, stop_leader_jobs, warm_up
from handlers.timeouts import TimedConversation

log = logging.getLogger(__name__)

AnyApp = Application[Any, Any, Any, Any, Any, Any]
# Updates waiting longer than this are taken up by any worker (theirs died).
STALE_AFTER = timedelta(seconds=5)
SWEEP_S = 2.0


def key_of(update: object) -> int:
    """The number an update is ordered and locked by: its chat, else its user, else 0."""
    found = chat_key(update)
    return int(found[1]) if isinstance(found, tuple) else 0


class Worker:
    """The webhook side of one process: receive, drain, sweep, campaign, listen."""

    def __init__(
        self, app: AnyApp, settings: Settings, *, slots: int = MAX_CONCURRENT_UPDATES
    ) -> None:
        self.app = app
        self.settings = settings
        self.locks = ChatLocks(settings.database_url, slots)
        self._slots = asyncio.Semaphore(slots)
        self._draining: set[int] = set()
        self._again: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self.leadership = Leadership(settings.cluster_url, self._elected, self._deposed)
        self.caches = CacheListener(settings.cluster_url, cache_refreshers())
        self._sweeper: asyncio.Task[None] | None = None
        self.handled = 0

    async def start(self) -> None:
        """Initialise the Application and start everything in the background."""
        persistence = self.app.persistence
        if isinstance(persistence, DatabasePersistence):
            persistence.shared = True
        # Users change through any worker and no NOTIFY announces it: a role
        # revoked elsewhere must count at once, so each update reads its sender.
        USERS.disable()
        await self.app.initialize()
        await self.app.start()
        await warm_up(self.app)
        self.caches.start()
        self.leadership.start()
        self._sweeper = asyncio.create_task(self._sweep_loop(), name="farmhub-webhook-sweep")

    async def stop(self) -> None:
        """Finish what is running, give the leadership back, stop."""
        if self._sweeper is not None:
            self._sweeper.cancel()
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=10)
        await self.leadership.stop()
        await self.caches.stop()
        await self.locks.close()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()

    # --- receiving ------------------------------------------------------------------

    async def receive(self, body: bytes) -> bool:
        """Claim one update Telegram pushed; False for a replay. Handling starts behind."""
        data = json.loads(body)
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            raise ValueError("not an update")
        update = Update.de_json(data, self.app.bot)
        key = key_of(update)
        async with session_scope() as session:
            fresh = await claims.claim(session, data["update_id"], key, body.decode("utf-8"))
        if fresh:
            self.spawn(key)
        return fresh

    def spawn(self, key: int) -> None:
        """Drain chat `key` in the background."""
        task = asyncio.create_task(self.drain(key))
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("webhook: a chat's updates failed", exc_info=task.exception())

    # --- handling, one chat at a time -----------------------------------------------

    async def drain(self, key: int) -> None:
        """Handle chat `key`'s stored updates in order, unless another worker is at it."""
        if key in self._draining:
            self._again.add(key)  # the running drain looks again before it ends
            return
        self._draining.add(key)
        try:
            async with self._slots:
                while True:
                    self._again.discard(key)
                    async with self.locks.hold(key) as got:
                        if not got:
                            return  # its holder looks again after letting go
                        while rows := await self._pending(key):
                            for update_id, payload in rows:
                                await self._handle(update_id, payload)
                    # Stored while we held the lock by a worker that found it taken?
                    if not await self._pending(key, 1) and key not in self._again:
                        return
        finally:
            self._draining.discard(key)

    async def _pending(self, key: int, limit: int = claims.BATCH) -> list[tuple[int, str]]:
        async with session_scope() as session:
            return await claims.pending(session, key, limit)

    async def _handle(self, update_id: int, payload: str) -> None:
        update = Update.de_json(json.loads(payload), self.app.bot)
        # Outside the try: without the chat's current state the update waits (the
        # drain stops, the row stays) rather than run on stale state.
        await refresh_conversations(self.app, update)
        try:
            await self.app.process_update(update)
        except Exception:  # PTB's error handlers saw handler errors; this is the rest
            log.exception("webhook: update %d failed", update_id)
        persistence = self.app.persistence
        if isinstance(persistence, DatabasePersistence) and update.effective_user is not None:
            persistence.fresh.discard(update.effective_user.id)  # no handler took it, say
        # Written before the lock goes, so the next worker reads this update's moves.
        await self.app.update_persistence()
        async with session_scope() as session:
            await claims.mark_done(session, update_id)
        self.handled += 1

    async def _sweep_loop(self) -> None:
        while True:
            await asyncio.sleep(SWEEP_S)
            try:
                async with session_scope() as session:
                    stale = await claims.stale_chats(session, STALE_AFTER)
            except Exception as exc:
                log.warning("webhook: looking for waiting updates failed: %s", exc)
                continue
            for key in stale:
                if key not in self._draining:
                    self.spawn(key)

    # --- the leader -------------------------------------------------------------

    async def _elected(self) -> None:
        await set_command_menus(self.app)
        await start_leader_jobs(self.app, shared=True)

    async def _deposed(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop_leader_jobs(self.app), 10)


def _conversations(app: AnyApp) -> list[ConversationHandler[Any]]:
    return [
        handler
        for handlers in app.handlers.values()
        for handler in handlers
        if isinstance(handler, ConversationHandler) and handler.persistent and handler.name
    ]


async def refresh_conversations(app: AnyApp, update: Update) -> None:
    """Read the update's conversations (states and deadlines) and user data as stored now."""
    persistence = app.persistence
    if not isinstance(persistence, DatabasePersistence) or not persistence.shared:
        return
    user = update.effective_user
    if user is not None:
        # Before the handlers are chosen: an expiring conversation tidies this data.
        await persistence.refresh_user_first(user.id, app._user_data[user.id])
    by_key: dict[ConversationKey, list[ConversationHandler[Any]]] = defaultdict(list)
    for handler in _conversations(app):
        try:
            key = handler._get_key(update)
        except (RuntimeError, AttributeError):
            continue  # no chat or user: not a conversation update
        by_key[key].append(handler)
    for key, handlers in by_key.items():
        states, deadlines = await persistence.refresh_key(key)
        for handler in handlers:
            name = str(handler.name)
            state = states.get(name)
            table: Any = handler._conversations  # PTB's TrackingDict
            if state is None:
                table.data.pop(key, None)  # a UserDict: untracked, nothing to write back
            else:
                table.update_no_track({key: state})
            persistence.remember(name, key, state)
            if isinstance(handler, TimedConversation):
                handler._app = app
                if name in deadlines:
                    handler.deadlines[key] = datetime.fromisoformat(deadlines[name])
                else:
                    handler.deadlines.pop(key, None)


def cache_refreshers() -> dict[str, Refresher]:
    """What each cache name in a NOTIFY refreshes in this process."""

    async def kb() -> None:
        await ask_search.resync()

    async def markets() -> None:
        forget_markets()

    async def stations_() -> None:
        await stations.warm_up()

    return {"kb": kb, "markets": markets, "stations": stations_}
