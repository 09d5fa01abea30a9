"""Conversation timeouts that survive a restart (issue 13).

PTB's `conversation_timeout` is a JobQueue job: a restart loses it, and the
conversation it should have ended then holds the farmer's next message for
ever. A `TimedConversation` keeps its deadline in the database instead
(bot/telegram/persistence.py, written on every move) and reads the process
clock (bot/core/clock.py), so tests move time with the injected clock:

- an update for a conversation past its deadline finds it over (its `on_expire`
  has run on the user's data) and goes to whatever would take it outside;
- `sweep_job` ends expired conversations every minute, so nothing waits for the
  farmer's next message to be cleaned up; `restore` runs it at start, after
  reading the stored deadlines back (a conversation stored without one, from
  before deadlines were kept, gets a fresh one).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes, ConversationHandler

from bot.core.clock import utcnow
from bot.telegram.persistence import load_deadlines, store_deadline

log = logging.getLogger(__name__)

AnyApp = Application[Any, Any, Any, Any, Any, Any]
Key = tuple[int | str, ...]
# What an expired conversation leaves in the user's data is tidied by this.
OnExpire = Callable[[dict[Any, Any], datetime], None]
SWEEP_S = 60


class TimedConversation(ConversationHandler[Any]):
    """A ConversationHandler whose timeout is a stored deadline, not an in-memory job."""

    def __init__(
        self, *args: Any, timeout: timedelta, on_expire: OnExpire | None = None, **kwargs: Any
    ) -> None:
        if "conversation_timeout" in kwargs:
            raise TypeError("TimedConversation keeps its own timeout: pass timeout=")
        super().__init__(*args, **kwargs)
        self.timeout = timeout
        self.on_expire = on_expire
        self.deadlines: dict[Key, datetime] = {}
        # Keys ended here whose stored deadline row is still to be deleted.
        self._stale: set[Key] = set()
        self._app: AnyApp | None = None

    # --- expiring ------------------------------------------------------------------

    def _key_of(self, update: object) -> Key | None:
        if not isinstance(update, Update):
            return None
        try:
            return self._get_key(update)
        except (AttributeError, RuntimeError):  # no chat or user: not a conversation update
            return None

    def _past(self, key: Key, now: datetime) -> bool:
        deadline = self.deadlines.get(key)
        return key in self._conversations and deadline is not None and deadline <= now

    def expire(self, key: Key, now: datetime) -> None:
        """End the conversation of `key` now, tidying the user's data with `on_expire`."""
        if self.on_expire is not None and self._app is not None and self.per_user:
            user_id = int(key[-1])
            data = self._app.user_data.get(user_id)
            if data:
                self.on_expire(data, now)
                self._app.mark_data_for_update_persistence(user_ids=[user_id])
        self._update_state(self.END, key)
        self.deadlines.pop(key, None)
        self._stale.add(key)
        log.debug("conversation %s of %s expired", self.name, key)

    def holds(self, update: object) -> bool:
        """Whether this conversation is waiting for the next message of the update's chat
        (one past its deadline is not: the update ends it)."""
        key = self._key_of(update) if self._conversations else None
        return key is not None and key in self._conversations and not self._past(key, utcnow())

    def check_update(self, update: object) -> Any:
        """As PTB's, but a conversation past its deadline is over first.

        Every update passes through every conversation, and most chats have none
        open: for them only an entry point can claim the update, so PTB's whole
        check (the key worked out again, its debug line formatted) runs only
        when one does. Whenever PTB would answer something other than None, it
        is PTB that answers.
        """
        if self._conversations:
            key = self._key_of(update)
            if key is not None and key in self._conversations:
                now = utcnow()
                if self._past(key, now):
                    self.expire(key, now)
                return super().check_update(update)
        # No conversation for this chat: PTB looks at the entry points alone and
        # returns None when none matches (whatever else the update is).
        for entry_point in self.entry_points:
            check = entry_point.check_update(update)
            if check is not None and check is not False:
                return super().check_update(update)
        return None

    async def handle_update(
        self, update: Update, application: Any, check_result: Any, context: Any
    ) -> object | None:
        """As PTB's, then the conversation's new deadline is stored (or deleted when it ended)."""
        self._app = application
        key: Key = check_result[1]
        try:
            return await super().handle_update(update, application, check_result, context)
        finally:
            await self._store(key)

    async def _store(self, key: Key) -> None:
        self._stale.discard(key)
        if self.name is None:
            return
        if key in self._conversations:
            until = utcnow() + self.timeout
            self.deadlines[key] = until
            await store_deadline(self.name, key, until)
        else:
            self.deadlines.pop(key, None)
            await store_deadline(self.name, key, None)

    # --- at start and every minute ----------------------------------------------------

    async def restore(self, app: AnyApp) -> None:
        """Read the stored deadlines back (PTB has restored the states by now)."""
        self._app = app
        if self.name is None:
            return
        stored = await load_deadlines(self.name)
        fresh = utcnow() + self.timeout
        for key in list(self._conversations):
            if key in stored:
                self.deadlines[key] = stored[key]
            else:
                # Stored before deadlines were: it gets a whole timeout from now.
                self.deadlines[key] = fresh
                await store_deadline(self.name, key, fresh)
        # Rows of conversations that ended meanwhile.
        self._stale.update(key for key in stored if key not in self._conversations)

    async def reload(self, app: AnyApp) -> None:
        """Several workers: the states and deadlines as stored now, and the expired users' data.

        Other processes moved conversations on since this one last saw them, so what
        it holds in memory is no ground to end any (bot/telegram/workers.py).
        """
        self._app = app
        persistence = app.persistence
        if self.name is None or persistence is None:
            return
        states = await persistence.get_conversations(self.name)
        table: Any = self._conversations  # PTB's TrackingDict, a UserDict
        table.data.clear()
        table.data.update(states)
        self.deadlines = dict(await load_deadlines(self.name))
        now = utcnow()
        for key in states:
            if self._past(key, now) and self.per_user:
                user_id = int(key[-1])
                user_data: Any = app.user_data.get(user_id)
                if user_data is None:
                    user_data = app._user_data[user_id]
                await persistence.refresh_user_data(user_id, user_data)

    async def sweep(self) -> int:
        """End every conversation past its deadline; returns how many."""
        now = utcnow()
        expired = [key for key in list(self._conversations) if self._past(key, now)]
        for key in expired:
            self.expire(key, now)
        if self.name is not None:
            for key in list(self._stale):
                if key not in self._conversations:
                    await store_deadline(self.name, key, None)
                self._stale.discard(key)
        return len(expired)


def timed_conversations(app: AnyApp) -> list[TimedConversation]:
    """Every TimedConversation registered in the Application."""
    return [
        handler
        for handlers in app.handlers.values()
        for handler in handlers
        if isinstance(handler, TimedConversation)
    ]


async def restore(app: AnyApp) -> None:
    """At start: the stored deadlines back, and what expired while the bot was down ended."""
    for conversation in timed_conversations(app):
        await conversation.restore(app)
        await conversation.sweep()


async def sweep_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """JobQueue, every minute: end the conversations past their deadline."""
    app = context.application
    # Webhook workers share the conversations (bot/telegram/persistence.py `shared`).
    shared = bool(getattr(app.persistence, "shared", False))
    for conversation in timed_conversations(app):
        if shared:
            await conversation.reload(app)
        await conversation.sweep()
    if shared:
        await app.update_persistence()
