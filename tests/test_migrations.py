"""Migrations: up, down, up again on both databases; models and migrations agree."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from bot.core import migrate
from bot.core.db import make_engine
from bot.models import Base
from tests.conftest import BACKENDS, drop_database, make_database


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names()) - {"alembic_version"}


def _diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def _run(url: str, fn: object) -> object:
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(fn)  # type: ignore[arg-type]
    finally:
        await engine.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
async def test_upgrade_downgrade_upgrade(backend: str, tmp_path: Path) -> None:
    url = await make_database(backend, tmp_path)
    try:
        await migrate.upgrade(url)
        assert await migrate.current_revision(url) == migrate.head_revision()
        assert await _run(url, _tables) == set(Base.metadata.tables)

        await migrate.downgrade(url, "base")
        assert await migrate.current_revision(url) is None
        assert await _run(url, _tables) == set()

        await migrate.upgrade(url)
        assert await migrate.is_up_to_date(url)
    finally:
        await drop_database(url)


@pytest.mark.parametrize("backend", BACKENDS)
async def test_models_match_migrations(backend: str, tmp_path: Path) -> None:
    url = await make_database(backend, tmp_path)
    try:
        await migrate.upgrade(url)
        assert await _run(url, _diff) == []
    finally:
        await drop_database(url)


def test_revisions_form_one_line() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1, "migrations have branched: merge or re-parent them"


def test_no_create_all_in_production_code() -> None:
    from bot.core.config import PROJECT_ROOT

    for package in ("bot", "handlers", "knowledge"):
        for path in (PROJECT_ROOT / package).rglob("*.py"):
            assert "create_all(" not in path.read_text(encoding="utf-8"), path
