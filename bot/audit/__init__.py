"""The audit log: record every change staff and admins make, and read it back. Telegram-free.

A record is written in the caller's unit of work, so it exists exactly when the
change does: a change that rolls back leaves no audit line, and none is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import clock
from bot.models.audit import AuditEntry
from bot.models.users import User

# The most lines one listing returns: the chat shows a page, the CLI can ask for more.
MAX_ENTRIES = 1000


async def record(
    session: AsyncSession,
    actor_id: int | None,
    action: str,
    target: str = "",
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    via: str = "chat",
) -> AuditEntry:
    """Add one audit line (actor None for the command line) in the caller's transaction."""
    entry = AuditEntry(
        at=clock.utcnow(),
        actor_id=actor_id,
        via=via,
        action=action[:64],
        target=target[:200],
        before=before,
        after=after,
    )
    session.add(entry)
    await session.flush()
    return entry


@dataclass(frozen=True)
class AuditLine:
    """One audit line with the actor's name, as listings show it."""

    id: int
    at: datetime
    actor_id: int | None
    actor_name: str
    via: str
    action: str
    target: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


async def entries(
    session: AsyncSession,
    *,
    since: datetime | None = None,
    user_id: int | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[AuditLine]:
    """The newest audit lines first, optionally from `since` on and by one user."""
    query = (
        select(AuditEntry, User.name)
        .outerjoin(User, User.telegram_id == AuditEntry.actor_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(max(1, min(limit, MAX_ENTRIES)))
        .offset(max(0, offset))
    )
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    if user_id is not None:
        query = query.where(AuditEntry.actor_id == user_id)
    rows = await session.execute(query)
    return [
        AuditLine(
            id=entry.id,
            at=entry.at,
            actor_id=entry.actor_id,
            actor_name=name or "",
            via=entry.via,
            action=entry.action,
            target=entry.target,
            before=entry.before,
            after=entry.after,
        )
        for entry, name in rows.all()
    ]
