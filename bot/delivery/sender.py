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
- **An even pace, and every second within the limit.** Below paid rates bulk
  sends are spread evenly (one every 1/29.1 s, never a burst), and every send,
  bulk and replies, counts in a sliding second from its sending until a
  second after its answer: bulk keeps that at 29, so even the strictest
  reading of Telegram's limit (any one-second window) is never exceeded, however
  late a request reaches it (`SendWindow`; the last step, `Sender._gate`,
  applies it where the request really leaves, after its database mark).
- **Per-chat spacing.** A chat gets at most one bulk message per interval (1 s
  private, 3 s group), never two in flight at once, and no bulk message within
  the interval after an interactive reply to it. A group also gets at most 20
  messages in any minute, the bot's replies there (answers to mentions) counted
  with bulk (`GroupWindow`). A message whose chat is not free waits in a timer
  heap; the others go ahead.
- **429s.** `retry_after` pauses only the chat when that chat had traffic
  within its burst window (its own limit was hit); otherwise the limit hit was
  the overall one, so all *bulk* pauses for `retry_after` (never the
  interactive path) and the rate bulk aims at is learnt (`Learner`): 90% of
  the refused rate, back quickly to just under it, above it a point per 5
  quiet seconds. 5xx and connections that could not be made are retried with
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

The pieces: `Scheduler` (bot/delivery/scheduler.py) is the pure decision logic
(which message may go now, what to do with an answer), driven by an explicit
`now`, so tests run it with a fake clock; `Limits`, `RetryPolicy` and the token
buckets are in bot/delivery/pacing.py, what a send can answer in
bot/delivery/results.py; `Sender` (here) runs it against the database and a
transport.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Callable

from bot.core.db import session_scope
from bot.core.logs import redact
from bot.delivery import addressed, held, outbox, runs, transitions
from bot.delivery.outcomes import (
    BlockedHook,
    Doubt,
    Envelope,
    Failed,
    Outcome,
    UndeliveredHook,
    Waiting,
)
from bot.delivery.pacing import Limits, RetryPolicy, SharedBudget, in_flight_for
from bot.delivery.results import ResultKind, SendResult, Transport
from bot.delivery.scheduler import Scheduler, SchedulerStats
from bot.models.users import utcnow

log = logging.getLogger(__name__)


# ---------------------------------------------------------------- the running sender


class _Writer:
    """Group commits: 'about to send' marks and answers, as many per transaction as waited."""

    def __init__(
        self, on_blocked: BlockedHook | None, on_undelivered: UndeliveredHook | None = None
    ) -> None:
        self.on_blocked = on_blocked
        self.on_undelivered = on_undelivered
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
                        await transitions.apply_outcomes(
                            session, outcomes, self.on_blocked, self.on_undelivered
                        )
                    if marks:
                        # An admin's push to someone revoked since it was queued: not sent.
                        await addressed.drop_unaddressed(session, [e.id for e, _ in marks])
                        # News that is over by now (answered, started): not sent either.
                        await addressed.drop_obsolete(session, [e.id for e, _ in marks])
                    ours = (
                        await transitions.mark_sending(session, [e.id for e, _ in marks])
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
        on_undelivered: UndeliveredHook | None = None,
        max_in_flight: int | None = None,
        claim_batch: int = 1000,
        poll_interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.transport = transport
        self.limits = limits
        self.scheduler = Scheduler(limits, policy, budget)
        # Below paid rates the last step before the wire spaces requests evenly.
        self.scheduler.gated = not limits.paid
        self._next_slot = -math.inf
        self.max_in_flight = max_in_flight or in_flight_for(limits.bulk_rate)
        self.claim_batch = claim_batch
        self.low_water = max(1, claim_batch // 2)
        self.poll_interval = poll_interval
        self.clock = clock
        self._writer = _Writer(on_blocked, on_undelivered)
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
            self.recovered = await transitions.recover(session)
            # Runs that queued nothing (earlier versions' catch-ups) never finish: dropped.
            await runs.drop_empty_runs(session)
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
                    await transitions.unclaim(session, held)
            except Exception:
                log.exception("outbox: could not give back %d claimed messages", len(held))

    async def drain(self, within: float = 30.0) -> bool:
        """Wait until nothing due is queued, held or on the wire (tests and the benchmark).

        Rows queued for later (their `not_before` ahead) are not waited for.
        """
        deadline = self.clock() + within
        while self.clock() < deadline:
            if self.scheduler.pending == 0 and not self._inflight and not self._writer.outcomes:
                async with session_scope() as session:
                    busy = await held.unfinished(session)
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
                    envelopes = await transitions.claim(session, self.claim_batch)
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
            await self._gate()
            started = self.clock()
            try:
                result = await self.transport.send(env, paid=self.limits.paid)
            except Exception as exc:  # a transport bug must not kill the sender
                log.exception("outbox: sending message %d failed unexpectedly", env.id)
                result = SendResult(ResultKind.transient, reason=redact(repr(exc))[:200])
            finally:
                if self.scheduler.gated:
                    self.scheduler.budget.window.end(self.clock())
            now = self.clock()
            self.round_trips += 1
            self.round_trip_seconds += now - started
            outcome = self.scheduler.on_result(env, result, now, utcnow())
            if isinstance(outcome, Failed):
                log.info("outbox: message %d to %d failed: %s", env.id, env.chat_id, outcome.reason)
            elif isinstance(outcome, Doubt):
                log.warning("outbox: message %d to %d %s", env.id, env.chat_id, outcome.reason)
            elif isinstance(outcome, Waiting):
                log.info("outbox: message %d to %d %s", env.id, env.chat_id, outcome.reason)
            self._writer.record(outcome)
        finally:
            self._slots.release()
            self._changed.set()

    async def _gate(self) -> None:
        """Wait for this request's turn on the wire: evenly spaced, each second within the rate.

        The scheduler chose the message at its pace, but the database mark in
        between commits in groups, which would release several requests at once:
        a strict one-second window counts them as they arrive. So the pace is
        kept here too, where the request really leaves, with the replies sent in
        the last second counted (SharedBudget.window), and a 429 that came back
        meanwhile pauses what is waiting here as well.
        """
        if not self.scheduler.gated:
            return
        budget = self.scheduler.budget
        while True:
            now = self.clock()
            rate = self.scheduler.rate
            wait = max(
                self._next_slot - now,
                self.scheduler.pause_until() - now,
                budget.window.wait(now, math.floor(rate)),
            )
            if wait <= 0:
                break
            await asyncio.sleep(wait)
        gap = 1.0 / rate
        # A late timer is caught up by one gap at most, never with a burst.
        self._next_slot = max(self._next_slot, now - gap) + gap
        budget.window.begin()

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
