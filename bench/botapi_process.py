"""The local Bot API server in its own process, driven by a benchmark over HTTP.

The bot under test runs in the benchmark's process; the server (and the people
who write to the bot) in a child process started here, so the two do not share
an event loop or a CPU's time slices, as with Telegram. Every time is taken in
the server's process: when a person's message became an update, and when the
bot's answer to it arrived.

    python -m bench.botapi_process PORT_FILE [--latency-ms 0]   (started by `RemoteBotApi`)

Control endpoints (JSON, on the server's own port under `/bench`):

- `POST /bench/run {"text", "updates", "chats", "first_id", "mode"}`: `chats`
  people (ids from `first_id`) send `updates` messages in all. `burst` queues
  them all at once; `closed` has each person send, wait for the answer, send
  again. The answer waits until every message is answered and returns
  `{"elapsed", "latencies", "cpu_s", "rejected"}` (per message: seconds from
  the message to the first reply in its chat after the previous message's).
- `POST /bench/warm {"text", "chats", "first_id"}`: one message per person,
  answered; returns how many bot messages one text gets (`replies_per_message`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from bot.sandbox.flood import FloodLimits
from bot.sandbox.server import BotApiServer
from bot.sandbox.state import Chat, Person

# Methods whose success is a message the person sees (a reply).
REPLY_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument", "sendLocation"})


class Driver:
    """The people of a benchmark, acting on a server in this process."""

    def __init__(self, server: BotApiServer) -> None:
        self.server = server

    def people(self, first_id: int, chats: int) -> list[tuple[Person, Chat]]:
        """`chats` farmers with fresh private chats."""
        found = []
        for i in range(chats):
            person = self.server.api.person(first_id + i, f"农户{i}", language_code="zh-hans")
            chat = self.server.api.chats[person.id]
            chat.messages.clear()
            chat.events.clear()
            found.append((person, chat))
        return found

    def _reply_times(self, since: int, chat_ids: set[int]) -> dict[int, list[float]]:
        times: dict[int, list[float]] = {c: [] for c in chat_ids}
        for call in self.server.calls[since:]:
            # When the reply reached the server (the person sees it then; the
            # server's answer to the bot may be delayed by --latency-ms).
            if call.method in REPLY_METHODS and call.status == 200:
                chat_id = call.params.get("chat_id")
                if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
                    chat_id = int(chat_id)
                if chat_id in times:
                    times[chat_id].append(call.started)
        return times

    async def _wait_sent(self, target: int, deadline: float) -> None:
        # A counter, not a scan of every chat: waiting must not cost CPU.
        while self.server.api.messages_sent < target:
            if time.monotonic() > deadline:
                missing = target - self.server.api.messages_sent
                raise TimeoutError(f"{missing} replies missing")
            await asyncio.sleep(0.002)

    async def warm(self, text: str, chats: int, first_id: int) -> dict[str, Any]:
        """One message per person (registers them); how many bot messages a text gets."""
        people = self.people(first_id, chats)
        before = self.server.api.messages_sent
        for person, chat in people:
            self.server.api.user_message(person, chat, text=text)
        await self._wait_sent(before + chats, time.monotonic() + 120)
        # Let a second message of the same answer arrive, if there is one.
        await self.server.wait_quiet(0.3, 30)
        per = (self.server.api.messages_sent - before) / chats
        return {"replies_per_message": per}

    async def run(
        self, text: str, updates: int, chats: int, first_id: int, mode: str, per_message: int
    ) -> dict[str, Any]:
        """Send, wait for every answer, and time each person's own replies."""
        people = self.people(first_id, chats)
        since = len(self.server.calls)
        sent_before = self.server.api.messages_sent
        cpu = time.process_time()
        started = time.monotonic()
        asked: dict[int, list[float]] = {chat.id: [] for _, chat in people}
        if mode == "burst":
            for i in range(updates):
                person, chat = people[i % chats]
                asked[chat.id].append(time.monotonic())
                self.server.api.user_message(person, chat, text=text)
            await self._wait_sent(sent_before + updates * per_message, started + 600)
        else:
            rounds = updates // chats

            async def converse(person: Person, chat: Chat) -> None:
                for _ in range(rounds):
                    wanted = len(chat.bot_messages) + per_message
                    asked[chat.id].append(time.monotonic())
                    self.server.api.user_message(person, chat, text=text)
                    while len(chat.bot_messages) < wanted:
                        await chat.changed.wait()

            await asyncio.wait_for(asyncio.gather(*(converse(p, c) for p, c in people)), 600)
        elapsed = time.monotonic() - started
        cpu = time.process_time() - cpu
        answered = self._reply_times(since, set(asked))
        latencies = [
            answered[chat_id][k * per_message] - at
            for chat_id, times in asked.items()
            for k, at in enumerate(times)
        ]
        return {
            "elapsed": elapsed,
            "latencies": latencies,
            "cpu_s": cpu,
            "rejected": len(self.server.take_rejections()),
        }


async def _serve(port_file: Path, latency: float) -> None:
    server = BotApiServer(flood=FloodLimits.off(), latency=latency)
    driver = Driver(server)

    async def control(request: web.Request) -> web.Response:
        body = await request.json()
        if request.path == "/bench/warm":
            result = await driver.warm(body["text"], int(body["chats"]), int(body["first_id"]))
        else:
            result = await driver.run(
                body["text"],
                int(body["updates"]),
                int(body["chats"]),
                int(body["first_id"]),
                body.get("mode", "burst"),
                int(body.get("per_message", 1)),
            )
        # Calls of earlier runs are not needed again: keep the scan short.
        server.calls.clear()
        return web.json_response(result)

    original = server._dispatch

    async def dispatch(request: web.Request) -> web.StreamResponse:
        if request.path.startswith("/bench/"):
            return await control(request)
        return await original(request)

    server._dispatch = dispatch  # type: ignore[method-assign]
    async with server:
        found = json.dumps({"url": server.url, "token": server.token})
        await asyncio.to_thread(port_file.write_text, found)
        await asyncio.Event().wait()


class RemoteBotApi:
    """A Bot API server in a child process, and the calls that drive its people."""

    def __init__(self, latency_ms: float = 0.0) -> None:
        self.latency_ms = latency_ms
        self.url = ""
        self.token = ""
        self._process: subprocess.Popen[bytes] | None = None
        self._session: aiohttp.ClientSession | None = None

    @property
    def base_url(self) -> str:
        """PTB's base_url for this server."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """PTB's base_file_url for this server."""
        return f"{self.url}/file/bot"

    async def __aenter__(self) -> RemoteBotApi:
        port_file = Path(os.environ.get("TMPDIR", "/tmp")) / f"botapi-{os.getpid()}.json"
        port_file.unlink(missing_ok=True)
        command = [sys.executable, "-m", "bench.botapi_process", str(port_file)]
        # Started once per benchmark, before anything is measured.
        self._process = subprocess.Popen(  # noqa: ASYNC220
            [*command, "--latency-ms", str(self.latency_ms)]
        )
        deadline = time.monotonic() + 60
        while not port_file.exists() or not port_file.read_text():
            if self._process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the Bot API server process did not start")
            await asyncio.sleep(0.05)
        found = json.loads(port_file.read_text())
        port_file.unlink(missing_ok=True)
        self.url, self.token = found["url"], found["token"]
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=900))
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            await self._session.close()
        if self._process is not None:
            self._process.terminate()
            self._process.wait(10)

    async def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        assert self._session is not None
        async with self._session.post(f"{self.url}{path}", json=body) as response:
            response.raise_for_status()
            result: dict[str, Any] = await response.json()
            return result

    async def warm(self, text: str, chats: int, first_id: int) -> float:
        """Bot messages per answer to `text` (after one message from every person)."""
        body = {"text": text, "chats": chats, "first_id": first_id}
        found = await self._post("/bench/warm", body)
        return float(found["replies_per_message"])

    async def run(self, **body: Any) -> dict[str, Any]:
        """One measured run (see the module doc)."""
        return await self._post("/bench/run", body)


def main(argv: list[str] | None = None) -> int:
    """Serve until terminated."""
    parser = argparse.ArgumentParser()
    parser.add_argument("port_file", type=Path)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    args = parser.parse_args(argv)
    try:
        asyncio.run(_serve(args.port_file, args.latency_ms / 1000))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
