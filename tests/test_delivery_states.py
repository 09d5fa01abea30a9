"""What a delivery is said to be doing matches what its pushes are doing (sandbox walk):
/broadcasts said "#1 📤 发送中" beside a 📊 of all delivered, /deliveries said a price alert held
for its five minutes was "正在发送", and an admin's warning reached someone revoked meanwhile."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from bot.broadcasts import service
from bot.broadcasts.audience import Audience
from bot.core.clock import PinnedClock, utcnow
from bot.core.db import session_scope
from bot.delivery import addressed, outbox, runs, transitions
from bot.delivery.outcomes import Delivered
from bot.models.alerts import OutboxMessage, OutboxStatus, RunKind
from bot.models.broadcasts import AudienceKind, BroadcastStatus
from bot.models.users import Role, User
from bot.roles import notices
from handlers.render import broadcasts as view
from handlers.render.alerts import deliveries_text
from tests.stations_util import make_user
from tests.test_broadcasts import county

SHANGHAI = ZoneInfo("Asia/Shanghai")


async def test_a_broadcast_all_delivered_is_done_before_it_is_settled(
    db: str, clock: PinnedClock
) -> None:
    async with session_scope() as session:
        a, _ = await county(session)
        bc = await service.create(
            session, service.Draft("下午收西红柿", Audience(AudienceKind.station, a), a, 900)
        )
        assert bc.status is BroadcastStatus.sending  # sent now: started as it was created
    async with session_scope() as session:
        claimed = await transitions.claim(session, 10)
        await transitions.mark_sending(session, [e.id for e in claimed])
        await transitions.apply_outcomes(session, [Delivered(e, 1, utcnow()) for e in claimed])
    async with session_scope() as session:
        stored = await service.get(session, bc.id)
        assert stored is not None and stored.status is BroadcastStatus.sending  # not settled
        run = await service.run_of(session, stored)
        # Its run says it is over: so does /broadcasts, as the 📊 beside it does.
        assert service.state_of(stored, run) is BroadcastStatus.done
        line = view.Line(stored, "城关服务站", 3, service.state_of(stored, run))
        text, keyboard = view.listing("zh", [line], SHANGHAI)
        assert f"#{bc.id} ✅ 已发完" in text and "发送中" not in text
        assert keyboard is not None
    # The staff were promised 发完后会告诉您送达情况: the due job's settling a moment later
    # queues that report through the outbox, once.
    clock.advance(timedelta(seconds=5))
    async with session_scope() as session:
        [settled] = await service.settle(session)
        assert settled.id == bc.id
    async with session_scope() as session:
        report = await session.scalar(
            select(OutboxMessage).where(OutboxMessage.key == f"broadcast-report:{bc.id}")
        )
        assert report is not None and report.chat_id == 900
        assert report.status is OutboxStatus.queued and report.text.startswith("📊")


async def test_a_broadcast_still_going_out_is_sending(db: str) -> None:
    async with session_scope() as session:
        a, _ = await county(session)
        bc = await service.create(
            session, service.Draft("下午收西红柿", Audience(AudienceKind.station, a), a, 900)
        )
        run = await service.run_of(session, bc)
        assert service.state_of(bc, run) is BroadcastStatus.sending


async def test_a_run_held_for_later_is_waiting_not_sending(db: str, clock: PinnedClock) -> None:
    now = utcnow()
    async with session_scope() as session:
        held = await outbox.start_run(session, RunKind.alert, "西红柿 2026-06-10")
        going = await outbox.start_run(session, RunKind.alert, "土豆 2026-06-10")
        await outbox.enqueue(
            session,
            [outbox.Push("alert:1:x", 101, "西红柿涨了")],
            source="alert",
            run=held,
            not_before=now + timedelta(minutes=5),
        )
        await outbox.enqueue(
            session, [outbox.Push("alert:2:x", 102, "土豆涨了")], source="alert", run=going
        )
        # (The pinned clock still flows: the unheld push is due by now.)
        found = await runs.held_until(session, [held.id, going.id], utcnow())
        assert set(found) == {held.id}
        assert abs(found[held.id] - (now + timedelta(minutes=5))) < timedelta(seconds=1)
        recent = await runs.recent_runs(session)
        counts = await runs.status_counts(session)
    until = (now + timedelta(minutes=5)).astimezone(SHANGHAI).strftime("%H:%M")
    zh = deliveries_text("zh", recent, counts, SHANGHAI, found)
    [held_line] = [line for line in zh.splitlines() if "西红柿" in line]
    assert f"等待发送（{until} 发出）" in zh and "正在发送" not in held_line
    assert "正在发送" in zh  # the other run is going out
    en = deliveries_text("en", recent, counts, SHANGHAI, found)
    assert f"held until {until}" in en
    # Once its time has come, it is being sent.
    clock.advance(timedelta(minutes=6))
    async with session_scope() as session:
        assert await runs.held_until(session, [held.id], utcnow()) == {}


async def test_an_admins_warning_is_not_sent_to_someone_revoked_since(db: str) -> None:
    async with session_scope() as session:
        for tid, name in ((30001, "王管理员"), (10001, "张大爷")):
            (await make_user(session, tid, name, role=Role.admin)).started_at = utcnow()
        never = await make_user(session, 99999, "新站长", role=Role.staff)
        never.started_at = None
        await session.flush()
        await outbox.enqueue(session, [outbox.Push("q:1", 99999, "问题")], source="question")
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.chat_id == 99999)
            .values(status=OutboxStatus.waiting)
        )
        assert await notices.tell_admins_not_started(session) == 2
    async with session_scope() as session:
        # /revoke 10001 before the warning went out.
        await session.execute(
            update(User).where(User.telegram_id == 10001).values(role=Role.farmer)
        )
    async with session_scope() as session:
        claimed = await transitions.claim(session, 10)
        ids = [e.id for e in claimed]
        assert await addressed.drop_unaddressed(session, ids) == 1
        ours = await transitions.mark_sending(session, ids)
        chats = {e.chat_id for e in claimed if e.id in ours}
    assert chats == {30001}
    async with session_scope() as session:
        dropped = await session.scalar(select(OutboxMessage).where(OutboxMessage.chat_id == 10001))
        assert dropped is not None and dropped.status is OutboxStatus.failed
        assert dropped.error is not None and "no longer an admin" in dropped.error
