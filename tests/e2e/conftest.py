"""End-to-end fixtures: the sandbox Bot API server, alone or driving the real FarmHub.

- `harness`: the server plus FarmHub polling it, on the test database (SQLite and
  PostgreSQL in turn). See bot/sandbox/harness.py for the API tests use.
- `botapi`: the server alone, for tests of the server itself; `call` posts raw
  requests to it.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import pytest

from bot.core.config import Settings
from bot.sandbox.harness import Harness
from bot.sandbox.server import BotApiServer

RawCall = Callable[..., Awaitable[tuple[int, dict[str, Any]]]]


@pytest.fixture
async def harness(settings: Settings) -> AsyncIterator[Harness]:
    """FarmHub running against the sandbox server; fails the test on invalid requests."""
    async with Harness.start(settings) as running:
        yield running
        running.assert_clean()


@pytest.fixture
async def botapi() -> AsyncIterator[BotApiServer]:
    """The sandbox server alone, with one known person (10001, 张大爷)."""
    async with BotApiServer() as server:
        server.api.person(10001, "张大爷", language_code="zh-hans")
        yield server


@pytest.fixture
async def call(botapi: BotApiServer) -> AsyncIterator[RawCall]:
    """Post a raw Bot API request: call(method, json=..., data=..., token=..., http_method=...)."""
    async with aiohttp.ClientSession() as session:

        async def do(
            method: str,
            *,
            json_body: dict[str, Any] | None = None,
            data: Any = None,
            token: str | None = None,
            http_method: str = "POST",
        ) -> tuple[int, dict[str, Any]]:
            url = f"{botapi.url}/bot{token or botapi.token}/{method}"
            async with session.request(http_method, url, json=json_body, data=data) as resp:
                body = await resp.read()
                return resp.status, json.loads(body)

        yield do
