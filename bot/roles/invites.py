"""Invitations: a one-time deep link that makes whoever opens it staff of a station. Telegram-free.

`farmhub users invite --station ID` makes a code and prints
``https://t.me/<bot>?start=inv_<code>``; Telegram sends the person who opens it
``/start inv_<code>``, and `redeem` gives them the role. Only the code's SHA-256
is stored, so the table does not hold working links. A code works once, for 7
days (the injected clock), and an admin opening one keeps being an admin.

The bot's username: `bot_username` in config.yaml, else the one the running bot
remembered at its last start (`remember_bot_username`, from its getMe).
"""

from __future__ import annotations

import enum
import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.audit import record
from bot.core import clock
from bot.models.roles import Invite
from bot.models.stations import BotState, Station
from bot.models.users import Role, User
from bot.roles.service import RoleChange, RoleError, find_station, grant

INVITE_DAYS = 7
PREFIX = "inv_"
# Deep-link payloads are at most 64 characters of A-Z a-z 0-9 _ -.
CODE_BYTES = 18


@dataclass(frozen=True)
class NewInvite:
    """An invitation just made: the code (shown once) and where it leads."""

    code: str
    role: Role
    station: str
    station_name: str
    expires_at: datetime

    @property
    def payload(self) -> str:
        """What follows ?start= in the link."""
        return PREFIX + self.code


def link(bot_username: str, payload: str) -> str:
    """The t.me deep link that sends `/start <payload>` to the bot."""
    return f"https://t.me/{bot_username.lstrip('@')}?start={payload}"


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


async def create_invite(
    session: AsyncSession,
    station: str,
    role: Role = Role.staff,
    *,
    actor_id: int | None = None,
    via: str = "cli",
) -> NewInvite:
    """A new one-time invitation to be `role` (staff) of `station` (its file id)."""
    if role is not Role.staff:
        raise ValueError("invitations are for station staff")
    place: Station = await find_station(session, station)
    code = secrets.token_urlsafe(CODE_BYTES)
    now = clock.utcnow()
    invite = Invite(
        code_hash=_hash(code),
        role=role,
        station_id=place.id,
        created_at=now,
        expires_at=now + timedelta(days=INVITE_DAYS),
        created_by=actor_id,
    )
    session.add(invite)
    await session.flush()
    await record(
        session, actor_id, "invite.create", f"invite {invite.id}",
        after={"role": role.value, "station": place.external_id}, via=via,
    )
    return NewInvite(code, role, place.external_id, place.name, invite.expires_at)


def code_of(payload: str | None) -> str | None:
    """The invitation code in a /start payload, or None when it is not an invitation."""
    if payload and payload.startswith(PREFIX):
        return payload[len(PREFIX) :]
    return None


class Redeemed(enum.StrEnum):
    """What opening an invitation did."""

    granted = "granted"
    invalid = "invalid"
    expired = "expired"
    used = "used"
    already = "already"  # they are an admin (or already staff there): nothing to do


@dataclass(frozen=True)
class Redemption:
    """The outcome, and the station it was for (when the code was known)."""

    outcome: Redeemed
    station: str | None = None
    station_name: str | None = None
    change: RoleChange | None = None


async def redeem(session: AsyncSession, telegram_id: int, code: str) -> Redemption:
    """Use an invitation: `telegram_id` becomes staff of its station, once, within 7 days."""
    invite = await session.scalar(select(Invite).where(Invite.code_hash == _hash(code)))
    if invite is None:
        return Redemption(Redeemed.invalid)
    place = await session.get(Station, invite.station_id)
    if place is None:
        return Redemption(Redeemed.invalid)
    if invite.used_at is not None:
        return Redemption(Redeemed.used, place.external_id, place.name)
    if clock.utcnow() >= invite.expires_at:
        return Redemption(Redeemed.expired, place.external_id, place.name)
    user = await session.get(User, telegram_id)
    if user is not None and (
        user.role is Role.admin
        or (user.role is invite.role and user.station_id == invite.station_id)
    ):
        # Not used up: an admin opening it to try it leaves it for the real person.
        return Redemption(Redeemed.already, place.external_id, place.name)
    # Used once, even if two people open it at the same moment.
    taken = await session.execute(
        update(Invite)
        .where(Invite.id == invite.id, Invite.used_at.is_(None))
        .values(used_at=clock.utcnow(), used_by=telegram_id)
    )
    if getattr(taken, "rowcount", 1) != 1:
        return Redemption(Redeemed.used, place.external_id, place.name)
    try:
        change = await grant(
            session, telegram_id, invite.role, place.external_id,
            actor_id=telegram_id, via="invite", granted_by=invite.created_by,
        )
    except RoleError:
        return Redemption(Redeemed.invalid)
    await record(
        session, telegram_id, "invite.used", f"invite {invite.id}",
        after={"role": invite.role.value, "station": place.external_id}, via="chat",
    )
    return Redemption(Redeemed.granted, place.external_id, place.name, change)


# ---------------------------------------------------------------- the bot's username

_IDENTITY = ("bot", "identity", "username")


async def remember_bot_username(session: AsyncSession, username: str) -> None:
    """Store the running bot's username (for the command line's invitation links)."""
    kind, name, key = _IDENTITY
    row = await session.get(BotState, (kind, name, key))
    data = json.dumps(username)
    if row is None:
        session.add(BotState(kind=kind, name=name, key=key, data=data, updated_at=clock.utcnow()))
    elif row.data != data:
        row.data = data
    await session.flush()


async def known_bot_username(session: AsyncSession) -> str | None:
    """The username the bot remembered at its last start, if it ever started."""
    kind, name, key = _IDENTITY
    row = await session.get(BotState, (kind, name, key))
    return str(json.loads(row.data)) if row is not None else None
