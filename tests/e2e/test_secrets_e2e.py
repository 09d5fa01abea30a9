"""The token never appears in a log line, an error message, a chat or the audit log.

A representative run with every logger at DEBUG, formatted as `farmhub run`
sets them up (bot/core/logs.py): conversations, a handler that fails with the
token in its exception, outbox pushes that meet 5xx, a lost connection and a
400, a polling error, and the command line (a success, a refusal, a crash in a
subprocess). Every line written, every message the bot sent, every stored
error and every audit row is searched for the token. The token here is short
and not shaped like a real one, so only the configured-secret masking can hide
it (tests/test_logs.py covers the token-shaped ones).
"""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from telegram import Update
from telegram.ext import ContextTypes

from bot.cli import main as cli_main
from bot.core.config import PROJECT_ROOT, Settings, get_settings
from bot.core.db import session_scope
from bot.core.logs import setup_logging
from bot.delivery import outbox
from bot.delivery.outbox import Push
from bot.models.alerts import OutboxMessage
from bot.models.audit import AuditEntry
from bot.sandbox.harness import Harness
from bot.sandbox.server import BotApiServer
from handlers import start
from tests.e2e.test_alerts_e2e import sender_of

pytestmark = pytest.mark.e2e

# Shorter than a real token (22 letters, not 35): not caught by the token-shape
# pattern, only by registering the configured token.
TOKEN = "424242:s3cr3t-Xy_9-Abcdefghij"
SECRET_PART = TOKEN.split(":")[1]
SAMPLE_STATIONS = str(PROJECT_ROOT / "knowledge" / "data" / "stations.csv")


def leaks(text: str) -> list[str]:
    """The lines of `text` that show the token or its secret half (URL-encoded or not)."""
    needles = (TOKEN, SECRET_PART, TOKEN.replace(":", "%3A"))
    return [line for line in text.splitlines() if any(n in line for n in needles)]


@pytest.fixture
def captured_logs() -> Iterator[io.StringIO]:
    """Every record of every logger, formatted as in production, into a buffer."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    hooks = sys.excepthook, threading.excepthook
    levels = {name: logging.getLogger(name).level for name in ("httpx", "telegram", "aiohttp")}
    setup_logging("DEBUG", TOKEN)
    buffer = io.StringIO()
    for handler in root.handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(buffer)
    for name in levels:
        logging.getLogger(name).setLevel(logging.DEBUG)  # quieter in production: not here
    yield buffer
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, old in levels.items():
        logging.getLogger(name).setLevel(old)
    sys.excepthook, threading.excepthook = hooks


@pytest.fixture
async def secret_harness(
    settings: Settings, captured_logs: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Harness]:
    """FarmHub on a server whose token is TOKEN; /help fails with the token in its error."""

    async def failing_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        raise RuntimeError(f"could not reach https://api.telegram.org/bot{TOKEN}/sendMessage")

    monkeypatch.setattr(start, "help_command", failing_help)
    async with (
        BotApiServer(token=TOKEN) as server,
        Harness.start(settings, server=server) as running,
    ):
        yield running


async def test_a_run_with_errors_never_shows_the_token(
    secret_harness: Harness, captured_logs: io.StringIO
) -> None:
    harness = secret_harness
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    await farmer.send("西红柿多少钱")
    # A handler fails with the token in its exception: logged with its traceback,
    # the farmer told the generic error.
    replies = await farmer.send("/help")
    assert replies.texts
    errors = harness.take_errors()
    assert errors and TOKEN in str(errors[0])  # the exception itself did carry it

    # Pushes meet a 502 twice, a lost connection, and a chat that does not exist.
    sender = await sender_of(harness)
    sender.scheduler.policy = type(sender.scheduler.policy)(backoff_first=0.05)
    harness.user(10002, "李大姐")
    harness.server.fail_next("sendMessage", 502, times=2, chat_id=10002)
    harness.user(10003, "王叔")
    harness.server.drop_next("sendMessage", times=1)
    async with session_scope() as session:
        run = await outbox.start_run(session, "alert", "secrets")
        await outbox.enqueue(
            session,
            [Push("s1", 10003, "一"), Push("s2", 10002, "二"), Push("s3", 99999, "没人")],
            source="alert",
            run=run,
        )
    assert await sender.drain(10)
    harness.server.take_rejections()  # the 400 was provoked
    # Polling meets a 502 and carries on.
    harness.server.fail_next("getUpdates", 502, times=1)
    await farmer.send("土豆多少钱")

    logged = captured_logs.getvalue()
    assert "sendMessage" in logged or "getUpdates" in logged  # requests were logged
    assert "Traceback" in logged  # and the failure, in full
    assert leaks(logged) == []
    chats = "\n".join(
        m.text or "" for chat in harness.server.api.chats.values() for m in chat.messages
    )
    assert leaks(chats) == []
    async with session_scope() as session:
        stored = [r.error or "" for r in await session.scalars(select(OutboxMessage))]
        audit = [repr(vars(a)) for a in await session.scalars(select(AuditEntry))]
    assert any(stored)  # the 502s, the 400 and the doubt left their reasons
    assert leaks("\n".join(stored + audit)) == []


def test_the_command_line_never_shows_the_token(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    captured_logs: io.StringIO,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("FARMHUB_DATABASE_URL", url)
    monkeypatch.setenv("FARMHUB_TELEGRAM_TOKEN", TOKEN)
    monkeypatch.setenv("FARMHUB_ADMIN_IDS", "[1]")
    monkeypatch.setenv("FARMHUB_BOT_USERNAME", "farmhub_test_bot")
    get_settings.cache_clear()
    results: list[Any] = [
        cli_main(["stations", "import", SAMPLE_STATIONS]),
        cli_main(["users", "grant", "777", "staff", "--station", "SG01"]),
        cli_main(["users", "grant", "778", "staff"]),  # refused: no station
        cli_main(["users", "invite", "--station", "SG01"]),
        cli_main(["users", "list"]),
        cli_main(["audit"]),
    ]
    assert results == [0, 0, 1, 0, 0, 0]
    out = capsys.readouterr()
    assert "t.me/farmhub_test_bot" in out.out
    assert leaks(out.out + out.err + captured_logs.getvalue()) == []

    # A crash nobody expected (a database that refuses connections), in its own process.
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("FARMHUB_")},
        "FARMHUB_TELEGRAM_TOKEN": TOKEN,
        "FARMHUB_DATABASE_URL": "postgresql+asyncpg://postgres@127.0.0.1:1/nowhere",
    }
    crashed = subprocess.run(
        [sys.executable, "-m", "bot", "users", "list"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert crashed.returncode != 0
    assert leaks(crashed.stdout + crashed.stderr) == []
