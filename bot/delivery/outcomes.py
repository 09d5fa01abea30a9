"""A claimed outbox row as the sender holds it, and what became of each send.

The sender (bot/delivery/sender.py) claims rows as `Envelope`s and hands back one
`Outcome` for each; `bot.delivery.transitions.apply_outcomes` records them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.models.types import MediaKind


@dataclass
class Envelope:
    """A claimed outbox row as the sender holds it in memory."""

    id: int
    chat_id: int
    text: str
    markup: str | None
    run_id: int | None
    priority: int
    attempts: int
    media_kind: str | None = None
    media: str | None = None
    # Transient failures (5xx, no connection) of this claim, for the backoff.
    failures: int = 0

    @property
    def photo(self) -> str | None:
        """The photo's file_id when the message carries a photo."""
        return self.media if self.media_kind == MediaKind.photo else None


@dataclass(frozen=True)
class Delivered:
    """Telegram accepted the message."""

    envelope: Envelope
    message_id: int | None
    at: datetime


@dataclass(frozen=True)
class Failed:
    """The message will never be sent (400, or retries used up)."""

    envelope: Envelope
    reason: str


@dataclass(frozen=True)
class Blocked:
    """The recipient blocked the bot (403): this and every pending push to them stop."""

    envelope: Envelope
    reason: str


@dataclass(frozen=True)
class Doubt:
    """The request went out but its answer was lost: perhaps delivered, so never repeated."""

    envelope: Envelope
    reason: str


@dataclass(frozen=True)
class Retry:
    """Try again at `not_before` (after a 429's retry_after, or a backoff)."""

    envelope: Envelope
    not_before: datetime
    reason: str


@dataclass(frozen=True)
class Waiting:
    """A personal push to someone who never started the bot (400 chat not found): kept.

    Queued again when they start it (bot/delivery/waiting.py).
    """

    envelope: Envelope
    reason: str


# What a `Waiting` reason ends with, after Telegram's words.
WAITING_TAIL = ": kept until they start the bot"

Outcome = Delivered | Failed | Blocked | Retry | Doubt | Waiting
BlockedHook = Callable[[AsyncSession, int], Awaitable[None]]
# Told the ids of rows that ended failed or blocked (never to arrive), in the same transaction.
UndeliveredHook = Callable[[AsyncSession, Sequence[int]], Awaitable[None]]
