"""Pushes addressed to a role, not to a person: checked again just before they go.

A push for admins only (someone has pushes waiting but never started the bot:
bot/roles/notices.py) is queued to each admin of that moment; one revoked before it goes
is a farmer by then, and must not read it (sandbox walk: /revoke 10001, then 10001 got an
admin's warning). The sender asks `drop_unaddressed` right before marking rows as sending:
such a row whose person is no longer an admin fails with that reason and is not sent.

Pushes about something that may be over by the time they go are checked too
(`drop_obsolete`): a held "📮 新问题 #2" (key ``qa-forward:<question>:…``) for staff who
opened the bot after someone else answered it, and an admin's "用户40001还没有打开过机器人"
(key ``roles:not_started:<member>:…``) after 40001 opened it (blind test: both went). The
outbox is the source of truth: they fail with the reason, and are not sent.
Telegram-free; the caller commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from bot.delivery.outbox import Counts, _bump_runs, error_text
from bot.models.alerts import OutboxMessage, OutboxStatus
from bot.models.knowledge import OpenQuestion
from bot.models.users import Role, User

# The outbox `source` of pushes meant for whoever is an admin when they go.
ADMIN_ONLY = "admins"
NOT_ADMIN = "not sent: the recipient is no longer an admin"
# Keys of pushes about a state that may change before they go, and why they are dropped.
QUESTION_KEY = "qa-forward:"
NOT_STARTED_KEY = "roles:not_started:"
ANSWERED = "not sent: the question was answered meanwhile"
STARTED = "not sent: they have opened the bot since"


async def drop_unaddressed(session: AsyncSession, ids: Sequence[int]) -> int:
    """Fail the claimed admin-only rows among `ids` whose person is no longer an admin."""
    if not ids:
        return 0
    admin = exists(
        select(User.telegram_id).where(
            User.telegram_id == OutboxMessage.chat_id, User.role == Role.admin
        )
    )
    rows = list(
        await session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id.in_(list(ids)),
                OutboxMessage.status == OutboxStatus.claimed,
                OutboxMessage.source == ADMIN_ONLY,
                ~admin,
            )
            .values(status=OutboxStatus.failed, error=error_text(NOT_ADMIN))
            .returning(OutboxMessage.run_id)
            .execution_options(synchronize_session=False)
        )
    )
    counts = Counts()
    for (run_id,) in rows:
        counts.add(run_id, "failed")
    await _bump_runs(session, counts)
    return len(rows)


def _subject(key: str, prefix: str) -> int | None:
    """The id a key names after its prefix (qa-forward:12:20001:1 → 12)."""
    head = key[len(prefix) :].split(":", 1)[0]
    return int(head) if key.startswith(prefix) and head.isdigit() else None


async def _done(
    session: AsyncSession, key: InstrumentedAttribute[int], ids: set[int], at: Any
) -> set[int]:
    """Those of `ids` (by `key`) whose `at` is set: the questions answered, the members started."""
    if not ids:
        return set()
    return set(await session.scalars(select(key).where(key.in_(ids), at.is_not(None))))


async def drop_obsolete(session: AsyncSession, ids: Sequence[int]) -> int:
    """Fail the claimed rows among `ids` whose news is over: a question answered since, a
    member "not started" who has started since. How many."""
    if not ids:
        return 0
    rows = list(
        await session.execute(
            select(OutboxMessage.id, OutboxMessage.key).where(
                OutboxMessage.id.in_(list(ids)),
                OutboxMessage.status == OutboxStatus.claimed,
                OutboxMessage.key.startswith(QUESTION_KEY)
                | OutboxMessage.key.startswith(NOT_STARTED_KEY),
            )
        )
    )
    if not rows:
        return 0
    asked = {q for _, key in rows if (q := _subject(key, QUESTION_KEY)) is not None}
    members = {m for _, key in rows if (m := _subject(key, NOT_STARTED_KEY)) is not None}
    answered = await _done(session, OpenQuestion.id, asked, OpenQuestion.answered_at)
    started = await _done(session, User.telegram_id, members, User.started_at)
    why: dict[int, str] = {}
    for row_id, key in rows:
        if _subject(key, QUESTION_KEY) in answered:
            why[row_id] = ANSWERED
        elif _subject(key, NOT_STARTED_KEY) in started:
            why[row_id] = STARTED
    counts = Counts()
    for reason in (ANSWERED, STARTED):
        chosen = [row_id for row_id, said in why.items() if said == reason]
        if not chosen:
            continue
        for (run_id,) in await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(chosen), OutboxMessage.status == OutboxStatus.claimed)
            .values(status=OutboxStatus.failed, error=error_text(reason))
            .returning(OutboxMessage.run_id)
            .execution_options(synchronize_session=False)
        ):
            counts.add(run_id, "failed")
    await _bump_runs(session, counts)
    return len(why)
