"""A booking moved to another day in a farmer's words: 改到后天, 改成明天下午, 能不能换到周三,
西红柿那个推到下礼拜, "move it to Friday", "can you change my pickup to tomorrow afternoon".

Intent classification leaves these to the knowledge base on purpose: 改 is ambiguous (打药改到
后天 moves a spraying, not a pickup), and whether there is a booking to move is the database's
to say. `says_move` only tells whether a message says nothing but "move it to <a day>": a
verb of moving, the day (or part of the day, or time) after it, and words that add nothing
(我想, 能不能, 那个预约, 吗, please, my booking) or name the produce. Pure.
"""

from __future__ import annotations

import re

from knowledge.text.dates import names_day, without_days
from knowledge.text.lexicon import lexicon
from knowledge.text.normalise import normalise

_MOVE = re.compile(
    r"(?:改|换|挪|调|推|推迟|延后|延期|往后推|往后挪|提前)(?:到|成|在|为)|改期到?|推迟|延期"
    r"|\b(?:move|change|switch|shift|reschedule|push|postpone|put off|bring forward)\b"
    r"[^.?!]{0,30}?\b(?:to|till|until|for)\b"
)
# Words that add nothing to "move it to <day>": who, asking, the booking itself, particles.
_ZH_FILLERS = (
    "能不能|可不可以|行不行|好不好|可以吗|我们|俺们|咱们|你们|帮我|帮忙|给我|麻烦|那个|这个|那单|这单"
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


def says_move(text: str) -> bool:
    """Whether `text` says only "move it to <a day>" (改到后天, move it to Friday afternoon)."""
    norm = normalise(text)
    verb = _MOVE.search(norm)
    if verb is None or not names_day(norm[verb.end() :]):
        return False
    rest = without_days(f"{norm[: verb.start()]} {norm[verb.end() :]}")
    # The produce named says which booking (西红柿那个改到后天): no other subject.
    for mention in lexicon().mentions(rest, "product"):
        rest = rest.replace(mention.typed, " ")
    return _FILLERS.sub("", rest) == ""
