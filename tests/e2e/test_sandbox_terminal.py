"""`farmhub sandbox` in a real terminal (a pty), as a newcomer would use it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest

from bot.core import migrate
from bot.core.config import PROJECT_ROOT
from bot.core.db import dispose_engine, init_engine, session_scope
from bot.core.i18n import t
from bot.sample import load_users

pytestmark = pytest.mark.e2e


async def test_chatting_in_the_terminal(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'sandbox.db'}"
    await migrate.upgrade(url)
    init_engine(url)
    try:
        async with session_scope() as session:
            await load_users(session)
    finally:
        await dispose_engine()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FARMHUB_")}
    env["FARMHUB_DATABASE_URL"] = url
    child = pexpect.spawn(
        sys.executable,
        ["-m", "bot", "sandbox"],
        cwd=str(PROJECT_ROOT),
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(50, 200),
    )
    try:
        child.expect_exact("张大爷 › ")
        child.sendline("/start")
        child.expect_exact("张大爷您好")
        child.expect_exact("[1] 💰 查价格")
        child.expect_exact("张大爷 › ")
        child.sendline("/language")
        child.expect_exact("(2) English")
        child.expect_exact("张大爷 › ")
        child.sendline("2")  # press English by its number
        child.expect_exact(t("en", "language.changed"))
        child.expect_exact("[1] 💰 Prices")
        child.sendline("/as staff")
        child.expect_exact("李站长 › ")
        child.sendline("/loc 36.72 118.63")
        child.expect_exact("🤖 ")  # whatever the stations feature says, it answers
        child.expect_exact("李站长 › ")
        child.sendline("/as admin")
        child.expect_exact("王管理员 › ")
        child.sendline("/quit")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0, child.before
