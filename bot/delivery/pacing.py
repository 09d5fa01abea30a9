"""Flood limits, the retry policy and the token buckets bulk sending waits on. Telegram-free."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from bot.core.config import RateLimits

# Bulk may use this share of Telegram's overall limit; the rest is headroom for
# interactive replies sent between two accounting steps.
BULK_SHARE = 0.97
# Above this rate (paid broadcast) the bulk bucket holds BURST_SECONDS of its
# rate: enough to absorb timer jitter at a millisecond a message. Below it sends
# are spread evenly within the second: the bucket holds SPREAD_TOKENS, one
# message plus half a gap, so a timer that fires late is caught up on the next
# gap but never with a burst (three at once trip a strict one-second window).
BURST_SECONDS = 0.1
SPREAD_BELOW = 100.0
SPREAD_TOKENS = 1.5
# Besides the even pace, every send (bulk and replies) is counted over the last
# WINDOW seconds, and bulk never makes it more than floor(rate) sends: the
# strictest reading of Telegram's "30 a second" is any one-second window.
WINDOW = 1.0
# A 429 on a chat with traffic within this many of its intervals is that chat's
# own limit; otherwise it is the overall limit.
CHAT_SCOPE_INTERVALS = 3
# Learning the limit (additive increase, multiplicative decrease): after a global
# 429 bulk aims at SLOWDOWN of the rate that was refused (never below
# MIN_FACTOR of the configured one) and remembers that rate as the ceiling.
# Every RECOVER_AFTER seconds without a 429 it steps up by RECOVER_STEP of the
# configured rate while well below the ceiling, by CEILING_STEP near it (so a
# limit lower than configured is probed rarely), and forgets the ceiling after
# FORGET_AFTER quiet seconds (Telegram's limit may have been a passing one).
SLOWDOWN = 0.9
MIN_FACTOR = 0.5
RECOVER_STEP = 0.05
CEILING_STEP = 0.01
NEAR_CEILING = 0.97
RECOVER_AFTER = 5.0
FORGET_AFTER = 300.0
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


def burst_for(rate: float) -> float:
    """Tokens the bulk bucket may hold at `rate`: an even spread below SPREAD_BELOW."""
    if rate < SPREAD_BELOW:
        return SPREAD_TOKENS
    return max(1.0, rate * BURST_SECONDS)


def bucket_for(rate: float) -> TokenBucket:
    """A bucket at `rate` that spreads sends evenly (or, at paid rates, absorbs jitter)."""
    return TokenBucket(rate, burst_for(rate))


class SendWindow:
    """Sends over the last WINDOW seconds (bulk and replies), against a cap for bulk.

    Telegram counts a message when it arrives, somewhere between our sending it
    and its answer coming back; on a loaded machine a request can wait there for
    tens of milliseconds and then arrive together with later ones. So a message
    counts from the moment it is sent (`begin`) until WINDOW seconds after its
    answer (`end`): then every one-second window Telegram can see holds no more
    than the sender counted. `record` is a send answered at once (the scheduler
    driven alone, in tests).
    """

    # While only requests on the wire could free room, look again this soon.
    POLL = 0.005

    def __init__(self, span: float = WINDOW) -> None:
        self.span = span
        self.times: deque[float] = deque()  # answer times, oldest first
        self.on_wire = 0

    def _trim(self, now: float) -> None:
        while self.times and self.times[0] <= now - self.span:
            self.times.popleft()

    def begin(self) -> None:
        """A request goes on the wire now."""
        self.on_wire += 1

    def end(self, now: float) -> None:
        """Its answer came back now (whatever it said)."""
        self.on_wire = max(0, self.on_wire - 1)
        self.record(now)

    def record(self, now: float) -> None:
        """A message went (and was answered) now."""
        self._trim(now)
        if self.times and now < self.times[-1]:
            now = self.times[-1]  # keep the deque sorted whatever the caller's clock did
        self.times.append(now)

    def count(self, now: float) -> int:
        """Sends that may fall within a one-second window ending now."""
        self._trim(now)
        return self.on_wire + len(self.times)

    def wait(self, now: float, cap: int) -> float:
        """Seconds until one more send keeps the window at `cap` or fewer (0: now)."""
        self._trim(now)
        must_leave = self.on_wire + len(self.times) - max(1, cap) + 1
        if must_leave <= 0:
            return 0.0
        if must_leave > len(self.times):
            return self.POLL
        return max(self.POLL, self.times[must_leave - 1] + self.span - now)


@dataclass
class Learner:
    """The overall rate bulk aims at, learnt from Telegram's 429s (AIMD with a ceiling)."""

    base: float
    factor: float = 1.0
    ceiling: float = math.inf  # the factor at which Telegram last said 429
    last_refusal: float = -math.inf
    last_step: float = -math.inf
    refusals: int = 0

    @property
    def rate(self) -> float:
        """Messages per second to aim at now."""
        return self.base * self.factor

    def refused(self, now: float) -> None:
        """A global 429: the rate just used was too much."""
        self.refusals += 1
        # Several answers to one burst arrive together: count the burst once.
        if now - self.last_refusal >= 1.0:
            self.ceiling = self.factor
            self.factor = max(MIN_FACTOR, self.factor * SLOWDOWN)
        self.last_refusal = self.last_step = now

    def adapt(self, now: float) -> bool:
        """Step up after a quiet stretch; True if the rate changed."""
        if now - self.last_refusal >= FORGET_AFTER:
            self.ceiling = math.inf
        if self.factor >= 1.0 or now - self.last_step < RECOVER_AFTER:
            return False
        target = self.ceiling * NEAR_CEILING
        if self.factor < target:
            # Back quickly to just under the rate Telegram refused...
            self.factor = min(target, self.factor + RECOVER_STEP)
        else:
            # ...and above it only slowly: the limit may really be there.
            self.factor += CEILING_STEP
        self.factor = min(1.0, self.factor)
        self.last_step = now
        return True


# Telegram allows 20 messages a minute in one group, counted over any minute.
GROUP_MINUTE = 60.0


class GroupWindow:
    """Messages sent to each group over the last minute, by every sender (bulk and replies).

    Telegram's limit for a group is 20 messages a minute whoever causes them: a
    notice, and the bot answering people who mention it there. Each send to a
    group (a negative chat id) is recorded here; `wait` says how long until one
    more keeps every sliding minute within `per_minute`. Private chats are not
    counted (their limit is per second, paced elsewhere). Times are the caller's
    clock (monotonic seconds), so tests drive it with a fake one.
    """

    def __init__(self, per_minute: float = 20.0) -> None:
        self.per_minute = per_minute
        self.sent: dict[int, deque[float]] = {}

    def _recent(self, chat_id: int, now: float) -> deque[float]:
        times = self.sent.setdefault(chat_id, deque())
        while times and times[0] <= now - GROUP_MINUTE:
            times.popleft()
        return times

    def wait(self, chat_id: int, now: float) -> float:
        """Seconds until one more message may go to this chat (0: now, or not a group)."""
        if chat_id >= 0:
            return 0.0
        times = self._recent(chat_id, now)
        allowed = max(1, int(self.per_minute))
        if len(times) < allowed:
            return 0.0
        # The oldest of the last `allowed` sends must leave the minute first.
        return times[-allowed] + GROUP_MINUTE - now

    def record(self, chat_id: int, now: float) -> None:
        """A message went to this chat now (only groups are counted)."""
        if chat_id >= 0:
            return
        self._recent(chat_id, now).append(now)
        if len(self.sent) > 10_000:
            # Only the last minute matters.
            self.sent = {c: t for c, t in self.sent.items() if t and t[-1] > now - GROUP_MINUTE}


class SharedBudget:
    """Telegram's overall limit, shared by interactive replies (never wait) and bulk (waits).

    The Application's rate limiter (bot/telegram/sender.py) calls `interactive`
    for every message a handler sends and `interactive_refused` when one got a
    429; the scheduler reads the same object.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.bucket = bucket_for(BULK_SHARE * 30)
        # Every send of the last second, replies included: bulk keeps it under a cap.
        self.window = SendWindow()
        self.last_interactive: dict[int, float] = {}
        self.paused_until = 0.0
        self.interactive_sent = 0
        self.interactive_refused_count = 0
        # Sends to groups by replies and bulk alike: each group's 20 a minute.
        self.groups = GroupWindow()

    def configure(self, rate: float) -> None:
        """Set the overall rate (bulk share of the global limit)."""
        self.bucket = bucket_for(rate)

    def interactive(self, chat_id: int | None) -> None:
        """A handler is sending a message now: charge it, and keep bulk off that chat a while."""
        now = self.clock()
        self.bucket.take(now)
        self.window.begin()
        self.interactive_sent += 1
        if chat_id is not None:
            self.groups.record(chat_id, now)
            self.last_interactive[chat_id] = now
            if len(self.last_interactive) > 10_000:
                # Only the last few seconds matter.
                self.last_interactive = {
                    c: t for c, t in self.last_interactive.items() if now - t < 60
                }

    def interactive_done(self) -> None:
        """The handler's message was answered (or failed): it counts a second from now."""
        self.window.end(self.clock())

    def group_wait(self, chat_id: int | None) -> float:
        """Seconds a reply to this chat should wait to keep its group within 20 a minute."""
        return 0.0 if chat_id is None else self.groups.wait(chat_id, self.clock())

    def interactive_refused(self, retry_after: float) -> None:
        """An interactive send got a 429: bulk (not the farmer) backs off for that long."""
        self.interactive_refused_count += 1
        self.paused_until = max(self.paused_until, self.clock() + retry_after)
