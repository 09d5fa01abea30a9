"""Telegram's flood limits, as token buckets: per private chat, per group, and overall.

Telegram documents them loosely ("avoid more than one message per second to a
chat, 20 per minute to a group, about 30 per second overall; up to 1000 with
allow_paid_broadcast"). A bucket holds `burst` messages and refills at `rate`
per second, so a handler that sends two or three replies at once passes, while a
loop that sends to one chat as fast as it can gets 429 with `retry_after`.

Telegram's overall limiter is not documented exactly, so the server can model it
three ways (`FloodLimits.global_mode`), and the sender is tested against each:

- `bucket` (the default): `global_per_second` with `global_burst` saved up, a
  bucket with burst (`FloodLimits.bucket_with_burst()`: 30/s, 30 saved), or a
  near-strict token bucket (`FloodLimits.token_bucket()`: 30/s, 0.1 s saved);
- `window`: at most `global_per_second` messages in any one-second window,
  sliding (`FloodLimits.strict_window()`): the strictest reading of "30 a second".
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

GlobalMode = Literal["bucket", "window"]


@dataclass
class FloodLimits:
    """How much the server lets through before answering 429 (all configurable)."""

    enabled: bool = True
    private_per_second: float = 1.0
    private_burst: float = 3
    group_per_minute: float = 20
    group_burst: float = 20
    global_per_second: float = 30
    global_burst: float = 30
    paid_per_second: float = 1000
    paid_burst: float = 1000
    # How the overall (not paid) limit counts: a token bucket or a sliding window.
    global_mode: GlobalMode = "bucket"

    @classmethod
    def off(cls) -> FloodLimits:
        """No flood limits at all (benchmarks of the bot itself)."""
        return cls(enabled=False)

    @classmethod
    def strict_window(cls, per_second: float = 30) -> FloodLimits:
        """At most `per_second` messages in any one-second window, sliding."""
        return cls(global_per_second=per_second, global_burst=per_second, global_mode="window")

    @classmethod
    def token_bucket(cls, per_second: float = 30, burst_seconds: float = 0.1) -> FloodLimits:
        """A bucket refilled at `per_second` holding only `burst_seconds` of it."""
        burst = max(1.0, per_second * burst_seconds)
        return cls(global_per_second=per_second, global_burst=burst)

    @classmethod
    def bucket_with_burst(cls, per_second: float = 30, burst: float = 30) -> FloodLimits:
        """A bucket refilled at `per_second` holding `burst` (a second's worth by default)."""
        return cls(global_per_second=per_second, global_burst=burst)

    @property
    def mode_name(self) -> str:
        """How the overall limit is modelled, for reports."""
        if self.global_mode == "window":
            return f"strict window {self.global_per_second:g}/1 s"
        return f"bucket {self.global_per_second:g}/s burst {self.global_burst:g}"


@dataclass
class Bucket:
    """A token bucket: `burst` tokens, refilled at `rate` per second."""

    rate: float
    burst: float
    tokens: float = -1.0
    stamp: float = 0.0

    def refill(self, at: float) -> None:
        """Add what accrued since the last look."""
        if self.tokens < 0:
            self.tokens, self.stamp = self.burst, at
            return
        self.tokens = min(self.burst, self.tokens + (at - self.stamp) * self.rate)
        self.stamp = at

    def wait(self) -> float:
        """Seconds until one token is available (0 when one is)."""
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate


@dataclass
class Window:
    """At most `limit` admissions in any `span` seconds (a sliding window)."""

    limit: float
    span: float = 1.0
    times: deque[float] = field(default_factory=deque)
    _at: float = 0.0

    def refill(self, at: float) -> None:
        """Forget admissions that left the window."""
        while self.times and self.times[0] <= at - self.span:
            self.times.popleft()
        self._at = at

    def wait(self) -> float:
        """Seconds until one more fits (0 when it does)."""
        allowed = max(1, int(self.limit))
        if len(self.times) < allowed:
            return 0.0
        return self.times[-allowed] + self.span - self._at

    def take(self) -> None:
        """Admit one now."""
        self.times.append(self._at)


@dataclass
class FloodControl:
    """The live buckets of one server."""

    limits: FloodLimits = field(default_factory=FloodLimits)
    clock: Callable[[], float] = time.monotonic
    chats: dict[int, Bucket] = field(default_factory=dict)
    overall: Bucket | None = None
    window: Window | None = None
    paid: Bucket | None = None
    # How many requests were refused with 429, for tests and benchmarks.
    refused: int = 0

    def configure(self, limits: FloodLimits) -> None:
        """Use new limits from now on, with full buckets."""
        self.limits = limits
        self.chats.clear()
        self.overall = self.paid = None
        self.window = None

    def person_acted(self, chat_id: int) -> None:
        """A person wrote or pressed in this chat: its bucket is full again.

        Tests and the sandbox run conversations far faster than anyone types; a
        person's action stands for the seconds that would have passed, so the
        per-chat limit catches what it exists for: a bot sending many messages
        for one action, or unprompted bursts to one chat.
        """
        bucket = self.chats.get(chat_id)
        if bucket is not None:
            bucket.tokens = bucket.burst

    def admit(self, chat_id: int, *, private: bool, paid: bool = False) -> int | None:
        """Take one message's tokens; None if allowed, else the whole seconds to wait."""
        if not self.limits.enabled:
            return None
        limits = self.limits
        at = self.clock()
        chat = self.chats.get(chat_id)
        if chat is None:
            chat = (
                Bucket(limits.private_per_second, limits.private_burst)
                if private
                else Bucket(limits.group_per_minute / 60, limits.group_burst)
            )
            self.chats[chat_id] = chat
        overall: Bucket | Window
        if paid:
            if self.paid is None:
                self.paid = Bucket(limits.paid_per_second, limits.paid_burst)
            overall = self.paid
        elif limits.global_mode == "window":
            if self.window is None:
                self.window = Window(limits.global_per_second)
            overall = self.window
        else:
            if self.overall is None:
                self.overall = Bucket(limits.global_per_second, limits.global_burst)
            overall = self.overall
        chat.refill(at)
        overall.refill(at)
        wait = max(chat.wait(), overall.wait())
        if wait > 0:
            self.refused += 1
            # Telegram answers whole seconds, never 0.
            return max(1, math.ceil(wait))
        chat.tokens -= 1
        if isinstance(overall, Window):
            overall.take()
        else:
            overall.tokens -= 1
        return None
