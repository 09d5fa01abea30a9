"""The delivery engine: pushes from the outbox to Telegram, as fast as its limits allow.

Telegram-free: the one Telegram-specific piece, sending one message and naming
what went wrong, is a `Transport` (bot/telegram/sender.py; tests use fakes).

How it keeps within Telegram's flood limits (about 30 messages/s overall, or
1000/s with paid broadcast; 1/s per private chat; 20/min per group) without
stalling farmers who are chatting with the bot:

- **Interactive replies never wait for bulk.** Handlers reply through PTB
  directly, not through the outbox. They share Telegram's overall budget with
  bulk, so every interactive send is charged to a `SharedBudget` (a token
  bucket) *without waiting*; bulk waits for tokens. When farmers chat, bulk
  slows down by exactly what they use. Bulk uses only `bulk_share` (97%) of
  the limit, leaving headroom for replies that arrive between two accounting
  steps. With paid broadcast, bulk has its own 1000/s bucket and interactive
  replies keep the ordinary 30/s to themselves.
- **Per-chat spacing.** A chat gets at most one bulk message per interval (1 s
  private, 3 s group), never two in flight at once, and no bulk message within
  the interval after an interactive reply to it. A message whose chat is not
  free waits in a timer heap; the others go ahead.
- **429s.** `retry_after` pauses only the chat when that chat had traffic
  within its burst window (its own limit was hit); otherwise the limit hit was
  the overall one, so all *bulk* pauses for `retry_after` (never the
  interactive path) and the bulk rate drops by 10%, recovering 5% per 10 quiet
  seconds. 5xx and connections that could not be made are retried with
  exponential backoff (1 s, 2 s, 4 s ... at most 300 s), giving up after
  `max_failures`. A connection lost
  (or a read timed out) after the request went out is never retried: Telegram
  may have delivered it, so the row is recorded as `doubt`. 403 marks the farmer
  inactive, pauses their subscriptions and stops every pending push to them.
  400 fails the message with Telegram's reason, never retried.
- **Crash safety.** Rows are claimed in batches (queued → claimed, held in
  memory), marked `sending` in a group commit just before their requests go
  out, and marked sent/failed/blocked in the next group commit after the
  answer. After `kill -9`, claimed rows were never tried and are queued again;
  sending rows are the only ones in doubt. Their number is bounded by what
  was on the wire plus one group commit: at most `max_in_flight` (the bulk
  rate × 0.1 s: 97 at 970/s, 8 at 29/s) plus the answers that arrived during
  one commit (rate × commit time, a handful). They are recorded as `doubt` and
  not resent, so nothing can arrive twice; what was on the wire has usually
  arrived (the benchmark counts how many did).

The pieces: `Scheduler` is the pure decision logic (which message may go now,
what to do with an answer), driven by an explicit `now`, so tests run it with a
fake clock; `Sender` runs it against the database and a transport.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import logging
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from bot.core.config import RateLimits
from bot.core.db import session_scope
from bot.core.logs import redact
from bot.delivery import outbox
from bot.delivery.outbox import (
    Blocked,
    BlockedHook,
    Delivered,
    Doubt,
    Envelope,
    Failed,
    Outcome,
    Retry,
)
from bot.models.alerts import OutboxStatus
from bot.models.users import utcnow

log = logging.getLogger(__name__)

# Bulk may use this share of Telegram's overall limit; the rest is headroom for
# interactive replies sent between two accounting steps.
BULK_SHARE = 0.97
# The bulk bucket holds this many seconds of its rate: enough to absorb timer
# jitter, small enough that a burst never empties Telegram's own bucket.
BURST_SECONDS = 0.1
# A 429 on a chat with traffic within this many of its intervals is that chat's
# own limit; otherwise it is the overall limit.
CHAT_SCOPE_INTERVALS = 3
# After a global 429 bulk slows to this factor of its rate; it recovers by
# RECOVER_STEP per RECOVER_AFTER seconds without one, never below MIN_FACTOR.
SLOWDOWN = 0.9
MIN_FACTOR = 0.5
RECOVER_STEP = 0.05
RECOVER_AFTER = 10.0
# Requests on the wire at once: enough for a round trip of this many seconds at
# the bulk rate (Telegram is 50-100 ms away; the local server under load, tens
# of ms), within these bounds. It is also the bound on messages in doubt. More
# buys no throughput on the 2-core machines and makes farmers' replies queue
# behind bulk (window 64/128/256: 867/941/929 per s; docs/benchmarks.md).
IN_FLIGHT_SECONDS = 0.1
MIN_IN_FLIGHT, MAX_IN_FLIGHT = 8, 256


def in_flight_for(rate: float) -> int:
    """How many requests the sender keeps on the wire at `rate` messages/s."""
    return int(min(MAX_IN_FLIGHT, max(MIN_IN_FLIGHT, rate * IN_FLIGHT_SECONDS)))


class ResultKind(StrEnum):
    """What Telegram said to one send."""

    sent = "sent"
    retry_after = "retry_after"  # 429
    transient = "transient"  # 5xx, or no connection could be made: it did not arrive
    # The request went out but no answer came (connection lost, read timed out):
    # it may have arrived, so it is never repeated.
    doubt = "doubt"
    blocked = "blocked"  # 403: the user blocked the bot (or left the group)
    bad_request = "bad_request"  # 400: never retried


@dataclass(frozen=True)
class SendResult:
    """The answer to one send, as the transport maps it."""

    kind: ResultKind
    message_id: int | None = None
    retry_after: float = 0.0
    reason: str = ""


class Transport(Protocol):
    """Sends one outbox message; must not raise for Telegram's answers (it maps them)."""

    async def send(self, envelope: Envelope, *, paid: bool) -> SendResult:
        """Send `envelope` (with allow_paid_broadcast when `paid`) and say what happened."""
        ...


@dataclass(frozen=True)
class Limits:
    """Telegram's flood limits as the sender applies them."""

    global_per_second: float = 30.0
    private_per_second: float = 1.0
    group_per_minute: float = 20.0
    paid_per_second: float = 1000.0
    paid: bool = False
    bulk_share: float = BULK_SHARE

    @classmethod
    def from_settings(cls, limits: RateLimits) -> Limits:
        """The limits configured in config.yaml (rate_limits)."""
        return cls(
            global_per_second=limits.global_per_second,
            private_per_second=limits.private_chat_per_second,
            group_per_minute=limits.group_per_minute,
            paid_per_second=limits.paid_broadcast_per_second,
            paid=limits.paid_broadcast,
        )

    @property
    def limit(self) -> float:
        """The overall limit bulk runs against: the paid one when configured."""
        return self.paid_per_second if self.paid else self.global_per_second

    @property
    def bulk_rate(self) -> float:
        """Messages per second bulk aims for."""
        return self.limit * self.bulk_share

    def chat_interval(self, chat_id: int) -> float:
        """Seconds between two messages to one chat (private chats have positive ids)."""
        return 1 / self.private_per_second if chat_id > 0 else 60 / self.group_per_minute


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry a message that failed for a passing reason."""

    backoff_first: float = 1.0
    backoff_max: float = 300.0
    max_failures: int = 6  # 5xx/failed connections in a row before the message fails
    max_attempts: int = 30  # attempts of any kind, 429s included

    def backoff(self, failures: int) -> float:
        """Seconds to wait after the `failures`-th transient failure: 1, 2, 4 ... capped."""
        return min(self.backoff_max, self.backoff_first * 2 ** (failures - 1))


@dataclass
class TokenBucket:
    """`rate` tokens per second, at most `burst` saved; may go negative (debt) when charged."""

    rate: float
    burst: float
    tokens: float = math.nan
    stamp: float = 0.0

    def refill(self, now: float) -> None:
        """Add what accrued since the last look."""
        if math.isnan(self.tokens):
            self.tokens, self.stamp = self.burst, now
            return
        if now > self.stamp:
            self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now

    def wait(self, now: float) -> float:
        """Seconds until one whole token is there (0 if it is)."""
        self.refill(now)
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self, now: float) -> None:
        """Use one token, waiting or not (interactive sends go into debt)."""
        self.refill(now)
        self.tokens -= 1


def bucket_for(rate: float) -> TokenBucket:
    """A bucket at `rate` holding BURST_SECONDS of it (at least one token)."""
    return TokenBucket(rate, max(1.0, rate * BURST_SECONDS))


class SharedBudget:
    """Telegram's overall limit, shared by interactive replies (never wait) and bulk (waits).

    The Application's rate limiter (bot/telegram/sender.py) calls `interactive`
    for every message a handler sends and `interactive_refused` when one got a
    429; the scheduler reads the same object.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.bucket = bucket_for(BULK_SHARE * 30)
        self.last_interactive: dict[int, float] = {}
        self.paused_until = 0.0
        self.interactive_sent = 0
        self.interactive_refused_count = 0

    def configure(self, rate: float) -> None:
        """Set the overall rate (bulk share of the global limit)."""
        self.bucket = bucket_for(rate)

    def interactive(self, chat_id: int | None) -> None:
        """A handler is sending a message now: charge it, and keep bulk off that chat a while."""
        now = self.clock()
        self.bucket.take(now)
        self.interactive_sent += 1
        if chat_id is not None:
            self.last_interactive[chat_id] = now
            if len(self.last_interactive) > 10_000:
                # Only the last few seconds matter.
                self.last_interactive = {
                    c: t for c, t in self.last_interactive.items() if now - t < 60
                }

    def interactive_refused(self, retry_after: float) -> None:
        """An interactive send got a 429: bulk (not the farmer) backs off for that long."""
        self.interactive_refused_count += 1
        self.paused_until = max(self.paused_until, self.clock() + retry_after)


@dataclass
class SchedulerStats:
    """What the scheduler decided, for logs, admins and the benchmark."""

    dispatched: int = 0
    sent: int = 0
    failed: int = 0
    blocked: int = 0
    dropped: int = 0  # pending messages to a chat that blocked the bot
    doubt: int = 0  # sent, but the answer was lost: perhaps delivered, not repeated
    retry_after_chat: int = 0
    retry_after_global: int = 0
    transient: int = 0


@dataclass(order=True)
class _Timer:
    due: float
    priority: int
    id: int
    envelope: Envelope = field(compare=False)


class Scheduler:
    """Which outbox message may go now, and what an answer means; driven by an explicit `now`."""

    def __init__(
        self, limits: Limits, policy: RetryPolicy | None = None, budget: SharedBudget | None = None
    ) -> None:
        self.limits = limits
        self.policy = policy or RetryPolicy()
        self.budget = budget or SharedBudget()
        self.budget.configure(limits.global_per_second * limits.bulk_share)
        # Paid broadcast has its own limit; otherwise bulk shares the overall bucket.
        self.bucket = bucket_for(limits.bulk_rate) if limits.paid else self.budget.bucket
        self.factor = 1.0
        self.last_global_refusal = -math.inf
        self.paused_until = 0.0
        self.ready: list[tuple[int, int, Envelope]] = []
        self.waiting: list[_Timer] = []
        self.chat_next: dict[int, float] = {}
        self.chat_last: dict[int, float] = {}
        self.busy: set[int] = set()
        self.stats = SchedulerStats()

    # --- the queue --------------------------------------------------------------

    def add(self, envelopes: Iterable[Envelope]) -> None:
        """Take claimed messages, in (priority, id) order."""
        for env in envelopes:
            heapq.heappush(self.ready, (env.priority, env.id, env))

    @property
    def pending(self) -> int:
        """Messages held and not on the wire."""
        return len(self.ready) + len(self.waiting)

    def held(self) -> list[Envelope]:
        """Every message held and not on the wire (to give back when stopping)."""
        return [e for _, _, e in self.ready] + [t.envelope for t in self.waiting]

    def forget(self, envelope: Envelope) -> None:
        """A dispatched message turned out not to be ours any more (cancelled meanwhile)."""
        self.busy.discard(envelope.chat_id)

    def drop_chat(self, chat_id: int) -> list[Envelope]:
        """Remove every held message to `chat_id` (it blocked the bot)."""
        dropped = [e for _, _, e in self.ready if e.chat_id == chat_id]
        dropped += [t.envelope for t in self.waiting if t.envelope.chat_id == chat_id]
        if dropped:
            self.ready = [item for item in self.ready if item[2].chat_id != chat_id]
            self.waiting = [t for t in self.waiting if t.envelope.chat_id != chat_id]
            heapq.heapify(self.ready)
            heapq.heapify(self.waiting)
        self.stats.dropped += len(dropped)
        return dropped

    def _later(self, env: Envelope, due: float) -> None:
        heapq.heappush(self.waiting, _Timer(due, env.priority, env.id, env))

    # --- choosing ----------------------------------------------------------------

    def _free_at(self, chat_id: int) -> float:
        free = self.chat_next.get(chat_id, 0.0)
        replied = self.budget.last_interactive.get(chat_id)
        if replied is not None:
            free = max(free, replied + self.limits.chat_interval(chat_id))
        return free

    def _adapt(self, now: float) -> None:
        if self.factor < 1.0 and now - self.last_global_refusal >= RECOVER_AFTER:
            self.factor = min(1.0, self.factor + RECOVER_STEP)
            self.last_global_refusal = now  # the next step needs another quiet stretch
            self._set_rate()

    def _set_rate(self) -> None:
        base = (
            self.limits.bulk_rate
            if self.limits.paid
            else (self.limits.global_per_second * self.limits.bulk_share)
        )
        self.bucket.rate = base * self.factor

    def next(self, now: float) -> tuple[Envelope | None, float]:
        """The message to send now, or None and how many seconds until one may be ready."""
        while self.waiting and self.waiting[0].due <= now:
            timer = heapq.heappop(self.waiting)
            heapq.heappush(self.ready, (timer.priority, timer.id, timer.envelope))
        if not self.ready:
            return None, (self.waiting[0].due - now) if self.waiting else math.inf
        self._adapt(now)
        pause = self.paused_until
        if not self.limits.paid:
            pause = max(pause, self.budget.paused_until)
        if now < pause:
            return None, pause - now
        wait = self.bucket.wait(now)
        if wait > 0:
            return None, wait
        while self.ready:
            env = heapq.heappop(self.ready)[2]
            chat = env.chat_id
            interval = self.limits.chat_interval(chat)
            if chat in self.busy:
                self._later(env, max(self._free_at(chat), now + interval))
                continue
            free = self._free_at(chat)
            if free > now:
                self._later(env, free)
                continue
            self.bucket.take(now)
            self.busy.add(chat)
            self.chat_next[chat] = now + interval
            env.attempts += 1
            self.stats.dispatched += 1
            if len(self.chat_next) > 200_000:
                self._prune(now)
            return env, 0.0
        return None, (self.waiting[0].due - now) if self.waiting else math.inf

    def _prune(self, now: float) -> None:
        horizon = now - 60 * CHAT_SCOPE_INTERVALS
        self.chat_next = {c: t for c, t in self.chat_next.items() if t > now}
        self.chat_last = {c: t for c, t in self.chat_last.items() if t > horizon}

    # --- answers -----------------------------------------------------------------

    def _chat_scoped(self, chat_id: int, now: float) -> bool:
        window = self.limits.chat_interval(chat_id) * CHAT_SCOPE_INTERVALS
        last = max(
            self.chat_last.get(chat_id, -math.inf),
            self.budget.last_interactive.get(chat_id, -math.inf),
        )
        return now - last < window

    def on_result(self, env: Envelope, result: SendResult, now: float, wall: datetime) -> Outcome:
        """What to record for one answer; a retry is put back on the timer heap."""
        self.busy.discard(env.chat_id)
        kind = result.kind
        if kind is ResultKind.sent:
            self.stats.sent += 1
            # Traffic the chat received: a later 429 soon after is its own limit.
            self.chat_last[env.chat_id] = now
            return Delivered(env, result.message_id, wall)
        if kind is ResultKind.bad_request:
            self.stats.failed += 1
            return Failed(env, f"400 {result.reason}".strip())
        if kind is ResultKind.blocked:
            self.stats.blocked += 1
            self.drop_chat(env.chat_id)
            return Blocked(env, f"403 {result.reason}".strip())
        if kind is ResultKind.doubt:
            self.stats.doubt += 1
            return Doubt(env, f"in doubt: no answer after sending, not resent: {result.reason}")
        if env.attempts >= self.policy.max_attempts:
            self.stats.failed += 1
            return Failed(env, f"gave up after {env.attempts} attempts: {result.reason}")
        if kind is ResultKind.retry_after:
            delay = max(result.retry_after, 0.0)
            if self._chat_scoped(env.chat_id, now):
                self.stats.retry_after_chat += 1
                self.chat_next[env.chat_id] = max(self.chat_next.get(env.chat_id, 0.0), now + delay)
            else:
                self.stats.retry_after_global += 1
                self.paused_until = max(self.paused_until, now + delay)
                self.factor = max(MIN_FACTOR, self.factor * SLOWDOWN)
                self.last_global_refusal = now
                self._set_rate()
            reason = f"429 retry after {delay:g} s"
        else:
            self.stats.transient += 1
            env.failures += 1
            if env.failures >= self.policy.max_failures:
                self.stats.failed += 1
                return Failed(env, f"gave up after {env.failures} failures: {result.reason}")
            delay = self.policy.backoff(env.failures)
            reason = f"retrying in {delay:g} s: {result.reason}"
        self._later(env, now + delay)
        return Retry(env, wall + timedelta(seconds=delay), reason)


# ---------------------------------------------------------------- the running sender


class _Writer:
    """Group commits: 'about to send' marks and answers, as many per transaction as waited."""

    def __init__(self, on_blocked: BlockedHook | None) -> None:
        self.on_blocked = on_blocked
        self.marks: list[tuple[Envelope, asyncio.Future[bool]]] = []
        self.outcomes: list[Outcome] = []
        self.changed = asyncio.Event()
        self.closing = False
        self.commits = 0
        self.commit_seconds = 0.0  # time spent in commits, for the minute report

    def mark(self, env: Envelope) -> asyncio.Future[bool]:
        """Queue the `sending` mark; the future says, after commit, whether the row is ours."""
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self.marks.append((env, future))
        self.changed.set()
        return future

    def record(self, outcome: Outcome) -> None:
        """Queue one answer for the next commit."""
        self.outcomes.append(outcome)
        self.changed.set()

    async def run(self) -> None:
        """Commit whatever is waiting, again and again, until closed and drained."""
        failures = 0
        while True:
            if not self.marks and not self.outcomes:
                if self.closing:
                    return
                await self.changed.wait()
                self.changed.clear()
                continue
            marks, outcomes = self.marks, self.outcomes
            self.marks, self.outcomes = [], []
            started = time.monotonic()
            try:
                async with session_scope() as session:
                    # Answers first: a retry's row goes back to claimed before
                    # a later mark of the same row in this batch.
                    if outcomes:
                        await outbox.apply_outcomes(session, outcomes, self.on_blocked)
                    ours = (
                        await outbox.mark_sending(session, [e.id for e, _ in marks])
                        if marks
                        else set()
                    )
            except Exception:
                failures += 1
                log.exception(
                    "outbox: could not record %d answers and %d marks (try %d)",
                    len(outcomes),
                    len(marks),
                    failures,
                )
                self.marks, self.outcomes = marks + self.marks, outcomes + self.outcomes
                if self.closing and failures >= 3:
                    # Left as sending/claimed: recover() sorts them out at start.
                    for _, future in self.marks:
                        if not future.done():
                            future.set_result(False)
                    return
                await asyncio.sleep(min(5.0, 0.2 * 2**failures))
                continue
            failures = 0
            self.commits += 1
            self.commit_seconds += time.monotonic() - started
            for env, future in marks:
                if not future.done():
                    future.set_result(env.id in ours)


class Sender:
    """Delivers the outbox: claims rows, paces them with the Scheduler, records every answer."""

    def __init__(
        self,
        transport: Transport,
        limits: Limits,
        *,
        budget: SharedBudget | None = None,
        policy: RetryPolicy | None = None,
        on_blocked: BlockedHook | None = None,
        max_in_flight: int | None = None,
        claim_batch: int = 1000,
        poll_interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.transport = transport
        self.limits = limits
        self.scheduler = Scheduler(limits, policy, budget)
        self.max_in_flight = max_in_flight or in_flight_for(limits.bulk_rate)
        self.claim_batch = claim_batch
        self.low_water = max(1, claim_batch // 2)
        self.poll_interval = poll_interval
        self.clock = clock
        self._writer = _Writer(on_blocked)
        self._slots = asyncio.Semaphore(self.max_in_flight)
        self._queued = asyncio.Event()  # something was committed to the outbox
        self._need_more = asyncio.Event()  # the scheduler runs low
        self._changed = asyncio.Event()  # an answer came back or messages were added
        self._inflight: set[asyncio.Task[None]] = set()
        self._tasks: list[asyncio.Task[None]] = []
        self._unsubscribe: Callable[[], None] | None = None
        self.recovered = (0, 0)
        self.running = False
        self.round_trips = 0
        self.round_trip_seconds = 0.0

    @property
    def stats(self) -> SchedulerStats:
        """The scheduler's counters."""
        return self.scheduler.stats

    @property
    def in_flight(self) -> int:
        """Requests on the wire now."""
        return len(self._inflight)

    def wake(self) -> None:
        """New rows were committed: look now rather than at the next poll."""
        self._queued.set()

    async def start(self) -> None:
        """Recover after a crash, then deliver in the background until `stop`."""
        async with session_scope() as session:
            self.recovered = await outbox.recover(session)
        if any(self.recovered):
            log.warning(
                "outbox: %d claimed messages queued again, %d in doubt after a restart "
                "(not resent)",
                *self.recovered,
            )
        self._unsubscribe = outbox.on_queued(self.wake)
        self.running = True
        self._tasks = [
            asyncio.create_task(self._writer.run(), name="outbox-writer"),
            asyncio.create_task(self._feed(), name="outbox-feed"),
            asyncio.create_task(self._dispatch(), name="outbox-dispatch"),
            asyncio.create_task(self._report(), name="outbox-report"),
        ]

    async def stop(self, grace: float = 10.0) -> None:
        """Stop taking work, let requests on the wire finish, record them, give the rest back."""
        if not self.running:
            return
        self.running = False
        if self._unsubscribe is not None:
            self._unsubscribe()
        writer, *others = self._tasks
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)
        if self._inflight:
            _, late = await asyncio.wait(set(self._inflight), timeout=grace)
            for task in late:
                task.cancel()  # left as `sending`: in doubt at the next start
        self._writer.closing = True
        self._writer.changed.set()
        await asyncio.gather(writer, return_exceptions=True)
        held = [e.id for e in self.scheduler.held()]
        if held:
            try:
                async with session_scope() as session:
                    await outbox.unclaim(session, held)
            except Exception:
                log.exception("outbox: could not give back %d claimed messages", len(held))

    async def drain(self, within: float = 30.0) -> bool:
        """Wait until nothing is queued, held or on the wire (tests and the benchmark)."""
        deadline = self.clock() + within
        while self.clock() < deadline:
            if self.scheduler.pending == 0 and not self._inflight and not self._writer.outcomes:
                async with session_scope() as session:
                    counts = await outbox.status_counts(session)
                busy = sum(
                    counts.get(s, 0)
                    for s in (OutboxStatus.queued, OutboxStatus.claimed, OutboxStatus.sending)
                )
                if busy == 0:
                    return True
                self.wake()
            await asyncio.sleep(0.02)
        return False

    # --- loops ---------------------------------------------------------------------

    async def _feed(self) -> None:
        while True:
            if self.scheduler.pending >= self.low_water:
                self._need_more.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._need_more.wait(), self.poll_interval)
                continue
            self._queued.clear()
            try:
                async with session_scope() as session:
                    envelopes = await outbox.claim(session, self.claim_batch)
            except Exception:
                log.exception("outbox: claiming failed; trying again shortly")
                await asyncio.sleep(self.poll_interval)
                continue
            if envelopes:
                self.scheduler.add(envelopes)
                self._changed.set()
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._queued.wait(), self.poll_interval)

    async def _dispatch(self) -> None:
        while True:
            await self._slots.acquire()
            try:
                env = await self._next()
            except BaseException:
                self._slots.release()
                raise
            if self.scheduler.pending < self.low_water:
                self._need_more.set()
            task = asyncio.create_task(self._deliver(env))
            self._inflight.add(task)
            task.add_done_callback(self._inflight.discard)

    async def _next(self) -> Envelope:
        while True:
            self._changed.clear()
            env, wait = self.scheduler.next(self.clock())
            if env is not None:
                return env
            if self.scheduler.ready:
                # Waiting for a token or a pause: nothing else can make it sooner.
                await asyncio.sleep(wait)
                continue
            if self.scheduler.pending < self.low_water:
                self._need_more.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(wait, self.poll_interval))

    async def _deliver(self, env: Envelope) -> None:
        try:
            if not await self._writer.mark(env):
                self.scheduler.forget(env)  # cancelled or blocked since it was claimed
                return
            started = self.clock()
            try:
                result = await self.transport.send(env, paid=self.limits.paid)
            except Exception as exc:  # a transport bug must not kill the sender
                log.exception("outbox: sending message %d failed unexpectedly", env.id)
                result = SendResult(ResultKind.transient, reason=redact(repr(exc))[:200])
            now = self.clock()
            self.round_trips += 1
            self.round_trip_seconds += now - started
            outcome = self.scheduler.on_result(env, result, now, utcnow())
            if isinstance(outcome, Failed):
                log.info("outbox: message %d to %d failed: %s", env.id, env.chat_id, outcome.reason)
            elif isinstance(outcome, Doubt):
                log.warning("outbox: message %d to %d %s", env.id, env.chat_id, outcome.reason)
            self._writer.record(outcome)
        finally:
            self._slots.release()
            self._changed.set()

    async def _report(self) -> None:
        # A line a minute while there is traffic, for the operator's log.
        last = 0
        while True:
            await asyncio.sleep(60)
            stats = self.stats
            if stats.sent != last:
                log.info(
                    "outbox: %d sent (+%d), %d failed, %d blocked, %d waiting, 429s %d chat "
                    "/ %d overall; round trip %.0f ms, commit %.0f ms on average",
                    stats.sent,
                    stats.sent - last,
                    stats.failed,
                    stats.blocked,
                    self.scheduler.pending,
                    stats.retry_after_chat,
                    stats.retry_after_global,
                    1000 * self.round_trip_seconds / max(1, self.round_trips),
                    1000 * self._writer.commit_seconds / max(1, self._writer.commits),
                )
                last = stats.sent
