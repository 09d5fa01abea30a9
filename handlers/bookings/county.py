"""The county admin's views of the stations (blind test: /pickups said 「您还没有绑定服务站」,
/pickups HL01 「没看懂是哪天」 and 今天有啥事 missed the knowledge base).

/pickups without a station lists the stations, each a button with its pickups today and
tomorrow; /pickups HL01 or /pickups 伦河 shows that station's, as its staff see them;
今天有啥事 the county's day station by station. Only admins see other stations: staff keep
their own (handlers/bookings/pickups.py), and every press is checked again.
"""

from __future__ import annotations

from telegram import Message
from telegram.ext import ContextTypes

from bot.bookings import county
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.users import Role, User
from bot.stations.catalogue import StationInfo, catalog
from handlers.bookings.base import now_of
from handlers.render import county as view


def sees_county(user: User) -> bool:
    """An admin with no station of their own: their /pickups and 今天有啥事 are the county's."""
    return user.role is Role.admin and user.station_id is None


async def overview(message: Message, user: User, context: ContextTypes.DEFAULT_TYPE) -> None:
    """今天有啥事 from the admin: each station's pickups, questions and listings waiting."""
    now = now_of(context)
    async with session_scope() as session:
        stations = await county.county_day(session, now.date())
        waiting = await county.unassigned(session)
    text = view.county_text(user.language, now.date(), stations, waiting, now.time())
    await message.reply_text(text)


async def pick_station(message: Message, user: User, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/pickups from the admin without a station: a button per station, with its counts."""
    async with session_scope() as session:
        stations = await county.county_day(session, now_of(context).date())
    keyboard = view.stations_keyboard(user.language, stations)
    await message.reply_text(t(user.language, "bookings.staff.county_pick"), reply_markup=keyboard)


async def station_said(said: str) -> tuple[list[StationInfo], list[StationInfo]]:
    """The station(s) a typed id or name names (HL01, hl01, 伦河), and, when none, those
    it may have meant."""
    async with session_scope() as session:
        known = await catalog(session)
    code = said.strip().upper()
    by_code = [s for s in known.stations.values() if s.external_id.upper() == code]
    named = by_code or known.stations_named(said)
    return named, ([] if named else known.stations_like(said))


async def named_station(
    message: Message, user: User, said: str, context: ContextTypes.DEFAULT_TYPE
) -> int | None:
    """The station /pickups names for the admin; None (after saying so) when none or several."""
    lang = user.language
    named, close = await station_said(said)
    if len(named) == 1:
        return named[0].id
    async with session_scope() as session:
        stations = await county.county_day(session, now_of(context).date())
    ids = {s.id for s in named or close}
    offered = [s for s in stations if s.station_id in ids]
    if named:
        text = t(lang, "bookings.staff.county_which", said=said)
    else:
        example = stations[0].code if stations else "SG01"
        text = t(lang, "bookings.staff.county_unknown", said=said, example=example)
    markup = view.stations_keyboard(lang, offered) if offered else None
    await message.reply_text(text, reply_markup=markup)
    return None
