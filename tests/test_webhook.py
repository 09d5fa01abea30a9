"""Webhook mode without processes: the command line's refusals, the settings, the endpoint."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from bot import cli
from bot.core.config import ConfigError, load_settings
from bot.telegram.runner import SQLITE_REFUSED
from bot.telegram.webhook import WebhookApp

SECRET = "s3cret_token-1"
PG = "postgresql+asyncpg://farmhub@db/farmhub"


def test_run_help_shows_webhook_and_workers(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["run", "--help"])
    out = capsys.readouterr().out
    assert "--webhook" in out and "--workers N" in out


@pytest.mark.parametrize(
    "argv",
    [["run", "--webhook"], ["run", "--workers", "2"], ["run", "--webhook", "--workers", "4"]],
)
def test_webhook_mode_and_workers_are_refused_on_sqlite_with_one_line(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FARMHUB_DATABASE_URL", "sqlite+aiosqlite:///data/x.db")
    cli.get_settings.cache_clear()
    try:
        assert cli.main(argv) == 2
    finally:
        cli.get_settings.cache_clear()
    err = capsys.readouterr().err
    assert err == SQLITE_REFUSED + "\n"


def test_workers_without_webhook_are_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FARMHUB_DATABASE_URL", PG)
    cli.get_settings.cache_clear()
    try:
        assert cli.main(["run", "--workers", "2"]) == 1
    finally:
        cli.get_settings.cache_clear()
    assert "--workers needs --webhook" in capsys.readouterr().err


def test_webhook_settings_are_checked() -> None:
    settings = load_settings(
        database_url=PG,
        webhook_secret=SECRET,
        webhook_listen="0.0.0.0:8443",
        webhook_url="https://bot.example.org/tg",
    )
    assert settings.listen_address == ("0.0.0.0", 8443)
    assert settings.cluster_url == PG and settings.is_postgres
    with pytest.raises(ConfigError, match="webhook_secret"):
        load_settings(webhook_secret="has space")
    with pytest.raises(ConfigError, match="webhook_listen"):
        load_settings(webhook_listen="8443")
    with pytest.raises(ConfigError, match="direct_database_url"):
        load_settings(direct_database_url="sqlite+aiosqlite:///x.db")


class FakeWorker:
    """Records what the endpoint hands on; fails as told."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []
        self.fail: Exception | None = None
        self.handled = 0
        self.leadership = type("Lead", (), {"leader": False})()

    async def receive(self, body: bytes) -> bool:
        if self.fail is not None:
            raise self.fail
        self.bodies.append(body)
        return True


Message = dict[str, Any]


async def call(
    app: WebhookApp,
    path: str,
    body: bytes = b"",
    *,
    method: str = "POST",
    headers: dict[str, str] | None = None,
    chunks: int = 1,
) -> int:
    """One request through the ASGI app; the status."""
    pieces = [body[i::chunks] for i in range(chunks)] if chunks > 1 else [body]
    messages: list[Message] = [
        {"type": "http.request", "body": piece, "more_body": i < len(pieces) - 1}
        for i, piece in enumerate(pieces)
    ]
    sent: list[Message] = []

    async def receive() -> Message:
        return messages.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "path": path,
        "method": method,
        "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
    }
    handler: Callable[..., Awaitable[None]] = app
    await handler(scope, receive, send)
    return int(sent[0]["status"])


@pytest.fixture
def endpoint() -> tuple[WebhookApp, FakeWorker]:
    settings = load_settings(
        database_url=PG,
        webhook_secret=SECRET,
        webhook_max_body=2048,
        webhook_url="https://bot.example.org/tg/hook",
    )
    worker = FakeWorker()
    return WebhookApp(settings, worker), worker  # type: ignore[arg-type]


async def test_the_endpoint_wants_the_secret_and_a_small_body(
    endpoint: tuple[WebhookApp, FakeWorker],
) -> None:
    app, worker = endpoint
    good = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    update = b'{"update_id": 5}'
    assert await call(app, "/tg/hook", update, headers=good) == 200
    assert worker.bodies == [update]
    assert await call(app, "/tg/hook", update) == 403
    assert (
        await call(
            app, "/tg/hook", update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET[:-1] + "2"}
        )
        == 403
    )
    assert await call(app, "/elsewhere", update, headers=good) == 404
    assert await call(app, "/tg/hook", method="GET", headers=good) == 405
    # Over the limit by Content-Length, or while streaming without one.
    assert (
        await call(app, "/tg/hook", b"x" * 3000, headers={**good, "Content-Length": "3000"}) == 413
    )
    assert await call(app, "/tg/hook", b"x" * 3000, headers=good, chunks=3) == 413
    assert worker.bodies == [update]
    worker.fail = ValueError("not an update")
    assert await call(app, "/tg/hook", b"[]", headers=good) == 400
    # The database did not answer: Telegram is asked to deliver it again.
    worker.fail = OperationalError("INSERT", {}, Exception("down"))
    assert await call(app, "/tg/hook", update, headers=good) == 503
    assert await call(app, "/healthz", method="GET") == 200
