"""What a transport says about one send, and the transport's shape. Telegram-free."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from bot.delivery.outcomes import Envelope


class ResultKind(StrEnum):
    """What Telegram said to one send."""

    sent = "sent"
    retry_after = "retry_after"  # 429
    transient = "transient"  # 5xx, or no connection could be made: it did not arrive
    # The request went out but no answer came (connection lost, read timed out):
    # it may have arrived, so it is never repeated.
    doubt = "doubt"
    blocked = "blocked"  # 403: the user blocked the bot (or left the group)
    bad_request = "bad_request"  # 400: never retried


@dataclass(frozen=True)
class SendResult:
    """The answer to one send, as the transport maps it."""

    kind: ResultKind
    message_id: int | None = None
    retry_after: float = 0.0
    reason: str = ""


class Transport(Protocol):
    """Sends one outbox message; must not raise for Telegram's answers (it maps them)."""

    async def send(self, envelope: Envelope, *, paid: bool) -> SendResult:
        """Send `envelope` (with allow_paid_broadcast when `paid`) and say what happened."""
        ...
