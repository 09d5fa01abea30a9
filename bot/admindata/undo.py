"""/undo: revert an admin's (or the command line's) last apply exactly, or say why not.

Telegram-free. The rows an apply changed were kept (bot.admindata.changes); they are
put back unless a later apply of the same kind, or someone's edit of those rows, is
in the way. A price import's alerts that have not gone out are withdrawn and those
that went are corrected (bot.admindata.alerts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.admindata.alerts import AlertsUndone, take_back
from bot.admindata.changes import ChangeSet, conflicts, revert
from bot.audit import record
from bot.core import clock
from bot.core.db import session_scope
from bot.models import DataApply, KbEntry, User
from knowledge.kb.repository import to_entry
from knowledge.kb.search import engine


@dataclass(frozen=True)
class Undone:
    """What /undo did: `status` is undone, nothing, later (a later apply first) or conflict."""

    status: str
    kind: str = ""
    file_name: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    # A price import's alerts: withdrawn before they went, or corrected (None: it had none).
    alerts: AlertsUndone | None = None
    # When the apply was made: a price typed in the chat is named by its day.
    applied_at: datetime | None = None
    # `later`: the apply in the way (the one to undo first) and who made it: the command
    # line (`farmhub imports undo` there) or another admin, by name ("" when unknown).
    later: Later | None = None


@dataclass(frozen=True)
class Later:
    """A later apply of the same kind that has to be undone first, and by whom."""

    file_name: str
    applied_at: datetime
    by_cli: bool
    by_name: str = ""


async def last_apply(session: AsyncSession, user_id: int | None) -> DataApply | None:
    """The newest apply of this user (None: the command line's) not undone yet."""
    query = select(DataApply).where(DataApply.undone_at.is_(None))
    query = query.where(
        DataApply.user_id.is_(None) if user_id is None else DataApply.user_id == user_id
    )
    return await session.scalar(query.order_by(DataApply.id.desc()).limit(1))


async def undo(user_id: int | None, *, via: str = "chat") -> Undone:
    """Revert this user's last apply exactly; refuse if a later one or someone's edit is in the way.

    Nothing is announced again (only the rows are put back). A price import's alerts
    that have not gone out are withdrawn; those that went are corrected
    (bot/admindata/alerts.py).
    """
    async with session_scope() as session:
        last = await last_apply(session, user_id)
        if last is None:
            return Undone("nothing")
        later = await session.scalar(
            select(DataApply)
            .where(
                DataApply.kind == last.kind,
                DataApply.id > last.id,
                DataApply.undone_at.is_(None),
            )
            .order_by(DataApply.id.desc())  # the newest: the one to undo next
            .limit(1)
        )
        if later is not None:
            return Undone(
                "later",
                last.kind,
                last.file_name,
                dict(last.counts),
                applied_at=last.applied_at,
                later=await _later(session, later),
            )
        changes = ChangeSet.from_json(last.changes)
        found = await conflicts(session, changes)
        if found:
            return Undone(
                "conflict",
                last.kind,
                last.file_name,
                dict(last.counts),
                found,
                applied_at=last.applied_at,
            )
        try:
            # A savepoint: rows that others now depend on (a booking at a station
            # the apply added) make the undo a conflict, not a failed transaction.
            async with session.begin_nested():
                await revert(session, changes)
        except IntegrityError as exc:
            return Undone(
                "conflict",
                last.kind,
                last.file_name,
                dict(last.counts),
                [str(exc.orig)[:200]],
                applied_at=last.applied_at,
            )
        last.undone_at, last.undone_by = clock.utcnow(), user_id
        alerts = await take_back(session, last) if last.kind == "prices" else None
        await record(
            session,
            user_id,
            "data.undo",
            f"{last.kind}:{last.file_name}",
            before={**last.counts, "apply_id": last.id},
            after=None if alerts is None else {
                "alerts_withdrawn": alerts.withdrawn, "alerts_corrected": alerts.corrected
            },
            via=via,
        )  # fmt: skip
        if last.kind == "kb":
            await _reindex(session, changes)
        reverted = {
            "removed": sum(len(part.added) for part in changes.tables),
            "restored": sum(len(part.changed) + len(part.removed) for part in changes.tables),
        }
        return Undone("undone", last.kind, last.file_name, reverted, alerts=alerts)


async def _later(session: AsyncSession, later: DataApply) -> Later:
    """The apply in the way, with its maker: the command line has no user."""
    if later.user_id is None:
        return Later(later.file_name, later.applied_at, by_cli=True)
    maker = await session.get(User, later.user_id)
    name = maker.name if maker is not None and maker.name else str(later.user_id)
    return Later(later.file_name, later.applied_at, by_cli=False, by_name=name)


async def _reindex(session: AsyncSession, changes: ChangeSet) -> None:
    # The in-process search index follows the restored entries at once.
    part = changes.rows(KbEntry.__tablename__)
    search = engine()
    for row in part.added:
        search.remove(row["id"])
    ids = [key["id"] for key, _, _ in part.changed] + [row["id"] for row in part.removed]
    if ids:
        for entry in await session.scalars(select(KbEntry).where(KbEntry.id.in_(ids))):
            search.upsert(to_entry(entry))
