"""Schema migrations through Alembic, callable from the CLI, the bot and tests."""

from __future__ import annotations

from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from bot.core.config import PROJECT_ROOT
from bot.core.db import make_engine


def alembic_config(url: str) -> Config:
    """An Alembic Config for this project's migrations on the given database."""
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def head_revision() -> str | None:
    """The newest revision shipped with the code."""
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


async def _on_connection(url: str, action: Any, *args: Any) -> Any:
    # Alembic is synchronous: hand it a live connection through run_sync so the
    # same code serves aiosqlite and asyncpg, inside or outside a running loop.
    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            return await conn.run_sync(action, *args)
    finally:
        await engine.dispose()


def _command(connection: Connection, url: str, name: str, revision: str) -> None:
    cfg = alembic_config(url)
    cfg.attributes["connection"] = connection
    getattr(command, name)(cfg, revision)


async def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database up to `revision`."""
    await _on_connection(url, _command, url, "upgrade", revision)


async def downgrade(url: str, revision: str) -> None:
    """Migrate the database down to `revision` (e.g. 'base' or '-1')."""
    await _on_connection(url, _command, url, "downgrade", revision)


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def current_revision(url: str) -> str | None:
    """The revision the database is at, or None for an empty database."""
    result: str | None = await _on_connection(url, _current)
    return result


async def is_up_to_date(url: str) -> bool:
    """Whether the database is at the newest revision."""
    return await current_revision(url) == head_revision()
