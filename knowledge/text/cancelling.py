"""A booking called off in a farmer's words: 取消白菜的预约, 白菜那个不送了，取消吧, 预约取消,
"cancel my cabbage booking".

Intent classification reads 取消白菜的预约 as a booking (预约, 白菜) and 白菜那个不送了 as a
question; only the farmer's bookings can say what it means. `says_cancel` tells whether a
message says nothing but "call off <the booking, or the produce's>": a word of calling off,
the booking or the produce named, and words that add nothing (那个, 吧, 我的, please). A bare
取消 / 不约了 stays the step's (or "nothing to cancel"): it names no booking. Pure.
"""

from __future__ import annotations

import re

from knowledge.text.lexicon import lexicon
from knowledge.text.normalise import normalise

_CANCEL = re.compile(
    r"取消|撤销|撤掉|退掉|不送了|不来了|不约了|不要了|不去了|不拉了|不交了|作废"
    r"|\bcancel(?:led|ed)?\b|\bcall off\b|\bcalled off\b"
)
_BOOKING = re.compile(r"预约|预订|约的|收货|\b(?:booking|bookings|pick ?up|pick-up|collection)\b")
_FILLERS = re.compile(
    r"帮我|麻烦|请|给我|那个|这个|那单|这单|那次|这次|一下|掉|吧|啊|呀|了|的|我|俺|咱|想|要|把"
    r"|就|先|那|这|个|单|吗|呢|哈|嗯|好|行|算了|还是|送|货|去|来|\b(?:please|pls|my|the|that|this"
    r"|i|want|to|would|like|can|you|it|for|of|one|ok|okay|need|we)\b|[\s,，。.!！?？~～、:：;；]"
)


def says_cancel(text: str) -> bool:
    """Whether `text` says only "cancel <my booking / the produce's booking>"."""
    norm = normalise(text)
    verbs = list(_CANCEL.finditer(norm))
    if not verbs:
        return False
    rest = _CANCEL.sub(" ", norm)
    named = bool(cancelled_products(norm))
    for mention in lexicon().mentions(rest, "product"):
        rest = rest.replace(mention.typed, " ")
    booking = _BOOKING.search(rest) is not None
    if not (named or booking):
        return False  # 取消 alone: the step's, not a booking's
    rest = _BOOKING.sub(" ", rest)
    return _FILLERS.sub("", rest) == ""


def cancelled_products(text: str) -> set[str]:
    """The products a cancel names (取消白菜的预约: {大白菜}), canonical names."""
    return {m.canonical for m in lexicon().mentions(normalise(text), "product")}
