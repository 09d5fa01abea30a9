"""The audit log on SQLite and PostgreSQL, and `farmhub audit` (a contract)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.audit import entries, record
from bot.cli import main
from bot.core import clock
from bot.core.config import get_settings
from bot.core.db import dispose_engine, init_engine, session_scope
from bot.users import Visitor, touch


async def test_record_then_list_newest_first_with_names(db: str) -> None:
    async with session_scope() as session:
        await touch(session, Visitor(20001, "王站长"))
        await record(
            session,
            20001,
            "booking.collect",
            "booking F3K9",
            before={"status": "booked"},
            after={"status": "collected", "kg": 400},
        )
        await record(session, None, "kb.import", "kb.csv", after={"added": 3}, via="cli")
    async with session_scope() as session:
        lines = await entries(session)
    assert [line.action for line in lines] == ["kb.import", "booking.collect"]
    assert lines[1].actor_name == "王站长" and lines[1].after == {"status": "collected", "kg": 400}
    assert lines[0].actor_id is None and lines[0].via == "cli"


async def test_filters_by_user_and_day(db: str) -> None:
    start = clock.utcnow()
    async with session_scope() as session:
        await record(session, 1, "role.grant", "user 2")
        entry = await record(session, 2, "role.revoke", "user 3")
        entry.at = start - timedelta(days=3)
    async with session_scope() as session:
        assert [line.action for line in await entries(session, user_id=2)] == ["role.revoke"]
        recent = await entries(session, since=start - timedelta(days=1))
        assert [line.action for line in recent] == ["role.grant"]


async def test_a_change_that_rolls_back_leaves_no_line(db: str) -> None:
    with pytest.raises(RuntimeError):
        async with session_scope() as session:
            await record(session, 1, "broadcast.send", "broadcast 1")
            raise RuntimeError("the change failed")
    async with session_scope() as session:
        assert await entries(session) == []


def test_cli_lists_and_filters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'audit.db'}"
    monkeypatch.setenv("FARMHUB_DATABASE_URL", db)
    get_settings.cache_clear()
    assert main(["db", "upgrade"]) == 0

    async def prepare() -> None:
        init_engine(db)
        try:
            async with session_scope() as session:
                await touch(session, Visitor(20001, "王站长"))
                await record(session, 20001, "slot.close", "station 1 2026-06-10 14:00")
                old = await record(session, None, "prices.import", "prices.csv", via="cli")
                old.at = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
                notice = await record(
                    session,
                    20001,
                    "broadcast.send",
                    "#1",
                    after={"send_at": "2026-06-11T00:00:00+00:00"},
                )
                notice.at = datetime(2026, 6, 1, 1, 0, tzinfo=UTC)
        finally:
            await dispose_engine()

    asyncio.run(prepare())
    capsys.readouterr()
    assert main(["audit"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 3 and "20001 王站长  slot.close" in out[0]
    assert out[1].startswith("2026-06-01 10:00:00  command line  prices.import")
    # A notice's send time in local time too, as the line's own (blind test: it was UTC).
    assert out[2].endswith('-> {"send_at": "2026-06-11 08:00"}'), out[2]
    assert main(["audit", "--since", "2026-06-05"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    assert main(["audit", "--user", "20001"]) == 0
    assert "slot.close" in capsys.readouterr().out
    assert main(["audit", "--user", "1"]) == 0
    assert capsys.readouterr().out.strip() == "no audit entries"
    assert main(["audit", "--since", "June"]) == 1
    assert "expected a date" in capsys.readouterr().err


def test_an_audit_line_reads_as_words_not_json() -> None:
    from zoneinfo import ZoneInfo

    from bot.audit import AuditLine
    from handlers.render.roles import audit_line

    line = AuditLine(
        id=1,
        at=datetime(2026, 6, 10, 2, 0, tzinfo=UTC),
        actor_id=20001,
        actor_name="李站长",
        via="chat",
        action="broadcast.send",
        target="broadcast 1",
        before=None,
        after={"audience": "station", "planned": 3, "product": None, "text": "明天下雨" * 20},
    )
    text = audit_line("en", line, ZoneInfo("Asia/Shanghai"))
    assert "06-10 10:00" in text and "sent notice #1" in text
    assert "to: My station's farmers" in text and "farmers: 3" in text and "product" not in text
    assert "明天下雨明天下雨" in text and "…" in text and "{" not in text
    assert "发出 通知 #1" in audit_line("zh", line, ZoneInfo("Asia/Shanghai"))


def test_the_audit_log_speaks_the_readers_language_and_time() -> None:
    # Sandbox walk: "added: 1; apply_id: 3", "send_at: 2026-12-05T19:53:02…+00:00", "kind: d".
    from zoneinfo import ZoneInfo

    from bot.audit import AuditLine
    from handlers.render.roles import audit_line

    tz = ZoneInfo("Asia/Shanghai")

    def line(action: str, target: str, after: dict[str, object]) -> AuditLine:
        at = datetime(2026, 12, 5, 19, 53, tzinfo=UTC)
        return AuditLine(1, at, 30001, "王管理员", "chat", action, target, None, after)

    applied = audit_line("zh", line("data.apply", "prices:p.csv", {"added": 1, "apply_id": 3}), tz)
    assert "新增：1；导入批次：3" in applied and "added" not in applied
    timed = line("broadcast.schedule", "broadcast 7", {"send_at": "2026-12-05T23:00:00+00:00"})
    said = audit_line("zh", timed, tz)
    assert "发送时间：2026-12-06 07:00" in said and "通知 #7" in said and "+00:00" not in said
    assert "sends at: 2026-12-06 07:00" in audit_line("en", timed, tz)
    review = audit_line("zh", line("kb.approve", "kb-1", {"kind": "d", "photo": True}), tz)
    # The kind is said by the action (审核通过条目; a phrasing: 审核通过新问法), not again.
    assert "审核通过条目 kb-1" in review and "带照片：是" in review and "类型" not in review
    granted = line("role.grant", "user 10001", {"role": "admin", "station": "SG01"})
    assert "用户 10001" in audit_line("zh", granted, tz)
    assert "角色：管理员" in audit_line("zh", granted, tz)
    assert "role: admin" in audit_line("en", granted, tz)
