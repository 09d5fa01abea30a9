"""PTB persistence in FarmHub's own database: conversations and drafts survive a restart.

PTB hands the Application's conversation states and user_data to a
BasePersistence at intervals (every UPDATE_INTERVAL seconds) and at shutdown;
this one writes them as JSON rows of the bot_state table, each write in its
own unit of work, and skips rows that did not change since they were last
written. Chat data, bot data and callback data are not used by FarmHub and are
not stored.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select
from telegram.ext import BasePersistence, PersistenceInput

from bot.core.db import session_scope
from bot.models.stations import BotState
from bot.models.users import utcnow

# A crash loses at most this many seconds of conversation moves; a clean stop
# loses nothing (PTB writes everything at shutdown).
UPDATE_INTERVAL = 1.0
CONVERSATION = "conversation"
USER = "user"

Data = dict[Any, Any]
ConversationKey = tuple[int | str, ...]
ConversationDict = dict[ConversationKey, object]


class DatabasePersistence(BasePersistence[Data, Data, Data]):
    """Stores conversation states and user_data in the bot_state table."""

    def __init__(self, update_interval: float = UPDATE_INTERVAL) -> None:
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=False, user_data=True, callback_data=False
            ),
            update_interval=update_interval,
        )
        # What each row holds now, so an unchanged draft costs no write.
        self._written: dict[tuple[str, str, str], str | None] = {}
        # Several processes share the table (webhook workers): what this process
        # holds may be stale, so it is read again before each update (`refresh_key`,
        # `refresh_user_data`) and never assumed to be what the row holds.
        self.shared = False
        # Users whose data was read before this update's handlers were chosen.
        self.fresh: set[int] = set()

    async def _load(self, kind: str, name: str) -> list[tuple[str, str]]:
        async with session_scope() as session:
            rows = await session.execute(
                select(BotState.key, BotState.data).where(
                    BotState.kind == kind, BotState.name == name
                )
            )
            found = [(key, data) for key, data in rows]
        for key, data in found:
            self._written[(kind, name, key)] = data
        return found

    async def _store(self, kind: str, name: str, key: str, value: Any) -> None:
        data = None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
        slot = (kind, name, key)
        # Every stored row was read at start-up (or before this update, when shared),
        # so a missing slot has no row.
        if self._written.get(slot) == data:
            return
        async with session_scope() as session:
            if data is None:
                await session.execute(
                    delete(BotState).where(
                        BotState.kind == kind, BotState.name == name, BotState.key == key
                    )
                )
            else:
                await session.merge(
                    BotState(kind=kind, name=name, key=key, data=data, updated_at=utcnow())
                )
        self._written[slot] = data

    async def get_user_data(self) -> dict[int, Data]:
        """Every stored user_data (only users with something in it have a row)."""
        return {int(key): json.loads(data) for key, data in await self._load(USER, "")}

    async def get_chat_data(self) -> dict[int, Data]:
        """Chat data is not stored."""
        return {}

    async def get_bot_data(self) -> Data:
        """Bot data is not stored (the settings live there, and come from config)."""
        return {}

    async def get_callback_data(self) -> None:
        """Arbitrary callback data is not used."""
        return None

    async def get_conversations(self, name: str) -> ConversationDict:
        """The stored states of one conversation handler, by (chat id, user id)."""
        out: dict[ConversationKey, object] = {}
        for key, data in await self._load(CONVERSATION, name):
            out[tuple(json.loads(key))] = json.loads(data)
        return out

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        """Store one conversation's new state; None (ended) deletes it."""
        await self._store(CONVERSATION, name, json.dumps(list(key)), new_state)

    async def update_user_data(self, user_id: int, data: Data) -> None:
        """Store one user's data; an empty dict deletes the row."""
        await self._store(USER, "", str(user_id), data or None)

    async def update_chat_data(self, chat_id: int, data: Data) -> None:
        """Chat data is not stored."""

    async def update_bot_data(self, data: Data) -> None:
        """Bot data is not stored."""

    async def update_callback_data(self, data: Any) -> None:
        """Callback data is not stored."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Chat data is not stored."""

    async def drop_user_data(self, user_id: int) -> None:
        """Forget one user's data."""
        await self._store(USER, "", str(user_id), None)

    async def refresh_user_data(self, user_id: int, user_data: Data) -> None:
        """Shared: the user's data as stored now (another worker may have moved it on)."""
        if not self.shared:
            return  # this process is the only writer of its users' drafts
        if user_id in self.fresh:
            self.fresh.discard(user_id)  # read for this update already (refresh_user_first)
            return
        async with session_scope() as session:
            data = await session.scalar(
                select(BotState.data).where(
                    BotState.kind == USER, BotState.name == "", BotState.key == str(user_id)
                )
            )
        self._written[(USER, "", str(user_id))] = data
        user_data.clear()
        if data is not None:
            user_data.update(json.loads(data))

    async def refresh_user_first(self, user_id: int, user_data: Data) -> None:
        """Shared: read the user's data before the handlers are chosen (an expiring
        conversation tidies it then); PTB's own refresh for this update is skipped."""
        self.fresh.discard(user_id)
        await self.refresh_user_data(user_id, user_data)
        self.fresh.add(user_id)

    async def refresh_key(self, key: ConversationKey) -> tuple[dict[str, object], dict[str, str]]:
        """Shared: every conversation's stored state and deadline for `key`, by conversation."""
        row_key = json.dumps(list(key))
        async with session_scope() as session:
            rows = await session.execute(
                select(BotState.kind, BotState.name, BotState.data).where(
                    BotState.kind.in_((CONVERSATION, DEADLINE)), BotState.key == row_key
                )
            )
            found = [(kind, name, data) for kind, name, data in rows]
        states: dict[str, object] = {}
        deadlines: dict[str, str] = {}
        for kind, name, data in found:
            if kind == CONVERSATION:
                states[name] = json.loads(data)
            else:
                deadlines[name] = data
        return states, deadlines

    def remember(self, name: str, key: ConversationKey, state: object | None) -> None:
        """Note what a conversation row holds now (read by `refresh_key`)."""
        data = None if state is None else json.dumps(state, ensure_ascii=False, sort_keys=True)
        self._written[(CONVERSATION, name, json.dumps(list(key)))] = data

    async def refresh_chat_data(self, chat_id: int, chat_data: Data) -> None:
        """Chat data is not stored."""

    async def refresh_bot_data(self, bot_data: Data) -> None:
        """Bot data is not stored."""

    async def flush(self) -> None:
        """Every write already went to the database."""


# --- conversation deadlines --------------------------------------------------------------
# PTB's conversation_timeout is a JobQueue job, lost on restart. FarmHub's
# conversations keep their deadline in the same table instead (kind 'deadline',
# name = the conversation, key = chat and user, data = the UTC instant as ISO),
# written on every move by handlers/timeouts.py and read back at start.
DEADLINE = "deadline"


async def store_deadline(name: str, key: ConversationKey, until: datetime | None) -> None:
    """Store when conversation `name` of `key` expires; None deletes the row."""
    row_key = json.dumps(list(key))
    async with session_scope() as session:
        if until is None:
            await session.execute(
                delete(BotState).where(
                    BotState.kind == DEADLINE, BotState.name == name, BotState.key == row_key
                )
            )
        else:
            await session.merge(
                BotState(
                    kind=DEADLINE,
                    name=name,
                    key=row_key,
                    data=until.astimezone(UTC).isoformat(),
                    updated_at=utcnow(),
                )
            )


async def load_deadlines(name: str) -> dict[ConversationKey, datetime]:
    """The stored deadlines of conversation `name`, by (chat id, user id)."""
    async with session_scope() as session:
        rows = await session.execute(
            select(BotState.key, BotState.data).where(
                BotState.kind == DEADLINE, BotState.name == name
            )
        )
        return {tuple(json.loads(key)): datetime.fromisoformat(data) for key, data in rows}
