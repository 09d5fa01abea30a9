"""A message that asks more about the price just shown, without naming the product again.

After 大蒜今天啥价, farmers go on as in speech: 跟上个礼拜比涨了没, 涨了还是跌了, 那公斤呢,
比上周呢, 新发地呢, 走势咋样; in English "per kg?", "did it go up?", "and last week?". Pure: the
caller knows whether the previous message got a price card, which products it showed, and
which words are places.
"""

from __future__ import annotations

import re

from knowledge.text.normalise import normalise
from knowledge.text.periods import past_period

# Longer than this is a new question, however it starts.
MAX_FOLLOW_UP_CHARS = 20

_MORE_OF_PRICE = re.compile(
    r"涨|跌|贵|便宜|降|掉价|高了|低了|变了|变化|行情|走势|趋势|图"
    r"|公斤|千克|斤|多少钱|多钱|啥价|什么价|价格|价钱|几块|几毛"
    r"|\b(?:go(?:ne|ing)? up|go(?:ne|ing)? down|ris(?:e|ing)|rose|risen|fall(?:ing)?|fell|fallen"
    r"|drop(?:ped|ping)?"
    r"|cheaper|dearer|more expensive|change[ds]?|per (?:kg|kilo|jin)|in (?:kg|kilos|jin)"
    r"|kg|kilo|price|chart|trend)\b",
    re.IGNORECASE,
)
# Everything a follow-up says besides the price words: its period, comparison, particles.
_FOLLOW_WORDS = re.compile(
    r"上上|上一?个?(?:周|星期|礼拜|月)|这一?个?(?:周|星期|礼拜|月)|[一两三四五六七八九十\d]+(?:天|周|个?月)前"
    r"|去年|今年|这时候|这个时候|同期|前几天|这几天|这两天|最近|近来|现在|眼下|今天|今儿|昨天|前天|明天|后天|一周|一个月"
    r"|跟|和|同|与|比|相比|比起|起来|还是|是|没有|没|不|吗|呢|啊|呀|吧|嘛|哇|了|的|得|会|要|能|又|还|再"
    r"|那么|那个|那|按|算|换成|换|用|看看|看|查查|查|一下|给我|我|俺|咱|说|问问|问"
    r"|涨|跌|贵|便宜|降|掉价|掉|高|低|变化|变|多少钱|好多钱|几多钱|多钱|多少|好多|几多|啥价|什么价|价格"
    r"|价钱|价|行情|走势|趋势|图|画|看"
    r"|咋样|怎么样|如何|咋|啥|什么|几块|几毛|块|毛|钱|一?公斤|千克|一?斤|每|一|多|少|点|些"
    r"|\b(?:did|does|do|is|was|it|has|have|the|a|and|also|what|how|about|then|now|today|last"
    r"|week|month|year|ago|this|compared|to|with|than|go(?:ne)?|up|down|rise|rose|risen|fall"
    r"|fell|fallen|drop(?:ped)?|cheaper|dearer|more|expensive|change[ds]?|per|in|kg|kilos?"
    r"|jin|price|prices|chart|trend|please|show|me|since|yesterday|going|rising|falling|dropping"
    r"|graph|kilo|kilogram)\b",
)
# Asking why, or what to do, is a question for the base (为啥跌了 wants a reason, not a card).
_WHY = re.compile(r"为啥|为什么|为何|咋回事|怎么回事|咋办|怎么办|\bwhy\b", re.IGNORECASE)
# A place said alone with a follow-up word: 新发地呢, 寿光那边呢, "and in Xinfadi?".
_PLACE_TAIL = re.compile(
    r"^(?:那|在)?\S{1,12}?(?:那边|这边|那里|的)?(?:呢|咋样|怎么样|[?？])\s*[?？]*$"
    r"|^(?:and |what about |how about )?(?:in |at )?[a-z ]{2,24}\?$",
    re.IGNORECASE,
)


PRICE = "price"  # its change, another unit, a past period
PLACE = "place"  # "X呢" said short: X may be a market or a place (the caller checks)


def follow_up_kind(text: str) -> str | None:
    """PRICE when `text` (naming no product) asks more about the price just shown; PLACE
    when it may ask it at another market or place; None when it asks something else."""
    norm = normalise(text).strip()
    most = MAX_FOLLOW_UP_CHARS * (2 if norm.isascii() else 1)  # English takes more letters
    if not norm or len(norm) > most or _WHY.search(norm):
        return None
    if (_MORE_OF_PRICE.search(norm) or past_period(norm) is not None) and not _left(norm):
        return PRICE
    return PLACE if _PLACE_TAIL.search(norm) else None


def _left(norm: str) -> str:
    """What `norm` says besides the words of a price follow-up (蒜薹 of 蒜薹啥价: another
    product, which the follow-up is not about)."""
    left = _FOLLOW_WORDS.sub(" ", norm.lower())
    return re.sub(r"[\s\W\d]+", "", left)


# 谁收, 哪里收呢, 有人要吗, who buys it: the buyers of what was just talked about.
_WHO_BUYS = re.compile(
    r"^(?:那|那么|那个)?(?:谁|哪里|哪儿|哪个|哪家|什么人|啥人|有人|有没有人)(?:在|会|能)?(?:收|要|买)"
    r"(?:吗|呢|啊|呀|不|没)?\s*[?？]*$"
    r"|^(?:and )?who(?:'s| is)? (?:buys|buying|wants)(?: it| them| that)?\s*\??$",
    re.IGNORECASE,
)


def asks_buyers_only(text: str) -> bool:
    """Whether `text` asks who buys without naming what (谁收, who buys it)."""
    return bool(_WHO_BUYS.match(normalise(text).strip()))


# What an English place follow-up says around the name: "and in Daotian?", "what about Xinfadi?".
_EN_PLACE_WORDS = re.compile(
    r"^\s*(?:and\s+|what\s+about\s+|how\s+about\s+)?(?:in\s+|at\s+)?|\s*[?？]+\s*$",
    re.IGNORECASE,
)


def spelled_place(text: str) -> str | None:
    """The name a place follow-up typed in Latin letters says ("Daotian?", "and in Sunjiaji
    village?" → Daotian, Sunjiaji village), to look up by its pinyin; None for other text."""
    norm = normalise(text).strip()
    if not norm.isascii() or follow_up_kind(norm) != PLACE:
        return None
    name = _EN_PLACE_WORDS.sub("", norm).strip()
    return name if re.fullmatch(r"[A-Za-z][A-Za-z' -]+", name) else None
