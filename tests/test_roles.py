"""The roles service on SQLite and PostgreSQL: grant, revoke, config admins, invitations,
menus, and pushes kept for people who never started the bot (issue 14)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.audit import entries
from bot.core.clock import PinnedClock
from bot.core.db import session_scope
from bot.delivery import outbox, transitions, waiting
from bot.delivery.outcomes import Envelope, Failed, Waiting
from bot.delivery.pacing import Limits
from bot.delivery.results import ResultKind, SendResult
from bot.delivery.scheduler import Scheduler
from bot.models.alerts import OutboxMessage, OutboxStatus
from bot.models.users import Role, utcnow
from bot.roles import invites
from bot.roles.invites import Redeemed
from bot.roles.notices import tell_admins_not_started
from bot.roles.service import (
    RoleError,
    grant,
    members,
    menu_done,
    menus_due,
    not_started,
    plan_grant,
    revoke,
)
from bot.users import Visitor, get_user, reconcile_roles, touch
from tests.stations_util import make_station


@pytest.fixture
async def stations(db: str) -> dict[str, int]:
    """Stations T1 and T2; their database ids by file id."""
    async with session_scope() as session:
        one, _ = await make_station(session, external_id="T1", name="东关站")
        two, _ = await make_station(session, external_id="T2", name="西关站", lat=36.9, lon=118.8)
    return {"T1": one, "T2": two}


async def test_grant_registers_someone_who_never_started_and_audits_it(
    stations: dict[str, int],
) -> None:
    async with session_scope() as session:
        change = await grant(session, 555, Role.staff, "T1", actor_id=None, via="cli")
        assert change.created and not change.started and change.changed
        assert (change.before, change.after, change.station_after) == (
            Role.farmer,
            Role.staff,
            "T1",
        )
    async with session_scope() as session:
        user = await get_user(session, 555)
        assert user is not None and user.name == "" and user.station_id == stations["T1"]
        assert (user.role_source, user.started_at) == ("cli", None)
        assert [m.telegram_id for m in await not_started(session)] == [555]
        [line] = await entries(session)
        assert (line.action, line.via, line.actor_id, line.target) == (
            "role.grant",
            "cli",
            None,
            "user 555",
        )
        assert line.before == {"role": "farmer", "station": None}
        assert line.after == {"role": "staff", "station": "T1"}
        # Granting the same again changes (and logs) nothing.
        again = await grant(session, 555, Role.staff, "T1", via="cli")
        assert not again.changed and len(await entries(session)) == 1
    # Starting the bot records it.
    async with session_scope() as session:
        user, _ = await touch(session, Visitor(555, "孙站员", language_code="en-US"))
        assert user.started_at is not None and user.role is Role.staff
        # Registered nameless by the grant, they get their client's language now.
        assert (user.name, user.language) == ("孙站员", "en")
        assert await not_started(session) == []


async def test_refusals(stations: dict[str, int]) -> None:
    async with session_scope() as session:
        await touch(session, Visitor(1, "配置管理员"), admin_ids=[1])
        await touch(session, Visitor(2, "农户"))
    attempts: list[tuple[Callable[[AsyncSession], Awaitable[object]], str]] = [
        (lambda s: grant(s, 2, Role.staff), "station_needed"),
        (lambda s: grant(s, 2, Role.staff, "NOPE"), "unknown_station"),
        (lambda s: grant(s, 1, Role.staff, "T1"), "config_admin"),
        (lambda s: revoke(s, 1), "config_admin"),
        (lambda s: revoke(s, 2), "not_granted"),
        (lambda s: revoke(s, 3), "not_granted"),
        (lambda s: revoke(s, 2, station="T1"), "not_granted"),
    ]
    for attempt, code in attempts:
        with pytest.raises(RoleError) as refused:
            async with session_scope() as session:
                await attempt(session)
        assert refused.value.code == code, code
        assert str(refused.value)  # the command line's wording exists for each


async def test_the_last_admin_cannot_go_and_granted_admins_outlive_the_config(
    stations: dict[str, int],
) -> None:
    async with session_scope() as session:
        await touch(session, Visitor(7, "临时管理员"))
        await grant(session, 7, Role.admin, actor_id=None, via="cli")
    # The only admin (no config admins at all) cannot revoke themselves.
    with pytest.raises(RoleError) as refused:
        async with session_scope() as session:
            await revoke(session, 7, actor_id=7)
    assert refused.value.code == "last_admin"
    # Config admins follow the config; the granted one stays through both paths.
    async with session_scope() as session:
        await touch(session, Visitor(1, "配置管理员"), admin_ids=[1])
    async with session_scope() as session:
        changes = await reconcile_roles(session, [])
        assert changes.demoted == (1,)
        granted, _ = await touch(session, Visitor(7, "临时管理员"), admin_ids=[])
        assert granted.role is Role.admin and granted.role_source == "cli"
        config, _ = await touch(session, Visitor(1, "配置管理员"), admin_ids=[1])
        assert config.role is Role.admin
    # With another admin there, the granted one may go.
    async with session_scope() as session:
        change = await revoke(session, 7, actor_id=1)
        assert (change.before, change.after) == (Role.admin, Role.farmer)
        user = await get_user(session, 7)
        assert user is not None and (user.role_source, user.granted_by) == (None, None)


async def test_members_by_role_and_station(stations: dict[str, int]) -> None:
    async with session_scope() as session:
        await touch(session, Visitor(1, "管理员"), admin_ids=[1])
        await grant(session, 21, Role.staff, "T1", via="cli")
        await grant(session, 22, Role.staff, "T2", via="cli")
        farmer, _ = await touch(session, Visitor(10, "农户"))
        farmer.station_id = stations["T1"]
    async with session_scope() as session:
        assert [m.telegram_id for m in await members(session)] == [1, 21, 22]
        assert [m.telegram_id for m in await members(session, Role.staff, "T2")] == [22]
        # A station's people: its staff and its farmers.
        assert [m.telegram_id for m in await members(session, station="T1")] == [21, 10]
        with pytest.raises(RoleError):
            await members(session, station="NOPE")


async def test_menus_follow_roles_and_language(stations: dict[str, int]) -> None:
    async with session_scope() as session:
        await touch(session, Visitor(21, "站员"))
        await grant(session, 21, Role.staff, "T1")
        await grant(session, 22, Role.staff, "T1")  # never started: not yet
        [due] = await menus_due(session)
        assert (due.telegram_id, due.wanted) == (21, "staff:zh")
        await menu_done(session, 21, due.wanted)
        assert await menus_due(session) == []
        await revoke(session, 21)
        [due] = await menus_due(session)
        assert due.wanted is None
        await menu_done(session, 21, None)
        assert await menus_due(session) == []


async def test_an_invitation_works_once_within_seven_days(
    stations: dict[str, int], clock: PinnedClock
) -> None:
    async with session_scope() as session:
        await touch(session, Visitor(1, "管理员"), admin_ids=[1])
        made = await invites.create_invite(session, "T2", actor_id=1, via="chat")
        late = await invites.create_invite(session, "T1")
        stored = await session.scalar(select(invites.Invite.code_hash))
        assert made.code not in str(stored)  # only the hash is kept
    assert invites.code_of(made.payload) == made.code and invites.code_of("x") is None
    link = invites.link("@farm_bot", made.payload)
    assert link == f"https://t.me/farm_bot?start=inv_{made.code}"
    assert len(made.payload) <= 64
    async with session_scope() as session:
        # An admin trying the link keeps it for the real person.
        assert (await invites.redeem(session, 1, made.code)).outcome is Redeemed.already
        assert (await invites.redeem(session, 9, "nonsense")).outcome is Redeemed.invalid
        done = await invites.redeem(session, 31, made.code)
        assert done.outcome is Redeemed.granted and done.station == "T2"
        assert (await invites.redeem(session, 32, made.code)).outcome is Redeemed.used
        user = await get_user(session, 31)
        assert user is not None and (user.role, user.role_source, user.granted_by) == (
            Role.staff,
            "invite",
            1,
        )
    clock.advance(timedelta(days=7, seconds=1))
    async with session_scope() as session:
        assert (await invites.redeem(session, 33, late.code)).outcome is Redeemed.expired
        assert [e.action for e in await entries(session)][:2] == ["invite.used", "role.grant"]


async def test_the_bot_username_is_remembered(db: str) -> None:
    async with session_scope() as session:
        assert await invites.known_bot_username(session) is None
        await invites.remember_bot_username(session, "farm_bot")
        await invites.remember_bot_username(session, "farm2_bot")
    async with session_scope() as session:
        assert await invites.known_bot_username(session) == "farm2_bot"


def _envelope(run_id: int | None = None) -> Envelope:
    return Envelope(
        id=1, chat_id=555, text="问题", markup=None, run_id=run_id, priority=0, attempts=1
    )


def test_chat_not_found_keeps_personal_pushes_but_fails_bulk_ones() -> None:
    scheduler = Scheduler(Limits())
    answer = SendResult(ResultKind.bad_request, reason="Bad Request: chat not found")
    assert isinstance(scheduler.on_result(_envelope(), answer, 0.0, utcnow()), Waiting)
    assert isinstance(scheduler.on_result(_envelope(run_id=3), answer, 0.0, utcnow()), Failed)
    other = SendResult(ResultKind.bad_request, reason="Bad Request: message is too long")
    assert isinstance(scheduler.on_result(_envelope(), other, 0.0, utcnow()), Failed)


async def test_waiting_pushes_are_released_and_admins_told_once(stations: dict[str, int]) -> None:
    async with session_scope() as session:
        await touch(session, Visitor(1, "管理员"), admin_ids=[1])
        await grant(session, 555, Role.staff, "T1", via="cli")
        await outbox.enqueue(
            session, [outbox.Push(key="qa:1:555", chat_id=555, text="问题")], source="question"
        )
    async with session_scope() as session:
        # Kept from the start, never tried: Telegram would answer 400 chat not found.
        assert await transitions.claim(session, 10) == []
        assert await waiting.waiting_chats(session) == {555: 1}
        assert await tell_admins_not_started(session) == 1
        assert await tell_admins_not_started(session) == 0
        notice = await session.scalar(select(OutboxMessage).where(OutboxMessage.chat_id == 1))
        assert notice is not None and "555" in notice.text
        # Nameless (never wrote): the id once, not 用户555（555，服务站 T1）.
        assert "用户555（服务站 T1）还没有打开过机器人" in notice.text
        assert await transitions.claim(session, 10) != []  # the notice, not the waiting push
    async with session_scope() as session:
        assert await waiting.release_waiting(session, 555) == 1
        row = await session.scalar(select(OutboxMessage).where(OutboxMessage.chat_id == 555))
        assert row is not None and row.status is OutboxStatus.queued
        assert await waiting.waiting_chats(session) == {}


async def test_revoking_staff_gives_back_the_station_they_had_as_a_farmer(
    stations: dict[str, int],
) -> None:
    # Blind test: /grant then /revoke erased the person's own (farmer's) station.
    async with session_scope() as session:
        await touch(session, Visitor(601, "赵师傅"))
        farmer = await get_user(session, 601)
        assert farmer is not None
        farmer.station_id = stations["T2"]
    async with session_scope() as session:
        await grant(session, 601, Role.staff, "T1")
        await grant(session, 601, Role.staff, "T1")  # again: still T2 to give back
        staff = await get_user(session, 601)
        assert staff is not None and staff.station_id == stations["T1"]
    async with session_scope() as session:
        change = await revoke(session, 601)
        assert (change.before, change.after) == (Role.staff, Role.farmer)
        farmer = await get_user(session, 601)
        assert farmer is not None and (farmer.station_id, farmer.home_station_id) == (
            stations["T2"],
            None,
        )
        line = (await entries(session))[0]
        assert (line.before, line.after) == (
            {"role": "staff", "station": "T1"},
            {"role": "farmer", "station": "T2"},
        )
    # A farmer with no station of their own has none again; staff made admin keep none.
    async with session_scope() as session:
        await grant(session, 602, Role.staff, "T1")
        await revoke(session, 602)
        await grant(session, 603, Role.staff, "T2")
        await grant(session, 603, Role.admin)
        assert (await get_user(session, 602)).station_id is None  # type: ignore[union-attr]
        assert (await get_user(session, 603)).station_id is None  # type: ignore[union-attr]


async def test_an_unknown_station_names_the_ones_meant(stations: dict[str, int]) -> None:
    # Blind test: "/grant … staff 孙家集" only said the id was unknown.
    for typed, close in (("t1x", [("T1", "东关站")]), ("西关", [("T2", "西关站")]), ("NOPE", [])):
        with pytest.raises(RoleError) as refused:
            async with session_scope() as session:
                await grant(session, 2, Role.staff, typed)
        assert refused.value.code == "unknown_station"
        assert list(refused.value.params["close"]) == close, typed
    assert str(refused.value) == "no station with id 'NOPE'"
    with pytest.raises(RoleError) as refused:
        async with session_scope() as session:
            await grant(session, 2, Role.staff, "西关")
    assert str(refused.value).endswith("; did you mean T2 (西关站)")


async def test_plan_grant_changes_nothing_and_refuses_as_grant_does(
    stations: dict[str, int],
) -> None:
    async with session_scope() as session:
        plan = await plan_grant(session, 556, Role.staff, "T1")
        assert (plan.name, plan.before, plan.role, plan.station) == (
            "",
            Role.farmer,
            Role.staff,
            "T1",
        )
        assert (plan.station_id, plan.station_name, plan.started) == (
            stations["T1"],
            "东关站",
            False,
        )
        assert plan.changes
    async with session_scope() as session:
        # Nobody registered, nothing audited: only the ✅ does that.
        assert await get_user(session, 556) is None
        assert await entries(session) == []
        for role, station, code in (
            (Role.staff, None, "station_needed"),
            (Role.staff, "T9", "unknown_station"),
        ):
            with pytest.raises(RoleError) as refused:
                await plan_grant(session, 556, role, station)
            assert refused.value.code == code
        await grant(session, 556, Role.staff, "T1", actor_id=None, via="cli")
    async with session_scope() as session:
        assert not (await plan_grant(session, 556, Role.staff, "T1")).changes
        moved = await plan_grant(session, 556, Role.staff, "T2")
        assert moved.changes and (moved.before, moved.station_before) == (Role.staff, "T1")
        assert (await plan_grant(session, 556, Role.admin)).changes
        assert (await plan_grant(session, 556, Role.farmer)).changes
        assert not (await plan_grant(session, 557, Role.farmer)).changes


@pytest.mark.parametrize(
    ("lang", "name", "said"),
    [
        ("zh", "", "用户10002"),
        ("zh", "孙站员", "孙站员（10002）"),
        ("en", "", "user 10002"),
        ("en", "Sun", "Sun (10002)"),
    ],
)
def test_a_person_is_named_by_name_and_id_or_by_the_id_once(
    lang: str, name: str, said: str
) -> None:
    # Blind test: /grant 10002 … said 把用户10002（10002）设为… (the id twice).
    from handlers.render.roles import who_text

    assert who_text(lang, 10002, name) == said
