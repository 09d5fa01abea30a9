"""Roles: granting and revoking staff and admin, listing members, per-role menus. Telegram-free.

Admins named in admin_ids (config.yaml) are the bootstrap admins: their role
follows the configuration (bot/users.py `touch`, `reconcile_roles`) and cannot
be revoked here. Every other role is granted, in the chat, from the command
line or by an invitation (bot/roles/invites.py), and is kept until revoked:
`users.role_source` says which, `users.granted_by` who. Every change is written
to the audit log in the caller's unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.audit import record
from bot.core.i18n import DEFAULT_LANGUAGE
from bot.models.stations import Station
from bot.models.users import Role, User
from bot.stations.catalogue import catalog
from bot.stations.staff import station_by_file_id
from bot.users import demote, is_config_role, leave_station_job, make_staff

# Where a granted role came from (users.role_source); "config" is bot/users.py's.
VIA = ("chat", "cli", "invite")


class RoleError(Exception):
    """A grant or revoke that cannot be done; `code` names why (roles.error.<code>)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params

    def __str__(self) -> str:
        said = ENGLISH_REASONS[self.code].format(**self.params)
        close = self.params.get("close")
        if close:
            said += "; did you mean " + ", ".join(f"{code} ({name})" for code, name in close)
        return said


# The command line's wording of each refusal (the chat's is in the catalogues).
ENGLISH_REASONS = {
    "station_needed": "staff need a station: give --station ID",
    "unknown_station": "no station with id {station!r}",
    "config_admin": "user {user} is an admin from admin_ids in config.yaml: "
    "remove them there instead",
    "last_admin": "user {user} is the last admin: grant someone else admin first",
    "not_granted": "user {user} is not staff or an admin (nothing to revoke)",
    "not_staff_of": "user {user} is not staff of station {station!r}",
}


@dataclass(frozen=True)
class RoleChange:
    """What a grant or revoke did to one user."""

    telegram_id: int
    name: str
    before: Role
    after: Role
    station_before: str | None
    station_after: str | None
    # They have never written to the bot: Telegram will not let it write to them yet.
    started: bool
    created: bool = False
    # An admin from admin_ids granted admin: the role now held by the grant, not the config.
    regranted: bool = False

    @property
    def changed(self) -> bool:
        """Whether the role or the station is different now."""
        return (self.before, self.station_before) != (self.after, self.station_after)


@dataclass(frozen=True)
class Member:
    """A user with a role, as listings show them."""

    telegram_id: int
    name: str
    username: str | None
    role: Role
    station: str | None  # the station's id as in the stations file
    station_name: str | None
    source: str | None
    granted_by: int | None
    started: bool
    active: bool


async def station_code(session: AsyncSession, station_id: int | None) -> str | None:
    """A station's id as in the stations file, from its database id."""
    if station_id is None:
        return None
    station = await session.get(Station, station_id)
    return station.external_id if station is not None else str(station_id)


async def find_station(session: AsyncSession, code: str) -> Station:
    """The station with this file id; RoleError("unknown_station") if none, with `close`:
    the (id, name) of stations the admin may have meant (SG1, sg01, 孙家集)."""
    try:
        return await station_by_file_id(session, code)
    except LookupError:
        close = tuple((s.external_id, s.name) for s in (await catalog(session)).stations_like(code))
        raise RoleError("unknown_station", station=code, close=close) from None


async def _admin_count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).where(User.role == Role.admin)) or 0)


async def _snapshot(session: AsyncSession, user: User) -> dict[str, Any]:
    return {"role": user.role.value, "station": await station_code(session, user.station_id)}


async def grant(
    session: AsyncSession,
    telegram_id: int,
    role: Role,
    station: str | None = None,
    *,
    actor_id: int | None = None,
    via: str = "chat",
    granted_by: int | None = None,
) -> RoleChange:
    """Give `telegram_id` `role` (staff: of `station`, its file id); registers unknown users.

    Someone who never started the bot is registered without a name: the role
    waits for them, and so does anything pushed to them (bot/delivery/outbox.py).
    Granting `farmer` is revoking. Raises RoleError.
    """
    if role is Role.staff and not station:
        raise RoleError("station_needed")
    target = await find_station(session, station) if station else None
    user = await session.get(User, telegram_id)
    created = user is None
    if user is None:
        user = User(
            telegram_id=telegram_id,
            name="",
            language=DEFAULT_LANGUAGE,
            role=Role.farmer,
            active=True,
        )
        session.add(user)
        await session.flush()
    before = await _snapshot(session, user)
    await _check_grant(session, user, role)
    # An admin from admin_ids granted admin on purpose holds it by the grant from now on
    # (blind test: the sandbox's admin granted with `farmhub users grant` was still listed
    # "from config.yaml", and lost the role at the next start with admin_ids: []). While
    # admin_ids still names them, their next message makes them a config admin again.
    regranted = role is Role.admin and is_config_role(user)
    if role is Role.farmer:
        demote(user)
    else:
        if target is not None and role is Role.staff:
            make_staff(user, target.id)
        else:
            leave_station_job(user)  # an admin is no station's staff
            user.role = role
            if target is not None:
                user.station_id = target.id
        user.role_source = via
        user.granted_by = granted_by if granted_by is not None else actor_id
    await session.flush()
    after = await _snapshot(session, user)
    if after != before or regranted:
        await record(
            session,
            actor_id,
            "role.grant",
            f"user {telegram_id}",
            before=before,
            after=after,
            via=via,
        )
    return RoleChange(
        telegram_id=telegram_id,
        name=user.name,
        before=Role(before["role"]),
        after=user.role,
        station_before=before["station"],
        station_after=after["station"],
        started=user.started_at is not None,
        created=created,
        regranted=regranted,
    )


async def _check_grant(session: AsyncSession, user: User, role: Role) -> None:
    """RoleError when `user` may not be given `role` (a config admin, the last admin)."""
    if role is not Role.admin and is_config_role(user):
        raise RoleError("config_admin", user=user.telegram_id)
    if user.role is Role.admin and role is not Role.admin and await _admin_count(session) <= 1:
        raise RoleError("last_admin", user=user.telegram_id)


@dataclass(frozen=True)
class GrantPlan:
    """What a grant would do, asked before it is done (as /revoke is)."""

    telegram_id: int
    name: str  # "" for someone the bot does not know yet
    before: Role
    station_before: str | None
    role: Role
    station: str | None  # the station's file id (staff; an admin's given station), else None
    station_name: str | None
    station_id: int | None  # its database id, for the confirming button
    started: bool

    @property
    def changes(self) -> bool:
        """False when they already have this role (and station): nothing to ask."""
        if self.role is Role.farmer:
            return self.before is not Role.farmer
        return self.before is not self.role or (
            self.station is not None and self.station != self.station_before
        )


async def plan_grant(
    session: AsyncSession, telegram_id: int, role: Role, station: str | None = None
) -> GrantPlan:
    """What granting `role` to `telegram_id` would do, changing nothing; RoleError as `grant`."""
    if role is Role.staff and not station:
        raise RoleError("station_needed")
    target = await find_station(session, station) if station else None
    user = await session.get(User, telegram_id)
    if user is not None:
        await _check_grant(session, user, role)
    return GrantPlan(
        telegram_id=telegram_id,
        name=user.name if user is not None else "",
        before=user.role if user is not None else Role.farmer,
        station_before=await station_code(session, user.station_id) if user else None,
        role=role,
        station=target.external_id if target is not None else None,
        station_name=target.name if target is not None else None,
        station_id=target.id if target is not None else None,
        started=user is not None and user.started_at is not None,
    )


async def _revocable(
    session: AsyncSession, telegram_id: int, station: str | None, staff_only: bool
) -> User:
    """The user a revoke would demote; RoleError when it cannot be done."""
    target = await find_station(session, station) if station is not None else None
    user = await session.get(User, telegram_id)
    if user is None or user.role is Role.farmer or (staff_only and user.role is not Role.staff):
        raise RoleError("not_granted", user=telegram_id)
    if target is not None and (user.role is not Role.staff or user.station_id != target.id):
        raise RoleError("not_staff_of", user=telegram_id, station=station)
    if is_config_role(user):
        raise RoleError("config_admin", user=telegram_id)
    if user.role is Role.admin and await _admin_count(session) <= 1:
        raise RoleError("last_admin", user=telegram_id)
    return user


@dataclass(frozen=True)
class RevokePlan:
    """Who a revoke would demote, asked before it is done (sandbox walk: it acted at once)."""

    telegram_id: int
    name: str
    role: Role
    station: str | None  # their station's file id (staff), else None
    station_name: str | None
    # The station would have no staff left: its farmers' questions go to the county.
    leaves_station_empty: bool


async def plan_revoke(session: AsyncSession, telegram_id: int) -> RevokePlan:
    """What revoking `telegram_id` would do, changing nothing; RoleError as `revoke` would."""
    user = await _revocable(session, telegram_id, None, False)
    place = None
    others = 0
    if user.role is Role.staff and user.station_id is not None:
        place = await session.get(Station, user.station_id)
        others = int(
            await session.scalar(
                select(func.count()).where(
                    User.role == Role.staff,
                    User.station_id == user.station_id,
                    User.telegram_id != telegram_id,
                )
            )
            or 0
        )
    return RevokePlan(
        telegram_id=telegram_id,
        name=user.name,
        role=user.role,
        station=place.external_id if place is not None else None,
        station_name=place.name if place is not None else None,
        leaves_station_empty=place is not None and others == 0,
    )


async def revoke(
    session: AsyncSession,
    telegram_id: int,
    *,
    actor_id: int | None = None,
    via: str = "chat",
    station: str | None = None,
    staff_only: bool = False,
) -> RoleChange:
    """Make a staff member or a granted admin a farmer again (checked against `station`)."""
    user = await _revocable(session, telegram_id, station, staff_only)
    before = await _snapshot(session, user)
    demote(user)
    await session.flush()
    after = await _snapshot(session, user)
    await record(
        session,
        actor_id,
        "role.revoke",
        f"user {telegram_id}",
        before=before,
        after=after,
        via=via,
    )
    return RoleChange(
        telegram_id=telegram_id,
        name=user.name,
        before=Role(before["role"]),
        after=user.role,
        station_before=before["station"],
        station_after=None,
        started=user.started_at is not None,
    )


async def members(
    session: AsyncSession,
    role: Role | None = None,
    station: str | None = None,
    *,
    named: str | None = None,
    telegram_id: int | None = None,
) -> list[Member]:
    """Staff and admins (or everyone with `role`, at `station`, whose name holds `named`,
    or with this id)."""
    query = select(User, Station).outerjoin(Station, Station.id == User.station_id)
    if named is not None:
        query = query.where(User.name.contains(named, autoescape=True))
    if telegram_id is not None:
        query = query.where(User.telegram_id == telegram_id)
    if role is not None:
        query = query.where(User.role == role)
    elif station is None and named is None and telegram_id is None:
        query = query.where(User.role != Role.farmer)
    if station is not None:
        query = query.where(User.station_id == (await find_station(session, station)).id)
    order = {Role.admin: 0, Role.staff: 1, Role.farmer: 2}
    rows = (await session.execute(query.order_by(User.telegram_id))).all()
    found = [
        Member(
            telegram_id=user.telegram_id,
            name=user.name,
            username=user.username,
            role=user.role,
            station=place.external_id if place is not None else None,
            station_name=place.name if place is not None else None,
            source=user.role_source,
            granted_by=user.granted_by,
            started=user.started_at is not None,
            active=user.active,
        )
        for user, place in rows
    ]
    return sorted(found, key=lambda m: (order[m.role], m.telegram_id))


async def people_named(session: AsyncSession, name: str, limit: int = 5) -> list[Member]:
    """Users called `name` (else whose name holds it), staff and admins first."""
    if len(name) < 2:  # one character (李) would name half the county
        return []
    holding = await members(session, named=name)
    exact = [m for m in holding if m.name == name]
    return (exact or holding)[:limit]


async def not_started(session: AsyncSession) -> list[Member]:
    """Staff and admins who have never written to the bot (it cannot write to them yet)."""
    return [m for m in await members(session) if not m.started]


# ---------------------------------------------------------------- command menus


# The language of the bot's default command menu (bot/telegram/app.py sets it unscoped).
DEFAULT_MENU_LANGUAGE = "zh"


def wanted_menu(user: User) -> str | None:
    """The command menu a user's chat should have: "staff:zh", or None for the default.

    A farmer answered in English (chosen, or followed from what they write) gets their own
    menu in it, and keeps one that follows their language once they had it: the default
    menu is in their Telegram's language, not necessarily the one the bot answers in."""
    if user.role is Role.admin or (user.role is Role.staff and user.station_id is not None):
        return f"{user.role.value}:{user.language}"
    if user.role is Role.farmer and (
        user.language != DEFAULT_MENU_LANGUAGE or (user.menu or "").startswith("farmer:")
    ):
        return f"farmer:{user.language}"
    return None


@dataclass(frozen=True)
class MenuDue:
    """A chat whose command menu is not the one its user's role and language call for."""

    telegram_id: int
    role: Role
    language: str
    wanted: str | None  # None: delete the chat's own menu (the default applies)


async def menus_due(session: AsyncSession, telegram_id: int | None = None) -> list[MenuDue]:
    """Chats (of people who started the bot) whose menu must be set or removed."""
    query = select(User).where(
        User.started_at.is_not(None),
        User.active.is_(True),
        (User.role != Role.farmer)
        | User.menu.is_not(None)
        | (User.language != DEFAULT_MENU_LANGUAGE),
    )
    if telegram_id is not None:
        query = query.where(User.telegram_id == telegram_id)
    due: list[MenuDue] = []
    for user in await session.scalars(query.order_by(User.telegram_id)):
        wanted = wanted_menu(user)
        if wanted != user.menu:
            due.append(MenuDue(user.telegram_id, user.role, user.language, wanted))
    return due


async def menu_done(session: AsyncSession, telegram_id: int, menu: str | None) -> None:
    """Record the menu now set for a chat (None: its own menu was deleted)."""
    user = await session.get(User, telegram_id)
    if user is not None:
        user.menu = menu
        await session.flush()
