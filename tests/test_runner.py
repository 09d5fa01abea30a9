"""`farmhub run` at start-up: a rejected token, an unreachable Bot API server."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import sys
from pathlib import Path

import pytest

from bot.core import migrate
from bot.core.config import PROJECT_ROOT, load_settings
from bot.sandbox.server import BotApiServer
from bot.telegram.runner import wait_for_telegram

# Well-formed, but not the token the server knows: what a revoked token looks like.
REVOKED = "987654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_a_rejected_token_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'farmhub.db'}"
    await migrate.upgrade(url)
    env = {k: v for k, v in os.environ.items() if not k.startswith("FARMHUB_")}
    async with BotApiServer() as server:  # answers 401 Unauthorized to any other token
        env.update(
            FARMHUB_DATABASE_URL=url,
            FARMHUB_TELEGRAM_TOKEN=REVOKED,
            FARMHUB_TELEGRAM_BASE_URL=server.base_url,
            FARMHUB_TELEGRAM_BASE_FILE_URL=server.base_file_url,
        )
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=PROJECT_ROOT,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(child.communicate(), 120)
    stderr = err.decode()
    assert child.returncode == 2, stderr
    assert stderr.count("\n") == 1, stderr  # one line, no traceback
    assert stderr.startswith("config error: telegram_token (FARMHUB_TELEGRAM_TOKEN): ")
    assert "rejected" in stderr
    assert REVOKED not in stderr + out.decode()
    assert "987654321" not in stderr


async def test_an_unreachable_server_is_waited_for_with_backoff(
    caplog: pytest.LogCaptureFixture,
) -> None:
    port = free_port()  # nothing listens there: connection refused
    server = BotApiServer(port=port)
    settings = load_settings(
        telegram_token=server.token,
        telegram_base_url=server.base_url,
        telegram_base_file_url=server.base_file_url,
    )
    waited: list[float] = []

    async def sleep(seconds: float) -> None:
        waited.append(seconds)
        if len(waited) == 5:
            await server.start()  # the network is back

    caplog.set_level(logging.WARNING, logger="bot.telegram.runner")
    try:
        username = await wait_for_telegram(settings, sleep=sleep, first=1.0, cap=8.0)
    finally:
        await server.stop()
    assert username == server.bot.username
    assert waited == [1.0, 2.0, 4.0, 8.0, 8.0]  # doubling, capped
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.telegram.runner"]
    assert len(lines) == 5  # one line per failed attempt
    assert all("not reachable" in line and "retrying in" in line for line in lines)
    assert "attempt 5, retrying in 8 s" in lines[-1]


async def test_by_default_the_wait_starts_at_1_s_and_doubles_to_60_s() -> None:
    settings = load_settings(
        telegram_token=REVOKED, telegram_base_url=f"http://127.0.0.1:{free_port()}/bot"
    )
    waited: list[float] = []

    class Enough(Exception):
        pass

    async def sleep(seconds: float) -> None:
        waited.append(seconds)
        if len(waited) == 9:
            raise Enough

    with pytest.raises(Enough):
        await wait_for_telegram(settings, sleep=sleep)
    assert waited == [1, 2, 4, 8, 16, 32, 60, 60, 60]
