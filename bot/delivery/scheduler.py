"""The scheduler: which outbox message may go now, and what an answer means. Telegram-free."""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.delivery.outcomes import (
    WAITING_TAIL,
    Blocked,
    Delivered,
    Doubt,
    Envelope,
    Failed,
    Outcome,
    Retry,
    Waiting,
)
from bot.delivery.pacing import (
    CHAT_SCOPE_INTERVALS,
    Learner,
    Limits,
    RetryPolicy,
    SharedBudget,
    bucket_for,
    burst_for,
)
from bot.delivery.results import ResultKind, SendResult

# Telegram's 400 for a private chat whose person never started the bot.
NOT_STARTED = "chat not found"


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
        self.budget.groups.per_minute = limits.group_per_minute
        # Paid broadcast has its own limit; otherwise bulk shares the overall bucket.
        self.bucket = bucket_for(limits.bulk_rate) if limits.paid else self.budget.bucket
        base = limits.bulk_rate if limits.paid else limits.global_per_second * limits.bulk_share
        self.learner = Learner(base)
        # Set by the Sender, which counts a bulk message in the sliding second when
        # it really goes on the wire (after its database mark), not when chosen.
        self.gated = False
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

    def _free_at(self, chat_id: int, now: float) -> float:
        free = self.chat_next.get(chat_id, 0.0)
        replied = self.budget.last_interactive.get(chat_id)
        if replied is not None:
            free = max(free, replied + self.limits.chat_interval(chat_id))
        # A group's minute counts the bot's replies there too (mentions answered).
        return max(free, now + self.budget.groups.wait(chat_id, now))

    @property
    def factor(self) -> float:
        """The share of the configured bulk rate aimed at now (learnt from 429s)."""
        return self.learner.factor

    @property
    def rate(self) -> float:
        """Messages per second bulk aims at now."""
        return self.learner.rate

    def _adapt(self, now: float) -> None:
        if self.learner.adapt(now):
            self._set_rate()

    def _set_rate(self) -> None:
        rate = self.learner.rate
        self.bucket.rate = rate
        self.bucket.burst = burst_for(rate)
        self.bucket.tokens = min(self.bucket.tokens, self.bucket.burst)

    def _window_wait(self, now: float) -> float:
        # Bulk keeps every sliding second (its sends and the replies) within the rate
        # it aims at; the paid limit is separate and far above timer precision.
        if self.limits.paid or self.gated:
            return 0.0
        return self.budget.window.wait(now, math.floor(self.learner.rate))

    def pause_until(self) -> float:
        """Until when bulk is paused by a 429 (monotonic seconds; past: not paused)."""
        pause = self.paused_until
        if not self.limits.paid:
            pause = max(pause, self.budget.paused_until)
        return pause

    def next(self, now: float) -> tuple[Envelope | None, float]:
        """The message to send now, or None and how many seconds until one may be ready."""
        while self.waiting and self.waiting[0].due <= now:
            timer = heapq.heappop(self.waiting)
            heapq.heappush(self.ready, (timer.priority, timer.id, timer.envelope))
        if not self.ready:
            return None, (self.waiting[0].due - now) if self.waiting else math.inf
        self._adapt(now)
        pause = self.pause_until()
        if now < pause:
            return None, pause - now
        wait = max(self.bucket.wait(now), self._window_wait(now))
        if wait > 0:
            return None, wait
        while self.ready:
            env = heapq.heappop(self.ready)[2]
            chat = env.chat_id
            interval = self.limits.chat_interval(chat)
            if chat in self.busy:
                self._later(env, max(self._free_at(chat, now), now + interval))
                continue
            free = self._free_at(chat, now)
            if free > now:
                self._later(env, free)
                continue
            self.bucket.take(now)
            if not self.limits.paid and not self.gated:
                self.budget.window.record(now)
            self.busy.add(chat)
            self.chat_next[chat] = now + interval
            self.budget.groups.record(chat, now)
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
            if env.run_id is None and NOT_STARTED in result.reason.lower():
                # A personal push (not a bulk run) to someone who never opened
                # the bot: kept until they do, not lost.
                return Waiting(env, f"400 {result.reason}{WAITING_TAIL}")
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
                self.learner.refused(now)
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
