"""Picking one of the choices a step listed, typed instead of pressed: 1, 第一个, 头一个, 第2个,
最后一个, "the second one"; and a round said by its hours (8点到10点, 8-10, 08:00-10:00).

Pure; the booking's slot and station steps read them against what they offered.
"""

from __future__ import annotations

import re
from datetime import time

from knowledge.text.normalise import normalise
from knowledge.text.numbers import to_number

# The last of the choices, whatever their number.
LAST = -1
# No step offers more choices than this: a larger number is an amount or a year, not a pick.
MAX_PICK = 20

_ZH_NUMBER = r"\d{1,2}|[一二两三四五六七八九十]{1,3}"
# Without 第, 两 counts (两个 is "two of them"), it does not rank.
_ZH_BARE = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
# 1, 第一个, 第1个, 第二, 一, 2号, 选1, 要第一个, 就第二个吧, (1)
_ZH_PICK = re.compile(
    rf"^(?:我)?(?:选|要|就|点|挑|约)?\(?({_ZH_BARE})\)?(?:个|号|项|条|家|站|个时间段|个时段)?"
    r"(?:的|吧|啊|呀|哦|嘛|呢|了|就行|就好|行|好)*$"
)
_ZH_ORDINAL = re.compile(
    rf"^(?:我)?(?:选|要|就|点|挑|约)?第({_ZH_NUMBER})(?:个|号|项|条|家|站)?"
    r"(?:的|吧|啊|呀|哦|嘛|呢|了|就行|就好|行|好)*$"
)
_ZH_FIRST = re.compile(
    r"^(?:选|要|就)?(?:头一个|头个|最前面的?那?个?|上面那个|前面那个)(?:吧|的|了)*$"
)
_ZH_LAST = re.compile(
    r"^(?:选|要|就)?(?:最后一个|最后那个|最后面的?那?个?|后面那个|下面那个)(?:吧|的|了)*$"
)
_EN_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "5th": 5,
}
_EN_PICK = re.compile(
    r"^(?:i'?ll take |i want |take |pick |choose )?(?:the |option |number |no\.? ?|#)?"
    rf"(\d{{1,2}}|{'|'.join(_EN_WORDS)})(?: one| option)?(?: please)?[.!]*$"
)
_EN_LAST = re.compile(r"^(?:the )?(?:last|bottom)(?: one)?(?: please)?[.!]*$")

# Hours said as a range: 8点到10点, 8-10点, 8到10, 08:00-10:00, 2-4 pm.
_HOURS = re.compile(
    r"^(?:早上|上午|下午|中午)?(\d{1,2})(?:[:：](\d{2}))?\s*(?:点)?\s*(?:-|~|〜|—|–|到|至|to)\s*"
    r"(?:早上|上午|下午|中午)?(\d{1,2})(?:[:：](\d{2}))?\s*(?:点|的|那个|时段|pm|am)*$"
)


def picked_number(text: str) -> int | None:
    """Which of the listed choices a message picks: 1 for 1 / 第一个 / first, LAST for 最后一个.

    None when the message is not a pick (8点, 500斤, 2000).
    """
    norm = re.sub(r"[\s。.!！~～]+$", "", normalise(text))
    if _ZH_FIRST.match(norm):
        return 1
    if _ZH_LAST.match(norm) or _EN_LAST.match(norm):
        return LAST
    found = _ZH_ORDINAL.match(norm) or _ZH_PICK.match(norm)
    if found is not None:
        value = to_number(found.group(1))
    else:
        english = _EN_PICK.match(norm)
        if english is None:
            return None
        word = english.group(1)
        value = float(_EN_WORDS[word]) if word in _EN_WORDS else to_number(word)
    if value is None or value != int(value) or not 1 <= value <= MAX_PICK:
        return None
    return int(value)


def said_hours(text: str) -> tuple[time, time] | None:
    """The hours of a round said as a range (8点到10点, 14:00-16:00), else None.

    A first hour of 1 to 6 said without 上午 is the afternoon, as 2点 is when produce is
    brought (2点到4点 is 14:00-16:00); a later end than start is kept.
    """
    found = _HOURS.match(normalise(text))
    if found is None:
        return None
    start, end = int(found.group(1)), int(found.group(3))
    minutes = (int(found.group(2) or 0), int(found.group(4) or 0))
    said = normalise(text)
    morning = any(word in said for word in ("上午", "早上", "am"))
    later = any(word in said for word in ("下午", "pm"))
    if start < 12 and (later or (not morning and 1 <= start <= 6)):
        start += 12
    if end < start and end + 12 > start:
        end += 12  # 2-4 (pm) is 14:00-16:00, 12-2 is 12:00-14:00
    if end > 24 or minutes[0] > 59 or minutes[1] > 59 or start > 23:
        return None
    starts = time(start, minutes[0])
    ends = time(23, 59) if end == 24 else time(end, minutes[1])
    return (starts, ends) if starts < ends else None
