"""`farmhub users grant|revoke|list|invite` and `farmhub staff add|remove` (contracts).

    farmhub users grant TELEGRAM_ID ROLE [--station ID]   ROLE: farmer, staff or admin
    farmhub users revoke TELEGRAM_ID
    farmhub users list [--role ROLE] [--station ID]
    farmhub users invite --station ID [--role staff]
    farmhub staff add TELEGRAM_ID STATION_ID              (= users grant ID staff --station)
    farmhub staff remove TELEGRAM_ID [STATION_ID]         (= users revoke ID)

Station ids are as in the stations file. A running bot sets the changed
people's command menus within a minute (handlers/roles.py).
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.commands import CliError, in_session
from bot.core.config import Settings
from bot.models.users import Role
from bot.roles import invites
from bot.roles.service import Member, RoleChange, RoleError, grant, members, revoke

ROLES = [role.value for role in Role]


def add_commands(commands: Any) -> None:
    """Register `users ...` and the `staff add/remove` shorthands."""
    users = commands.add_parser("users", help="roles: grant, revoke, list, invite staff")
    actions = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    g = actions.add_parser("grant", help="give a Telegram user a role (staff need --station)")
    g.add_argument("telegram_id", type=int)
    g.add_argument("role", choices=ROLES)
    g.add_argument("--station", help="the station's id as in the stations file")
    g.set_defaults(func=_grant)
    r = actions.add_parser("revoke", help="make a staff member or granted admin a farmer again")
    r.add_argument("telegram_id", type=int)
    r.set_defaults(func=_revoke)
    ls = actions.add_parser("list", help="staff and admins (and who has not started the bot)")
    ls.add_argument("--role", choices=ROLES)
    ls.add_argument("--station", help="only this station (its id as in the stations file)")
    ls.set_defaults(func=_list)
    inv = actions.add_parser(
        "invite",
        help="print a one-time link (7 days) that makes whoever opens it staff of a station",
    )
    inv.add_argument("--station", required=True, help="the station's id as in the stations file")
    inv.add_argument("--role", choices=[Role.staff.value], default=Role.staff.value)
    inv.set_defaults(func=_invite)

    staff = commands.add_parser("staff", help="station staff (shorthands of `users`)")
    s_actions = staff.add_subparsers(dest="staff_command", required=True, metavar="ACTION")
    add = s_actions.add_parser("add", help="make a Telegram user staff of a station")
    add.add_argument("telegram_id", type=int)
    add.add_argument("station_id", help="the station's id as in the stations file")
    add.set_defaults(func=_staff_add)
    remove = s_actions.add_parser(
        "remove", help="take a staff member off a station (they become a farmer)"
    )
    remove.add_argument("telegram_id", type=int)
    remove.add_argument(
        "station_id", nargs="?", help="the station's id as in the stations file (checked if given)"
    )
    remove.set_defaults(func=_staff_remove)


def _run(settings: Settings, work: Any) -> Any:
    try:
        return asyncio.run(in_session(settings, work))
    except RoleError as exc:
        raise CliError(str(exc)) from None


def describe(change: RoleChange) -> str:
    """One line saying what a grant or revoke did."""
    where = f" of station {change.station_after}" if change.station_after else ""
    if change.regranted:
        text = (
            f"user {change.telegram_id} already is {change.after.value}; the role is now kept "
            "as granted (until revoked), not taken from admin_ids"
        )
    elif not change.changed:
        text = f"user {change.telegram_id} already is {change.after.value}{where}"
    else:
        text = f"user {change.telegram_id} is now {change.after.value}{where}"
    if not change.started and change.after is not Role.farmer:
        text += (
            " (has not started the bot yet: what is sent to them waits until they do; "
            f"{_how_to_start(change.after)})"
        )
    return text


def _how_to_start(role: Role) -> str:
    # An invite link only makes station staff: an admin just opens the bot.
    if role is Role.staff:
        return "`farmhub users invite --station ID` makes a link for them"
    return "ask them to open the bot and send /start"


def _grant(args: argparse.Namespace, settings: Settings) -> int:
    role = Role(args.role)

    async def work(session: AsyncSession) -> RoleChange:
        return await grant(session, args.telegram_id, role, args.station, via="cli")

    print(describe(_run(settings, work)))
    return 0


def _revoke(args: argparse.Namespace, settings: Settings) -> int:
    async def work(session: AsyncSession) -> RoleChange:
        return await revoke(session, args.telegram_id, via="cli")

    change = _run(settings, work)
    print(f"user {change.telegram_id} is no longer {change.before.value}; now a farmer")
    return 0


def member_line(member: Member, admin_ids: Iterable[int] = ()) -> str:
    """One member as `users list` prints them (tab-separated).

    "from config.yaml" only for an admin the configuration names now: one made an
    admin by another run's admin_ids (the sandbox adds its own) is said so, as it
    stops being an admin at the bot's next start (blind test: `admin_ids: []`).
    """
    notes = []
    if member.source == "config" and member.telegram_id in set(admin_ids):
        notes.append("from config.yaml")
    elif member.source == "config":
        notes.append(
            "from admin_ids of an earlier run (the sandbox's?), not in config.yaml now: "
            "no longer an admin at the bot's next start; `farmhub users grant` keeps them one"
        )
    elif member.source:
        notes.append(f"granted via {member.source}")
    if not member.started:
        notes.append("NOT STARTED the bot")
    elif not member.active:
        notes.append("blocked the bot")
    station = member.station or "-"
    if member.station_name:
        station += f" {member.station_name}"
    name = member.name or "(no name yet)"
    return "\t".join(
        [str(member.telegram_id), member.role.value, name, station, ", ".join(notes)]
    ).rstrip()


def _list(args: argparse.Namespace, settings: Settings) -> int:
    role = Role(args.role) if args.role else None

    async def work(session: AsyncSession) -> list[Member]:
        return await members(session, role, args.station)

    found = _run(settings, work)
    for member in found:
        print(member_line(member, settings.admin_ids))
    silent = [m for m in found if not m.started and m.role is not Role.farmer]
    if not found:
        print("nobody")
    elif silent:
        ways = []
        if any(m.role is Role.staff for m in silent):
            ways.append("staff: send them a `farmhub users invite --station ID` link")
        if any(m.role is not Role.staff for m in silent):
            ways.append("admins: ask them to open the bot and send /start")
        print(
            f"{len(silent)} have not started the bot: the bot cannot write to them until they "
            f"do ({'; '.join(ways)})"
        )
    return 0


async def bot_username(session: AsyncSession, settings: Settings) -> str:
    """The bot's username for links: the setting, else what the running bot remembered."""
    if settings.bot_username:
        return settings.bot_username.lstrip("@")
    known = await invites.known_bot_username(session)
    if known:
        return known
    raise CliError(
        "the bot's username is not known: set bot_username in config.yaml "
        "(FARMHUB_BOT_USERNAME), or start the bot once (it remembers it)"
    )


def _invite(args: argparse.Namespace, settings: Settings) -> int:
    async def work(session: AsyncSession) -> tuple[str, invites.NewInvite]:
        username = await bot_username(session, settings)
        return username, await invites.create_invite(session, args.station, Role(args.role))

    username, invite = _run(settings, work)
    expires = invite.expires_at.astimezone(settings.tz)
    print(invites.link(username, invite.payload))
    print(
        f"one-time link: whoever opens it becomes {invite.role.value} of station "
        f"{invite.station} {invite.station_name}; valid until {_when(expires)}"
    )
    return 0


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def _staff_add(args: argparse.Namespace, settings: Settings) -> int:
    async def work(session: AsyncSession) -> RoleChange:
        return await grant(session, args.telegram_id, Role.staff, args.station_id, via="cli")

    _run(settings, work)
    print(f"user {args.telegram_id} is now staff of station {args.station_id}")
    return 0


def _staff_remove(args: argparse.Namespace, settings: Settings) -> int:
    async def work(session: AsyncSession) -> RoleChange:
        return await revoke(
            session, args.telegram_id, via="cli", station=args.station_id, staff_only=True
        )

    change = _run(settings, work)
    station = change.station_before or "(none)"
    print(f"user {args.telegram_id} is no longer staff of station {station}")
    return 0
