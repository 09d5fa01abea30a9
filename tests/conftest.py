"""Shared fixtures: settings, and migrated databases on SQLite and PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.core import migrate
from bot.core.clock import PinnedClock, use_clock
from bot.core.config import Settings, get_settings, load_settings
from bot.core.db import dispose_engine, init_engine, session_scope
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
    yield
    get_settings.cache_clear()


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
    yield migrated_url
    await dispose_engine()


@pytest.fixture
def settings(db: str) -> Settings:
    """Settings pointing at the test database, with one admin."""
    return load_settings(database_url=db, admin_ids=[30001])
