"""Pending updates and the webhook: what getUpdates and setWebhook serve from."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field

import aiohttp

from bot.sandbox.state import (
    JSON,
)

# Every update type; getUpdates without allowed_updates delivers all but the last three.
ALL_UPDATE_TYPES = [
    "message",
    "edited_message",
    "channel_post",
    "edited_channel_post",
    "business_connection",
    "business_message",
    "edited_business_message",
    "deleted_business_messages",
    "inline_query",
    "chosen_inline_result",
    "callback_query",
    "shipping_query",
    "pre_checkout_query",
    "purchased_paid_media",
    "poll",
    "poll_answer",
    "my_chat_member",
    "chat_join_request",
    "chat_boost",
    "removed_chat_boost",
    "chat_member",
    "message_reaction",
    "message_reaction_count",
]
DEFAULT_UPDATE_TYPES = frozenset(ALL_UPDATE_TYPES[:-3])


@dataclass
class Webhook:
    """The webhook the bot set, and how delivering to it went."""

    url: str = ""
    secret_token: str | None = None
    max_connections: int = 40
    ip_address: str | None = None
    has_custom_certificate: bool = False
    last_error_date: int | None = None
    last_error_message: str | None = None


def update_chat(update: JSON) -> int | None:
    """The chat an update belongs to (else its sender), for delivering a chat's in order."""
    payload = update[update_kind(update)]
    if not isinstance(payload, dict):
        return None
    for holder in (payload, payload.get("message")):
        if isinstance(holder, dict) and isinstance(holder.get("chat"), dict):
            return int(holder["chat"]["id"])
    sender = payload.get("from") or payload.get("user")
    return int(sender["id"]) if isinstance(sender, dict) else None


def update_kind(update: JSON) -> str:
    """The type of an update: message, callback_query, ..."""
    return next(key for key in update if key != "update_id")


@dataclass
class UpdateQueue:
    """Pending updates: each stays until the bot confirms it (getUpdates offset or webhook 2xx)."""

    pending: list[JSON] = field(default_factory=list)
    allowed: frozenset[str] = DEFAULT_UPDATE_TYPES
    confirmed: int = 0  # every update_id below this is confirmed
    discarded: set[int] = field(default_factory=set)  # not of an allowed type
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    def push(self, kind: str, payload: JSON) -> int:
        """Queue one update; returns its update_id."""
        update_id = next(self._ids)
        self.pending.append({"update_id": update_id, kind: payload})
        self.notify()
        return update_id

    def notify(self) -> None:
        """Wake long polls, the webhook deliverer and confirmation waiters."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def changed(self, within: float | None) -> None:
        """Wait for the next change, at most `within` seconds (None: for ever)."""
        event = self._changed
        try:
            await asyncio.wait_for(event.wait(), within)
        except TimeoutError:
            pass

    def confirm_below(self, offset: int) -> None:
        """Forget every update with an id below `offset` (the bot has it)."""
        self.pending = [u for u in self.pending if u["update_id"] >= offset]
        if offset > self.confirmed:
            self.confirmed = offset
            self.notify()

    def confirm_one(self, update_id: int) -> None:
        """The webhook answered 2xx for one update (others may still be in flight)."""
        self.pending = [u for u in self.pending if u["update_id"] != update_id]
        # Everything below the oldest pending update has been confirmed.
        floor = self.pending[0]["update_id"] if self.pending else update_id + 1
        if floor > self.confirmed:
            self.confirmed = floor
        self.notify()

    def keep_last(self, count: int) -> None:
        """A negative offset: keep only the last `count` updates."""
        dropped = self.pending[:-count] if count else self.pending
        if dropped:
            self.confirm_below(dropped[-1]["update_id"] + 1)

    def deliverable(self) -> list[JSON]:
        """Pending updates of allowed types; the others are discarded, never delivered."""
        kept = []
        for update in self.pending:
            if update_kind(update) in self.allowed:
                kept.append(update)
            else:
                self.discarded.add(update["update_id"])
        self.pending = kept
        return kept

    def clear(self) -> None:
        """Drop everything pending (drop_pending_updates)."""
        if self.pending:
            self.confirm_below(self.pending[-1]["update_id"] + 1)

    def is_confirmed(self, update_id: int) -> bool:
        """Whether the bot has confirmed this update (or it was never to be delivered)."""
        return update_id < self.confirmed or update_id in self.discarded


async def post_update(
    session: aiohttp.ClientSession, hook: Webhook, update: JSON
) -> tuple[bytes | None, str]:
    """POST one update to the webhook: (the answer's body, "") on 2xx, else (None, why)."""
    headers = {}
    if hook.secret_token:
        headers["X-Telegram-Bot-Api-Secret-Token"] = hook.secret_token
    try:
        async with session.post(
            hook.url, json=update, headers=headers, timeout=aiohttp.ClientTimeout(total=10)
        ) as resp:
            body = await resp.read()
            if 200 <= resp.status < 300:
                return body, ""
            return None, f"Wrong response from the webhook: {resp.status} {resp.reason}"
    except (aiohttp.ClientError, TimeoutError, OSError) as exc:
        return None, f"Connection failed: {exc.__class__.__name__}"
