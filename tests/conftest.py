"""Shared fixtures: settings, and migrated databases on SQLite and PostgreSQL."""

from __future__ import annotations

import functools
import os
import ssl
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx._transports.default as httpx_transports
import pytest

from bot.core import migrate
from bot.core.batch import discard_all
from bot.core.clock import PinnedClock, use_clock
from bot.core.config import RateLimits, Settings, UserFlood, get_settings, load_settings
from bot.core.db import dispose_engine, init_engine, session_scope
from knowledge.text.county_products import use_products_file
from tests import dbutil

BACKENDS = ["sqlite", "postgres"]
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(autouse=True)
def _isolated_config(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No developer's FARMHUB_* variables leak into a test."""
    for key in list(os.environ):
        if key.startswith("FARMHUB_") and key != "FARMHUB_TEST_POSTGRES_URL":
            monkeypatch.delenv(key)
    get_settings.cache_clear()
    use_products_file(None)
    yield
    get_settings.cache_clear()
    use_products_file(None)


@pytest.fixture(scope="session", autouse=True)
def _one_tls_context() -> Iterator[None]:
    """Every httpx client of the run shares one default TLS context.

    Each PTB Bot makes two or three httpx clients, and each client loads the CA
    bundle again (about 30 ms of CPU): 90 ms per e2e test, spent on TLS that the
    sandbox (plain http://127.0.0.1) never uses. Other TLS settings are untouched.
    """
    make = httpx_transports.create_ssl_context
    shared = functools.cache(make)

    def create(
        verify: ssl.SSLContext | str | bool = True, cert: object = None, trust_env: bool = True
    ) -> ssl.SSLContext:
        if verify is True and cert is None and trust_env:
            return shared()
        return make(verify=verify, cert=cert, trust_env=trust_env)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(httpx_transports, "create_ssl_context", create)
        yield


# Every test runs on a known Wednesday mid-morning in Asia/Shanghai, whatever the
# hour on the machine: stations' opening hours, "today", booking windows and
# reminders all read this clock (bot/core/clock.py). Time still flows from there.
PINNED_AT = datetime(2026, 6, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def clock() -> Iterator[PinnedClock]:
    """The process clock pinned at PINNED_AT for the test (advance it to move time)."""
    with use_clock(PinnedClock(PINNED_AT)) as pinned:
        assert isinstance(pinned, PinnedClock)
        yield pinned


@pytest.fixture(autouse=True)
def _fresh_knowledge_index() -> Iterator[None]:
    """Each test starts with an empty, unloaded process-wide knowledge index."""
    from knowledge.kb.search import engine

    engine.cache_clear()
    yield
    engine.cache_clear()


async def _need_postgres() -> None:
    reason = await dbutil.postgres_available()
    if reason is None:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: PostgreSQL is required)")
    pytest.skip(reason)


async def make_database(backend: str, tmp: Path) -> str:
    """A new empty database of the given backend; returns its URL."""
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{tmp / 'farmhub.db'}"
    await _need_postgres()
    return await dbutil.create_postgres_database()


async def drop_database(url: str) -> None:
    """Remove a database made by make_database (SQLite files go with tmp_path)."""
    if url.startswith("postgresql"):
        await dbutil.drop_postgres_database(url)


@pytest.fixture(scope="session", params=BACKENDS)
async def migrated_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    """One database per backend per run, migrated to head once."""
    url = await make_database(request.param, tmp_path_factory.mktemp(request.param))
    await migrate.upgrade(url)
    yield url
    await dispose_engine()
    await drop_database(url)


@pytest.fixture
async def db(migrated_url: str) -> AsyncIterator[str]:
    """The process engine on an emptied, migrated database (each backend in turn)."""
    init_engine(migrated_url)
    async with session_scope() as session:
        await dbutil.clear_tables(session)
    # Last-seen times and counts noted by an earlier test belong to its database.
    discard_all()
    yield migrated_url
    await dispose_engine()


@pytest.fixture
def settings(db: str) -> Settings:
    """Settings pointing at the test database, with one admin.

    One private chat takes 20 messages a second here, not Telegram's 1: a push
    right after a reply would otherwise wait a second in every conversation test.
    The pacing itself is tested with its own limits (test_delivery, test_outbox,
    the 429 and flood tests in tests/e2e).
    """
    return load_settings(
        database_url=db,
        admin_ids=[30001],
        rate_limits=RateLimits(private_chat_per_second=20),
        # Scripted conversations type far faster than people: per-user flood
        # control is tested at its real rates in tests/e2e/test_throttle_e2e.py.
        user_flood=UserFlood(
            messages_per_second=100, message_burst=1000, presses_per_second=100, press_burst=1000
        ),
    )
