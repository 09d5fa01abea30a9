"""The outbox and the running sender on SQLite and PostgreSQL: idempotency, claims, recovery."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.db import session_scope
from bot.delivery import outbox, transitions, waiting
from bot.delivery.outbox import Button, Media, Push
from bot.delivery.outcomes import Blocked, Delivered, Doubt, Envelope, Failed, Retry
from bot.delivery.pacing import Limits, RetryPolicy
from bot.delivery.results import ResultKind, SendResult
from bot.delivery.sender import Sender
from bot.models.alerts import DeliveryRun, OutboxMessage, OutboxStatus
from bot.models.types import MediaKind
from bot.models.users import User, utcnow
from handlers.notify import push

FAST = Limits(paid=True, paid_per_second=5000, private_per_second=1000)


class FakeTelegram:
    """A transport that records what "arrived"; scripted answers per outbox id, in order."""

    def __init__(
        self, latency: float = 0.0, script: dict[int, list[SendResult]] | None = None
    ) -> None:
        self.latency = latency
        self.script = script or {}
        self.received: list[int] = []
        self.paid: set[bool] = set()
        self.arrived = asyncio.Event()
        self.watch_for = 0

    async def send(self, envelope: Envelope, *, paid: bool) -> SendResult:
        await asyncio.sleep(self.latency)
        self.paid.add(paid)
        answers = self.script.get(envelope.id)
        if answers:
            return answers.pop(0)
        self.received.append(envelope.id)
        if self.watch_for and len(self.received) >= self.watch_for:
            self.arrived.set()
        return SendResult(ResultKind.sent, message_id=len(self.received))


def pushes(n: int, prefix: str = "k", chat0: int = 1000) -> list[Push]:
    """`n` pushes to `n` different chats."""
    return [Push(f"{prefix}{i}", chat0 + i, f"消息 {i}") for i in range(n)]


async def queue(n: int, prefix: str = "k", chat0: int = 1000) -> tuple[int, list[int]]:
    """Queue `n` pushes in one run; returns the run id and the row ids."""
    async with session_scope() as session:
        run = await outbox.start_run(session, "alert", "test run")
        await outbox.enqueue(session, pushes(n, prefix, chat0), source="alert", run=run)
        ids = list(await session.scalars(select(OutboxMessage.id).order_by(OutboxMessage.id)))
    return run.id, ids


async def statuses() -> Counter[OutboxStatus]:
    async with session_scope() as session:
        rows = await session.scalars(select(OutboxMessage.status))
        return Counter(rows)


async def the_run(run_id: int) -> DeliveryRun:
    async with session_scope() as session:
        run = await session.get(DeliveryRun, run_id)
    assert run is not None
    return run


# ---------------------------------------------------------------- the repository


async def test_enqueue_is_idempotent_by_key(db: str) -> None:
    async with session_scope() as session:
        run = await outbox.start_run(session, "alert", "西红柿 11月28日")
        assert await outbox.enqueue(session, pushes(3), source="alert", run=run) == 3
    async with session_scope() as session:
        run2 = await outbox.start_run(session, "alert", "again")
        # The same keys again (a re-import), plus one new.
        again = [*pushes(3), Push("new", 5000, "新的")]
        assert await outbox.enqueue(session, again, source="alert", run=run2) == 1
    async with session_scope() as session:
        assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == 4
        first, second = (
            await session.get(DeliveryRun, run.id),
            await session.get(DeliveryRun, run2.id),
        )
    assert first is not None and first.queued == 3
    assert second is not None and second.queued == 1


async def test_buttons_are_stored_as_telegrams_inline_keyboard(db: str) -> None:
    # Producers give plain buttons; the row holds the reply_markup the sender posts as is.
    buttons = ((Button("暂停", "al:p:7"), Button("我的提醒", "al:l")), (Button("删除", "al:d:7"),))
    async with session_scope() as session:
        await outbox.enqueue(
            session,
            [Push("b", 1000, "价格提醒", buttons=buttons), Push("plain", 1001, "没有按钮")],
            source="alert",
        )
    async with session_scope() as session:
        rows = dict((await session.execute(select(OutboxMessage.key, OutboxMessage.markup))).all())
    assert json.loads(rows["b"]) == {
        "inline_keyboard": [
            [
                {"text": "暂停", "callback_data": "al:p:7"},
                {"text": "我的提醒", "callback_data": "al:l"},
            ],
            [{"text": "删除", "callback_data": "al:d:7"}],
        ]
    }
    assert rows["plain"] is None


async def test_nothing_is_queued_when_the_cause_rolls_back(db: str) -> None:
    with pytest.raises(RuntimeError):
        async with session_scope() as session:
            await outbox.enqueue(session, pushes(2), source="alert")
            raise RuntimeError("the price import failed")
    assert await statuses() == Counter()


async def test_claim_takes_due_rows_in_priority_order_once(db: str) -> None:
    async with session_scope() as session:
        await outbox.enqueue(
            session, [Push("a", 1, "a"), Push("b", 2, "b", priority=-1)], source="alert"
        )
        await outbox.enqueue(
            session,
            [Push("later", 3, "later")],
            source="alert",
            not_before=utcnow() + timedelta(hours=1),
        )
    async with session_scope() as session:
        claimed = await transitions.claim(session, 10)
    assert [e.text for e in claimed] == ["b", "a"]
    async with session_scope() as session:
        assert await transitions.claim(session, 10) == []
    assert await statuses() == Counter({OutboxStatus.claimed: 2, OutboxStatus.queued: 1})


async def test_a_photo_and_its_buttons_reach_the_sender_as_queued(db: str) -> None:
    markup = {"inline_keyboard": [[{"text": "回复", "callback_data": "qa:re:7"}]]}
    async with session_scope() as session:
        await outbox.enqueue(
            session,
            [Push("qa-forward:7:20001", 20001, "新问题", markup, photo="AgACAgIAAxk")],
            source="question",
        )
    async with session_scope() as session:
        (envelope,) = await transitions.claim(session, 10)
    assert envelope.photo == "AgACAgIAAxk" and envelope.text == "新问题"
    assert envelope.media_kind == "photo"
    assert envelope.markup is not None and json.loads(envelope.markup) == markup


async def test_a_voice_keeps_its_kind_and_a_video_note_goes_after_its_text(db: str) -> None:
    markup = {"inline_keyboard": [[{"text": "回复", "callback_data": "qa:re:8"}]]}
    voice = Media(MediaKind.voice, "AwACAgIAAxk")
    note = Media(MediaKind.video_note, "DQACAgIAAxk")
    async with session_scope() as session:
        queued = await outbox.enqueue(
            session,
            [
                Push("qa-forward:8:20001", 20001, "语音问题", markup, media=voice),
                Push("qa-forward:9:20001", 20001, "视频问题", markup, media=note),
            ],
            source="question",
        )
        # Queued again (the update handled twice): nothing new, the note's row included.
        again = await outbox.enqueue(
            session,
            [Push("qa-forward:9:20001", 20001, "视频问题", markup, media=note)],
            source="question",
        )
    assert (queued, again) == (3, 0)
    async with session_scope() as session:
        first, text, video = await transitions.claim(session, 10)
    assert (first.media_kind, first.media, first.text) == ("voice", "AwACAgIAAxk", "语音问题")
    assert first.photo is None and first.markup is not None
    # The video note cannot carry a caption or buttons: its text goes first, with them.
    assert (text.media_kind, text.text) == (None, "视频问题") and text.markup is not None
    assert (video.media_kind, video.media, video.markup) == ("video_note", "DQACAgIAAxk", None)
    assert text.id < video.id


async def test_a_cancelled_row_is_not_marked_sending(db: str) -> None:
    await queue(2)
    async with session_scope() as session:
        claimed = await transitions.claim(session, 10)
    async with session_scope() as session:
        assert await outbox.cancel_pending(session, 1000, "alert", "unsubscribed") == 1
    async with session_scope() as session:
        ours = await transitions.mark_sending(session, [e.id for e in claimed])
    assert ours == {claimed[1].id}


async def test_outcomes_update_rows_and_run_counts(db: str) -> None:
    run_id, _ = await queue(3)
    async with session_scope() as session:
        a, b, c = await transitions.claim(session, 10)
        await transitions.mark_sending(session, [a.id, b.id, c.id])
    now = utcnow()
    async with session_scope() as session:
        await transitions.apply_outcomes(
            session,
            [
                Delivered(a, 77, now),
                Failed(b, "400 Bad Request: chat not found"),
                Retry(c, now + timedelta(seconds=5), "429 retry after 5 s"),
            ],
        )
    run = await the_run(run_id)
    assert (run.queued, run.sent, run.failed, run.finished_at) == (3, 1, 1, None)
    async with session_scope() as session:
        await transitions.apply_outcomes(session, [Delivered(c, 78, now)])
    run = await the_run(run_id)
    assert (run.sent, run.failed, run.done) == (2, 1, 3)
    assert run.finished_at is not None
    async with session_scope() as session:
        row_a = await session.get(OutboxMessage, a.id)
        row_b = await session.get(OutboxMessage, b.id)
    assert row_a is not None and row_a.status is OutboxStatus.sent
    assert row_a.telegram_message_id == 77 and row_a.attempts == 1
    assert row_b is not None and row_b.error == "400 Bad Request: chat not found"


async def test_blocked_marks_the_user_inactive_and_stops_their_pushes(db: str) -> None:
    async with session_scope() as session:
        session.add(User(telegram_id=1000, name="张大爷", started_at=utcnow()))
    run_id, _ = await queue(1)
    async with session_scope() as session:
        await outbox.enqueue(
            session, [Push("x2", 1000, "second"), Push("x3", 1000, "third")], source="alert"
        )
        first = (await transitions.claim(session, 1))[0]
        await transitions.mark_sending(session, [first.id])
    hooked: list[int] = []

    async def hook(session: object, chat_id: int) -> None:
        hooked.append(chat_id)

    async with session_scope() as session:
        await transitions.apply_outcomes(session, [Blocked(first, "403 Forbidden")], hook)
    assert await statuses() == Counter({OutboxStatus.blocked: 3})
    assert hooked == [1000]
    async with session_scope() as session:
        user = await session.get(User, 1000)
    assert user is not None and not user.active
    assert (await the_run(run_id)).blocked == 1


async def test_recover_requeues_claimed_and_records_sending_as_in_doubt(db: str) -> None:
    run_id, _ = await queue(3)
    async with session_scope() as session:
        claimed = await transitions.claim(session, 3)
        await transitions.mark_sending(session, [claimed[0].id])
    async with session_scope() as session:
        assert await transitions.recover(session) == (2, 1)
    assert await statuses() == Counter({OutboxStatus.queued: 2, OutboxStatus.doubt: 1})
    assert (await the_run(run_id)).in_doubt == 1


async def test_prune_forgets_old_finished_rows_only(db: str) -> None:
    await queue(2)
    async with session_scope() as session:
        a, _ = await transitions.claim(session, 1), None
        await transitions.mark_sending(session, [a[0].id])
        await transitions.apply_outcomes(session, [Delivered(a[0], 1, utcnow())])
    async with session_scope() as session:
        assert await outbox.prune(session, utcnow() + timedelta(seconds=1)) == 1
    assert await statuses() == Counter({OutboxStatus.queued: 1})


# ---------------------------------------------------------------- the running sender


async def test_sender_delivers_everything_exactly_once(db: str) -> None:
    run_id, ids = await queue(150)
    telegram = FakeTelegram(latency=0.002)
    sender = Sender(telegram, FAST, poll_interval=0.05, claim_batch=40)
    await sender.start()
    try:
        assert await sender.drain(10)
    finally:
        await sender.stop()
    assert sorted(telegram.received) == ids
    assert telegram.paid == {True}
    assert await statuses() == Counter({OutboxStatus.sent: 150})
    run = await the_run(run_id)
    assert run.sent == 150 and run.finished_at is not None


async def test_sender_wakes_on_commit_and_handles_every_answer(db: str) -> None:
    telegram = FakeTelegram()
    sender = Sender(
        telegram, FAST, policy=RetryPolicy(backoff_first=0.01), poll_interval=30
    )  # only the commit hook can wake it in time
    await sender.start()
    try:
        async with session_scope() as session:
            session.add(User(telegram_id=1002, name="李", started_at=utcnow()))
        run_id, ids = await queue(4)
        telegram.script.update(
            {
                ids[0]: [SendResult(ResultKind.transient, reason="Bad Gateway")] * 2,
                ids[1]: [SendResult(ResultKind.bad_request, reason="Bad Request: chat not found")],
                ids[2]: [SendResult(ResultKind.blocked, reason="Forbidden: bot was blocked")],
                ids[3]: [SendResult(ResultKind.retry_after, retry_after=0.05, reason="flood")],
            }
        )
        assert await sender.drain(5)
    finally:
        await sender.stop()
    assert sorted(telegram.received) == [ids[0], ids[3]]
    run = await the_run(run_id)
    assert (run.sent, run.failed, run.blocked) == (2, 1, 1)
    async with session_scope() as session:
        user = await session.get(User, 1002)
        first = await session.get(OutboxMessage, ids[0])
    assert user is not None and not user.active
    assert first is not None and first.attempts == 3


async def test_stop_gives_claimed_messages_back(db: str) -> None:
    await queue(30)
    telegram = FakeTelegram(latency=0.01)
    slow = Limits(global_per_second=20, bulk_share=1.0)
    sender = Sender(telegram, slow, poll_interval=0.05)
    # Wait for a first delivery rather than a fixed time: a loaded CI machine
    # may not have sent anything after 0.3 s.
    telegram.watch_for = 3
    await sender.start()
    await asyncio.wait_for(telegram.arrived.wait(), 20)
    await sender.stop()
    counts = await statuses()
    assert counts[OutboxStatus.sent] == len(telegram.received) > 0
    assert len(telegram.received) < 30
    assert counts[OutboxStatus.queued] == 30 - len(telegram.received)
    assert counts[OutboxStatus.claimed] == counts[OutboxStatus.sending] == 0


async def crash(sender: Sender) -> None:
    """Stop a sender the way kill -9 would: nothing flushed, nothing given back."""
    tasks = [*sender._tasks, *sender._inflight]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    if sender._unsubscribe is not None:
        sender._unsubscribe()


async def test_crash_and_restart_neither_loses_nor_repeats(db: str) -> None:
    run_id, ids = await queue(300)
    telegram = FakeTelegram(latency=0.01)
    limits = Limits(paid=True, paid_per_second=1000, private_per_second=1000)
    first = Sender(telegram, limits, max_in_flight=8, claim_batch=50, poll_interval=0.05)
    telegram.watch_for = 100
    await first.start()
    await asyncio.wait_for(telegram.arrived.wait(), 10)
    await crash(first)
    mid = await statuses()
    assert mid[OutboxStatus.sending] <= 8 + 8  # on the wire + one group commit of answers
    assert mid[OutboxStatus.claimed] > 0

    second = Sender(telegram, limits, max_in_flight=8, poll_interval=0.05)
    await second.start()
    try:
        assert await second.drain(10)
    finally:
        await second.stop()
    assert second.recovered[1] == mid[OutboxStatus.sending]
    counts = await statuses()
    assert counts[OutboxStatus.sent] + counts[OutboxStatus.doubt] == 300
    received = Counter(telegram.received)
    assert max(received.values()) == 1  # nothing arrived twice
    async with session_scope() as session:
        sent = set(
            await session.scalars(
                select(OutboxMessage.id).where(OutboxMessage.status == OutboxStatus.sent)
            )
        )
    # Every row recorded as sent arrived; the only ones that may not have are in doubt.
    assert sent <= set(received)
    assert len(set(ids) - set(received)) <= counts[OutboxStatus.doubt]
    run = await the_run(run_id)
    assert run.sent + run.in_doubt == 300 and run.finished_at is not None


# ---------------------------------------------------------------- in doubt, and stored errors

TOKEN = "987654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


async def test_a_send_whose_answer_was_lost_is_in_doubt_and_never_repeated(db: str) -> None:
    run_id, ids = await queue(2)
    lost = SendResult(ResultKind.doubt, reason="aiohttp.ServerDisconnectedError")
    telegram = FakeTelegram(script={ids[0]: [lost]})
    sender = Sender(telegram, FAST, policy=RetryPolicy(backoff_first=0.01), poll_interval=0.05)
    await sender.start()
    try:
        assert await sender.drain(5)
        await asyncio.sleep(0.1)  # a retry (there must be none) would come within this
    finally:
        await sender.stop()
    assert telegram.received == [ids[1]]  # the lost one was not sent again
    assert sender.stats.doubt == 1
    async with session_scope() as session:
        row = await session.get(OutboxMessage, ids[0])
    assert row is not None and row.status is OutboxStatus.doubt and row.attempts == 1
    assert row.error is not None and row.error.startswith("in doubt: ")
    run = await the_run(run_id)
    assert (run.sent, run.failed, run.in_doubt) == (1, 0, 1)
    assert run.finished_at is not None  # in doubt is final: counted, not left pending


async def test_stored_errors_never_hold_the_token(db: str) -> None:
    _, ids = await queue(4)
    async with session_scope() as session:
        claimed = await transitions.claim(session, 4)
        await transitions.mark_sending(session, ids)
    url = f"https://api.telegram.org/bot{TOKEN}/sendMessage"
    # Long enough that cutting to the column before masking would keep half a token.
    long_reason = "x" * 250 + f" {url}"
    async with session_scope() as session:
        await transitions.apply_outcomes(
            session,
            [
                Failed(claimed[0], f"gave up after 6 failures: aiohttp.TooManyRedirects: {url}"),
                Retry(claimed[1], utcnow(), f"retrying in 1 s: {long_reason}"),
                Doubt(claimed[2], f"in doubt: {url}"),
                Blocked(claimed[3], f"403 {TOKEN}"),
            ],
        )
    async with session_scope() as session:
        errors = list(await session.scalars(select(OutboxMessage.error)))
    assert len(errors) == 4
    for error in errors:
        assert error is not None
        assert "987654321" not in error and "AAHdqTcv" not in error
    assert any("bot<token>/sendMessage" in e for e in errors if e)


async def test_a_push_from_a_handler_is_queued_once_per_key_with_its_buttons(db: str) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("回复 #7", callback_data="qa:re:7")]])
    async with session_scope() as session:
        assert await push(
            session, 20001, "新问题", key="qa-forward:7:20001", source="question", keyboard=keyboard
        )
    async with session_scope() as session:  # the same cause handled again
        assert not await push(session, 20001, "新问题", key="qa-forward:7:20001", source="question")
    async with session_scope() as session:
        (row,) = await session.scalars(select(OutboxMessage))
    assert row.status is OutboxStatus.queued and row.source == "question" and row.priority == 0
    assert row.markup is not None
    assert json.loads(row.markup) == {
        "inline_keyboard": [[{"text": "回复 #7", "callback_data": "qa:re:7"}]]
    }


async def test_a_push_to_someone_who_never_opened_the_bot_waits_untried(db: str) -> None:
    # Blind test: /grant 10002 … for a user who never opened the bot: the notice was
    # sent (400 chat not found) although the reply promised it would be kept.
    async with session_scope() as session:
        session.add(User(telegram_id=10002, name="", started_at=None))  # granted, never wrote
        session.add(User(telegram_id=10001, name="张大爷", started_at=utcnow()))
        group = -100123  # no user: not held (only a person's /start releases a push)
        await outbox.enqueue(
            session,
            [
                Push("roles:1", 10002, "您现在是工作人员"),
                Push("n:1", 10001, "x"),
                Push("g", group, "y"),
            ],
            source="roles",
        )
    telegram = FakeTelegram()
    sender = Sender(telegram, FAST, poll_interval=0.05)
    await sender.start()
    try:
        assert await sender.drain(5)
        async with session_scope() as session:
            held = await session.scalar(select(OutboxMessage).where(OutboxMessage.key == "roles:1"))
            assert held is not None and held.status is OutboxStatus.waiting
            assert held.attempts == 0 and "kept until they start the bot" in (held.error or "")
            assert len(telegram.received) == 2  # never tried
            # They press Start: their /start releases it, and it goes once.
            await session.execute(
                update(User).where(User.telegram_id == 10002).values(started_at=utcnow())
            )
            assert await waiting.release_waiting(session, 10002) == 1
        assert await sender.drain(5)
        async with session_scope() as session:
            assert await waiting.release_waiting(session, 10002) == 0  # a second /start
        assert await sender.drain(5)
    finally:
        await sender.stop()
    async with session_scope() as session:
        row = await session.scalar(select(OutboxMessage).where(OutboxMessage.key == "roles:1"))
    assert row is not None and row.status is OutboxStatus.sent and row.attempts == 1
    assert telegram.received.count(row.id) == 1 and len(telegram.received) == 3


async def test_a_bulk_run_is_never_held(db: str) -> None:
    # A run's pushes go to people who started the bot; its counts must add up.
    async with session_scope() as session:
        session.add(User(telegram_id=1000, name="", started_at=None))
    await queue(1)
    assert await statuses() == Counter({OutboxStatus.queued: 1})
