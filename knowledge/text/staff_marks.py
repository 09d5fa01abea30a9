"""Station staff marking a pickup in shorthand, without its booking code: 收了 / 没来 alone
(the round now due, with its buttons), 孙大爷鸡蛋收了，28斤 (a farmer's name and/or produce,
collected, and the weight), 孙大爷没来, collected / no show, Mr Sun collected 28 jin.

Busy staff know their farmers' names, not 6-letter codes (blind staff walk: each of these
got the knowledge-base refusal). Pure: read by knowledge/text/staff_words.py; the booking
the words name is found by bot/bookings/marks.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from knowledge.text.normalise import normalise
from knowledge.text.numbers import parse_quantity, to_number


class Mark(StrEnum):
    """What staff say happened to a pickup."""

    collected = "collected"  # 收了
    no_show = "no_show"  # 没来


@dataclass(frozen=True)
class MarkSaid:
    """A pickup marked in words: `who` the farmer's name and/or produce as said ("" for 收了
    alone: the round now due), `kg` the weight said with 收了 (None: not said)."""

    mark: Mark
    who: str = ""
    kg: float | None = None


# Who and what said before the verb: a name, a product, a surname with a title; no digits
# (a booking code is typed with its own handler), at most a short phrase.
_ZH = re.compile(
    r"^(?P<who>[^\d]{0,12}?)(?:的)?(?:都|也|已经|刚|刚刚)?"
    r"(?P<verb>已收|已经收了|收了|收好了|收到了|收下了|称了|称好了|过秤了|过完秤了|已称"
    r"|没来|没有来|没过来|没来送|没送来|没到|不来了|没来了)"
    r"(?:货)?(?:了)?[\s,，。:：、;；!！]*(?P<rest>.*)$"
)
_EN = re.compile(
    r"^(?P<who>[a-z][a-z .'-]{0,30}?)?\s*"
    r"(?P<verb>collected|received|weighed|no[- ]?show|didn'?t come|did not come|not come)"
    r"(?:\s*[:,]?\s*(?:at\s+)?(?P<rest>.*))?$"
)
# Said before the name and meaning nothing about whose (今天孙大爷收了, 刚才刘大姐的白菜).
_FILLER = re.compile(r"^(?:今天|今日|刚才|刚刚|上午|下午|那个|这个)+|(?:的)$")
# Who asked, not named (谁没来, 还有谁没来): the round's open bookings, as 没来 alone.
_ANYONE = re.compile(r"^(?:还有)?(?:谁|哪些人|哪个|哪几个|哪家|哪几家|哪位)(?:还)?$")
# A question is not a record (收了吗, 都收了没有, 收了多少).
_ASKED = re.compile(r"[吗嘛么?？]$|没有?$|多少|几|\bhow\b|\bwhat\b")
# Words that make the verb something else: 不收了 (closing), 明天收了 (another day).
_NOT_WHO = re.compile(r"[不别没要会能]$|明天|后天|昨天|前天|\b(?:not|never|tomorrow)\b")
_EN_SKIP = re.compile(r"^(?:today'?s?|just|already|the|has|have|was|were)\b\s*")
# A booking code in the words: the code handler's (handlers/bookings/codes.py).
_CODE_LIKE = re.compile(
    r"(?<![A-Za-z0-9])(?:[A-Z0-9]{6}|(?=[A-Za-z]*\d)[A-Za-z0-9]{6})(?![A-Za-z0-9])"
)
_BARE = re.compile(r"^(\d+(?:\.\d+)?)$")
MAX_CHARS = 30


def mark_said(text: str) -> MarkSaid | None:
    """The pickup mark in short staff words (收了, 孙大爷鸡蛋收了，28斤); else None."""
    if _CODE_LIKE.search(text):
        return None
    norm = normalise(text).strip(" 。.!！~～")
    if not norm or len(norm) > MAX_CHARS or _ASKED.search(norm):
        return None
    said = _ZH.match(norm) or _EN.match(norm.lower())
    if said is None:
        return None
    verb = said.group("verb")
    mark = Mark.no_show if re.search(r"没|不来|no|not|n't", verb) else Mark.collected
    rest = (said.group("rest") or "").strip(" ,，。.、")
    kg = _weight(rest)
    if rest and (kg is None or mark is Mark.no_show):
        return None  # more said than a weight: something else
    who = _who(said.group("who") or "")
    if _NOT_WHO.search(who):
        return None  # 下午不收了, 明天收了: a closing or another day, not a pickup marked
    return MarkSaid(mark, who, kg)


def _weight(rest: str) -> float | None:
    """The weight said after 收了 (28斤, 0.4吨, a bare number of kg as the weight prompt)."""
    if not rest:
        return None
    quantity = parse_quantity(rest)
    if quantity is not None:
        return quantity.kg
    bare = _BARE.match(rest)
    return to_number(bare.group(1)) if bare else None


def _who(said: str) -> str:
    """The name and/or produce said, without the day and filler words around them."""
    who = _EN_SKIP.sub("", _FILLER.sub("", said.strip())).strip(" ,，的")
    return "" if _ANYONE.match(who) else who
