"""End-to-end fixtures: the sandbox Bot API server, alone or driving the real FarmHub.

- `harness`: the server plus FarmHub polling it, on the test database. See
  bot/sandbox/harness.py for the API tests use.
- Databases: a chat-flow test runs on SQLite only. A test that exercises what
  differs between the databases (races, locking, crash recovery and persistence,
  outbox claims, PostgreSQL's types and limits) is marked
  `@pytest.mark.both_databases` and runs on PostgreSQL too. The repository tests
  outside tests/e2e run on both databases regardless.
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

BOTH_DATABASES = "both_databases"


# The marker is declared with the others in pyproject.toml.


@pytest.hookimpl(tryfirst=True)
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """E2e tests run on SQLite unless marked both_databases (see the module doc)."""
    if "migrated_url" not in metafunc.fixturenames:
        return
    if metafunc.definition.get_closest_marker(BOTH_DATABASES) is not None:
        return
    # A parametrize mark on migrated_url takes precedence over the fixture's own
    # params (sqlite, postgres) in pytest's fixture parametrization.
    metafunc.definition.add_marker(
        pytest.mark.parametrize("migrated_url", ["sqlite"], indirect=True, scope="session")
    )


@pytest.fixture(scope="session", autouse=True)
def _language_loaded() -> None:
    """jieba, the lexicon and the intent tables, loaded once per test process.

    A running bot loads them at start-up; a test process would load them inside its
    first conversation's first step, whose reply must come within the harness's 5 s
    (on a loaded two-core machine the loading alone took about that).
    """
    from knowledge.text.intent import classify
    from knowledge.text.tokenize import tokenizer

    classify("西红柿叶子发黄怎么办")
    tokenizer().tokens("西红柿叶子发黄怎么办")


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
