"""The delivery scheduler against a simulated Telegram, on a fake clock (fast, deterministic).

The simulated server is the sandbox's own flood control (bot/sandbox/flood.py),
driven by the same fake clock: a message is "delivered" when it admits it.
"""

from __future__ import annotations

import heapq
import itertools
import math
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from bot.delivery.outcomes import Blocked, Delivered, Envelope, Failed, Retry
from bot.delivery.pacing import GroupWindow, Limits, RetryPolicy, SharedBudget, TokenBucket
from bot.delivery.results import ResultKind, SendResult
from bot.delivery.scheduler import Scheduler
from bot.sandbox.flood import FloodControl, FloodLimits

T0 = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


class FakeClock:
    """Time that moves only when the simulation says so."""

    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def envelopes(chats: list[int], start: int = 1) -> list[Envelope]:
    """One message per entry of `chats`, ids from `start`."""
    return [
        Envelope(
            id=start + i,
            chat_id=chat,
            text=f"m{start + i}",
            markup=None,
            run_id=1,
            priority=0,
            attempts=0,
        )
        for i, chat in enumerate(chats)
    ]


@dataclass
class Sim:
    """A scheduler, a flood-limited server, requests with latency, interactive traffic."""

    limits: Limits
    server_limits: FloodLimits
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    latency: float = 0.01
    # Requests reach the server after up to this many more seconds (random, seeded):
    # a loaded machine's network stack reorders and bunches them.
    jitter: float = 0.0
    max_in_flight: int = 64
    # Answers the server gives instead of admitting: (envelope id, attempt) → result.
    faults: dict[tuple[int, int], SendResult] = field(default_factory=dict)
    blocked_chats: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.clock = FakeClock()
        self.budget = SharedBudget(self.clock)
        self.scheduler = Scheduler(self.limits, self.policy, self.budget)
        # As in the Sender: each request counts in the sliding second from its
        # sending until a second after its answer (SendWindow).
        self.scheduler.gated = not self.limits.paid
        self.server = FloodControl(self.server_limits, clock=self.clock)
        self.delivered: list[tuple[float, int, int]] = []  # (time, chat, envelope id)
        self.outcomes: list[object] = []
        self.refused = 0
        self.interactive_log: list[tuple[float, int, bool]] = []  # (time, chat, admitted)
        self._inflight: list[tuple[float, int, Envelope, SendResult]] = []
        self._seq = itertools.count()
        self._attempts: Counter[int] = Counter()
        self._arrivals: list[tuple[float, int, Envelope]] = []
        self._random = random.Random(16)

    def _answer(self, env: Envelope) -> SendResult:
        self._attempts[env.id] += 1
        fault = self.faults.get((env.id, self._attempts[env.id]))
        if fault is not None:
            return fault
        if env.chat_id in self.blocked_chats:
            return SendResult(ResultKind.blocked, reason="Forbidden: bot was blocked by the user")
        wait = self.server.admit(env.chat_id, private=env.chat_id > 0, paid=self.limits.paid)
        if wait is not None:
            self.refused += 1
            return SendResult(ResultKind.retry_after, retry_after=wait, reason="flood")
        self.delivered.append((self.clock.t, env.chat_id, env.id))
        return SendResult(ResultKind.sent, message_id=len(self.delivered))

    def interactive(self, chat_id: int) -> None:
        """A handler replies now: charged to the budget, admitted by the server or not."""
        self.budget.interactive(chat_id)
        self.budget.interactive_done()
        wait = self.server.admit(chat_id, private=chat_id > 0, paid=False)
        self.interactive_log.append((self.clock.t, chat_id, wait is None))
        if wait is not None:
            self.budget.interactive_refused(wait)

    def run(
        self,
        until: float = 3600.0,
        interactive: Callable[[float], list[int]] | None = None,
        tick: float = 0.05,
    ) -> None:
        """Advance time, sending what the scheduler allows, until nothing is left."""
        next_tick = 0.0
        while self.clock.t < until:
            if interactive is not None and self.clock.t >= next_tick:
                for chat in interactive(self.clock.t):
                    self.interactive(chat)
                next_tick += tick
            # Requests reaching the server now are admitted or refused.
            while self._arrivals and self._arrivals[0][0] <= self.clock.t:
                _, _, arrived = heapq.heappop(self._arrivals)
                heapq.heappush(
                    self._inflight,
                    (self.clock.t + self.latency, next(self._seq), arrived, self._answer(arrived)),
                )
            # Answers due now come back first.
            while self._inflight and self._inflight[0][0] <= self.clock.t:
                _, _, answered, result = heapq.heappop(self._inflight)
                if self.scheduler.gated:
                    self.budget.window.end(self.clock.t)
                wall = T0 + timedelta(seconds=self.clock.t)
                self.outcomes.append(self.scheduler.on_result(answered, result, self.clock.t, wall))
            wait = math.inf
            while len(self._inflight) + len(self._arrivals) < self.max_in_flight:
                wait = (
                    self.budget.window.wait(self.clock.t, math.floor(self.scheduler.rate))
                    if self.scheduler.gated
                    else 0.0
                )
                if wait > 0:
                    break
                env, wait = self.scheduler.next(self.clock.t)
                if env is None:
                    break
                if self.scheduler.gated:
                    self.budget.window.begin()
                if self.jitter:
                    delay = self._random.uniform(0, self.jitter)
                    heapq.heappush(self._arrivals, (self.clock.t + delay, next(self._seq), env))
                    continue
                # The request reaches the server half-way, the answer returns after.
                result = self._answer(env)
                heapq.heappush(
                    self._inflight, (self.clock.t + self.latency, next(self._seq), env, result)
                )
            if self.scheduler.pending == 0 and not self._inflight and not self._arrivals:
                return
            step = min(wait, self._inflight[0][0] - self.clock.t if self._inflight else math.inf)
            if self._arrivals:
                step = min(step, self._arrivals[0][0] - self.clock.t)
            if interactive is not None:
                step = min(step, max(next_tick - self.clock.t, 0.0))
            self.clock.t += max(step, 1e-6)
        raise AssertionError(f"not done by t={until}: {self.scheduler.pending} pending")

    def rate(self) -> float:
        """Delivered messages per second, first to last delivery."""
        times = [t for t, _, _ in self.delivered]
        return (len(times) - 1) / (times[-1] - times[0])


def sim(limits: Limits, server: FloodLimits | None = None, **kwargs: object) -> Sim:
    """A simulation whose server enforces Telegram's documented limits."""
    return Sim(limits, server or FloodLimits(), **kwargs)  # type: ignore[arg-type]


# ---------------------------------------------------------------- pure pieces


def test_token_bucket_waits_and_goes_into_debt() -> None:
    bucket = TokenBucket(rate=10, burst=2)
    assert bucket.wait(0.0) == 0
    bucket.take(0.0)
    bucket.take(0.0)
    assert bucket.wait(0.0) == pytest.approx(0.1)
    bucket.take(0.0)  # an interactive send: no waiting, a debt
    assert bucket.wait(0.0) == pytest.approx(0.2)
    assert bucket.wait(0.2) == 0


def test_backoff_doubles_and_is_capped() -> None:
    policy = RetryPolicy(backoff_first=1, backoff_max=10)
    assert [policy.backoff(n) for n in range(1, 7)] == [1, 2, 4, 8, 10, 10]


def test_limits_from_the_configured_rates() -> None:
    limits = Limits(global_per_second=30, paid_per_second=1000, paid=True, bulk_share=0.97)
    assert limits.bulk_rate == pytest.approx(970)
    assert limits.chat_interval(10001) == 1.0
    assert limits.chat_interval(-100123) == 3.0


# ---------------------------------------------------------------- rates


def test_bulk_reaches_95_percent_of_the_global_limit_without_429() -> None:
    s = sim(Limits())
    s.scheduler.add(envelopes(list(range(1, 601))))
    s.run()
    assert len(s.delivered) == 600
    assert s.refused == 0
    assert 0.95 * 30 <= s.rate() <= 30


def test_paid_broadcast_reaches_95_percent_of_1000_per_second() -> None:
    s = sim(Limits(paid=True))
    s.scheduler.add(envelopes(list(range(1, 5_001))))
    s.run()
    assert len({env for _, _, env in s.delivered}) == 5_000
    assert s.refused == 0
    assert 950 <= s.rate() <= 1000


def test_one_chat_gets_one_message_a_second_and_does_not_hold_up_the_others() -> None:
    s = sim(Limits())
    s.scheduler.add(envelopes([7] * 4 + list(range(100, 160))))
    s.run()
    assert s.refused == 0
    sevens = [t for t, chat, _ in s.delivered if chat == 7]
    assert [b - a for a, b in itertools.pairwise(sevens)] == pytest.approx([1.0] * 3, abs=0.06)
    others = [t for t, chat, _ in s.delivered if chat != 7]
    # 60 others at ~29/s: done in about two seconds, not after chat 7's three.
    assert max(others) < 2.5
    # Same-chat messages keep their order.
    assert [env for _, chat, env in s.delivered if chat == 7] == [1, 2, 3, 4]


def test_groups_get_20_a_minute() -> None:
    s = sim(Limits())
    s.scheduler.add(envelopes([-100500] * 4))
    s.run()
    times = [t for t, _, _ in s.delivered]
    assert [b - a for a, b in itertools.pairwise(times)] == pytest.approx([3.0] * 3, abs=0.06)
    assert s.refused == 0


def test_a_group_window_counts_a_sliding_minute() -> None:
    window = GroupWindow(per_minute=20)
    for second in range(20):
        assert window.wait(-100500, float(second)) == 0
        window.record(-100500, float(second))
    assert window.wait(-100500, 19.5) == pytest.approx(40.5)  # until second 0 is a minute old
    assert window.wait(-100500, 59.0) == pytest.approx(1.0)
    assert window.wait(-100500, 60.0) == 0
    assert window.wait(-100777, 19.5) == 0  # another group
    window.record(42, 0.0)
    assert window.wait(42, 0.0) == 0  # private chats are paced per second elsewhere


def _most_in_a_minute(times: list[float]) -> int:
    times = sorted(times)
    return max(sum(1 for other in times if start <= other < start + 60) for start in times)


def test_a_group_gets_20_a_minute_counting_the_bots_replies_there() -> None:
    s = sim(Limits())
    group = -100500
    s.scheduler.add(envelopes([group] * 25))

    def mentions(t: float) -> list[int]:
        # People mention the bot in the group once a second for the first 12 seconds.
        return [group] if t < 12 and abs(t - round(t)) < 1e-6 else []

    s.run(interactive=mentions, tick=1.0)
    replies = [t for t, chat, _ in s.interactive_log if chat == group]
    bulk = [t for t, chat, _ in s.delivered if chat == group]
    assert len(replies) == 12 and len(bulk) == 25
    assert all(admitted for _, _, admitted in s.interactive_log)
    assert s.refused == 0
    assert _most_in_a_minute(replies + bulk) <= 20
    # No more waiting than the limit needs: 37 messages take just over one minute's 20.
    assert max(bulk) < 2 * 60


# ---------------------------------------------------------------- interactive first


def test_interactive_replies_are_never_refused_and_bulk_yields() -> None:
    s = sim(Limits())
    s.scheduler.add(envelopes(list(range(1, 601))))
    # Five farmers chatting: each gets a reply every second (5 replies/s).
    farmers = [900_001, 900_002, 900_003, 900_004, 900_005]

    def chatting(t: float) -> list[int]:
        return farmers if int(t * 20) % 20 == 0 else []

    s.run(interactive=chatting)
    assert all(admitted for _, _, admitted in s.interactive_log)
    assert len(s.interactive_log) >= 5 * 20
    assert s.refused == 0
    assert len(s.delivered) == 600
    # Bulk used what the farmers left: about 29 - 5 per second.
    assert s.rate() == pytest.approx(29.1 - 5, abs=1.5)


def test_no_bulk_message_right_after_a_reply_in_the_same_chat() -> None:
    s = sim(Limits())
    s.interactive(42)
    s.scheduler.add(envelopes([42]))
    s.run()
    ((t, _, _),) = s.delivered
    assert t >= 1.0


def test_paid_bulk_leaves_the_ordinary_budget_to_farmers() -> None:
    s = sim(Limits(paid=True))
    s.scheduler.add(envelopes(list(range(1, 3001))))

    def chatting(t: float) -> list[int]:
        return [900_001] if int(t * 20) % 20 == 0 else []

    s.run(interactive=chatting)
    assert all(admitted for _, _, admitted in s.interactive_log)
    assert s.refused == 0
    assert s.rate() >= 950


# ---------------------------------------------------------------- 429


def test_a_chat_429_pauses_only_that_chat() -> None:
    s = sim(Limits())
    # The farmer in chat 5 got three quick replies: their chat's bucket is empty.
    for _ in range(3):
        s.server.admit(5, private=True)
    s.budget.last_interactive[5] = -10.0  # long ago, as far as bulk knows
    s.scheduler.chat_last[5] = -0.5
    s.scheduler.add(envelopes([5, *range(100, 130)]))
    s.run()
    assert s.scheduler.stats.retry_after_chat == 1
    assert s.scheduler.stats.retry_after_global == 0
    assert sorted(chat for _, chat, _ in s.delivered) == sorted([5, *range(100, 130)])
    # The others were not held back by chat 5's retry_after.
    assert max(t for t, chat, _ in s.delivered if chat != 5) < 1.2
    retry = next(o for o in s.outcomes if isinstance(o, Retry))
    assert retry.envelope.chat_id == 5 and "429" in retry.reason


def test_a_global_429_pauses_bulk_and_slows_it_down() -> None:
    # We believe 30/s; this Telegram allows 20/s: every message still arrives, once.
    s = sim(Limits(), FloodLimits(global_per_second=20, global_burst=20))
    s.scheduler.add(envelopes(list(range(1, 401))))
    s.run()
    ids = [env for _, _, env in s.delivered]
    assert sorted(ids) == list(range(1, 401))
    assert s.scheduler.stats.retry_after_global >= 1
    assert s.scheduler.stats.retry_after_chat == 0
    # It learned: far fewer refusals than messages.
    assert s.refused < 40
    assert s.scheduler.factor < 1.0


# ---------------------------------------------------------------- learning the limit

# The three readings of "about 30 a second" the sender must hold without knowing
# which one Telegram uses (bot/sandbox/flood.py).
LIMITERS = {
    "strict window": FloodLimits.strict_window(30),
    "token bucket": FloodLimits.token_bucket(30),
    "bucket with burst": FloodLimits.bucket_with_burst(30),
}


def _most_in_a_second(times: list[float]) -> int:
    times = sorted(times)
    return max(sum(1 for other in times if start <= other < start + 1) for start in times)


@pytest.mark.parametrize("limiter", list(LIMITERS))
@pytest.mark.parametrize("jitter", [0.0, 0.03])
def test_300_alerts_hold_93_percent_of_any_limiter_with_at_most_one_429(
    limiter: str, jitter: float
) -> None:
    s = sim(Limits(), LIMITERS[limiter], jitter=jitter)
    s.scheduler.add(envelopes(list(range(1, 301))))
    s.run()
    assert len({env for _, _, env in s.delivered}) == 300
    assert s.refused <= 1
    assert s.rate() >= 0.93 * 30
    if limiter == "strict window":
        assert _most_in_a_second([t for t, _, _ in s.delivered]) <= 30


def test_sends_are_spread_evenly_within_the_second() -> None:
    s = sim(Limits())
    s.scheduler.add(envelopes(list(range(1, 61))))
    s.run()
    gaps = [b - a for (a, _, _), (b, _, _) in itertools.pairwise(s.delivered)]
    # Never two at once: one every 1/29.1 s, give or take a late timer.
    assert min(gaps) >= 0.5 / 29.1
    assert _most_in_a_second([t for t, _, _ in s.delivered]) <= 29


@pytest.mark.parametrize("limiter", ["strict window", "token bucket"])
def test_a_lower_limit_is_learnt_and_probed_rarely(limiter: str) -> None:
    # We believe 30/s; this Telegram allows 20/s, counted either way.
    server = (
        FloodLimits.strict_window(20)
        if limiter == "strict window"
        else FloodLimits.token_bucket(20)
    )
    s = sim(Limits(), server, jitter=0.01)
    s.scheduler.add(envelopes(list(range(1, 1201))))
    s.run()
    assert len({env for _, _, env in s.delivered}) == 1200
    # About a minute of sending: a few 429s to learn, then rare probes.
    assert s.scheduler.stats.retry_after_global <= 12
    second_half = sorted(t for t, _, _ in s.delivered)[600:]
    assert (len(second_half) - 1) / (second_half[-1] - second_half[0]) >= 0.85 * 20
    assert s.scheduler.rate <= 21


def test_after_a_429_the_rate_recovers_slowly() -> None:
    s = sim(Limits())
    s.scheduler.learner.refused(0.0)
    assert s.scheduler.rate == pytest.approx(0.9 * 29.1)
    # Quickly back to just under the refused rate, then a percent per quiet stretch.
    factors = []
    for step in range(1, 8):
        s.scheduler.learner.adapt(5.0 * step)
        factors.append(round(s.scheduler.factor, 3))
    assert factors == [0.95, 0.97, 0.98, 0.99, 1.0, 1.0, 1.0]


def test_an_interactive_429_pauses_bulk_not_the_farmer() -> None:
    s = sim(Limits())
    s.budget.interactive_refused(2.0)
    s.scheduler.add(envelopes([1, 2]))
    s.run()
    assert min(t for t, _, _ in s.delivered) >= 2.0


# ---------------------------------------------------------------- failures


def test_5xx_is_retried_with_backoff_then_delivered() -> None:
    bad = SendResult(ResultKind.transient, reason="Bad Gateway")
    s = sim(Limits(), faults={(1, 1): bad, (1, 2): bad})
    s.scheduler.add(envelopes([10]))
    s.run()
    ((t, _, env),) = s.delivered
    assert env == 1
    # 1 s after the first failure, 2 s after the second (plus request latency).
    assert t == pytest.approx(3.0, abs=0.1)
    retries = [o for o in s.outcomes if isinstance(o, Retry)]
    assert [r.not_before - T0 for r in retries] == pytest.approx(
        [timedelta(seconds=1.01), timedelta(seconds=3.02)], abs=timedelta(seconds=0.05)
    )
    assert isinstance(s.outcomes[-1], Delivered)


def test_5xx_gives_up_after_max_failures_with_the_reason() -> None:
    bad = SendResult(ResultKind.transient, reason="Internal Server Error")
    s = sim(
        Limits(), policy=RetryPolicy(max_failures=3), faults={(1, n): bad for n in range(1, 10)}
    )
    s.scheduler.add(envelopes([10]))
    s.run()
    assert s.delivered == []
    last = s.outcomes[-1]
    assert isinstance(last, Failed)
    assert last.reason == "gave up after 3 failures: Internal Server Error"


def test_403_blocks_and_drops_the_chats_other_messages() -> None:
    s = sim(Limits(), blocked_chats={7})
    s.scheduler.add(envelopes([7, 8, 7, 7]))
    s.run()
    assert [chat for _, chat, _ in s.delivered] == [8]
    blocked = [o for o in s.outcomes if isinstance(o, Blocked)]
    assert len(blocked) == 1 and blocked[0].reason.startswith("403")
    assert s.scheduler.stats.dropped == 2


def test_400_fails_at_once_and_is_never_retried() -> None:
    s = sim(
        Limits(),
        faults={
            (1, 1): SendResult(ResultKind.bad_request, reason="Bad Request: message is too long")
        },
    )
    s.scheduler.add(envelopes([10]))
    s.run()
    assert s.delivered == []
    assert len(s.outcomes) == 1
    outcome = s.outcomes[0]
    assert isinstance(outcome, Failed) and outcome.reason == "400 Bad Request: message is too long"


def test_429s_do_not_retry_forever() -> None:
    flood = SendResult(ResultKind.retry_after, retry_after=1, reason="flood")
    s = sim(
        Limits(), policy=RetryPolicy(max_attempts=4), faults={(1, n): flood for n in range(1, 10)}
    )
    s.scheduler.add(envelopes([10]))
    s.run()
    assert isinstance(s.outcomes[-1], Failed)
    assert s.outcomes[-1].reason.startswith("gave up after 4 attempts")
