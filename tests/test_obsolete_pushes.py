"""Pushes whose news is over by the time they go are not sent (blind test): a held "📮 新问题
#2" with its ✍️ for staff who opened the bot after someone answered it, and an admin's "用户40001
还没有打开过机器人" after 40001 opened it. Checked at send time (bot/delivery/addressed.py)."""

from __future__ import annotations

from sqlalchemy import select, update

from bot.core.clock import utcnow
from bot.core.db import session_scope
from bot.delivery import addressed, outbox, transitions, waiting
from bot.models.alerts import OutboxMessage, OutboxStatus
from bot.models.knowledge import OpenQuestion, QuestionStatus
from bot.models.users import Role, User
from bot.roles import notices
from tests.stations_util import make_user


async def _send_now() -> set[int]:
    """Claim what is due as the sender does, drop the obsolete; the chats it would send to."""
    async with session_scope() as session:
        claimed = await transitions.claim(session, 20)
        ids = [e.id for e in claimed]
        await addressed.drop_obsolete(session, ids)
        ours = await transitions.mark_sending(session, ids)
        return {e.chat_id for e in claimed if e.id in ours}


async def test_a_held_question_answered_meanwhile_is_not_sent(db: str) -> None:
    async with session_scope() as session:
        await make_user(session, 10001, "张大爷")
        late = await make_user(session, 20002, "新站员", role=Role.staff)
        late.started_at = None
        answered = OpenQuestion(farmer_id=10001, text="苹果树叶子黄了", station_id=None)
        still = OpenQuestion(farmer_id=10001, text="玉米怎么追肥", station_id=None)
        session.add_all([answered, still])
        await session.flush()
        pushes = [
            outbox.Push(f"qa-forward:{answered.id}:20002", 20002, "新问题 #1"),
            outbox.Push(f"qa-forward:{answered.id}:20002:1", 20002, "新问题 #1 照片"),
            outbox.Push(f"qa-forward:{still.id}:20002", 20002, "新问题 #2"),
        ]
        await outbox.enqueue(session, pushes, source="question")
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.chat_id == 20002)
            .values(status=OutboxStatus.waiting)
        )
        answered.status, answered.answered_at = QuestionStatus.answered, utcnow()
    async with session_scope() as session:
        assert await waiting.release_waiting(session, 20002) == 3
    assert await _send_now() == {20002}
    async with session_scope() as session:
        rows = {m.key: m for m in await session.scalars(select(OutboxMessage))}
    assert rows[f"qa-forward:{still.id}:20002"].status is OutboxStatus.sending
    for key in (f"qa-forward:{answered.id}:20002", f"qa-forward:{answered.id}:20002:1"):
        assert rows[key].status is OutboxStatus.failed
        assert "answered meanwhile" in (rows[key].error or "")


async def test_not_started_news_is_not_sent_once_they_started(db: str) -> None:
    async with session_scope() as session:
        (await make_user(session, 30001, "王管理员", role=Role.admin)).started_at = utcnow()
        (await make_user(session, 40001, "新站长", role=Role.staff)).started_at = None
        await session.flush()
        await outbox.enqueue(session, [outbox.Push("q:1", 40001, "问题")], source="question")
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.chat_id == 40001)
            .values(status=OutboxStatus.waiting)
        )
        assert await notices.tell_admins_not_started(session) == 1
    async with session_scope() as session:  # 40001 opens the bot before the notice goes
        await session.execute(
            update(User).where(User.telegram_id == 40001).values(started_at=utcnow())
        )
    assert 30001 not in await _send_now()
    async with session_scope() as session:
        notice = await session.scalar(select(OutboxMessage).where(OutboxMessage.chat_id == 30001))
    assert notice is not None and notice.status is OutboxStatus.failed
    assert "opened the bot since" in (notice.error or "")


async def test_news_still_true_goes(db: str) -> None:
    async with session_scope() as session:
        (await make_user(session, 30001, "王管理员", role=Role.admin)).started_at = utcnow()
        (await make_user(session, 40001, "新站长", role=Role.staff)).started_at = None
        await session.flush()
        await outbox.enqueue(session, [outbox.Push("q:1", 40001, "问题")], source="question")
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.chat_id == 40001)
            .values(status=OutboxStatus.waiting)
        )
        await notices.tell_admins_not_started(session)
    assert await _send_now() == {30001}
