"""Users: registration on /start, language choice, roles. Telegram-free."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import make_transient_to_detached

from bot.core.batch import WriteBehind
from bot.core.cache import KEEPS_CACHES, TableCache
from bot.core.i18n import LANGUAGES, normalise_language
from bot.models.users import Role, User, utcnow


@dataclass(frozen=True)
class Visitor:
    """Who sent an update, as the messaging layer saw them."""

    telegram_id: int
    name: str
    username: str | None = None
    language_code: str | None = None


class Member(Protocol):
    """Whoever has a role and maybe a station: a stored User, or a domain's actor."""

    @property
    def role(self) -> Role:
        """Their role."""

    @property
    def station_id(self) -> int | None:
        """The station they work for, if any."""


def may(user: Member, role: Role, station_id: int | None = None) -> bool:
    """Whether `user` may act as `role` (at `station_id`, when one is given).

    Admins may do everything. Staff act for their own station only, so a staff
    member without one may not act as staff at all. Everyone acts as a farmer.
    """
    if user.role is Role.admin or role is Role.farmer:
        return True
    if role is Role.admin or user.role is not Role.staff or user.station_id is None:
        return False
    return station_id is None or station_id == user.station_id


async def get_user(session: AsyncSession, telegram_id: int) -> User | None:
    """The stored user, or None if they never started the bot."""
    return await session.get(User, telegram_id)


async def _write_last_seen(session: AsyncSession, seen: dict[int, datetime]) -> None:
    # One statement for all (executemany); a later time never loses to an earlier one.
    users = cast(Table, User.__table__)
    await session.execute(
        update(users)
        .where(users.c.telegram_id == bindparam("who"))
        .where((users.c.last_seen_at.is_(None)) | (users.c.last_seen_at < bindparam("at")))
        .values(last_seen_at=bindparam("at"))
        # The users cache holds no last-seen time: keep it.
        .execution_options(**{KEEPS_CACHES: True}),
        [{"who": who, "at": at} for who, at in seen.items()],
    )


# Last-seen times of known users, written every few seconds (bot/core/batch.py):
# a farmer's update must not need the database's write lock for them.
LAST_SEEN: WriteBehind[int, datetime] = WriteBehind("last-seen times", _write_last_seen, max)


# Known users as stored, by Telegram id (column values): an update from someone
# known and unchanged needs no statement at all. Forgotten when this process
# writes users (roles, languages, stations), by `USERS.invalidate()` for other
# processes' writes, and after USERS_TTL seconds (bot/core/cache.py).
USERS_TTL = 5.0
USERS: TableCache[int, dict[str, Any]] = TableCache("users", ["users"], USERS_TTL, 100_000)
_COLUMNS = tuple(a.key for a in sa_inspect(User).column_attrs)
_USER_CLASS = sa_inspect(User).class_manager


def remember_user(engine: object, user: User, generation: int) -> None:
    """Cache `user` as stored (read in cache `generation`, see `USERS.generation()`)."""
    USERS.put(
        engine, user.telegram_id, {k: getattr(user, k) for k in _COLUMNS}, generation=generation
    )


def known_visitor(engine: object, visitor: Visitor, admin_ids: Iterable[int] = ()) -> User | None:
    """The cached user if `touch` would change nothing but the last-seen time, else None.

    The last-seen time is noted (`LAST_SEEN`); the user is a detached copy of its
    own (as if just loaded), so handlers may use it as they use `touch`'s.
    """
    stored = USERS.get(engine, visitor.telegram_id)
    if stored is None or stored["started_at"] is None or not stored["active"]:
        return None
    if stored["name"] != visitor.name[:200] or stored["username"] != visitor.username:
        return None
    # Exactly when `touch` would promote or demote (see there), it is not known.
    admin = stored["role"] is Role.admin
    if visitor.telegram_id in set(admin_ids):
        if not (admin and stored["role_source"] == CONFIG and stored["granted_by"] is None):
            return None
    elif admin and stored["role_source"] in (CONFIG, None):
        return None
    LAST_SEEN.add(visitor.telegram_id, utcnow())
    # As SQLAlchemy's loader builds a row's object: the values straight into its
    # state, no attribute events (User(**stored) fired one per column, every update).
    user: User = _USER_CLASS.new_instance()
    user.__dict__.update(stored)
    make_transient_to_detached(user)
    return user


async def touch(
    session: AsyncSession, visitor: Visitor, admin_ids: Iterable[int] = ()
) -> tuple[User, bool]:
    """Register a new user or refresh a known one; returns (user, created).

    A known user whose name, role and state are unchanged is not written at
    all: their last-seen time goes to `LAST_SEEN`, so an ordinary update is a
    read. A new user, or a change, is written in this unit of work.
    """
    user = await session.get(User, visitor.telegram_id)
    created = user is None
    now = utcnow()
    if user is None:
        user = User(
            telegram_id=visitor.telegram_id,
            language=normalise_language(visitor.language_code),
            role=Role.farmer,
            active=True,
        )
        session.add(user)
        user.last_seen_at = now
    else:
        LAST_SEEN.add(user.telegram_id, now)
    # Only what changed is assigned: an unchanged user is not written.
    name = visitor.name[:200]
    if user.name != name:
        user.name = name
    if user.username != visitor.username:
        user.username = visitor.username
    if user.started_at is None:
        user.last_seen_at = now
        # From now on Telegram lets the bot write to them (bot/roles: waiting pushes).
        user.started_at = user.last_seen_at
        if not created:
            # Registered by a grant before they wrote: their client's language now.
            user.language = normalise_language(visitor.language_code)
    # A user who talks to the bot again has evidently unblocked it.
    if not user.active:
        user.active = True
    # Bootstrap admins are named in the configuration and follow it; admins
    # granted in the chat or from the command line keep the role until revoked.
    if visitor.telegram_id in set(admin_ids):
        make_config_admin(user)
    elif user.role is Role.admin and is_config_role(user):
        demote(user)
    await session.flush()
    return user, created


CONFIG = "config"


def is_config_role(user: User) -> bool:
    """Whether the user's admin role comes from admin_ids (None: stored before sources were)."""
    return user.role is Role.admin and user.role_source in (CONFIG, None)


def make_config_admin(user: User) -> None:
    """Make `user` an admin because admin_ids names them."""
    user.role = Role.admin
    user.role_source = CONFIG
    user.granted_by = None


def make_staff(user: User, station_id: int) -> None:
    """Make `user` staff of `station_id`; the station they had as a farmer is kept for later.

    users.station_id is a farmer's own station and a staff member's workplace: granting
    staff must not lose the first (blind test: /grant then /revoke erased it).
    """
    if user.role is not Role.staff:
        user.home_station_id = user.station_id
    user.role = Role.staff
    user.station_id = station_id


def leave_station_job(user: User) -> None:
    """A staff member's station goes with the job: the one they had as a farmer comes back."""
    if user.role is Role.staff:
        user.station_id = user.home_station_id
    user.home_station_id = None


def demote(user: User) -> None:
    """Back to farmer: no role source, and a staff member's own station given back."""
    leave_station_job(user)
    user.role = Role.farmer
    user.role_source = None
    user.granted_by = None


async def languages_of(session: AsyncSession, telegram_ids: Iterable[int]) -> list[str]:
    """The language each of these users reads, once per user (those not known left out)."""
    ids = set(telegram_ids)
    if not ids:
        return []
    rows = await session.scalars(select(User.language).where(User.telegram_id.in_(ids)))
    return list(rows)


async def set_language(session: AsyncSession, telegram_id: int, language: str) -> User:
    """Switch a user's language; unknown languages are refused."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    user = await session.get(User, telegram_id)
    if user is None:
        raise LookupError(f"user {telegram_id} has not started the bot")
    user.language = language
    user.language_chosen = True
    await session.flush()
    return user


async def follow_language(session: AsyncSession, telegram_id: int, language: str) -> bool:
    """Answer a user who never chose a language in `language` (the one they just wrote in);
    True when it changed. One statement: an update that changes nothing writes nothing."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    users = cast(Table, User.__table__)
    done = await session.execute(
        update(users)
        .where(users.c.telegram_id == telegram_id)
        .where(users.c.language_chosen.is_(False))
        .where(users.c.language != language)
        .values(language=language)
    )
    return bool(getattr(done, "rowcount", 0))


async def set_role(
    session: AsyncSession, telegram_id: int, role: Role, station_id: int | None = None
) -> User:
    """Make a user a farmer, a station's staff member or an admin."""
    user = await session.get(User, telegram_id)
    if user is None:
        raise LookupError(f"user {telegram_id} has not started the bot")
    user.role = role
    if station_id is not None:
        user.station_id = station_id
    await session.flush()
    return user


async def users_by_role(session: AsyncSession, role: Role) -> list[User]:
    """Every user with the given role."""
    rows = await session.scalars(select(User).where(User.role == role).order_by(User.telegram_id))
    return list(rows)


@dataclass(frozen=True)
class RoleChanges:
    """What a reconciliation with the configured admins changed (Telegram ids, ascending)."""

    promoted: tuple[int, ...]
    demoted: tuple[int, ...]


async def reconcile_roles(session: AsyncSession, admin_ids: Iterable[int]) -> RoleChanges:
    """Make the stored config admins exactly the configured ones (called when the bot starts).

    `touch` applies the config only when a user writes; an admin removed from
    admin_ids must lose the role at once, not keep receiving forwarded questions.
    Admins granted in the chat or from the command line are not touched.
    Ids nobody has registered yet are left alone: `touch` promotes them on arrival.
    """
    wanted = set(admin_ids)
    promoted: list[int] = []
    demoted: list[int] = []
    stored_admins = await session.scalars(select(User).where(User.role == Role.admin))
    for user in stored_admins:
        # Only admins from the config follow it: granted ones stay until revoked.
        if user.telegram_id not in wanted and is_config_role(user):
            # The same role `touch` gives a former admin.
            demote(user)
            demoted.append(user.telegram_id)
    if wanted:
        listed = await session.scalars(select(User).where(User.telegram_id.in_(wanted)))
        for user in listed:
            if user.role is not Role.admin:
                promoted.append(user.telegram_id)
            make_config_admin(user)
    await session.flush()
    return RoleChanges(tuple(sorted(promoted)), tuple(sorted(demoted)))


async def adopt_station(
    session: AsyncSession, telegram_id: int, station_id: int, *, replace: bool = False
) -> bool:
    """Make `station_id` a farmer's usual station; True when it changed.

    A farmer's first station comes from where they are (the nearest to a shared
    location); `replace` is for a station they picked themselves. Staff and
    admins keep theirs: their station is their job, not their address.
    """
    user = await session.get(User, telegram_id)
    if user is None or user.role is not Role.farmer or user.station_id == station_id:
        return False
    if user.station_id is not None and not replace:
        return False
    user.station_id = station_id
    await session.flush()
    return True
