"""A booking moved to another day in a farmer's words: 改到后天, 改成明天下午, 能不能换到周三,
西红柿那个推到下礼拜, "move it to Friday", "can you change my pickup to tomorrow afternoon"; or one
day turned down for another (礼拜三去不了 改成礼拜五, 星期三来不了，星期五吧: dates.changes_day).

A move may also be said as a shift from the day booked (推迟两天, 往后推两天, 提前一天, "push it
back two days", "bring it forward a day"): `said_shift` gives the days, later or (negative)
earlier, and the caller counts them from the booking's day.

Intent classification leaves these to the knowledge base on purpose: 改 is ambiguous (打药改到
后天 moves a spraying, not a pickup), and whether there is a booking to move is the database's
to say. `says_move` only tells whether a message says nothing but "move it to <a day>": a
verb of moving, the day (or part of the day, or time) after it, and words that add nothing
(我想, 能不能, 那个预约, 吗, please, my booking) or name the produce. Pure.
"""

from __future__ import annotations

import re

from knowledge.text.dates import changes_day, names_day, without_days
from knowledge.text.day_cues import without_cues
from knowledge.text.lexicon import lexicon
from knowledge.text.normalise import normalise
from knowledge.text.numbers import to_number

_MOVE = re.compile(
    r"(?:改|换|挪|调|推|推迟|延后|延期|往后推|往后挪|提前)(?:到|成|在|为)|改期到?|推迟|延期"
    r"|\b(?:move|change|switch|shift|reschedule|push|postpone|put off|bring forward)\b"
    r"[^.?!]{0,30}?\b(?:to|till|until|for)\b"
)
# Words that add nothing to "move it to <day>": who, asking, the booking itself, particles.
_ZH_FILLERS = (
    "能不能|可不可以|行不行|好不好|可以吗|我们|俺们|咱们|你们|帮我|帮忙|给我|屋头|屋里|家里|麻烦|那个|这个|那单|这单"
    "|那次|这次|一下|还是|收货|送货|交货|来收|来拉|过去|时间|日子|那天|晚上|中午|夜里|预约|能否|可否"
    "|我|俺|咱|想|要|能|可以|行|中|成|好|吗|么|嘛|呢|吧|啊|呀|哈|呗|哦|嗯|了|的|得|不|没|请|你|把"
    "|再|就|先|约|收|拉|送|交|去|来|个|次|单"
)
_EN_FILLERS = (
    r"\b(?:can|could|would|will|you|please|pls|i|we|want|wanna|like|need|it|that|this|my|our"
    r"|the|a|booking|bookings|pick ?up|pick-up|collection|appointment|delivery|one|instead"
    r"|back|forward|if|possible|ok|okay|then|thanks|thank|so|and|to|for|me|at|on|in|is)\b"
)
_FILLERS = re.compile(rf"{_ZH_FILLERS}|{_EN_FILLERS}|[\s,，。.!！?？~～、:：;；'\"“”]")


# A shift from the day booked: the verb, then how many days (推迟两天, 往后推两天, 提前一天).
_CN_COUNT = r"(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:个)?\s*(?:天|日)"
_LATER_CN = r"推迟|延后|延迟|推后|往后推|往后挪|往后延|向后推|向后挪|后推|挪后|再晚"
_EARLIER_CN = r"提前|往前挪|往前推|向前挪|向前推|提早|再早"
_SHIFT_CN = re.compile(rf"(?:改|换|挪)?({_LATER_CN}|{_EARLIER_CN})\s*(?:到|了)?\s*{_CN_COUNT}")
_EN_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_EN_COUNT = r"(\d{1,2}|a|an|one|two|three|four|five|six)\s+days?\b"
# push it back two days, push it back by 2 days, postpone it a day, move it two days later,
# bring it forward a day, move it a day earlier.
_SHIFT_EN = re.compile(
    rf"\b(push|put|move|shift|postpone|delay|bring)\b(?:\s+(?:it|my \w+|the \w+|that))?"
    rf"(?:\s+(back|forward|later|earlier))?\s+(?:by\s+)?{_EN_COUNT}(?:\s+(later|earlier))?"
)


def said_shift(text: str) -> int | None:
    """The days a move shifts a booking by (推迟两天: 2, 提前一天: -1, push it back two days: 2),
    else None."""
    norm = normalise(text)
    found = _shift(norm)
    return found[0] if found is not None else None


def _shift(norm: str) -> tuple[int, re.Match[str]] | None:
    cn = _SHIFT_CN.search(norm)
    if cn is not None:
        count = to_number(cn.group(2))
        if count is None or count != int(count) or not 0 < count <= 31:
            return None
        earlier = re.fullmatch(_EARLIER_CN, cn.group(1)) is not None
        return (-int(count) if earlier else int(count)), cn
    en = _SHIFT_EN.search(norm)
    if en is None:
        return None
    verb, way, raw, after = en.groups()
    way = way or after
    if verb == "bring":
        earlier = way in (None, "forward", "earlier")
    elif verb in ("postpone", "delay"):
        earlier = False
    elif way is None:
        return None  # "move it two days": which way is not said
    else:
        earlier = way in ("forward", "earlier")
    count = int(raw) if raw.isdigit() else _EN_COUNTS[raw]
    if not 0 < count <= 31:
        return None
    return (-count if earlier else count), en


def says_move(text: str) -> bool:
    """Whether `text` says only "move it to <a day>" (改到后天, move it to Friday afternoon), or
    only how many days to shift it by (推迟两天, push it back two days)."""
    norm = normalise(text)
    shift = _shift(norm)
    if shift is not None:
        matched = shift[1]
        return _adds_nothing(f"{norm[: matched.start()]} {norm[matched.end() :]}")
    if changes_day(norm) and _adds_nothing(without_cues(without_days(norm))):
        # 周三不行改周五, 星期三来不了，星期五吧: one day turned down for another.
        return True
    verb = _MOVE.search(norm)
    if verb is None or not names_day(norm[verb.end() :]):
        return False
    return _adds_nothing(without_days(f"{norm[: verb.start()]} {norm[verb.end() :]}"))


def _adds_nothing(rest: str) -> bool:
    """Whether what is left around the move says nothing else (words that add nothing)."""
    # The produce named says which booking (西红柿那个改到后天): no other subject.
    for mention in lexicon().mentions(rest, "product"):
        rest = rest.replace(mention.typed, " ")
    return _FILLERS.sub("", rest) == ""
