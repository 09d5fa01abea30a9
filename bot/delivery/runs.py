"""Delivery runs as admins see them (/deliveries), and runs that queued nothing: not kept.

A digest time caught up at start-up (bot.alerts.digests.missed_times) re-runs a slot
whose pushes are already in the outbox: their keys are taken, nothing is queued, and
a run kept for it would say 正在发送 forever (no row of it ever reaches a final state to
finish it). Such a run is dropped in the transaction that made it; the outbox rows
(the source of truth, unique by key) are untouched, so a restart still sends nothing
twice. Telegram-free; functions only query and flush, the caller commits.
"""

from __future__ import annotations

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


async def status_counts(session: AsyncSession) -> dict[OutboxStatus, int]:
    """How many outbox rows are in each state."""
    rows = await session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    )
    return {OutboxStatus(status): n for status, n in rows}
