"""Delivery runs as admins see them (/deliveries), and runs that queued nothing: not kept.

A digest time caught up at start-up (bot.alerts.digests.missed_times) re-runs a slot
whose pushes are already in the outbox: their keys are taken, nothing is queued, and
a run kept for it would say 正在发送 forever (no row of it ever reaches a final state to
finish it). Such a run is dropped in the transaction that made it; the outbox rows
(the source of truth, unique by key) are untouched, so a restart still sends nothing
twice. Telegram-free; functions only query and flush, the caller commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import delete, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models.alerts import DeliveryRun, OutboxMessage, OutboxStatus


async def drop_if_empty(session: AsyncSession, run: DeliveryRun) -> bool:
    """Delete `run` when it queued nothing (every push's key was already queued); True then."""
    if run.queued:
        return False
    await session.delete(run)
    await session.flush()
    return True


async def drop_empty_runs(session: AsyncSession) -> int:
    """At start-up: delete the unfinished runs that queued nothing (left by earlier
    versions, a restart's catch-up each); returns how many."""
    no_rows = ~exists(select(OutboxMessage.id).where(OutboxMessage.run_id == DeliveryRun.id))
    gone = await session.execute(
        delete(DeliveryRun)
        .where(DeliveryRun.queued == 0, DeliveryRun.finished_at.is_(None), no_rows)
        .returning(DeliveryRun.id)
    )
    return len(gone.all())


async def recent_runs(session: AsyncSession, limit: int = 10) -> list[DeliveryRun]:
    """The newest delivery runs, newest first."""
    rows = await session.scalars(
        select(DeliveryRun)
        .order_by(DeliveryRun.created_at.desc(), DeliveryRun.id.desc())
        .limit(limit)
    )
    return list(rows)


async def held_until(
    session: AsyncSession, run_ids: Sequence[int], now: datetime
) -> dict[int, datetime]:
    """Runs whose pushes are all held for later (an admin's typed price's alerts wait a few
    minutes), and when the first of them goes: such a run is waiting, not sending."""
    if not run_ids:
        return {}
    rows = await session.execute(
        select(
            OutboxMessage.run_id,
            func.min(OutboxMessage.not_before),
            func.count().filter(OutboxMessage.not_before <= now),
        )
        .where(
            OutboxMessage.run_id.in_(list(run_ids)),
            OutboxMessage.status.in_((OutboxStatus.queued, OutboxStatus.claimed)),
        )
        .group_by(OutboxMessage.run_id)
    )
    held: dict[int, datetime] = {}
    for run_id, first, due in rows:
        if run_id is None or due:
            continue
        # SQLite's func.min gives the stored text back unconverted by the column's type.
        moment = first if isinstance(first, datetime) else datetime.fromisoformat(str(first))
        held[run_id] = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return held


async def status_counts(session: AsyncSession) -> dict[OutboxStatus, int]:
    """How many outbox rows are in each state."""
    rows = await session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    )
    return {OutboxStatus(status): n for status, n in rows}
