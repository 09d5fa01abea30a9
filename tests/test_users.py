"""The users repository on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.models.users import Role, User
from bot.users import (
    RoleChanges,
    Visitor,
    get_user,
    may,
    reconcile_roles,
    set_language,
    set_role,
    touch,
    users_by_role,
)


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


async def test_roles_from_config_are_reconciled_at_start(db: str) -> None:
    from knowledge.kb.questions import forward, record

    async with session_scope() as session:
        for telegram_id, role in ((1, Role.admin), (2, Role.admin), (3, Role.farmer)):
            await touch(session, Visitor(telegram_id, f"u{telegram_id}"))
            await set_role(session, telegram_id, role)
        await touch(session, Visitor(5, "站长"))
        await set_role(session, 5, Role.staff, station_id=7)
        farmer, _ = await touch(session, Visitor(6, "张大爷"))
        question = await record(session, farmer, "西瓜叶子发黄咋办")
    # admin_ids now names 2 and 3 (and 99, who never wrote): 1 is no longer an admin.
    async with session_scope() as session:
        changes = await reconcile_roles(session, [2, 3, 99])
    assert changes == RoleChanges(promoted=(3,), demoted=(1,))
    async with session_scope() as session:
        roles = {u.telegram_id: u.role for u in await users_by_role(session, Role.admin)}
        assert roles == {2: Role.admin, 3: Role.admin}
        demoted = await get_user(session, 1)
        staff = await get_user(session, 5)
        assert demoted is not None and demoted.role is Role.farmer
        assert staff is not None and staff.role is Role.staff and staff.station_id == 7
        # A question without a station reaches the admins: the demoted one no longer.
        recipients = await forward(session, question.id, 6)
        assert recipients.telegram_ids == (2, 3)
    # Nothing changes the second time.
    async with session_scope() as session:
        assert await reconcile_roles(session, [2, 3, 99]) == RoleChanges((), ())


def test_may_is_the_one_role_rule() -> None:
    farmer = User(telegram_id=1, role=Role.farmer)
    lone_staff = User(telegram_id=2, role=Role.staff, station_id=None)
    staff = User(telegram_id=3, role=Role.staff, station_id=5)
    admin = User(telegram_id=4, role=Role.admin)
    assert [may(u, Role.farmer) for u in (farmer, lone_staff, staff, admin)] == [True] * 4
    assert [may(u, Role.staff) for u in (farmer, lone_staff, staff, admin)] == [
        False,
        False,
        True,
        True,
    ]
    assert [may(u, Role.admin) for u in (farmer, lone_staff, staff, admin)] == [
        False,
        False,
        False,
        True,
    ]
    # Staff act for their own station only; admins for any.
    assert may(staff, Role.staff, station_id=5) and not may(staff, Role.staff, station_id=6)
    assert may(admin, Role.staff, station_id=6)
