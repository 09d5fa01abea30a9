"""Per-user flood control: how many updates one person may send, and what happens beyond.

Telegram-free. A farmer (or a script) sending 50 messages a second must not
take the bot's time from everyone else, yet a farmer who types a few quick
messages, or presses a button twice, must never notice any limit. Each person
has a token bucket per kind of update (messages; button presses, which are
cheaper to answer and come faster); beyond it the person is told once, politely,
and what follows is dropped quietly until the bucket has refilled. Times are
seconds of the injected clock (bot.core.clock), so tests pin and advance them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Verdict(enum.Enum):
    """What to do with one update."""

    go = "go"  # handle it as usual
    warn = "warn"  # over the limit: say so once, do not handle it
    drop = "drop"  # over the limit and already told: drop it quietly


@dataclass(frozen=True)
class Rate:
    """`per_second` updates on average, `burst` at once."""

    per_second: float
    burst: float


# A person types at most a message every second or two; twenty at once (a
# forwarded batch, an admin's uploads and /undo) still pass. Presses: a farmer
# tapping through pages. config.yaml `user_flood` sets them.
MESSAGES = Rate(per_second=1.0, burst=20)
PRESSES = Rate(per_second=2.0, burst=20)
# Told again at most this often while they keep going over it.
NOTICE_EVERY = 60.0
# People remembered at most (the idle ones are forgotten first).
MEMORY = 50_000


@dataclass
class _Bucket:
    tokens: float
    stamp: float
    noticed: float = -1e18  # when they were last told


@dataclass
class UserThrottle:
    """Token buckets per (person, kind of update)."""

    messages: Rate = MESSAGES
    presses: Rate = PRESSES
    notice_every: float = NOTICE_EVERY
    buckets: dict[tuple[int, bool], _Bucket] = field(default_factory=dict)
    warned: int = 0
    dropped: int = 0

    def check(self, user_id: int, now: float, *, press: bool = False) -> Verdict:
        """Charge one update of `user_id` at `now` (seconds); say whether to handle it."""
        rate = self.presses if press else self.messages
        key = (user_id, press)
        bucket = self.buckets.get(key)
        if bucket is None:
            if len(self.buckets) >= MEMORY:
                self._forget(now)
            bucket = self.buckets[key] = _Bucket(rate.burst, now)
        elif now > bucket.stamp:
            bucket.tokens = min(rate.burst, bucket.tokens + (now - bucket.stamp) * rate.per_second)
            bucket.stamp = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return Verdict.go
        if now - bucket.noticed >= self.notice_every:
            bucket.noticed = now
            self.warned += 1
            return Verdict.warn
        self.dropped += 1
        return Verdict.drop

    def _forget(self, now: float) -> None:
        # Whoever has a full bucket again is no different from someone new.
        full = [
            key
            for key, b in self.buckets.items()
            if now - b.stamp > (self.presses if key[1] else self.messages).burst
        ]
        for key in full or list(self.buckets)[: MEMORY // 10]:
            del self.buckets[key]
