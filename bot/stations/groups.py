"""A station's Telegram group: linked by its staff, found by broadcasts. Telegram-free.

Staff add the bot to their village's group and send /linkgroup there; from then
on the station's notices can include the group (`station_group`). One group
serves one station: linking it to another station moves it. Every change is
written to the audit log in the caller's unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.audit import record
from bot.models.stations import Station


class NotAGroup(ValueError):
    """Only group chats (negative chat ids) can be linked."""


@dataclass(frozen=True)
class GroupLink:
    """A group linked to a station, and what it replaced."""

    station_id: int
    station_name: str
    chat_id: int
    # The group the station had before (None: none, or this one already).
    replaced: int | None
    # The station the group served before (None: none, or this one already).
    moved_from: int | None
    # False when the group was linked to this station already (nothing changed).
    changed: bool = True


async def station_group(session: AsyncSession, station_id: int) -> int | None:
    """The chat id of the station's Telegram group, or None if it has none linked."""
    return await session.scalar(
        select(Station.group_chat_id).where(Station.id == station_id, Station.active)
    )


async def station_of_group(session: AsyncSession, chat_id: int) -> Station | None:
    """The station a group is linked to, if any."""
    return await session.scalar(select(Station).where(Station.group_chat_id == chat_id))


async def link_group(
    session: AsyncSession, station_id: int, chat_id: int, *, actor_id: int | None
) -> GroupLink:
    """Link the group `chat_id` to the station (moving it from another station), audited."""
    if chat_id >= 0:
        raise NotAGroup(f"chat {chat_id} is not a group")
    station = await session.get(Station, station_id)
    if station is None:
        raise LookupError(f"no station {station_id}")
    if station.group_chat_id == chat_id:
        return GroupLink(station.id, station.name, chat_id, None, None, changed=False)
    previous = await station_of_group(session, chat_id)
    moved_from = None
    if previous is not None:
        moved_from = previous.id
        previous.group_chat_id = None
        # The unique index sees the old row free before the new link is written.
        await session.flush()
    replaced = station.group_chat_id
    station.group_chat_id = chat_id
    await session.flush()
    await record(
        session,
        actor_id,
        "station.link_group",
        f"station {station.id}",
        before={"group_chat_id": replaced, "moved_from_station": moved_from},
        after={"group_chat_id": chat_id},
    )
    return GroupLink(station.id, station.name, chat_id, replaced, moved_from)


async def unlink_group(
    session: AsyncSession, chat_id: int, *, actor_id: int | None, why: str = "unlinked"
) -> int | None:
    """Forget the group (the bot was removed from it, or staff unlinked it); the station's id."""
    station = await station_of_group(session, chat_id)
    if station is None:
        return None
    station.group_chat_id = None
    await session.flush()
    await record(
        session,
        actor_id,
        "station.unlink_group",
        f"station {station.id}",
        before={"group_chat_id": chat_id},
        after={"group_chat_id": None, "why": why},
    )
    return station.id


async def move_group(session: AsyncSession, old_chat_id: int, new_chat_id: int) -> int | None:
    """The group became a supergroup (a new chat id): the link follows; the station's id."""
    station = await station_of_group(session, old_chat_id)
    if station is None or await station_of_group(session, new_chat_id) is not None:
        return None
    station.group_chat_id = new_chat_id
    await session.flush()
    await record(
        session,
        None,
        "station.move_group",
        f"station {station.id}",
        before={"group_chat_id": old_chat_id},
        after={"group_chat_id": new_chat_id},
        via="telegram",
    )
    return station.id
