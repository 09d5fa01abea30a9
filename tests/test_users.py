"""The users repository on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from bot.db import session_scope
from bot.models.users import Role
from bot.users import Visitor, get_user, set_language, set_role, touch, users_by_role


async def test_touch_registers_then_refreshes(db: str) -> None:
    async with session_scope() as session:
        user, created = await touch(session, Visitor(10001, "张大爷", None, "zh-hans"))
        assert created and user.role is Role.farmer and user.language == "zh"
    async with session_scope() as session:
        user, created = await touch(session, Visitor(10001, "张建国", "zjg", "zh-hans"))
        assert not created
    async with session_scope() as session:
        stored = await get_user(session, 10001)
        assert stored is not None
        assert stored.name == "张建国" and stored.username == "zjg"
        assert stored.created_at.tzinfo is not None
        assert stored.last_seen_at >= stored.created_at


async def test_english_client_starts_in_english(db: str) -> None:
    async with session_scope() as session:
        user, _ = await touch(session, Visitor(5, "Tom", None, "en-GB"))
    assert user.language == "en"


async def test_admin_role_follows_config(db: str) -> None:
    async with session_scope() as session:
        user, _ = await touch(session, Visitor(30001, "王", None, None), admin_ids=[30001])
        assert user.role is Role.admin
    async with session_scope() as session:
        user, _ = await touch(session, Visitor(30001, "王", None, None), admin_ids=[])
        assert user.role is Role.farmer


async def test_set_language_and_role(db: str) -> None:
    async with session_scope() as session:
        await touch(session, Visitor(7, "李站长"))
    async with session_scope() as session:
        await set_language(session, 7, "en")
        await set_role(session, 7, Role.staff, station_id=3)
    async with session_scope() as session:
        user = await get_user(session, 7)
        assert user is not None and user.language == "en" and user.station_id == 3
        assert [u.telegram_id for u in await users_by_role(session, Role.staff)] == [7]
        with pytest.raises(ValueError):
            await set_language(session, 7, "fr")
        with pytest.raises(LookupError):
            await set_language(session, 999, "zh")


async def test_failed_unit_of_work_changes_nothing(db: str) -> None:
    with pytest.raises(RuntimeError):
        async with session_scope() as session:
            await touch(session, Visitor(8, "半途"))
            raise RuntimeError("boom")
    async with session_scope() as session:
        assert await get_user(session, 8) is None
