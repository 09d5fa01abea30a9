"""Pushes held for later, and taken back before they go (the alerts of a price undone).

A push may be queued to go only later (its `not_before`: an admin's typed price's
alerts wait a few minutes). `unfinished` counts only what is due, so waiting for the
sender to finish never waits out such a hold.

`withdraw_run`: a push still `queued` (held by its `not_before`, or not yet claimed)
or `waiting` for its person to start the bot is deleted: nobody gets it, and its
idempotency key is free again, so a corrected price can alert the same farmer the
same day. A push claimed, being sent, sent or in doubt has gone (or may have): it is
reported, for the caller to correct. `withdraw_keyed` does the same to the pushes of one
alert (keys ``alert:<id>:…``, ``digest:<id>:…``): paused or deleted, it sends nothing more,
not even what was already queued for it. Telegram-free; the caller commits.

A sender claims rows with `UPDATE ... WHERE status = 'queued'` and this deletes with
`WHERE status IN ('queued', 'waiting')`: of the two, one finds the row first and the
other sees its new state, so a row is either withdrawn or reported gone, never both.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models.alerts import DeliveryRun, OutboxMessage, OutboxStatus
from bot.models.users import utcnow

NOT_GONE = (OutboxStatus.queued, OutboxStatus.waiting)
GONE = (OutboxStatus.claimed, OutboxStatus.sending, OutboxStatus.sent, OutboxStatus.doubt)


@dataclass(frozen=True)
class GonePush:
    """A push of the run that went out, or may have: who got it, and its key."""

    chat_id: int
    key: str


@dataclass(frozen=True)
class Withdrawn:
    """What withdrawing a run did: how many pushes nobody will get, and those that went."""

    withdrawn: int = 0
    gone: tuple[GonePush, ...] = ()
    emptied: bool = False  # the run had nothing left and was deleted


async def withdraw_run(session: AsyncSession, run_id: int) -> Withdrawn:
    """Delete the run's pushes that have not gone out; report those that have (or may have).

    The run's counts follow; a run left with no push at all is deleted (/deliveries
    would list a run of nothing).
    """
    taken = (
        await session.execute(
            delete(OutboxMessage)
            .where(OutboxMessage.run_id == run_id, OutboxMessage.status.in_(NOT_GONE))
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False)
        )
    ).all()
    gone = tuple(
        GonePush(chat_id, key)
        for chat_id, key in await session.execute(
            select(OutboxMessage.chat_id, OutboxMessage.key)
            .where(OutboxMessage.run_id == run_id, OutboxMessage.status.in_(GONE))
            .order_by(OutboxMessage.id)
        )
    )
    left = await _uncount(session, run_id, len(taken))
    return Withdrawn(len(taken), gone, emptied=not left)


async def withdraw_keyed(session: AsyncSession, chat_id: int, prefixes: Sequence[str]) -> int:
    """Delete the pushes to `chat_id` not gone out whose key starts with one of `prefixes`;
    returns how many (their runs' counts follow, as `withdraw_run`'s)."""
    if not prefixes:
        return 0
    taken = (
        await session.execute(
            delete(OutboxMessage)
            .where(
                OutboxMessage.chat_id == chat_id,
                OutboxMessage.status.in_(NOT_GONE),
                or_(*(OutboxMessage.key.startswith(p, autoescape=True) for p in prefixes)),
            )
            .returning(OutboxMessage.run_id)
            .execution_options(synchronize_session=False)
        )
    ).all()
    for run_id, n in Counter(run_id for (run_id,) in taken if run_id is not None).items():
        await _uncount(session, run_id, n)
    return len(taken)


async def _uncount(session: AsyncSession, run_id: int, taken: int) -> int:
    """A run's counts once `taken` of its pushes were deleted; a run left with none is
    deleted (/deliveries would list a run of nothing). Returns how many pushes it has left."""
    left = await session.scalar(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.run_id == run_id)
    )
    if not left:
        await session.execute(delete(DeliveryRun).where(DeliveryRun.id == run_id))
    elif taken:
        await session.execute(
            update(DeliveryRun)
            .where(DeliveryRun.id == run_id)
            .values(queued=DeliveryRun.queued - taken)
        )
        done = DeliveryRun.sent + DeliveryRun.failed + DeliveryRun.blocked + DeliveryRun.in_doubt
        await session.execute(
            update(DeliveryRun)
            .where(
                DeliveryRun.id == run_id,
                DeliveryRun.finished_at.is_(None),
                done >= DeliveryRun.queued,
            )
            .values(finished_at=utcnow())
        )
    return int(left or 0)


async def unfinished(session: AsyncSession, now: datetime | None = None) -> int:
    """Rows the sender has yet to finish: queued and due, claimed, or on the wire.

    A row held until later (an admin's typed price's alert, for a few minutes) is not
    due: waiting for it would wait out the hold.
    """
    now = now or utcnow()
    count = await session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(
            (OutboxMessage.status.in_((OutboxStatus.claimed, OutboxStatus.sending)))
            | ((OutboxMessage.status == OutboxStatus.queued) & (OutboxMessage.not_before <= now))
        )
    )
    return int(count or 0)
