"""Times of day as people and files write them: HH:MM. One place for every feature."""

from __future__ import annotations

import re
from datetime import time

# 7:30, 07:30, 7：30 (a Chinese keyboard's colon), with spaces around.
_HHMM = re.compile(r"^\s*(\d{1,2})\s*[:：]\s*(\d{2})\s*$")


def hhmm(value: time) -> str:
    """A time of day as HH:MM."""
    return value.strftime("%H:%M")


def parse_hhmm(raw: str) -> time:
    """A time of day written H:MM or HH:MM; ValueError for anything else."""
    match = _HHMM.match(raw)
    try:
        if match is None:
            raise ValueError
        return time(int(match.group(1)), int(match.group(2)))
    except ValueError:
        raise ValueError(f"{raw!r} is not a time of day HH:MM") from None
