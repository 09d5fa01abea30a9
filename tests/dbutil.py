"""Test databases: a fresh SQLite file or a fresh PostgreSQL database per need."""

from __future__ import annotations

import os
import uuid

import asyncpg
from sqlalchemy import delete
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import Base

DEFAULT_PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


def postgres_base_url() -> str:
    """The PostgreSQL server the tests may create databases on."""
    return os.environ.get("FARMHUB_TEST_POSTGRES_URL", DEFAULT_PG_URL)


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def postgres_available() -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    try:
        conn = await asyncpg.connect(_dsn(postgres_base_url()), timeout=5)
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        return f"PostgreSQL at {postgres_base_url()} unreachable: {exc}"
    await conn.close()
    return None


async def create_postgres_database() -> str:
    """A new, empty database on the test server; returns its SQLAlchemy URL."""
    # A database per test run keeps parallel runs (and developers) apart.
    name = f"farmhub_t_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(_dsn(postgres_base_url()))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return make_url(postgres_base_url()).set(database=name).render_as_string(hide_password=False)


async def drop_postgres_database(url: str) -> None:
    """Drop a database made by create_postgres_database."""
    name = make_url(url).database
    conn = await asyncpg.connect(_dsn(postgres_base_url()))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def clear_tables(session: AsyncSession) -> None:
    """Delete every row, children first, so each test starts from an empty schema."""
    for table in reversed(Base.metadata.sorted_tables):
        await session.execute(delete(table))
