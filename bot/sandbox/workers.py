"""Webhook workers in subprocesses behind a balancer, against the local Bot API server.

For the multi-worker tests (tests/test_workers.py) and bench/scale.py: each
`WorkerProcess` is `farmhub run --webhook` (one process, or uvicorn's N) on its
own port, as on its own machine; the `Balancer` is the reverse proxy Telegram's
webhook URL points at. It sends each update to the worker the caller picked
(`route`), else round robin, so a test can make a conversation cross workers.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import aiohttp
from aiohttp import web

from bot.core.config import PROJECT_ROOT
from bot.sandbox.server import BotApiServer

SECRET = "sandbox-webhook-secret"
HOOK_PATH = "/telegram/webhook"


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Balancer:
    """A reverse proxy in front of the workers: the route the caller set, else round robin."""

    def __init__(self) -> None:
        self.backends: list[str] = []
        self.route: int | None = None
        self.port = free_port()
        self._turn = itertools.count()
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.forwarded: list[int] = []  # which backend each update went to

    @property
    def url(self) -> str:
        """The webhook URL Telegram (the sandbox) posts to."""
        return f"http://127.0.0.1:{self.port}{HOOK_PATH}"

    async def start(self) -> None:
        """Listen."""
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        self._session = aiohttp.ClientSession()

    async def stop(self) -> None:
        """Stop listening."""
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        assert self._session is not None
        if not self.backends:
            return web.Response(status=502)
        index = self.route if self.route is not None else next(self._turn) % len(self.backends)
        self.forwarded.append(index)
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host",)}
        try:
            async with self._session.request(
                request.method, self.backends[index] + request.path_qs, data=body,
                headers=headers, timeout=aiohttp.ClientTimeout(total=10),
            ) as resp:
                return web.Response(status=resp.status, body=await resp.read())
        except (aiohttp.ClientError, OSError, TimeoutError):
            return web.Response(status=502)


class WorkerProcess:
    """`farmhub run --webhook` in a subprocess, killable with SIGKILL."""

    def __init__(
        self,
        server: BotApiServer,
        database_url: str,
        webhook_url: str,
        log_path: Path,
        *,
        workers: int = 1,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.port = free_port()
        self.workers = workers
        self.log_path = log_path
        self.env = {
            **os.environ,
            "FARMHUB_DATABASE_URL": database_url,
            "FARMHUB_TELEGRAM_TOKEN": server.token,
            "FARMHUB_TELEGRAM_BASE_URL": server.base_url,
            "FARMHUB_TELEGRAM_BASE_FILE_URL": server.base_file_url,
            "FARMHUB_WEBHOOK_URL": webhook_url,
            "FARMHUB_WEBHOOK_SECRET": SECRET,
            "FARMHUB_WEBHOOK_LISTEN": f"127.0.0.1:{self.port}",
            "FARMHUB_LOG_LEVEL": "INFO",
            **(extra_env or {}),
        }
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        """Where this worker listens."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start the process (it sets the webhook, then serves)."""
        self._log = open(self.log_path, "ab")
        command = [sys.executable, "-m", "bot", "run", "--webhook"]
        if self.workers > 1:
            command += ["--workers", str(self.workers)]
        self.proc = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    async def health(self) -> dict[str, object] | None:
        """The worker's /healthz answer, None while it does not answer."""
        try:
            async with aiohttp.ClientSession() as session, session.get(
                self.url + "/healthz", timeout=aiohttp.ClientTimeout(total=2)
            ) as resp:
                if resp.status == 200:
                    found: dict[str, object] = await resp.json()
                    return found
        except (aiohttp.ClientError, OSError, TimeoutError, ValueError):
            pass
        return None

    async def ready(self, within: float = 60.0) -> None:
        """Wait until the worker answers /healthz."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"worker exited: {self.log_path.read_text()[-2000:]}")
            if await self.health() is not None:
                return
            await asyncio.sleep(0.2)
        raise TimeoutError(f"worker not ready: {self.log_path.read_text()[-2000:]}")

    def kill(self) -> None:
        """SIGKILL the whole process group: no shutdown code runs."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        """SIGINT (an operator's Ctrl-C), then SIGKILL if it lingers."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        if self._log is not None:
            self._log.close()
            self._log = None
