"""The Telegram end of the delivery engine: send one outbox message, name what went wrong.

- `TelegramTransport` sends one message with `Bot.send_message` on a Bot of its
  own (its own connection pool, so a 100,000-message run never makes a
  farmer's reply wait for a connection) and maps Telegram's errors to
  `bot.delivery.results.ResultKind`.
- `AiohttpRequest` is that Bot's HTTP layer. PTB's default (httpx) managed
  about 100-150 sends/s against the local Bot API server on the 2-core
  machines, below the 1000/s paid-broadcast limit; aiohttp (already a
  dependency) reaches it. See docs/benchmarks.md, "Alert fan-out".
- `InteractiveLimiter` is the Application's rate limiter: it retries like
  `RetryingLimiter` and also charges every message a handler sends to the
  `SharedBudget` bulk paces itself by, so replies to farmers go first.
- `start_delivery` / `stop_delivery` wire the sender to a running Application.
"""

from __future__ import annotations

import asyncio
import json
import logging
import warnings
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

import aiohttp
from telegram import Bot
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import Application
from telegram.request import BaseRequest, RequestData
from telegram.warnings import PTBUserWarning

from bot.core.config import Settings
from bot.core.logs import redact
from bot.delivery.outcomes import BlockedHook, Envelope, UndeliveredHook
from bot.delivery.pacing import Limits, SharedBudget, in_flight_for
from bot.delivery.results import ResultKind, SendResult
from bot.delivery.sender import Sender
from bot.models.types import MediaKind
from bot.telegram.tuning import RetryingLimiter, may_have_acted

log = logging.getLogger(__name__)

# PTB suggests Bot.send_message for a method it knows; TelegramTransport's
# docstring says why the sender does not.
warnings.filterwarnings(
    "ignore",
    message=r"Please use 'Bot\.send(Message|Photo|Voice|VideoNote)'",
    category=PTBUserWarning,
)

DELIVERY_KEY = "delivery"
# The JobQueue job that starts the sender (handlers/jobs.py); the sandbox harness waits for it.
SENDER_JOB = "outbox_sender_start"
# Telegram's limit on a photo's caption, in characters.
CAPTION_LIMIT = 1024
# The method that sends each kind of outbox media; its file parameter is named as the kind.
MEDIA_METHODS: dict[str, str] = {
    MediaKind.photo: "sendPhoto",
    MediaKind.voice: "sendVoice",
    MediaKind.video_note: "sendVideoNote",
}
DEFAULT_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_BASE_FILE_URL = "https://api.telegram.org/file/bot"
# Methods that put a message in a chat: what Telegram's flood limits count.
SEND_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendLocation",
        "sendContact",
        "sendVenue",
        "sendMediaGroup",
        "sendVideo",
        "sendAudio",
        "sendVoice",
        "sendAnimation",
        "sendSticker",
        "sendPoll",
        "sendDice",
        "copyMessage",
        "forwardMessage",
        "sendVideoNote",
    }
)


def retry_seconds(exc: RetryAfter) -> float:
    """`retry_after` in seconds (PTB 22 warns when it is read as an int)."""
    value = getattr(exc, "_retry_after", None)
    if isinstance(value, timedelta):
        return value.total_seconds()
    raw = exc.retry_after
    return raw.total_seconds() if isinstance(raw, timedelta) else float(raw)


class AiohttpRequest(BaseRequest):
    """PTB's request interface over one aiohttp session (JSON bodies, multipart for files)."""

    def __init__(
        self, connections: int = 64, read_timeout: float = 10.0, connect_timeout: float = 5.0
    ) -> None:
        self.connections = connections
        self._read_timeout = read_timeout
        self._connect_timeout = connect_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Open the session (inside the running loop)."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self.connections),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """One HTTP request; timeouts become TimedOut, connection errors NetworkError."""
        if self._session is None:
            await self.initialize()
        assert self._session is not None
        read = self._read_timeout if isinstance(read_timeout, DefaultValue) else read_timeout
        connect = (
            self._connect_timeout if isinstance(connect_timeout, DefaultValue) else connect_timeout
        )
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=connect, sock_read=read)
        body: Any = None
        headers: dict[str, str] = {}
        if request_data is not None:
            files = request_data.multipart_data
            if files:
                form = aiohttp.FormData()
                for name, value in request_data.json_parameters.items():
                    form.add_field(name, value)
                for name, (filename, content, mime) in files.items():
                    form.add_field(name, content, filename=filename, content_type=mime)
                body = form
            else:
                body = request_data.json_payload
                headers["Content-Type"] = "application/json"
        try:
            async with self._session.request(
                method, url, data=body, headers=headers, timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as exc:
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            # aiohttp names the URL (a redirect loop, say), and the URL holds the token.
            raise NetworkError(redact(f"aiohttp.{exc.__class__.__name__}: {exc}")) from exc


class TelegramTransport:
    """Sends outbox messages with its own Bot and maps Telegram's answers.

    `Bot.do_api_request("sendMessage")` rather than `Bot.send_message`: the same
    request and the same errors, without building a `Message` from every answer
    (a third of the sender's CPU per message at 1000/s; docs/benchmarks.md).
    """

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, envelope: Envelope, *, paid: bool) -> SendResult:
        """One sendMessage (sendPhoto, sendVoice, sendVideoNote with a file); never raises."""
        params: dict[str, Any] = {"chat_id": envelope.chat_id}
        kind = envelope.media_kind
        if envelope.media and kind in MEDIA_METHODS:
            method = MEDIA_METHODS[kind]
            params[kind] = envelope.media
            # A video note takes no caption: its text went as the message before it.
            if kind != MediaKind.video_note and envelope.text:
                params["caption"] = envelope.text[:CAPTION_LIMIT]
        else:
            method = "sendMessage"
            params["text"] = envelope.text
        if envelope.markup:
            params["reply_markup"] = json.loads(envelope.markup)
        if paid:
            params["allow_paid_broadcast"] = True
        try:
            result = await self.bot.do_api_request(method, api_kwargs=params)
        except RetryAfter as exc:
            return SendResult(
                ResultKind.retry_after, retry_after=retry_seconds(exc), reason=str(exc)
            )
        except Forbidden as exc:
            return SendResult(ResultKind.blocked, reason=redact(exc.message))
        except ChatMigrated as exc:
            return SendResult(
                ResultKind.bad_request, reason=f"the group moved to chat {exc.new_chat_id}"
            )
        except BadRequest as exc:
            return SendResult(ResultKind.bad_request, reason=redact(exc.message))
        except NetworkError as exc:  # TimedOut too
            reason = redact(
                f"timed out: {exc.message}" if isinstance(exc, TimedOut) else exc.message
            )
            if may_have_acted(exc):
                # The request went out and no answer came: the message may have
                # arrived, and Telegram gives no way to know. Never repeated.
                return SendResult(ResultKind.doubt, reason=reason)
            # A 5xx answer, or no connection could be made: it did not arrive.
            return SendResult(ResultKind.transient, reason=reason)
        except TelegramError as exc:  # 401/404 (token), 409: a configuration problem
            return SendResult(ResultKind.transient, reason=redact(exc.message))
        message_id = result.get("message_id") if isinstance(result, dict) else None
        return SendResult(ResultKind.sent, message_id=message_id)


# A reply to a group waits at most this many times for its minute (another reply
# may take the place it waited for); then it goes, and a 429 is retried as usual.
GROUP_WAITS = 3
# How many answered button presses the limiter remembers: far more than can be
# in progress at once (a press can only be answered within about 15 s).
ANSWERED_MEMORY = 4096


class InteractiveLimiter(RetryingLimiter):
    """RetryingLimiter that also charges every handler's message to the shared budget.

    It also remembers which button presses were answered, so the error handler
    does not answer one twice (Telegram refuses that with "query is too old").
    """

    def __init__(self, budget: SharedBudget | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.budget = budget or SharedBudget()
        self._answered: OrderedDict[str, None] = OrderedDict()

    def answered(self, query_id: str) -> bool:
        """Whether answerCallbackQuery was already sent for this press."""
        return query_id in self._answered

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict[str, Any] | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Charge a sending method to the budget, then call it with RetryingLimiter's retries."""
        if endpoint == "answerCallbackQuery" and data.get("callback_query_id") is not None:
            # Counted as answered once tried: a second answer could not succeed either.
            self._answered[str(data["callback_query_id"])] = None
            while len(self._answered) > ANSWERED_MEMORY:
                self._answered.popitem(last=False)
        if endpoint not in SEND_METHODS:
            return await super().process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )
        chat = data.get("chat_id")
        chat_id = chat if isinstance(chat, int) else None
        budget = self.budget

        async def charged(*a: Any, **kw: Any) -> bool | dict[str, Any] | list[dict[str, Any]]:
            # A group takes 20 messages a minute (replies and notices together):
            # a reply there waits its turn rather than collect a 429.
            for _ in range(GROUP_WAITS):
                wait = budget.group_wait(chat_id)
                if wait <= 0:
                    break
                await asyncio.sleep(wait)
            budget.interactive(chat_id)
            try:
                return await callback(*a, **kw)
            except RetryAfter as exc:
                # The farmer's reply is retried by RetryingLimiter; bulk yields meanwhile.
                budget.interactive_refused(retry_seconds(exc))
                raise
            finally:
                # It counts in bulk's sliding second until a second after its answer.
                budget.interactive_done()

        return await super().process_request(charged, args, kwargs, endpoint, data, rate_limit_args)


def press_answered(bot: Bot, query_id: str) -> bool:
    """Whether this Application's bot already answered the button press `query_id`."""
    limiter = getattr(bot, "rate_limiter", None)
    return isinstance(limiter, InteractiveLimiter) and limiter.answered(query_id)


def delivery_bot(token: str, settings: Settings, connections: int) -> tuple[Bot, AiohttpRequest]:
    """A Bot of the sender's own on the configured (or Telegram's) Bot API server.

    Not initialised (no getMe): its session opens with the first send, so the
    sender starts even while Telegram is unreachable, and retries.
    """
    request = AiohttpRequest(connections)
    bot = Bot(
        token,
        base_url=settings.telegram_base_url or DEFAULT_BASE_URL,
        base_file_url=settings.telegram_base_file_url or DEFAULT_BASE_FILE_URL,
        request=request,
    )
    return bot, request


async def start_delivery(
    app: Application[Any, Any, Any, Any, Any, Any],
    settings: Settings,
    *,
    on_blocked: BlockedHook | None = None,
    on_undelivered: UndeliveredHook | None = None,
    max_in_flight: int | None = None,
) -> Sender:
    """Start the outbox sender for this Application (stopped by `stop_delivery`)."""
    limiter = app.bot.rate_limiter
    budget = limiter.budget if isinstance(limiter, InteractiveLimiter) else SharedBudget()
    limits = Limits.from_settings(settings.rate_limits)
    in_flight = max_in_flight or in_flight_for(limits.bulk_rate)
    bulk_bot, request = delivery_bot(app.bot.token, settings, in_flight)
    sender = Sender(
        TelegramTransport(bulk_bot),
        limits,
        budget=budget,
        on_blocked=on_blocked,
        on_undelivered=on_undelivered,
        max_in_flight=in_flight,
    )
    await sender.start()
    app.bot_data[DELIVERY_KEY] = (sender, request)
    log.info(
        "outbox sender started: bulk at %.0f messages/s%s",
        sender.limits.bulk_rate,
        " (paid broadcast)" if sender.limits.paid else "",
    )
    return sender


def running_sender(app: Application[Any, Any, Any, Any, Any, Any]) -> Sender | None:
    """The Application's sender, if started."""
    entry = app.bot_data.get(DELIVERY_KEY)
    return entry[0] if entry else None


async def stop_delivery(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Stop the sender: requests on the wire finish and are recorded, the rest is given back."""
    entry = app.bot_data.pop(DELIVERY_KEY, None)
    if entry is None:
        return
    sender, request = entry
    await sender.stop()
    try:
        await asyncio.wait_for(request.shutdown(), 5)
    except TimeoutError:
        log.warning("outbox: the sender's connections did not close cleanly")
