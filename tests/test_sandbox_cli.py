"""`farmhub botapi`, and `farmhub sample load --if-empty` (what `make run` calls)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
import urllib.request
from pathlib import Path

import pexpect
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli import main
from bot.core import migrate
from bot.core.config import PROJECT_ROOT, get_settings
from bot.core.db import make_engine
from bot.models.users import Role, User
from bot.sandbox.server import SANDBOX_TOKEN
from tests import dbutil


async def _users(url: str, add: bool) -> int:
    engine = make_engine(url)
    try:
        async with AsyncSession(engine) as session:
            if add:
                await dbutil.clear_tables(session)
                session.add(User(telegram_id=4242, name="老赵", role=Role.farmer, language="zh"))
                await session.commit()
            return int(await session.scalar(select(func.count()).select_from(User)) or 0)
    finally:
        await engine.dispose()


def test_sample_load_if_empty_leaves_a_used_database_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The check is one SELECT on the users table: SQLite alone shows it.
    url = f"sqlite+aiosqlite:///{tmp_path / 'used.db'}"
    asyncio.run(migrate.upgrade(url))
    asyncio.run(_users(url, add=True))
    monkeypatch.setenv("FARMHUB_DATABASE_URL", url)
    get_settings.cache_clear()

    async def never(session: object) -> dict[str, int]:
        raise AssertionError("the whole sample must not be loaded again")

    async def refreshed(session: object) -> dict[str, int]:
        return {"prices": 0}  # the prices feature's own refresh, tested there

    monkeypatch.setattr("bot.sample.load_all", never)
    monkeypatch.setattr("bot.sample.refresh", refreshed)
    assert main(["sample", "load", "--if-empty"]) == 0
    assert "the database is not empty" in capsys.readouterr().out
    assert asyncio.run(_users(url, add=False)) == 1


def test_botapi_serves_until_interrupted() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FARMHUB_")}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "bot", "botapi", "--port", "0"],
        cwd=str(PROJECT_ROOT),
        env=env,
        encoding="utf-8",
        timeout=20,
    )
    try:
        child.expect(r"Bot API sandbox on (http://127\.0\.0\.1:\d+)")
        url = child.match.group(1)
        child.expect_exact(f"FARMHUB_TELEGRAM_TOKEN={SANDBOX_TOKEN}")
        with urllib.request.urlopen(f"{url}/bot{SANDBOX_TOKEN}/getMe", timeout=5) as resp:
            me = json.loads(resp.read())
        assert me["ok"] and me["result"]["is_bot"]
        assert re.match(r"^\d+$", str(me["result"]["id"]))
        child.sendintr()
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
