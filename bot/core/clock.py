"""The one source of "now": the wall clock in production, a pinned clock in tests.

Everything that asks what time or day it is — handlers, jobs, services, model
defaults — goes through `utcnow()`, `local_now()` or `local_today()` here, so a
test can pin the date and the time of day (`use_clock`) and pass at any hour.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    """Tells the current instant as an aware UTC datetime."""

    def now(self) -> datetime:
        """The current instant (aware, UTC)."""
        ...


class SystemClock:
    """The machine's wall clock."""

    def now(self) -> datetime:
        """The wall-clock instant."""
        return datetime.now(UTC)


class PinnedClock:
    """Starts at a chosen instant and then runs at real speed.

    Time still flows (timeouts, pacing and "not before" waits behave as in
    production), but the date and time of day are the ones the test chose.
    """

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("PinnedClock needs an aware datetime")
        self._start = start.astimezone(UTC)
        self._t0 = time.monotonic()
        self._offset = timedelta()

    def now(self) -> datetime:
        """The pinned instant plus the real time elapsed since, plus any advance."""
        return self._start + timedelta(seconds=time.monotonic() - self._t0) + self._offset

    def advance(self, delta: timedelta) -> None:
        """Jump forward (or back) by delta."""
        self._offset += delta


_current: Clock = SystemClock()


def set_clock(clock: Clock) -> Clock:
    """Make `clock` the process's clock; returns the previous one."""
    global _current
    previous, _current = _current, clock
    return previous


@contextmanager
def use_clock(clock: Clock) -> Iterator[Clock]:
    """Use `clock` inside the block, then restore the previous one."""
    previous = set_clock(clock)
    try:
        yield clock
    finally:
        set_clock(previous)


def utcnow() -> datetime:
    """Timezone-aware now in UTC: stored times are UTC, shown in Asia/Shanghai."""
    return _current.now()


def local_now(tz: ZoneInfo) -> datetime:
    """Now where the farmers are (Asia/Shanghai by default)."""
    return _current.now().astimezone(tz)


def local_today(tz: ZoneInfo) -> date:
    """Today's date where the farmers are."""
    return local_now(tz).date()
