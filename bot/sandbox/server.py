"""The local Bot API server: HTTP in front of `BotApi`, with faults and flood limits.

Start it in-process (`async with BotApiServer() as server:`) or with
`farmhub botapi --port 8081`, and point the bot at `server.base_url` and
`server.base_file_url`, exactly as at a self-hosted Bot API server. It serves

- `/bot<token>/<method>`: the methods of `bot/sandbox/methods.py`, by GET or POST,
  form-encoded, JSON or multipart, checked as Telegram checks them;
- `/file/bot<token>/<file_path>`: file downloads after getFile;
- `/sandbox/...`: a small JSON API for acting as a person when the server runs on
  its own (see `bot/sandbox/user_http.py`); in-process code uses `bot.sandbox.client` instead.

Test switches: `fail_next`, `drop_next`, `lose_answer_next`, `slow_next`,
`block_chat`, `set_flood_limits`. Every call is kept in `calls`; requests the server refused
as invalid (400/401/404) are also kept in `rejections`, so a test harness can
insist that the bot never sends anything Telegram would refuse.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import aiohttp
from aiohttp import web

from bot.sandbox.api import BotApi
from bot.sandbox.flood import FloodLimits
from bot.sandbox.methods import canonical_name
from bot.sandbox.state import JSON, Chat, Person
from bot.sandbox.updates import Webhook, post_update, update_chat
from bot.sandbox.user_http import user_side
from bot.sandbox.validation import ApiError, Upload, bad_request, coerce

log = logging.getLogger(__name__)

# A well-formed token nobody owns: the sandbox's bot. Not a secret.
SANDBOX_TOKEN = "1000000001:SANDBOX-offline-token-not-a-secret"
_TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_METHOD_PATH = re.compile(r"^/bot([^/]*)/([^/]*)$")
_FILE_PATH = re.compile(r"^/file/bot([^/]*)/(.+)$")
MAX_BODY = 50 * 1024 * 1024  # Telegram accepts uploads up to 50 MB
_STATUS_TEXT = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
    403: "Forbidden",
    429: "Too Many Requests",
}


@dataclass
class ApiCall:
    """One request the bot made, and how the server answered it."""

    method: str
    params: JSON
    status: int = 200
    description: str | None = None
    result: Any = None
    injected: bool = False  # answered by a fault the test asked for
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None

    @property
    def ok(self) -> bool:
        """Whether the call succeeded."""
        return self.status == 200

    def __str__(self) -> str:
        shown = {
            k: (v if not isinstance(v, Upload) else f"<file {len(v.data)} bytes>")
            for k, v in self.params.items()
        }
        outcome = "ok" if self.ok else f"{self.status} {self.description}"
        return f"{self.method}({json.dumps(shown, ensure_ascii=False, default=str)}) → {outcome}"


@dataclass
class Fault:
    """A failure a test asked for: the next `times` matching calls fail, drop or lag."""

    method: str | None  # None: any method except getUpdates
    times: int | None = 1  # None: until cleared
    status: int | None = None
    description: str | None = None
    drop: bool = False
    lose_answer: bool = False  # performed, then the connection drops unanswered
    delay: float = 0.0
    chat_id: int | str | None = None
    parameters: JSON | None = None  # e.g. {"retry_after": 1} on a 429

    def matches(self, method: str, raw: JSON) -> bool:
        """Whether this fault applies to a call of `method` with these raw parameters."""
        if self.times == 0:
            return False
        if self.method is None and method == "getUpdates":
            return False
        if self.method is not None and self.method.lower() != method.lower():
            return False
        return self.chat_id is None or str(raw.get("chat_id")) == str(self.chat_id)


def _answer(status: int, body: JSON) -> web.Response:
    return web.Response(
        status=status, text=json.dumps(body, ensure_ascii=False), content_type="application/json"
    )


class BotApiServer:
    """A Telegram Bot API server for one bot, on 127.0.0.1."""

    def __init__(
        self,
        *,
        token: str = SANDBOX_TOKEN,
        host: str = "127.0.0.1",
        port: int = 0,
        flood: FloodLimits | None = None,
        privacy_mode: bool = True,
        callback_ttl: float = 15.0,
        bot_name: str = "FarmHub",
        bot_username: str = "farmhub_sandbox_bot",
        latency: float = 0.0,
    ) -> None:
        if not _TOKEN_RE.match(token):
            raise ValueError("a bot token looks like 123456:ABC-def")
        self.token = token
        # Seconds added to every answer: the round trip to api.telegram.org, which
        # an in-process server does not have (benchmarks use it; tests leave it 0).
        self.latency = latency
        self.host = host
        self.port = port
        bot = Person(int(token.split(":")[0]), bot_name, username=bot_username, is_bot=True)
        self.api = BotApi(
            bot,
            flood=flood,
            privacy_mode=privacy_mode,
            callback_ttl=callback_ttl,
            fetch_url=self._fetch_local,
        )
        self.calls: list[ApiCall] = []
        self.rejections: list[ApiCall] = []
        self.faults: list[Fault] = []
        # Bot requests other than getUpdates being handled now, and when the last one
        # started or ended: "the bot has gone quiet" is judged from these.
        self.inflight = 0
        self.last_activity = time.monotonic()
        self._runner: web.AppRunner | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._hook_backoff = 0.1
        self._session: aiohttp.ClientSession | None = None

    # --- lifecycle ----------------------------------------------------------

    @property
    def url(self) -> str:
        """The server's root URL."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """What to give PTB as base_url (FARMHUB_TELEGRAM_BASE_URL)."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """What to give PTB as base_file_url (FARMHUB_TELEGRAM_BASE_FILE_URL)."""
        return f"{self.url}/file/bot"

    @property
    def bot(self) -> Person:
        """The bot's own account."""
        return self.api.bot

    async def start(self) -> None:
        """Listen (on a free port when port is 0)."""
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        # handler_cancellation: a long poll whose client went away stops waiting.
        self._runner = web.AppRunner(app, handler_cancellation=True, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server
        if self.port == 0 and server is not None:
            self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        self._session = aiohttp.ClientSession()
        self._webhook_task = asyncio.create_task(self._webhook_loop(), name="sandbox-webhook")
        log.info("Bot API sandbox listening on %s", self.url)

    async def stop(self) -> None:
        """Stop listening and delivering."""
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
            self._webhook_task = None
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # --- switches for tests ------------------------------------------------

    def fail_next(
        self,
        method: str | None,
        status: int = 502,
        *,
        times: int | None = 1,
        description: str | None = None,
        chat_id: int | str | None = None,
        retry_after: int = 1,
    ) -> Fault:
        """The next `times` calls of `method` (None: any but getUpdates) answer `status`.

        A 429 carries `parameters.retry_after` as Telegram's do.
        """
        parameters = {"retry_after": retry_after} if status == 429 else None
        text = description or (
            f"Too Many Requests: retry after {retry_after}"
            if status == 429
            else _STATUS_TEXT.get(status, "Error")
        )
        fault = Fault(
            method, times, status=status, description=text, chat_id=chat_id, parameters=parameters
        )
        self.faults.append(fault)
        return fault

    def drop_next(self, method: str | None, *, times: int | None = 1) -> Fault:
        """The next `times` calls of `method` lose their connection; not performed, no answer."""
        fault = Fault(method, times, drop=True)
        self.faults.append(fault)
        return fault

    def lose_answer_next(self, method: str | None, *, times: int | None = 1) -> Fault:
        """The next `times` calls of `method` take effect, then lose their connection unanswered.

        What a proxy or a flaky network does after Telegram acted: the bot cannot
        tell this from `drop_next`, so it must not repeat the call.
        """
        fault = Fault(method, times, lose_answer=True)
        self.faults.append(fault)
        return fault

    def slow_next(self, method: str | None, seconds: float, *, times: int | None = 1) -> Fault:
        """The next `times` calls of `method` take effect, but are answered `seconds` late."""
        fault = Fault(method, times, delay=seconds)
        self.faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        """Forget every fault not yet used up."""
        self.faults.clear()

    def block_chat(self, chat_id: int, blocked: bool = True) -> None:
        """Sends to this chat answer 403 (the user blocked the bot), without any update."""
        self.api.chats[chat_id].blocked = blocked

    def set_flood_limits(self, limits: FloodLimits) -> None:
        """Apply new flood limits (buckets start full)."""
        self.api.flood.configure(limits)

    @property
    def flood_limits(self) -> FloodLimits:
        """The flood limits in force."""
        return self.api.flood.limits

    # --- what the bot did ---------------------------------------------------

    def requests(self, method: str | None = None) -> list[ApiCall]:
        """Calls the bot made (of one method, if given), oldest first."""
        return [c for c in self.calls if method is None or c.method == method]

    def take_rejections(self) -> list[ApiCall]:
        """The calls refused as invalid since the last look, and forget them."""
        taken, self.rejections = self.rejections, []
        return taken

    def chat(self, chat_id: int) -> Chat:
        """A chat the server knows."""
        return self.api.chats[chat_id]

    def commands(self, language_code: str = "", scope: JSON | None = None) -> list[str]:
        """The command menu set for a language (names only)."""
        key = (json.dumps(scope or {"type": "default"}, sort_keys=True), language_code)
        return [c["command"] for c in self.api.commands.get(key, [])]

    async def wait_quiet(self, quiet: float, within: float) -> bool:
        """Wait until no bot request is in flight and none came for `quiet` seconds."""
        deadline = time.monotonic() + within
        while True:
            if self.inflight == 0:
                idle = time.monotonic() - self.last_activity
                if idle >= quiet:
                    return True
                delay = quiet - idle
            else:
                delay = 0.005
            if time.monotonic() + delay > deadline:
                return False
            await asyncio.sleep(delay)

    # --- HTTP ---------------------------------------------------------------

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if path.startswith("/sandbox"):
            status, body = await user_side(self.api, request)
            return _answer(status, body)
        match = _FILE_PATH.match(path)
        if match:
            return self._download(match.group(1), match.group(2))
        match = _METHOD_PATH.match(path)
        if match is None:
            return _answer(404, ApiError(404, "Not Found").to_dict())
        token, method = match.groups()
        if not _TOKEN_RE.match(token):
            return _answer(404, ApiError(404, "Not Found").to_dict())
        if token != self.token:
            return _answer(401, ApiError(401, "Unauthorized").to_dict())
        return await self._method(request, method)

    def _touch(self, delta: int) -> None:
        self.inflight += delta
        self.last_activity = time.monotonic()

    async def _method(self, request: web.Request, method: str) -> web.StreamResponse:
        name = canonical_name(method) or method
        tracked = name != "getUpdates"
        if tracked:
            self._touch(+1)
        call = ApiCall(name, {})
        self.calls.append(call)
        try:
            try:
                raw, uploads = await _read_params(request)
                call.params = {**raw, **uploads}
                fault = self._take_fault(name, raw)
                if fault is not None and fault.drop:
                    call.status, call.description, call.injected = 0, "dropped", True
                    _drop(request)
                    return web.Response(status=500)
                if fault is not None and fault.status is not None:
                    call.injected = True
                    raise ApiError(fault.status, fault.description or "Error", fault.parameters)
                if canonical_name(method) is None:
                    raise ApiError(404, "Not Found")
                params = coerce(name, raw, uploads)
                call.params = params
                result = await self.api.call(name, params)
                call.result = result
                if fault is not None and fault.lose_answer:
                    call.status, call.description, call.injected = 0, "answer lost", True
                    _drop(request)
                    return web.Response(status=500)
                if fault is not None and fault.delay:
                    call.injected = True
                    await asyncio.sleep(fault.delay)
                return _answer(200, {"ok": True, "result": result})
            except ApiError as exc:
                call.status, call.description = exc.status, exc.description
                if exc.status in (400, 401, 404) and not call.injected:
                    self.rejections.append(call)
                    log.warning("sandbox refused %s", call)
                return _answer(exc.status, exc.to_dict())
        finally:
            if self.latency and call.status != 0:
                await asyncio.sleep(self.latency)
            call.finished = time.monotonic()
            if tracked:
                self._touch(-1)

    def _take_fault(self, method: str, raw: JSON) -> Fault | None:
        for fault in self.faults:
            if fault.matches(method, raw):
                if fault.times is not None:
                    fault.times -= 1
                return fault
        return None

    def _download(self, token: str, file_path: str) -> web.Response:
        if token != self.token:
            return _answer(401, ApiError(401, "Unauthorized").to_dict())
        record = self.api.files.by_path.get(file_path)
        if record is None:
            return _answer(404, ApiError(404, "Not Found").to_dict())
        return web.Response(
            body=record.content, content_type=record.mime_type or "application/octet-stream"
        )

    async def _fetch_local(self, url: str) -> bytes:
        """Files "sent by URL": only loopback URLs can be fetched offline."""
        host = aiohttp.client.URL(url).host
        if host not in ("127.0.0.1", "localhost", "::1") or self._session is None:
            raise ValueError("only loopback URLs can be fetched in the sandbox")
        async with self._session.get(url, timeout=aiohttp.ClientTimeout(total=10)) as resp:
            if resp.status != 200:
                raise ValueError(f"HTTP {resp.status}")
            return await resp.read()

    # --- webhook --------------------------------------------------------------

    async def _webhook_loop(self) -> None:
        """Push pending updates to the webhook, as Telegram does: up to max_connections
        at once, one chat's updates one at a time and in order, failures retried."""
        updates = self.api.updates
        inflight: dict[int, asyncio.Task[None]] = {}
        busy: set[int | None] = set()
        while True:
            hook = self.api.webhook
            ready = updates.deliverable() if hook.url else []
            held: set[int | None] = set()
            for update in ready:
                if len(inflight) >= hook.max_connections:
                    break
                update_id = update["update_id"]
                chat = update_chat(update)
                if update_id in inflight or chat in busy or chat in held:
                    held.add(chat)  # a chat's later updates wait for its earlier ones
                    continue
                busy.add(chat)
                held.add(chat)
                task = asyncio.create_task(self._deliver(hook, update))
                inflight[update_id] = task

                def _finished(_t: object, uid: int = update_id, c: int | None = chat) -> None:
                    inflight.pop(uid, None)
                    busy.discard(c)
                    updates.notify()

                task.add_done_callback(_finished)
            await updates.changed(None)

    async def _deliver(self, hook: Webhook, update: JSON) -> None:
        """POST one update; on failure record it and hold the chat back a while."""
        assert self._session is not None
        body, error = await post_update(self._session, hook, update)
        if body is not None:
            self.api.updates.confirm_one(update["update_id"])
            self._hook_backoff = 0.1
            await self._webhook_reply(body)
            return
        hook.last_error_date = int(time.time())
        hook.last_error_message = error
        await asyncio.sleep(self._hook_backoff)
        self._hook_backoff = min(self._hook_backoff * 2, 5.0)

    async def _webhook_reply(self, body: bytes) -> None:
        """A webhook may answer with one method call in its response body."""
        try:
            reply = json.loads(body) if body.strip() else None
        except ValueError:
            return
        if not isinstance(reply, dict) or "method" not in reply:
            return
        name = canonical_name(str(reply.pop("method")))
        if name is None or name == "getUpdates":
            return
        call = ApiCall(name, dict(reply))
        self.calls.append(call)
        try:
            call.params = coerce(name, reply, {})
            call.result = await self.api.call(name, call.params)
        except ApiError as exc:
            call.status, call.description = exc.status, exc.description
            if exc.status in (400, 404):
                self.rejections.append(call)
        call.finished = time.monotonic()


async def _read_params(request: web.Request) -> tuple[JSON, dict[str, Upload]]:
    """Query string plus body, as strings (form, multipart) or typed values (JSON)."""
    raw: JSON = dict(request.query)
    uploads: dict[str, Upload] = {}
    if not request.body_exists:
        return raw, uploads
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("can't parse JSON object") from None
        if not isinstance(body, dict):
            raise bad_request("can't parse JSON object")
        raw.update(body)
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                uploads[key] = Upload(value.filename, value.content_type, value.file.read())
            else:
                raw[key] = value
    return raw, uploads


def _drop(request: web.Request) -> None:
    """Close the connection without an answer, as a crashed front end would."""
    transport = request.transport
    if transport is not None:
        transport.abort()
