"""Webhook mode: an ASGI application served by uvicorn, one Worker per process.

`farmhub run --webhook [--workers N]` (bot/telegram/runner.py) sets the webhook
once, then uvicorn starts N processes that each build this application
(`create_app`, an import-string factory so uvicorn can spawn them). A request:

- GET /healthz: 200 and {"pid", "leader", "handled"}, for health checks;
- anything but POST to the webhook's path: 404 / 405;
- no `X-Telegram-Bot-Api-Secret-Token` or a wrong one (compared in constant
  time): 403, and the body is never read;
- a body over `webhook_max_body` (by Content-Length, or as it streams): 413;
- otherwise the update is claimed in the database and answered 200 at once
  (a replay too); its handlers run behind (bot/telegram/workers.py). Should the
  database not answer, 503: Telegram delivers the update again later.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from bot.core.config import Settings, get_settings
from bot.core.db import dispose_engine, init_engine
from bot.core.logs import register_secret, setup_logging
from bot.telegram import app as telegram_app
from bot.telegram.workers import Worker

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
SECRET_HEADER = b"x-telegram-bot-api-secret-token"
HEALTH_PATH = "/healthz"


class TooLarge(Exception):
    """The request body is over the limit."""


def webhook_path(settings: Settings) -> str:
    """The path the workers serve: the webhook URL's."""
    return urlsplit(settings.webhook_url).path or "/"


class WebhookApp:
    """The ASGI application: lifespan starts and stops the Worker, POSTs feed it."""

    def __init__(self, settings: Settings, worker: Worker | None = None) -> None:
        self.settings = settings
        self.path = webhook_path(settings)
        secret = settings.webhook_secret
        if secret is None:
            raise ValueError("webhook mode needs webhook_secret (FARMHUB_WEBHOOK_SECRET)")
        self.secret = secret.get_secret_value().encode()
        self.limit = settings.webhook_max_body
        self.worker = worker

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """ASGI entry point."""
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            body = b""
            if scope["path"] == HEALTH_PATH and scope["method"] == "GET":
                status, body = 200, self.health()
            else:
                status = await self._request(scope, receive)
            headers = [(b"content-type", b"application/json"),
                       (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})

    def health(self) -> bytes:
        """For the reverse proxy's health checks: this process, whether it leads, its count."""
        worker = self.worker
        return json.dumps({
            "pid": os.getpid(),
            "leader": bool(worker and worker.leadership.leader),
            "handled": worker.handled if worker else 0,
        }).encode()

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await self.startup()
                except Exception as exc:
                    log.exception("webhook worker failed to start")
                    await send({"type": "lifespan.startup.failed", "message": str(exc)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.shutdown()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def startup(self) -> None:
        """Connect to the database and start this process's Worker."""
        if self.worker is None:
            slots = self.settings.webhook_concurrency
            # Handlers and claims: about one connection per update in flight.
            init_engine(self.settings.database_url, pool=(min(5, slots), min(10, slots)))
            app = telegram_app.build_application(self.settings)
            self.worker = Worker(app, self.settings, slots=slots)
        await self.worker.start()

    async def shutdown(self) -> None:
        """Stop the Worker and close the database."""
        if self.worker is not None:
            await self.worker.stop()
        await dispose_engine()

    async def _request(self, scope: Scope, receive: Receive) -> int:
        if scope["path"] != self.path:
            return 404
        if scope["method"] != "POST":
            return 405
        headers = dict(scope["headers"])
        if not hmac.compare_digest(headers.get(SECRET_HEADER, b""), self.secret):
            return 403
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            return 413
        try:
            body = await self._body(receive)
        except TooLarge:
            return 413
        assert self.worker is not None
        try:
            await self.worker.receive(body)
        except (ValueError, UnicodeDecodeError):
            return 400
        except Exception:
            log.exception("webhook: could not store an update; Telegram will send it again")
            return 503
        return 200

    async def _body(self, receive: Receive) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise TooLarge  # nothing to answer to
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                raise TooLarge
            chunks.append(chunk)
            if not message.get("more_body"):
                return b"".join(chunks)


def create_app() -> WebhookApp:
    """uvicorn's factory in each worker process: settings from the environment."""
    settings = get_settings()
    register_secret(settings.token)
    if settings.webhook_secret is not None:
        register_secret(settings.webhook_secret.get_secret_value())
    setup_logging(settings.log_level, settings.token)
    return WebhookApp(settings)
