"""A broadcast with nobody to send to ends at once, said; a notice sent now is audited as sent.

Sandbox walk: an empty broadcast kept a delivery run 正在发送 in /deliveries, and a notice
sent at once was logged as 待发送 in the audit.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot.audit import entries
from bot.broadcasts import service
from bot.broadcasts import text as words
from bot.broadcasts.audience import Audience
from bot.core.clock import PinnedClock, utcnow
from bot.core.db import session_scope
from bot.delivery import runs
from bot.models.alerts import DeliveryRun, OutboxMessage, RunKind
from bot.models.broadcasts import AudienceKind, BroadcastStatus
from bot.models.users import User
from tests.test_broadcasts import county


async def _runs() -> list[DeliveryRun]:
    async with session_scope() as session:
        return await runs.recent_runs(session)


async def test_a_notice_sent_now_is_audited_as_sending(db: str) -> None:
    async with session_scope() as session:
        a, _ = await county(session)
        draft = service.Draft("明天下雨，上午不收货", Audience(AudienceKind.station, a), a, 900)
        bc = await service.create(session, draft)
        [line] = await entries(session)
    assert line.action == "broadcast.send" and line.after is not None
    assert line.after["status"] == BroadcastStatus.sending.value == bc.status.value


async def test_a_notice_sent_now_to_nobody_keeps_no_run_and_is_done(db: str) -> None:
    async with session_scope() as session:
        a, _ = await county(session)
        for tid in (101, 102, 103):  # everyone of the station opts out
            (await session.get(User, tid)).notices_off = True  # type: ignore[union-attr]
        draft = service.Draft("明天停水", Audience(AudienceKind.station, a), a, 900)
        bc = await service.create(session, draft)
        assert (bc.status, bc.run_id) == (BroadcastStatus.done, None)
        [line] = await entries(session)
        assert line.after is not None and line.after["status"] == "done"
    assert await _runs() == []
    async with session_scope() as session:
        # The chat said so at once: no report is pushed as well.
        assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
        assert await service.settle(session) == []
    assert words.report("zh", bc, None).startswith(f"📊 通知 #{bc.id} 没有发给任何人")


async def test_a_timed_notice_due_for_nobody_reports_nobody(db: str, clock: PinnedClock) -> None:
    async with session_scope() as session:
        a, _ = await county(session)
        at = utcnow() + timedelta(hours=1)
        draft = service.Draft("下午开会", Audience(AudienceKind.station, a), a, 900, send_at=at)
        bc = await service.create(session, draft)
        for tid in (101, 102, 103):  # they opt out before it is due
            (await session.get(User, tid)).notices_off = True  # type: ignore[union-attr]
    clock.advance(timedelta(hours=1, seconds=1))
    async with session_scope() as session:
        [due] = await service.due(session)
        assert await service.start(session, due.id) == 0
    assert await _runs() == []
    async with session_scope() as session:
        report = await session.scalar(
            select(OutboxMessage).where(OutboxMessage.key == f"broadcast-report:{bc.id}")
        )
        assert report is not None and report.chat_id == 900
        assert "没有发给任何人" in report.text
        stored = await service.get(session, bc.id)
        assert stored is not None and stored.status is BroadcastStatus.done


async def test_a_broadcast_left_sending_without_its_run_is_settled(db: str) -> None:
    async with session_scope() as session:
        a, _ = await county(session)
        draft = service.Draft("明天停水", Audience(AudienceKind.station, a), a, 900)
        bc = await service.create(session, draft)
        # As an earlier version left it: sending, its empty run dropped at a restart.
        run = await session.get(DeliveryRun, bc.run_id)
        assert run is not None and run.kind == RunKind.broadcast
        bc.run_id = None
        await session.flush()
        await session.delete(run)
    async with session_scope() as session:
        [settled] = await service.settle(session)
        assert settled.id == bc.id and settled.status is BroadcastStatus.done
        report = await session.scalar(
            select(OutboxMessage).where(OutboxMessage.key == f"broadcast-report:{bc.id}")
        )
        assert report is not None and "没有发给任何人" in report.text
