"""The sender's steps through the outbox (bot/delivery/outbox.py has the states): `recover` at
start-up, `claim` due rows, `mark_sending` just before the wire, `unclaim` when stopping, and
`apply_outcomes` with what Telegram said. Each runs in its own short transaction; functions
only query and flush, the caller commits. Telegram-free.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.outbox import CHUNK, FINAL, Counts, _bump_runs, error_text
from bot.delivery.outcomes import (
    WAITING_TAIL,
    Blocked,
    BlockedHook,
    Delivered,
    Doubt,
    Envelope,
    Failed,
    Outcome,
    Retry,
    UndeliveredHook,
    Waiting,
)
from bot.models.alerts import OutboxMessage, OutboxStatus
from bot.models.users import User, utcnow

IN_DOUBT_REASON = "in doubt: the bot stopped while sending; not resent so it cannot arrive twice"


async def recover(session: AsyncSession) -> tuple[int, int]:
    """At start-up: claimed rows are queued again, sending rows in doubt; returns both counts."""
    requeued = (
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.claimed)
            .values(status=OutboxStatus.queued, claimed_at=None)
            .returning(OutboxMessage.id)
        )
    ).all()
    doubtful = list(
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.sending)
            .values(status=OutboxStatus.doubt, error=IN_DOUBT_REASON)
            .returning(OutboxMessage.run_id)
        )
    )
    counts = Counts()
    for (run_id,) in doubtful:
        counts.add(run_id, "in_doubt")
    await _bump_runs(session, counts)
    return len(requeued), len(doubtful)


async def claim(session: AsyncSession, limit: int, now: datetime | None = None) -> list[Envelope]:
    """Take up to `limit` due queued rows for this sender (status claimed), in priority order."""
    now = now or utcnow()
    due = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == OutboxStatus.queued, OutboxMessage.not_before <= now)
        .order_by(OutboxMessage.priority, OutboxMessage.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        # Two senders by mistake must not take the same rows.
        due = due.with_for_update(skip_locked=True)
    # Two statements on purpose: as `UPDATE ... WHERE id IN (SELECT ... LIMIT n
    # FOR UPDATE SKIP LOCKED)` PostgreSQL may rescan the subquery and take more
    # than n rows.
    ids = list(await session.scalars(due))
    if not ids:
        return []
    rows = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.status == OutboxStatus.queued)
        .values(status=OutboxStatus.claimed, claimed_at=now)
        .returning(
            OutboxMessage.id,
            OutboxMessage.chat_id,
            OutboxMessage.text,
            OutboxMessage.markup,
            OutboxMessage.run_id,
            OutboxMessage.priority,
            OutboxMessage.attempts,
            OutboxMessage.media_kind,
            OutboxMessage.media,
        )
    )
    envelopes = [Envelope(*row) for row in rows]
    envelopes.sort(key=lambda e: (e.priority, e.id))
    return envelopes


async def mark_sending(
    session: AsyncSession, ids: Sequence[int], now: datetime | None = None
) -> set[int]:
    """Record that these claimed rows are about to go on the wire; returns the ids still ours.

    A row cancelled (or blocked) since it was claimed is no longer `claimed` and
    is left out, so the sender drops it instead of sending it.
    """
    now = now or utcnow()
    ours: set[int] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        ours.update(
            await session.scalars(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(chunk), OutboxMessage.status == OutboxStatus.claimed)
                .values(
                    status=OutboxStatus.sending, attempts=OutboxMessage.attempts + 1, claimed_at=now
                )
                .returning(OutboxMessage.id)
            )
        )
    return ours


async def unclaim(session: AsyncSession, ids: Sequence[int]) -> None:
    """Give claimed rows back to the queue (the sender is stopping)."""
    for start in range(0, len(ids), CHUNK):
        await session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id.in_(list(ids[start : start + CHUNK])),
                OutboxMessage.status == OutboxStatus.claimed,
            )
            .values(status=OutboxStatus.queued, claimed_at=None)
        )


async def apply_outcomes(
    session: AsyncSession,
    outcomes: Sequence[Outcome],
    on_blocked: BlockedHook | None = None,
    on_undelivered: UndeliveredHook | None = None,
) -> None:
    """Record what happened to sent messages, and update their runs' counts."""
    counts = Counts()
    undelivered: list[int] = []
    delivered = [o for o in outcomes if isinstance(o, Delivered)]
    if delivered:
        await session.execute(
            update(OutboxMessage),
            [
                {
                    "id": o.envelope.id,
                    "status": OutboxStatus.sent,
                    "sent_at": o.at,
                    "telegram_message_id": o.message_id,
                    "error": None,
                }
                for o in delivered
            ],
        )
        for o in delivered:
            counts.add(o.envelope.run_id, "sent")
    outcomes = await _gone_chats(session, outcomes)
    # Refused for good, or perhaps delivered: either way final, with the reason kept;
    # or kept until its person starts the bot (not counted: personal pushes have no run).
    for outcome, status, counter in (
        (Failed, OutboxStatus.failed, "failed"),
        (Doubt, OutboxStatus.doubt, "in_doubt"),
        (Waiting, OutboxStatus.waiting, "waiting"),
    ):
        ended: list[Failed | Doubt | Waiting] = [o for o in outcomes if isinstance(o, outcome)]
        if not ended:
            continue
        await session.execute(
            update(OutboxMessage),
            [{"id": e.envelope.id, "status": status, "error": error_text(e.reason)} for e in ended],
        )
        for e in ended:
            if outcome is not Waiting:
                counts.add(e.envelope.run_id, counter)
            if outcome is Failed:
                undelivered.append(e.envelope.id)
    retries = [o for o in outcomes if isinstance(o, Retry)]
    if retries:
        await session.execute(
            update(OutboxMessage),
            [
                {
                    "id": r.envelope.id,
                    "status": OutboxStatus.claimed,
                    "not_before": r.not_before,
                    "error": error_text(r.reason),
                }
                for r in retries
            ],
        )
    for b in (o for o in outcomes if isinstance(o, Blocked)):
        undelivered += await _block_chat(session, b, counts, on_blocked)
    await _bump_runs(session, counts)
    if on_undelivered is not None and undelivered:
        await on_undelivered(session, undelivered)


async def _gone_chats(session: AsyncSession, outcomes: Sequence[Outcome]) -> Sequence[Outcome]:
    """A "chat not found" (`Waiting`) for someone who has written to the bot is final.

    Kept pushes wait for a person who never opened the bot; someone who did (a
    farmer whose question staff answer) and whose chat Telegram no longer finds
    will not come back through /start: the push failed, and whoever wrote it is told.
    """
    waiting = {o.envelope.chat_id for o in outcomes if isinstance(o, Waiting)}
    if not waiting:
        return outcomes
    started = set(
        await session.scalars(
            select(User.telegram_id).where(
                User.telegram_id.in_(waiting), User.started_at.is_not(None)
            )
        )
    )
    return [
        Failed(o.envelope, o.reason.replace(WAITING_TAIL, ""))
        if isinstance(o, Waiting) and o.envelope.chat_id in started
        else o
        for o in outcomes
    ]


async def _block_chat(
    session: AsyncSession, outcome: Blocked, counts: Counts, on_blocked: BlockedHook | None
) -> list[int]:
    chat_id = outcome.envelope.chat_id
    # This message, and everything still waiting for the same chat: sending
    # more would only collect more 403s.
    rows = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.chat_id == chat_id,
            (OutboxMessage.id == outcome.envelope.id)
            | OutboxMessage.status.in_((OutboxStatus.queued, OutboxStatus.claimed)),
            OutboxMessage.status.not_in(FINAL),
        )
        .values(status=OutboxStatus.blocked, error=error_text(outcome.reason))
        .returning(OutboxMessage.id, OutboxMessage.run_id)
    )
    ids = []
    for row_id, run_id in rows:
        counts.add(run_id, "blocked")
        ids.append(row_id)
    await session.execute(update(User).where(User.telegram_id == chat_id).values(active=False))
    if on_blocked is not None:
        await on_blocked(session, chat_id)
    return ids
