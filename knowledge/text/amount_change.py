"""A booking's amount changed in a farmer's words: 改成1200斤, 西红柿改成1200斤, 多送点 改成两千斤,
只有800斤了, 少送点 300斤, "make it 1200 jin", "I only have 800 jin now".

改成 with a day or a time is a move (knowledge.text.moving: 改成明天下午); with a weight and no
day it is the amount. `said_amount` tells whether a message says nothing but "the amount is
now <a weight>": a cue of changing or of having more or less, one weight (with its unit: a
bare 1200 is no amount), and words that add nothing (那个, 吧, 预约, please, my booking) or
name the produce. A range (两三千斤) is no new amount to book. Pure.
"""

from __future__ import annotations

import re

from knowledge.text.dates import names_day
from knowledge.text.lexicon import lexicon
from knowledge.text.normalise import normalise
from knowledge.text.numbers import Quantity, parse_quantity, parse_range, without_amounts

# Changing to an amount (改成, 换成, 加到), or having only so much (只有, 只剩), or bringing
# more or less (多送点, 少送点); in English, make it / change it to / only have.
_CUE = re.compile(
    r"(?:改|换|变|调|加|减|增加|减少|提高|降)(?:成|为|到)|只有|只剩|就剩|还剩|剩下|没有那么多|没那么多"
    r"|[多少](?:送|拉|交|运|约)(?:一)?(?:点|些|一点)?"
    r"|\b(?:make|change|switch|update|increase|raise|reduce|lower|cut|decrease)\b"
    r"(?:\s+(?:it|that|the amount|my booking|the booking|my \w+|the \w+))?\s+(?:to|into)?"
    r"|\bmake it\b|\bonly (?:have|got|bringing|bring)?\b|\binstead\b|\bnot\b.{0,20}\bbut\b"
)
# Words that add nothing to "the amount is now <a weight>": who, asking, the booking, particles.
_ZH_FILLERS = (
    "能不能|可不可以|可以吗|行不行|好不好|麻烦|帮我|帮忙|给我|那个|这个|那单|这单|一下|预约|数量|重量"
    "|现在|实际|其实|今年|收成|不够|太多|总共|一共|大概|左右|差不多|我的|我们|俺们|咱们|预约的"
    "|我|俺|咱|想|要|能|可以|行|好|吗|嘛|呢|吧|啊|呀|哈|呗|哦|嗯|了|的|得|请|你|把|再|就|先|货"
    "|个|只|点|些|也|都|还|呐|噢|哟"
)
_EN_FILLERS = (
    r"\b(?:can|could|would|will|you|please|pls|i|we|want|wanna|like|need|it|that|this|my|our"
    r"|the|a|booking|pick ?up|pick-up|collection|amount|of|is|now|actually|just|have|got|only"
    r"|so|ok|okay|then|thanks|thank|to|for|me|bring|bringing|instead|not|but|more|less|be"
    r"|there|about|around|total|in|'ll|let's|lets|us)\b"
)
_FILLERS = re.compile(rf"{_ZH_FILLERS}|{_EN_FILLERS}|[\s,，。.!！?？~～、:：;；'\"“”→>-]")


def said_amount(text: str) -> Quantity | None:
    """The new amount a message says a booking should be (西红柿改成1200斤: 1200斤), else None
    (no cue, no weight, a day named, a range, or anything else said with it)."""
    norm = normalise(text)
    if _CUE.search(norm) is None or parse_range(norm) is not None:
        return None
    rest = without_amounts(norm)
    if rest == norm or names_day(rest):
        return None  # no weight with its unit (改成1200), or a day named: a move
    quantity = parse_quantity(norm)
    if quantity is None or quantity.value <= 0:
        return None
    rest = _CUE.sub(" ", rest)  # 多送点 改成两千斤: every cue
    for mention in lexicon().mentions(rest, "product"):
        rest = rest.replace(mention.typed, " ")
    return quantity if _FILLERS.sub("", rest) == "" else None


def says_amount(text: str) -> bool:
    """Whether `text` says only "the amount is now <a weight>" (see said_amount)."""
    return said_amount(text) is not None
