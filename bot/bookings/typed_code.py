"""A booking code typed by station staff (E9LEXL, e9lexl 已收 780斤), read without Telegram.

Staff see codes in /pickups and farmers read them out: the code alone asks for that
booking's card; with 已收 / 收了 / 称了 (collected, weighed) and a weight it records the
weighing as the 收了 button's weight prompt does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.bookings.model import CODE_ALPHABET, CODE_LENGTH
from knowledge.text.language import knows_english
from knowledge.text.normalise import normalise
from knowledge.text.numbers import parse_quantity, to_number

# A bare number said with 已收 is kilograms, as the 收了 button's weight prompt takes it.
_BARE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d.])")
# A code stands alone among latin letters and digits. Typed in capitals it is any word of
# the alphabet (ABCDEF); in small letters it must mix letters and digits (e9lexl), so an
# English word (tomato) is never taken for one.
_CODE = re.compile(rf"(?<![A-Za-z0-9])([{CODE_ALPHABET}]{{{CODE_LENGTH}}})(?![A-Za-z0-9])", re.I)
# Words saying the produce was taken in (and weighed): 已收, 收了, 收到了, 称了, 过秤了,
# collected, received, weighed.
_COLLECTED = re.compile(
    r"已收|收了|收好|收到|收下|已称|称了|秤了|过秤|过完秤|\bcollected\b|\breceived\b|\bweighed\b|\bgot\b",
    re.I,
)


@dataclass(frozen=True)
class CodeSaid:
    """A typed booking code and what was said with it."""

    code: str  # upper case, as stored
    collected: bool  # 已收 / 收了 / 称了 said with it
    kg: float | None  # the weight said with it, else None


def _is_code(word: str) -> bool:
    if word.isupper():
        return True
    return any(c.isdigit() for c in word) and any(c.isalpha() for c in word)


def read_code(text: str) -> CodeSaid | None:
    """The booking code in a short staff message, and a weighing said with it; else None."""
    found = [m for m in _CODE.finditer(text) if _is_code(m.group(1))]
    if len(found) != 1:
        return None
    match = found[0]
    rest = normalise(text[: match.start()] + " " + text[match.end() :])
    collected = _COLLECTED.search(rest) is not None
    quantity = parse_quantity(rest)
    kg = quantity.kg if quantity is not None else None
    bare = _BARE.findall(rest)
    if kg is None and collected and len(bare) == 1:
        kg = to_number(bare[0])
    return CodeSaid(code=match.group(1).upper(), collected=collected, kg=kg)


# What a farmer says around their own code (我的预约 GSS7G6, 查一下 GSS7G6, "my booking
# GSS7G6"): nothing else, or it is some other ask.
_FARMER_FILLERS = re.compile(
    r"我的|俺的|我们的|咱的|预约号|预约单|预约|单号|单子|号码|号|查一下|查查|查|看一下|看看|看下"
    r"|这个|这张|那张|那个|是|的|呢|吗|啊|呀|帮我|请|麻烦|一下"
    r"|\b(?:my|the|booking|code|check|show|see|please|pls|is|what|about|status|of)\b"
    r"|[\s,，。.!！?？~～、:：;；]",
    re.I,
)


def read_farmer_code(text: str) -> str | None:
    """The booking code (upper case) a farmer's message is about (GSS7G6, 我的预约 gss7g6),
    when it says nothing else; a word in capitals that is English (TOMATO) is no code."""
    found = [m for m in _CODE.finditer(text) if _is_code(m.group(1))]
    if len(found) != 1:
        return None
    word = found[0].group(1)
    if word.isalpha() and knows_english(word.lower()):
        return None
    rest = text[: found[0].start()] + " " + text[found[0].end() :]
    if _FARMER_FILLERS.sub("", normalise(rest)) != "":
        return None
    return word.upper()
