"""The outbox's hook on pushes that will never arrive, and the staff reply keys it reads."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.delivery import outbox, transitions
from bot.delivery.outbox import Push
from bot.delivery.outcomes import Blocked, Delivered, Envelope, Failed, Waiting
from bot.models.alerts import OutboxMessage, OutboxStatus
from bot.models.knowledge import OpenQuestion
from bot.models.users import User, utcnow
from knowledge.kb.undelivered import parse_reply_key, replies_undelivered, reply_key


def test_reply_keys_read_back() -> None:
    assert reply_key(7) == "qa-reply:7"
    assert reply_key(7, 2, 20001) == "qa-reply:7:2:20001"
    first = parse_reply_key("qa-reply:7")
    assert first is not None and (first.question_id, first.staff_id) == (7, None)
    more = parse_reply_key("qa-reply:7:2:20001:media")
    assert more is not None and (more.key, more.staff_id) == ("qa-reply:7:2:20001", 20001)
    # A follow-up queued before its key named the writer: the answer's writer is told.
    old = parse_reply_key("qa-reply:7:2")
    assert old is not None and old.staff_id is None
    assert parse_reply_key("qa-forward:7:20001") is None
    assert parse_reply_key("qa-reply:x") is None


async def _claimed(pushes: list[Push], source: str, most: int = 10) -> list[Envelope]:
    async with session_scope() as session:
        await outbox.enqueue(session, pushes, source=source)
        claimed = await transitions.claim(session, most)
        await transitions.mark_sending(session, [e.id for e in claimed])
    return claimed


async def test_the_hook_hears_of_failed_and_blocked_rows_only(db: str) -> None:
    async with session_scope() as session:
        session.add(User(telegram_id=1000, name="张大爷", started_at=utcnow()))
    ok, refused, blocked = await _claimed(
        [Push("a", 1001, "a"), Push("b", 1002, "b"), Push("c", 1000, "c")], "alert"
    )
    async with session_scope() as session:
        await outbox.enqueue(session, [Push("d", 1000, "d")], source="alert")
    heard: list[int] = []

    async def hook(session: object, ids: Sequence[int]) -> None:
        heard.extend(ids)

    async with session_scope() as session:
        await transitions.apply_outcomes(
            session,
            [Delivered(ok, 1, utcnow()), Failed(refused, "400"), Blocked(blocked, "403")],
            on_undelivered=hook,
        )
        # The blocked chat's queued push "d" stops too: it will never arrive either.
        d = await session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == "d"))
    assert sorted(heard) == sorted([refused.id, blocked.id, d])


async def test_the_staff_member_who_wrote_the_reply_is_told_once_in_their_language(
    db: str,
) -> None:
    async with session_scope() as session:
        session.add(User(telegram_id=1000, name="张大爷", started_at=utcnow()))
        session.add(User(telegram_id=2000, name="李站长", language="en", started_at=utcnow()))
        session.add(User(telegram_id=2001, name="王站员", started_at=utcnow()))
        await session.flush()
        question = OpenQuestion(
            farmer_id=1000, text="草莓叶子焦枯", answer="缺钾", answered_by=2000
        )
        session.add(question)
        await session.flush()
        qid = question.id
    rows = await _claimed(
        [
            Push(reply_key(qid), 1000, "缺钾"),
            Push(reply_key(qid) + ":media", 1000, ""),
            Push(reply_key(qid, 1, 2001), 1000, "再补一句"),
        ],
        "question",
        most=1,
    )
    async with session_scope() as session:
        await transitions.apply_outcomes(
            session,
            [Blocked(rows[0], "403 Forbidden: bot was blocked by the user")],
            on_undelivered=replies_undelivered,
        )
    async with session_scope() as session:
        told = list(
            await session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.key.startswith("qa-undelivered:"))
                .order_by(OutboxMessage.chat_id)
            )
        )
    assert [(m.chat_id, m.key) for m in told] == [
        (2000, f"qa-undelivered:qa-reply:{qid}"),
        (2001, f"qa-undelivered:qa-reply:{qid}:1:2001"),
    ]
    assert told[0].text == t(
        "en",
        "questions.reply_undelivered",
        farmer="张大爷",
        id=qid,
        question="草莓叶子焦枯",
        why=t("en", "questions.undelivered_blocked"),
    )
    assert "屏蔽" in told[1].text


async def test_chat_not_found_keeps_a_push_only_for_someone_who_never_wrote(db: str) -> None:
    async with session_scope() as session:
        session.add(User(telegram_id=1000, name="张大爷", started_at=utcnow()))
    # Not yet known when queued (else it is held untried: tests/test_outbox.py).
    gone, kept = await _claimed([Push("a", 1000, "a"), Push("b", 1001, "b")], "alert")
    async with session_scope() as session:
        session.add(User(telegram_id=1001, name="", started_at=None))  # granted, never wrote
    heard: list[int] = []

    async def hook(session: object, ids: Sequence[int]) -> None:
        heard.extend(ids)

    reason = "400 Bad Request: chat not found: kept until they start the bot"
    async with session_scope() as session:
        await transitions.apply_outcomes(
            session, [Waiting(gone, reason), Waiting(kept, reason)], on_undelivered=hook
        )
        rows = {m.key: (m.status, m.error) for m in await session.scalars(select(OutboxMessage))}
    assert rows["a"] == (OutboxStatus.failed, "400 Bad Request: chat not found")
    assert rows["b"][0] is OutboxStatus.waiting
    assert heard == [gone.id]
