"""A booking called off in a farmer's words: 取消白菜的预约, 白菜那个不送了，取消吧, 预约取消,
"cancel my cabbage booking", 洋芋不卖了 把预约取消掉 (why, said beside it, adds nothing).

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
    r"取消|撤销|撤掉|退掉|[不别](?:送|来|约|要|去|拉|交)了|作废"
    r"|\bcancel(?:led|ed)?\b|\bcall off\b|\bcalled off\b"
)
_BOOKING = re.compile(r"预约|预订|约的|收货|\b(?:booking|bookings|pick ?up|pick-up|collection)\b")
# Why it is called off, said beside it (洋芋不卖了 把预约取消掉, 玉米已经卖了 取消预约, "the corn is
# sold, cancel the pickup"): adds nothing to which booking.
_REASONS = (
    r"不卖了|不卖啦|不打算卖了|不想卖了|卖不了了?|已经卖了|已经卖掉了|卖掉了|卖完了|卖出去了|卖了"
    r"|别人收了|被人收了|有人收了|收走了|拉走了|坏了|烂了|冻坏了|不种了|没货了|没有了|已经|都"
    r"|\b(?:is|are|was|were|has been|have been|been|all|already|sold out|sold|gone|no longer"
    r"|anymore|any more|not selling|don't need|do not need|spoiled|rotten)\b"
)
_FILLERS = re.compile(
    rf"{_REASONS}|帮我|麻烦|请|给我|那个|这个|那单|这单|那次|这次|一下|掉|吧|啊|呀|了|的|我|俺|咱|想|要|把"
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
        # potatoes, tomatoes: the plural's ending goes with the name.
        rest = re.sub(
            rf"{re.escape(mention.typed)}(?:es|s)?\b"
            if mention.typed.isascii()
            else re.escape(mention.typed),
            " ",
            rest,
        )
    booking = _BOOKING.search(rest) is not None
    if not (named or booking):
        return False  # 取消 alone: the step's, not a booking's
    rest = _BOOKING.sub(" ", rest)
    return _FILLERS.sub("", rest) == ""


def cancelled_products(text: str) -> set[str]:
    """The products a cancel names (取消白菜的预约: {大白菜}), canonical names."""
    return {m.canonical for m in lexicon().mentions(normalise(text), "product")}
