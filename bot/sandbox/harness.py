"""End-to-end harness: the sandbox server and the real FarmHub Application, talking HTTP.

Tests get it from the `harness` fixture (tests/e2e/conftest.py), which runs each
test on SQLite (and on PostgreSQL too when marked both_databases). A test reads
like a conversation::

    async def test_language(harness: Harness) -> None:
        farmer = harness.user(10001, "张大爷")
        replies = await farmer.send("/start")            # waits until the bot is done
        assert replies.last.text.startswith("张大爷您好")
        assert farmer.keyboard[0] == "💰 查价格"          # reply keyboard shown now
        await farmer.send("/language")
        assert farmer.last.buttons == ["中文", "English"]  # inline
        replies = await farmer.press("English")            # by label or callback data
        assert replies.answer is not None and replies.answer.answered
        assert replies.edited[0].text == t("en", "language.changed")

The API, in full:

- `harness.user(user_id, first_name, *, last_name=None, username=None,
  language_code="zh-hans") -> SandboxUser`: a person with a private chat.
- `harness.group(chat_id, title) -> Chat`; `user.at(group)` acts in it (privacy
  mode: the bot sees commands, replies to it and @mentions only).
- `SandboxUser` actions, each returning `Replies` once the bot has finished:
  `send(text, reply_to=None)`, `press(label_or_data, message=None, location=None,
  contact=None)`, `press_data(data, message=None)` (stale or forged data),
  `share_location(lat, lon)`, `share_contact(phone=None)`,
  `send_photo(data=None, caption=None)`, `send_document(data, file_name)`,
  `send_voice(duration, reply_to=None)`, `send_video_note(duration)`,
  `send_sticker(emoji)`, `edit(message, text)`,
  `forward(text, origin=None, hidden_name=None)` (a message forwarded from
  another person; `user.sent` is the newest message the person sent),
  `block_bot()`, `unblock_bot()`; all take `within=` seconds (default
  `harness.timeout`, 5 s). `await user.next_reply(within=None)` waits for a
  message pushed later (by a job, a broadcast, a staff member's answer).
  `await harness.delivered(within=None)` waits until the outbox sender has
  delivered everything queued (each action already does: see below).
- `Replies` is a list of the bot's new `Message`s, with `.edited`, `.deleted`,
  `.actions`, `.answer` (the `CallbackQuery` with `.text`, `.show_alert`),
  `.texts`, `.last` and `.seconds` (from the action to the bot's first new
  message in this chat: the person's own reply time; None without one).
- `await user.timed(text, within=None) -> float`: send and wait only for this
  person's first reply, not for the bot to finish everything else: under a
  flood, the person's own latency rather than the backlog's.
- `Harness.start_process(settings)`: the server here and `farmhub run` in its
  own process (`harness.process`; `await harness.stop_process()`), for load
  and crash tests; people act the same way.
- Reading: `user.last`, `user.messages`, `user.transcript`, `user.keyboard`,
  `user.presses`, `user.render()`. A `Message` has `.text`, `.caption`,
  `.content`, `.entities`, `.buttons`, `.button_rows`, `.callback_data`,
  `.keyboard`, `.kind` (text, photo, document, location, ...), `.media`,
  `.edited`, `.history`, `.deleted`.
- The server (`harness.server`): `fail_next(method, status=502, times=1)`,
  `drop_next(method)`, `lose_answer_next(method)`, `slow_next(method, seconds)`,
  `block_chat(chat_id)`, `set_flood_limits(FloodLimits(...))`, `requests(method)`,
  `commands(lang)`,
  `take_rejections()`, `api` (chats, files, webhook, updates).
- Checks: at the end of each test the fixture calls `harness.assert_clean()`: it
  fails if the bot made a request Telegram would refuse (400/401/404), if a
  handler raised, or if a button press was never answered. A test that provokes
  one on purpose takes it with `harness.server.take_rejections()`,
  `harness.take_errors()` or `harness.take_unanswered()`.

"The bot has finished" means, for the update an action created: (1) the bot
confirmed it (a later getUpdates offset passed it), so PTB has queued it;
(2) the Application's update queue is fully processed (`update_queue.join()`,
which PTB marks done only after the handlers ran, in sequential and concurrent
mode alike), and the tasks a handler left finishing its reply (created with
`Application.create_task(..., name="reply:...")`, such as a chart drawn after
its press was answered) are done; (3) the outbox sender,
if running, has delivered every push queued so far (pushes a handler queued
reach their chats within the action; `harness.wait_for_outbox = False` turns
this off for a test that keeps pushes waiting on purpose); and (4) no bot
request is in flight and none started for `settle` seconds, which catches work
a handler left to a background task. Each step usually takes a few
milliseconds; if it takes longer than `timeout`, the
test fails with the chat's transcript and the last requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from bot.core.config import Settings
from bot.sandbox.client import SandboxUser
from bot.sandbox.flood import FloodLimits
from bot.sandbox.server import BotApiServer
from bot.sandbox.state import CallbackQuery, Chat
from bot.sandbox.updates import ALL_UPDATE_TYPES
from bot.telegram.app import build_application
from bot.telegram.sender import SENDER_JOB, running_sender

# With the bot in another process: an update that gets no answer in its chat is
# taken as handled after this long without any bot request.
PROCESS_QUIET = 1.0
# Tasks a handler leaves to finish its reply are named with this prefix.
REPLY_TASK = "reply:"

# Builds the Application under test from settings that point at the server.
AppFactory = Callable[[Settings, str], Any]


def farmhub_app(settings: Settings, token: str) -> Any:
    """The real FarmHub Application, as `farmhub run` builds it."""
    return build_application(settings, token=token)


class Harness:
    """The server, the bot application, and the people in the conversation."""

    def __init__(
        self, server: BotApiServer, app: Any = None, *, settle: float = 0.02, timeout: float = 5.0
    ) -> None:
        self.server = server
        self.app = app
        self.settle = settle
        self.timeout = timeout
        self.errors: list[BaseException] = []
        self.polling_errors: list[BaseException] = []
        self.wait_for_outbox = True
        self._users: dict[int, SandboxUser] = {}
        # The bot's own process (`start_process`); None when it runs in this one.
        self.process: asyncio.subprocess.Process | None = None

    # --- starting and stopping ---------------------------------------------------

    @classmethod
    @contextlib.asynccontextmanager
    async def start(
        cls,
        settings: Settings,
        *,
        build: AppFactory = farmhub_app,
        server: BotApiServer | None = None,
        flood: FloodLimits | None = None,
        settle: float = 0.02,
        step_timeout: float = 5.0,
        poll_timeout: int = 10,
    ) -> AsyncIterator[Harness]:
        """Start a server (unless given) and the Application polling it; stop both after."""
        own = server is None
        server = server or BotApiServer(flood=flood)
        if own:
            await server.start()
        try:
            app_settings = settings.model_copy(
                update={
                    "telegram_base_url": server.base_url,
                    "telegram_base_file_url": server.base_file_url,
                }
            )
            harness = cls(
                server, build(app_settings, server.token), settle=settle, timeout=step_timeout
            )
            await harness._start_app(poll_timeout)
            try:
                yield harness
            finally:
                await harness._stop_app()
        finally:
            if own:
                await server.stop()

    @classmethod
    @contextlib.asynccontextmanager
    async def start_process(
        cls,
        settings: Settings,
        *,
        flood: FloodLimits | None = None,
        settle: float = 0.2,
        step_timeout: float = 10.0,
        env: dict[str, str] | None = None,
    ) -> AsyncIterator[Harness]:
        """The server in this process and `farmhub run` in its own, on `settings`' database.

        People act as with `start`; "the bot has finished" is judged from the
        server only (no update queue to join: see `wait_handled`), and each
        action's `Replies.seconds` (or `user.timed`) is that person's own reply
        time. `harness.process` is the bot's process (kill it to test a crash).
        """
        server = BotApiServer(flood=flood)
        await server.start()
        harness = cls(server, None, settle=settle, timeout=step_timeout)
        variables = {
            **os.environ,
            "FARMHUB_DATABASE_URL": settings.database_url,
            "FARMHUB_TELEGRAM_TOKEN": server.token,
            "FARMHUB_TELEGRAM_BASE_URL": server.base_url,
            "FARMHUB_TELEGRAM_BASE_FILE_URL": server.base_file_url,
            "FARMHUB_ADMIN_IDS": json.dumps(list(settings.admin_ids)),
            **(env or {}),
        }
        calls = len(server.calls)
        harness.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=variables
        )
        try:
            # Up once it polls (after its start-up: migrations checked, index loaded).
            deadline = time.monotonic() + 60
            while not any(c.method == "getUpdates" for c in server.calls[calls:]):
                if harness.process.returncode is not None or time.monotonic() > deadline:
                    raise AssertionError("the bot process did not start polling")
                await asyncio.sleep(0.05)
            yield harness
        finally:
            await harness.stop_process()
            await server.stop()

    async def stop_process(self, within: float = 20.0) -> int | None:
        """Stop the bot's process as a service manager would (SIGTERM, then SIGKILL)."""
        process = self.process
        if process is None or process.returncode is not None:
            return None if process is None else process.returncode
        process.terminate()
        try:
            return await asyncio.wait_for(process.wait(), within)
        except TimeoutError:
            process.kill()
            return await process.wait()

    async def _start_app(self, poll_timeout: int) -> None:
        app = self.app
        app.add_error_handler(self._record_error)
        # The same steps, in the same order, as Application.run_polling.
        await app.initialize()
        if app.post_init is not None:
            await app.post_init(app)
        await app.updater.start_polling(
            poll_interval=0,
            timeout=poll_timeout,
            allowed_updates=ALL_UPDATE_TYPES,
            error_callback=self.polling_errors.append,
        )
        queue = getattr(app, "job_queue", None)
        sends_pushes = queue is not None and bool(queue.get_jobs_by_name(SENDER_JOB))
        await app.start()
        if sends_pushes:
            # The sender starts from the job queue a moment after the bot: a
            # push queued by the first action must not find it missing.
            deadline = time.monotonic() + self.timeout
            while running_sender(app) is None:
                if time.monotonic() > deadline:
                    raise AssertionError("the outbox sender did not start\n" + self.report())
                await asyncio.sleep(0.01)

    async def _stop_app(self) -> None:
        app = self.app
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        if app.post_stop is not None:
            await app.post_stop(app)
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)

    async def _record_error(self, update: object, context: Any) -> None:
        self.errors.append(context.error)

    # --- people --------------------------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "zh-hans",
    ) -> SandboxUser:
        """A person with a private chat with the bot (the same object for the same id)."""
        person = self.server.api.person(
            user_id, first_name, last_name=last_name, username=username, language_code=language_code
        )
        existing = self._users.get(user_id)
        if existing is None:
            existing = SandboxUser(self, person, self.server.api.chats[user_id])
            self._users[user_id] = existing
        return existing

    def group(self, chat_id: int, title: str, *, kind: str = "supergroup") -> Chat:
        """A group the bot is in; use `user.at(group)` to speak there."""
        return self.server.api.group(chat_id, title, kind=kind)

    # --- waiting -------------------------------------------------------------------

    async def wait_handled(
        self,
        update_id: int | None,
        *,
        what: str,
        chat: Chat,
        within: float | None = None,
        mark: int | None = None,
    ) -> None:
        """Wait until the bot has handled this update and gone quiet (see the module doc).

        With the bot in another process there is no update queue to join: then
        the wait is for the chat's first new event after `mark` (a reply, an
        edit, an answered press), or for `PROCESS_QUIET` s without any bot
        request when the update gets no answer at all; then for quiet.
        """
        limit = self.timeout if within is None else within
        deadline = time.monotonic() + limit
        updates = self.server.api.updates
        stage = "to confirm the update with getUpdates"
        try:
            if update_id is not None:
                while not updates.is_confirmed(update_id):
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise TimeoutError
                    await updates.changed(remaining)
                if self.app is not None:
                    stage = "to finish its handlers"
                    await asyncio.wait_for(
                        self.app.update_queue.join(), max(deadline - time.monotonic(), 0)
                    )
                    stage = "to finish the work its handlers left to background tasks"
                    await self._background(deadline)
            if self.app is None and mark is not None:
                stage = "to answer in the chat"
                await self._chat_event_or_quiet(chat, mark, deadline)
            if self.app is not None and self.wait_for_outbox:
                stage = "to deliver the pushes in the outbox"
                if not await self._drained(max(deadline - time.monotonic(), 0)):
                    raise TimeoutError
            stage = "to finish its requests"
            quiet = self.settle if self.app is not None else max(self.settle, 0.2)
            if not await self.server.wait_quiet(quiet, max(deadline - time.monotonic(), 0)):
                raise TimeoutError
        except TimeoutError:
            raise AssertionError(
                f"{what}: the bot did not finish within {limit} s (waiting {stage})\n"
                + self.report(chat)
            ) from None

    async def _chat_event_or_quiet(self, chat: Chat, mark: int, deadline: float) -> None:
        def answered() -> bool:
            # Anything the bot did here; the person's own message is an event too.
            return any(k != "message" or m.from_bot for k, m in chat.events[mark:])

        while not answered():
            if self.server.inflight == 0 and (
                time.monotonic() - self.server.last_activity >= PROCESS_QUIET
            ):
                return  # nothing in flight for a while: this update gets no answer
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            changed = chat.changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), min(remaining, 0.05))

    async def _background(self, deadline: float) -> None:
        # Tasks handlers started with Application.create_task to finish their
        # reply (named "reply:..."; a chart drawn after its press was answered).
        # PTB keeps every such task to await at stop. Others are later work, as
        # a push: `next_reply` waits for those.
        while True:
            tasks = [
                task
                for task in getattr(self.app, "_Application__create_task_tasks", ())
                if not task.done() and task.get_name().startswith(REPLY_TASK)
            ]
            if not tasks:
                return
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            await asyncio.wait(tasks, timeout=remaining)

    async def _drained(self, within: float) -> bool:
        sender = running_sender(self.app)
        return sender is None or await sender.drain(within)

    async def delivered(self, within: float | None = None) -> None:
        """Wait until the outbox sender (if running) has delivered everything queued."""
        limit = self.timeout if within is None else within
        if not await self._drained(limit):
            raise AssertionError(f"the outbox was not delivered within {limit} s\n" + self.report())
        await self.server.wait_quiet(self.settle, limit)

    def report(self, chat: Chat | None = None) -> str:
        """The transcript, the last requests and any errors: what a failing test prints."""
        parts = [chat.render()] if chat is not None else []
        parts.append(
            "last requests:\n"
            + "\n".join(
                f"  {call}" for call in self.server.calls[-8:] if call.method != "getUpdates"
            )
        )
        if self.errors:
            parts.append("handler errors:\n" + "\n".join(f"  {e!r}" for e in self.errors))
        if self.polling_errors:
            parts.append("polling errors:\n" + "\n".join(f"  {e!r}" for e in self.polling_errors))
        return "\n".join(parts)

    # --- checks ---------------------------------------------------------------------

    def take_errors(self) -> list[BaseException]:
        """Exceptions the handlers raised since the last look, and forget them."""
        taken, self.errors = self.errors, []
        return taken

    def unanswered(self) -> list[CallbackQuery]:
        """Button presses the bot never answered (the client would spin forever)."""
        return [
            q for chat in self.server.api.chats.values() for q in chat.presses if not q.answered
        ]

    def take_unanswered(self) -> list[CallbackQuery]:
        """Unanswered presses, marked as seen so `assert_clean` passes."""
        taken = self.unanswered()
        for query in taken:
            query.answered = True
        return taken

    def problems(self) -> list[str]:
        """Everything `assert_clean` would complain about."""
        found = [f"request Telegram would refuse: {call}" for call in self.server.rejections]
        found += [f"handler raised {error!r}" for error in self.errors]
        found += [
            f"button press never answered: {q.data!r} in chat {q.message.chat.id}"
            for q in self.unanswered()
        ]
        return found

    def assert_clean(self) -> None:
        """Fail if the bot sent an invalid request, a handler raised, or a press went unanswered."""
        problems = self.problems()
        if problems:
            raise AssertionError("\n".join(problems) + "\n" + self.report())
