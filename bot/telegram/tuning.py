"""How FarmHub's Application runs updates and requests: concurrency, pools, retries.

- `ChatOrderedProcessor`: updates of different chats run concurrently (at most
  `limit` at once) while each chat's updates run one after another, in the order
  Telegram sent them, so a farmer's conversation never sees its own steps
  overtake each other.
- `RetryingLimiter`: a request Telegram answered with 429 is retried after
  `retry_after`; a 5xx, or a connection that could not be made, after a short
  backoff. A connection lost after the request went out is not retried: Telegram
  may have acted on it (`may_have_acted`), and a repeat would duplicate it.
- `bot_request` / `updates_request`: HTTP connection pools sized for that
  concurrency (see docs/benchmarks.md, "Updates", for the measurements).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Awaitable, Callable, Coroutine, Hashable
from datetime import timedelta
from typing import Any

import aiohttp
import httpx
from telegram import Update
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.ext import BaseRateLimiter, BaseUpdateProcessor
from telegram.request import HTTPXRequest

log = logging.getLogger(__name__)

# Updates handled at once. Measured on the 2-core machines (docs/benchmarks.md):
# more buys nothing, since every update holds a database connection.
MAX_CONCURRENT_UPDATES = 16
# Bot API connections, shared by the handlers, jobs and the sender. httpcore
# walks every pooled connection on every request and response (O(connections)
# CPU per request): with 32, a greeting cost 3.2-3.3 ms of CPU against the Bot
# API server in its own process, with 8 2.2-2.7 ms (docs/benchmarks.md, issue 17).
# 8 connections at Telegram's ~50-100 ms round trip carry 80-160 requests a
# second, above what Telegram lets one bot send (about 30 messages a second);
# a request finding none free waits (pool_timeout), it does not fail.
CONNECTION_POOL = 8


def chat_key(update: object) -> Hashable | None:
    """Which updates must stay in order: those of one chat (else one user); None: any order."""
    # ConversationHandler keys conversations by chat and user (per_chat=True, the
    # default everywhere in FarmHub), so one chat's order is all a conversation
    # needs. A per_chat=False conversation would have to key by user here.
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return ("chat", update.effective_chat.id)
    if update.effective_user is not None:
        return ("user", update.effective_user.id)
    return None


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Concurrent across chats, sequential within a chat, at most `limit` updates at once."""

    def __init__(self, limit: int = MAX_CONCURRENT_UPDATES) -> None:
        # PTB's own semaphore must never make an update wait: the per-chat queue
        # below is joined in do_process_update before its first await, which is in
        # the order PTB created the tasks (the order of the updates) only if
        # nothing before it suspends. The real bound is our own semaphore.
        super().__init__(max_concurrent_updates=1_000_000)
        self.limit = limit
        self._slots = asyncio.Semaphore(limit)
        self._tails: dict[Hashable, asyncio.Future[None]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the chat's previous update, then for a free slot, then run this one."""
        key = chat_key(update)
        previous = self._tails.get(key) if key is not None else None
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if key is not None:
            self._tails[key] = done
        started = False
        try:
            if previous is not None:
                # wait() rather than await: cancelling us must not cancel the chain.
                await asyncio.wait([previous])
            async with self._slots:
                started = True
                await coroutine
        finally:
            if not started and isinstance(coroutine, Coroutine):
                coroutine.close()  # cancelled while queued: never run, never warn
            done.set_result(None)
            if key is not None and self._tails.get(key) is done:
                del self._tails[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release: PTB awaits running updates itself."""


# Methods safe to repeat after a timeout, when the first call may have taken effect.
_IDEMPOTENT = frozenset(
    {
        "getMe",
        "getFile",
        "getMyCommands",
        "getWebhookInfo",
        "setMyCommands",
        "deleteMyCommands",
        "setWebhook",
        "deleteWebhook",
        "sendChatAction",
    }
)


# Errors raised before a request could leave: no connection was made (refused,
# DNS, connect timeout) or none was free in the pool. httpx's (PTB's Application)
# and aiohttp's (the outbox sender), and the OS errors underneath them.
_NOT_SENT: tuple[type[BaseException], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    aiohttp.ClientConnectorError,
    aiohttp.ConnectionTimeoutError,
    ConnectionRefusedError,
    socket.gaierror,
)
# Errors that carry the server's answer (a redirect loop, say): it did not act.
_ANSWERED: tuple[type[BaseException], ...] = (
    httpx.TooManyRedirects,
    aiohttp.ClientResponseError,
)


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    cause = exc.__cause__
    while cause is not None and cause not in chain:
        chain.append(cause)
        cause = cause.__cause__
    return chain


def not_sent(exc: BaseException) -> bool:
    """Whether a failed request certainly never reached the server, so repeating it is safe."""
    return any(isinstance(cause, _NOT_SENT) for cause in _causes(exc))


def may_have_acted(exc: BaseException) -> bool:
    """Whether a failed request may have taken effect although no answer came back.

    A connection reset or closed, or a read timed out, after the request was
    written: Telegram may have sent the message. Not so for Telegram's own
    answers (400, 5xx: a NetworkError with no transport error behind it) or a
    connection that was never made.
    """
    if not isinstance(exc, NetworkError) or isinstance(exc, BadRequest):
        return False
    if not_sent(exc):
        return False
    if isinstance(exc, TimedOut):
        return True
    causes = _causes(exc)
    return bool(causes) and not any(isinstance(cause, _ANSWERED) for cause in causes)


class RetryingLimiter(BaseRateLimiter[dict[str, Any]]):
    """Retries what Telegram asks to retry, and only what cannot duplicate; never throttles.

    429 (RetryAfter): wait `retry_after` (if at most `max_wait`), then again.
    A 5xx answer, or a connection that could not be made (`not_sent`): retry
    after `backoff`, doubling; the request did not take effect.
    A timeout or a connection lost after sending (`may_have_acted`) is retried
    only for idempotent methods: a sendMessage may have been delivered, and the
    error reaches the caller (the error handler then stays silent too). A
    caller that paces itself (the broadcast sender) can pass
    `rate_limit_args={"max_retries": 0}` to see every error.
    """

    def __init__(self, max_retries: int = 3, max_wait: float = 60.0, backoff: float = 0.2) -> None:
        self.max_retries = max_retries
        self.max_wait = max_wait
        self.backoff = backoff
        self.retried = 0  # how many retries were made, for logs and tests

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict[str, Any] | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Call the Bot API, retrying as described in the class docstring."""
        retries = (rate_limit_args or {}).get("max_retries", self.max_retries)
        backoff = self.backoff
        attempt = 0
        while True:
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                wait = _seconds(exc)
                if attempt >= retries or wait > self.max_wait:
                    raise
                log.info("%s: flood limit, retrying in %.1f s", endpoint, wait)
                await asyncio.sleep(wait)
            except BadRequest:
                raise  # a subclass of NetworkError in PTB, but repeating cannot help
            except NetworkError as exc:  # TimedOut too
                if attempt >= retries:
                    raise
                if may_have_acted(exc) and endpoint not in _IDEMPOTENT:
                    raise  # perhaps delivered: a repeat could be a second message
                log.info("%s failed (%s), retrying in %.1f s", endpoint, exc, backoff)
                await asyncio.sleep(backoff)
                backoff *= 2
            attempt += 1
            self.retried += 1


def _seconds(exc: RetryAfter) -> float:
    # PTB 22 warns when retry_after is read as an int; the timedelta is the same value.
    with contextlib.suppress(AttributeError):
        value = exc._retry_after
        if isinstance(value, timedelta):
            return value.total_seconds()
    return float(
        exc.retry_after
        if isinstance(exc.retry_after, int | float)
        else exc.retry_after.total_seconds()
    )


def bot_request(pool: int = CONNECTION_POOL) -> HTTPXRequest:
    """The request object for Bot API calls other than getUpdates."""
    # pool_timeout: with concurrent handlers a request may wait for a connection;
    # PTB's default of 1 s turns a short wait into a TimedOut error.
    return HTTPXRequest(connection_pool_size=pool, pool_timeout=10.0)


def updates_request() -> HTTPXRequest:
    """The request object for getUpdates: one connection, long reads for long polling."""
    return HTTPXRequest(connection_pool_size=1, read_timeout=30)
