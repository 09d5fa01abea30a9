"""Times of day as people and files write them: HH:MM. One place for every feature."""

from __future__ import annotations

from datetime import time


def hhmm(value: time) -> str:
    """A time of day as HH:MM."""
    return value.strftime("%H:%M")


def parse_hhmm(raw: str) -> time:
    """A time of day written H:MM or HH:MM; ValueError for anything else."""
    try:
        hours, minutes = (int(part) for part in raw.strip().split(":"))
        return time(hours, minutes)
    except ValueError:
        raise ValueError(f"{raw!r} is not a time of day HH:MM") from None
