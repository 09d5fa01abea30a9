"""Times of day as farmers say them: 早上7点半, 晚上8点15, 18:30, "at 8 am", "8 o'clock".

Pure; read by dates.said_day for a booking's round and by the alerts' daily time.
"""

from __future__ import annotations

import re
from datetime import time

from knowledge.text.normalise import normalise
from knowledge.text.numbers import to_number

_SPOKEN_TIME = re.compile(
    # 早 and 晚 alone as in 明早7点, 今晚8点: the morning's and the evening's.
    # 后晌 / 下晌 / 晌午后 / 傍黑 / 擦黑 (the northwest's afternoon and evening), 晌午 its noon.
    r"(凌晨|早上|早晨|上午|前晌|上晌|头晌|晌午后|晌午|中午|下午|后晌|下晌|傍晚|傍黑|擦黑|下晚|晚上|早|晚)?\s*"
    r"(\d{1,2}|[零一二两三四五六七八九十]{1,3})\s*(?:点|时)\s*"
    r"(半|一刻|三刻|(\d{1,2}|[零一二三四五六七八九十]{1,3})\s*分?)?"
)
_PM = ("下午", "后晌", "下晌", "晌午后", "傍晚", "傍黑", "擦黑", "下晚", "晚上", "晚")
_HH_MM = re.compile(r"(\d{1,2})\s*[:：]\s*(\d{2})")
# English: "8 am", "8:30 p.m.", "8 o'clock"; "at 8" only when no amount or price follows.
_EN_CLOCK = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m\b\.?|p\.?m\b\.?|o'?\s?clock\b)")
_EN_AT = re.compile(
    r"\b(?:at|by|around|about)\s+(\d{1,2})(?:[:.](\d{2}))?\b"
    r"(?!\s*(?:jin|kg|kilos?|kilograms?|t|tons?|tonnes?|yuan|rmb|%|\.\d|[-/]))"
)
_EN_HALF_PAST = re.compile(r"\bhalf past (\d{1,2})\b")
_EN_LATER = re.compile(r"p\.?m\b|afternoon|evening|tonight|\bnight\b")
_EN_NOON = re.compile(r"\b(?:noon|midday)\b")


def _clock(hour: int, minute: int) -> time:
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError(f"no such time {hour}:{minute:02d}")
    return time(hour, minute)


def parse_clock(text: str) -> time | None:
    """A time of day in a farmer's words, Chinese or English, else None.

    Raises ValueError for a time that does not exist (25点, 8:75).
    """
    norm = normalise(text)
    later = _EN_LATER.search(norm) is not None
    hh_mm = _HH_MM.search(norm)
    if hh_mm:
        hour, minute = int(hh_mm.group(1)), int(hh_mm.group(2))
        if later and hour < 12 and not _SPOKEN_TIME.search(norm):
            hour += 12
        return _clock(hour, minute)
    spoken = _SPOKEN_TIME.search(norm)
    if spoken is not None:
        return _spoken(spoken)
    clock = _EN_CLOCK.search(norm)
    english = clock or _EN_AT.search(norm)
    if english is not None:
        hour, minute = int(english.group(1)), int(english.group(2) or 0)
        # "at 2" with no am/pm is the afternoon: nobody collects produce at 2 at night.
        bare_small = clock is None and 1 <= hour <= 5
        if (later or bare_small) and hour < 12:
            hour += 12
        return _clock(hour, minute)
    half_past = _EN_HALF_PAST.search(norm)
    if half_past is not None:
        hour = int(half_past.group(1))
        return _clock(hour + 12 if later and hour < 12 else hour, 30)
    if _EN_NOON.search(norm):
        return time(12, 0)
    return None


def _spoken(match: re.Match[str]) -> time | None:
    if match.group(2) == "一" and not match.group(1) and not match.group(3):
        return None  # 便宜一点, 早一点: "a little", not one o'clock
    hour_value = to_number(match.group(2))
    if hour_value is None:
        return None
    hour, minute = int(hour_value), 0
    rest = match.group(3) or ""
    if rest == "半":
        minute = 30
    elif rest == "一刻":
        minute = 15
    elif rest == "三刻":
        minute = 45
    elif match.group(4):
        minute = int(to_number(match.group(4)) or 0)
    if match.group(1) in _PM and hour < 12:
        hour += 12
    elif match.group(1) in ("中午", "晌午") and hour < 6:
        hour += 12
    return _clock(hour, minute)


def without_times(text: str) -> str:
    """`text` (normalised) with every time of day it names taken out (8点半, 18:30, at 8 am)."""
    for pattern in (_SPOKEN_TIME, _HH_MM, _EN_CLOCK, _EN_AT, _EN_HALF_PAST, _EN_NOON):
        text = pattern.sub(" ", text)
    return text
