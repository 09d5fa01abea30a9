"""Staff told when their reply to a farmer's question will never arrive (blocked, refused).

A staff reply is pushed through the outbox under a key naming the question (and, for
more said after the answer, its number and who said it). When the outbox ends such a
row failed or blocked it calls `replies_undelivered` (its `on_undelivered` hook, wired
in handlers/jobs.py like the alerts' pause on a block) in the same transaction: the
staff member who wrote it gets a notice, in their language, through the outbox too.
Telegram-free; the caller commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.i18n import t
from bot.delivery import outbox
from bot.models.alerts import OutboxMessage, OutboxStatus
from bot.models.knowledge import OpenQuestion
from bot.models.users import User
from knowledge.kb.threads import first_words

SOURCE = "question"
REPLY_PREFIX = "qa-reply:"
NOTICE_PREFIX = "qa-undelivered:"
# The second row of a video note (outbox.split): the same reply, told about once.
MEDIA_SUFFIX = ":media"
# How much of the question the notice quotes: enough to know which one.
QUOTED = 30
# Told before bulk alerts and digests, like the reply itself.
PRIORITY = 0


@dataclass(frozen=True)
class ReplyKey:
    """A staff reply's outbox key read back: its question, and who wrote it when it says."""

    key: str  # without the video note's suffix
    question_id: int
    staff_id: int | None  # None: the answer itself, written by the question's `answered_by`


def reply_key(question_id: int, number: int | None = None, staff_id: int | None = None) -> str:
    """The outbox key of a staff reply: the answer's, or (with `number` and who wrote it)
    the key of more said after it."""
    if number is None:
        return f"{REPLY_PREFIX}{question_id}"
    return f"{REPLY_PREFIX}{question_id}:{number}:{staff_id}"


def parse_reply_key(key: str) -> ReplyKey | None:
    """A staff reply's key read back (None for any other key)."""
    if not key.startswith(REPLY_PREFIX):
        return None
    base = key.removesuffix(MEDIA_SUFFIX)
    try:
        numbers = [int(part) for part in base.removeprefix(REPLY_PREFIX).split(":")]
    except ValueError:
        return None
    if len(numbers) == 1:
        return ReplyKey(base, numbers[0], None)
    # More after the answer: with its writer, or (queued before keys named one) without.
    if len(numbers) in (2, 3):
        return ReplyKey(base, numbers[0], numbers[2] if len(numbers) == 3 else None)
    return None


async def replies_undelivered(session: AsyncSession, ids: Sequence[int]) -> None:
    """Tell the staff whose replies among outbox rows `ids` ended undelivered (once each)."""
    rows = await session.execute(
        select(
            OutboxMessage.key, OutboxMessage.chat_id, OutboxMessage.status, OutboxMessage.error
        ).where(
            OutboxMessage.id.in_(list(ids)),
            OutboxMessage.source == SOURCE,
            OutboxMessage.key.startswith(REPLY_PREFIX),
        )
    )
    pushes: list[outbox.Push] = []
    told: set[str] = set()
    for key, farmer_id, status, error in rows:
        reply = parse_reply_key(key)
        if reply is None or reply.key in told:
            continue
        told.add(reply.key)
        # Every 403 stops the chat; only "bot was blocked by the user" is a block
        # (a deleted account, "user is deactivated", is told as undeliverable).
        blocked = status == OutboxStatus.blocked and "deactivated" not in (error or "").lower()
        push = await _notice(session, reply, farmer_id, blocked=blocked)
        if push is not None:
            pushes.append(push)
    if pushes:
        await outbox.enqueue(session, pushes, source=SOURCE)


async def _notice(
    session: AsyncSession, reply: ReplyKey, farmer_id: int, *, blocked: bool
) -> outbox.Push | None:
    question = await session.get(OpenQuestion, reply.question_id)
    staff_id = reply.staff_id or (question.answered_by if question is not None else None)
    if question is None or staff_id is None:
        return None
    staff = await session.get(User, staff_id)
    farmer = await session.get(User, farmer_id)
    lang = staff.language if staff is not None else None
    why = t(lang, "questions.undelivered_blocked" if blocked else "questions.undelivered_failed")
    text = t(
        lang,
        "questions.reply_undelivered",
        farmer=(farmer.name if farmer is not None and farmer.name else str(farmer_id)),
        id=question.id,
        question=first_words(question, QUOTED),
        why=why,
    )
    return outbox.Push(NOTICE_PREFIX + reply.key, staff_id, text, priority=PRIORITY)
