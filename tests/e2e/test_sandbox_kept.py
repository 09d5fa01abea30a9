"""What a `farmhub sandbox` run keeps for the next one on the same database (blind test:
a second run's server had forgotten the chats and files the database still named)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.core.config import Settings
from bot.core.db import init_engine, session_scope
from bot.models.alerts import OutboxMessage, OutboxStatus
from bot.models.stations import Station
from bot.models.users import Role, User, utcnow
from bot.sample import load_users
from bot.sandbox.chat import chat
from bot.sandbox.kept import files_path, keep_files, learn_chats
from bot.sandbox.server import BotApiServer
from bot.sandbox.state import Files
from bot.stations.sample import load_sample
from bot.users import Visitor, set_role, touch

pytestmark = pytest.mark.e2e


async def test_the_server_learns_the_chats_of_people_who_wrote_to_the_bot(db: str) -> None:
    async with session_scope() as session:
        session.add(User(telegram_id=4001, name="老赵", started_at=utcnow()))
        session.add(User(telegram_id=4002, name="Tom", language="en", started_at=utcnow()))
        session.add(User(telegram_id=4003, name="走了的", started_at=utcnow(), active=False))
        session.add(User(telegram_id=4004, name="", started_at=None))  # granted, never wrote
    api = BotApiServer().api
    await learn_chats(api)
    assert api.chats[4001].person is not None and api.chats[4001].person.first_name == "老赵"
    assert api.people[4002].language_code == "en"
    assert api.chats[4003].blocked  # Telegram answers 403, as it did before
    assert 4004 not in api.chats  # Telegram says "chat not found" to a bot never opened


def test_files_are_kept_next_to_a_sqlite_database_and_read_back(tmp_path: Path) -> None:
    kept = files_path(f"sqlite+aiosqlite:///{tmp_path / 'farm.db'}")
    assert kept == tmp_path / "farm.db.sandbox-files.json"
    assert files_path("postgresql+asyncpg://u@h/farm") is None
    first = Files()
    assert keep_files(first, kept) == 0
    voice = first.add(b"OggS voice", "voice", mime_type="audio/ogg", seconds=4)
    again = Files()  # the next run
    assert keep_files(again, kept) == 1
    held = again.get(voice.file_id)
    assert held is not None and (held.content, held.kind, held.seconds) == (
        b"OggS voice",
        "voice",
        4,
    )
    newer = again.add(b"\x89PNG photo", "photo")
    assert newer.file_id != voice.file_id and newer.file_path != voice.file_path
    third = Files()
    assert keep_files(third, kept) == 2  # the kept one was not lost when the new one was


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_second_run_lists_the_first_runs_voice_and_delivers_the_reply(
    settings: Settings, lang: str
) -> None:
    # No harness fixture: its bot would take the outbox's pushes to its own server.
    if files_path(settings.database_url) is None:
        pytest.skip("files are kept next to a SQLite database file only")
    async with session_scope() as session:
        await load_users(session)
        await load_sample(session)
        station = await session.scalar(select(Station).where(Station.external_id == "SG01"))
        assert station is not None
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        farmer.station_id = station.id
        await touch(session, Visitor(20001, "李站长"))
        await set_role(session, 20001, Role.staff, station_id=station.id)
        (await touch(session, Visitor(40001, "刘大姐")))[0].station_id = station.id
        staff = await session.get(User, 20001)
        assert staff is not None
        staff.language, staff.language_chosen = lang, True

    async def run(lines: list[str]) -> str:
        script = iter([*lines, "/quit"])
        out = io.StringIO()

        async def read_line() -> str:
            return next(script) + "\n"

        await chat(settings, read_line, out)
        return out.getvalue()

    first = await run(["/as 40001", "/voice 4"])
    assert "(sandbox:" not in first
    second = await run(["/as staff", "/questions", "/press ✍️", "是缺水，早晚各浇一次"])
    assert "[语音 4秒]" in second  # the first run's recording still plays
    assert "(sandbox:" not in second
    assert "wrong file identifier" not in second and "chat not found" not in second
    # A farmer the first run met (not one of the sample's) got the answer.
    init_engine(settings.database_url)  # the run closed the process engine
    async with session_scope() as session:
        reply = await session.scalar(
            select(OutboxMessage).where(OutboxMessage.key.startswith("qa-reply:"))
        )
        assert reply is not None and reply.chat_id == 40001
        assert reply.status is OutboxStatus.sent, reply.error
    assert "刘大姐 ›" in first  # /as ID names them as the database does
