"""The database goes away mid-run (issue 16): farmers are told "busy", nothing is lost.

SQLite: another process holds the write lock (or the file is read-only).
PostgreSQL: every connection is terminated and new ones are refused for a while.
While it lasts, a farmer's message and button press are answered "暂时忙，请稍后再试";
afterwards everything works again, and no booking, subscription or outbox row is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url

from bot.alerts.text import ListAlerts
from bot.core import db
from bot.core.db import get_engine, session_scope, unavailable
from bot.core.i18n import t
from bot.delivery.outbox import Push
from bot.models.alerts import AlertSubscription, OutboxMessage
from bot.models.stations import Booking
from bot.sandbox.flood import FloodLimits
from bot.sandbox.harness import Harness
from tests.dbutil import _dsn, postgres_base_url
from tests.e2e.county import direct_booking, today
from tests.e2e.test_alerts_e2e import queue_pushes
from tests.markets_util import SEEDED_EXAMPLES, seed_markets
from tests.stations_util import make_station, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.both_databases]

BUSY = t("zh", "error.busy")


@contextlib.asynccontextmanager
async def read_only() -> AsyncIterator[None]:
    """SQLite: every connection the bot opens from now on may read but not write."""
    engine = get_engine().sync_engine

    def query_only(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA query_only=ON")

    event.listen(engine, "connect", query_only)
    await get_engine().dispose()
    try:
        yield
    finally:
        event.remove(engine, "connect", query_only)
        await get_engine().dispose()


@contextlib.asynccontextmanager
async def database_away(
    url: str, monkeypatch: pytest.MonkeyPatch, fault: str = "away"
) -> AsyncIterator[None]:
    """The database unusable by the bot until the block ends."""
    parsed = make_url(url)
    if fault == "read-only":
        async with read_only():
            yield
        return
    if parsed.get_backend_name() == "sqlite":
        # Writers wait 0.2 s for the lock here, not 10 s: the same failure, sooner.
        monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 200)
        await get_engine().dispose()
        holder = sqlite3.connect(str(parsed.database), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another process's long write
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        return
    name = parsed.database
    admin = await asyncpg.connect(_dsn(postgres_base_url()))
    try:
        await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = $1 AND pid <> pg_backend_pid()",
            name,
        )
        yield
    finally:
        await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        await admin.close()


async def counts() -> tuple[int, int, int]:
    """Bookings, subscriptions and outbox rows."""
    async with session_scope() as session:
        return (
            int(await session.scalar(select(func.count(Booking.id))) or 0),
            int(await session.scalar(select(func.count(AlertSubscription.id))) or 0),
            int(await session.scalar(select(func.count(OutboxMessage.id))) or 0),
        )


@pytest.mark.parametrize("fault", ["away", "read-only"])
async def test_the_database_goes_away_and_comes_back(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    url = str(get_engine().url.render_as_string(hide_password=False))
    if fault == "read-only" and not url.startswith("sqlite"):
        pytest.skip("read-only is SQLite's (a file); PostgreSQL's fault is the connection")
    harness.server.set_flood_limits(FloodLimits.off())
    async with session_scope() as session:
        station, _ = await make_station(session, external_id="A", name="城关服务站")
        await make_user(session, 10001, "张大爷", station_id=station)
        await seed_markets(session, today())
    farmer = harness.user(10001, "张大爷")
    other = harness.user(10002, "李大姐")
    await farmer.send("订阅新发地西红柿价格")
    await direct_booking(10001, "A")
    await queue_pushes([Push("before", 10001, "行情提醒")])
    await harness.delivered()
    before = await counts()
    assert before[0] == 1 and before[1] == 1 and before[2] == 1

    # The harness's own wait for the outbox reads the database: not while it is away.
    harness.wait_for_outbox = False
    async with database_away(url, monkeypatch, fault):
        replies = await farmer.send("订阅新发地黄瓜价格")
        assert replies.texts == [BUSY]
        pressed = await farmer.press_data(ListAlerts().encode())
        assert pressed.answer is not None
        if url.startswith("postgresql") or pressed.answer.text == BUSY:
            assert pressed.answer.text == BUSY
        else:
            # SQLite: a press that only reads may be served from the readable file
            # (once the sender's last-seen is not written on every update).
            assert [m.content for m in [*pressed, *pressed.edited]], "no answer"
        assert (await other.send("西红柿多少钱")).texts == [BUSY]
        # The outbox sender meets the fault too while it lasts.
        await asyncio.sleep(1.2)
    harness.wait_for_outbox = True
    # Whatever failed did so as "unavailable", never as a bug.
    assert all(unavailable(error) for error in harness.take_errors())

    assert await counts() == before
    replies = await farmer.send("订阅新发地黄瓜价格")
    assert replies.texts and replies.texts[-1] != BUSY
    await queue_pushes([Push("after", 10001, "恢复以后的提醒")], label="after")
    await harness.delivered()
    assert farmer.messages[-1].text == "恢复以后的提醒"
    assert [m.text for m in farmer.messages].count("行情提醒") == 1
    after = await counts()
    assert after == (before[0], before[1] + 1, before[2] + 1)
    assert (await other.send("/help")).texts == [t("zh", "help.text", **SEEDED_EXAMPLES)]


def test_a_missing_table_is_a_bug_not_a_busy_moment() -> None:
    from sqlalchemy import exc

    locked = exc.OperationalError(
        "UPDATE users", {}, sqlite3.OperationalError("database is locked")
    )
    missing = exc.OperationalError("SELECT", {}, sqlite3.OperationalError("no such table: users"))
    assert unavailable(locked) and unavailable(ConnectionResetError())
    assert not unavailable(missing) and not unavailable(ValueError("x"))


async def test_connections_terminated_are_replaced_unnoticed(harness: Harness) -> None:
    """PostgreSQL restarted under the bot (its connections killed, new ones welcome)."""
    url = get_engine().url
    if url.get_backend_name() != "postgresql":
        pytest.skip("PostgreSQL's connections")
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    admin = await asyncpg.connect(_dsn(postgres_base_url()))
    try:
        killed = await admin.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = $1 AND pid <> pg_backend_pid()",
            url.database,
        )
    finally:
        await admin.close()
    assert killed >= 1
    # The pool's pre-ping finds each dead connection and opens a new one.
    assert (await farmer.send("/help")).texts == [t("zh", "help.text")]
    assert harness.take_errors() == []
