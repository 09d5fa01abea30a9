"""Live animals for sale by the head (我有20只羊要卖, 十几头猪要卖, 卖两头肥猪, "selling 5 cattle").

Sandbox walk (a pastoral county): 我有20只羊要卖 was answered 「这个问题我暂时答不上来」. Herders
count animals, markets and stations deal by weight: a head count of an animal said with a
selling word is a listing of the animal's product (羊 → 羊肉, as knowledge.text.per_head reads
it), its weight asked next (in all, or per head: `each_weight`) and the count kept. A count
and an animal alone (我有20只羊) is no listing. Pure: handlers/supply.py drafts the listing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.text.numbers import numeral_pair, to_number
from knowledge.text.per_head import PerHead, animal_at

_CN = "零〇一二两三四五六七八九十百千"
_MAGNITUDE = {"十": 10, "百": 100, "千": 1000}
# A count then its measure word: 20只, 两头, 二三十只 (20-30), 十几头 (10-19), 二十多只 (20-29),
# 20来只 (about 20), 20-30只, 三到五头.
_COUNT_ZH = re.compile(
    rf"(?<![{_CN}\d.])(?:"
    r"(?P<pair>[一二两三四五六七八九]{2})(?P<pair_mag>[十百])?"
    rf"|(?P<lo>\d+|[{_CN}]+?)\s*(?:-|~|到|至)\s*(?P<hi>\d+|[{_CN}]+?)"
    rf"|(?P<num>\d+|[{_CN}]+?)\s*(?P<loose>多|几|来|余)?"
    r")\s*(?:只|头|口|匹|条)\s*"
)
_EN_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100, "dozen": 12,
}  # fmt: skip
_EN_NUM = r"\d+|" + "|".join(_EN_WORDS)
# 20 sheep, five cows, 20-30 sheep, 20 or 30 sheep, 20-odd sheep, 20+ sheep, a dozen hens,
# about 20 sheep, 5 head of cattle.
_COUNT_EN = re.compile(
    rf"\b(?:a\s+)?(?P<lo>{_EN_NUM})(?:\s*(?:-|to|or)\s*(?P<hi>{_EN_NUM}))?"
    r"(?P<odd>\s*\+|-odd|\s+odd|\s+plus)?\s+(?:head\s+of\s+)?",
    re.IGNORECASE,
)
# An animal's product said after it is no animal: 20只鸡蛋, 5头牛肉.
_NOT_ANIMAL_AFTER = re.compile(r"[蛋肉毛皮奶粪]")
# Selling: 要卖, 想出手, 卖两头肥猪, 出售; not a price asked (两头牛能卖多少钱: per_head's), not
# one sold already (已经卖了20只羊).
_SELL = re.compile(r"卖|出售|出手|\bsell(?:s|ing)?\b|\bfor sale\b", re.IGNORECASE)
# Nor who sold them to the farmer (卖猪的说要打疫苗), nor a question about them (想育肥卖 怎么喂).
_NOT_SELLING = re.compile(
    r"多少钱|多钱|几个钱|几块|啥价|什么价|价格|价钱|行情|卖多少|能卖吗|好卖吗|卖不卖"
    r"|(?<![要想])卖(?:了|掉了|完了?|光了|出去了)"
    r"|卖[\u4e00-\u9fff]{0,3}的|怎么|咋|如何|为什么|为啥|要不要|该不该|能不能|可不可以|多少料"
    r"|\bhow much\b|\bprices?\b|\bworth\b|\bsold\b",
    re.IGNORECASE,
)
# A listing is said short; a long message that mentions selling its sick pigs (养了三十几头肥猪
# … 是不是非洲猪瘟 … 能不能赶紧卖掉) asks the knowledge base.
MAX_LISTING = 40
# A weight said per head, the answer to "一共多少斤？也可以说每只多少斤": 每只80斤, 一头300斤,
# 80斤一只, 平均每只80斤, "80 jin each", "300 jin per head", "80 jin apiece".
_EACH = re.compile(
    r"(?:每|一|1|单|平均)\s*(?:只|头|口|匹|个)"
    r"|\b(?:each|apiece|per head|a head|per animal|a piece|per (?:sheep|cow|pig|chicken))\b",
    re.IGNORECASE,
)
# What the markets call an animal's count in: 头 of the large, 只 of the rest.
_BIG = frozenset({"牛肉", "猪肉"})
MAX_HEADS = 100_000


@dataclass(frozen=True)
class Herd:
    """A head count of an animal: `heads` (the low figure of an estimate) to `high` (None:
    said as one figure), the animal as said (肥猪, sheep) and the product markets quote."""

    heads: int
    high: int | None
    animal: str
    meat: str


def measure_of(meat: str) -> str:
    """The measure word of the animal a product is the meat of: 头 (牛, 猪) or 只."""
    return "头" if meat in _BIG else "只"


def said_herd(norm: str) -> Herd | None:
    """The first head count of an animal in a normalised text (20只羊, 十几头猪, five cows)."""
    for found in _COUNT_ZH.finditer(norm):
        herd = _herd(norm, found.end(), _zh_count(found))
        if herd is not None:
            return herd
    for found in _COUNT_EN.finditer(norm):
        herd = _herd(norm, found.end(), _en_count(found))
        if herd is not None:
            return herd
    return _herd_before_count(norm)


def _herd_before_count(norm: str) -> Herd | None:
    """The animal named before its count (我要卖土猪，3头; 黄牛两头要卖; 土猪三头)."""
    for pos in range(len(norm)):
        animal = animal_at(norm, pos)
        if animal is None or _NOT_ANIMAL_AFTER.match(norm, pos + len(animal.animal)):
            continue
        for found in _COUNT_ZH.finditer(norm, pos + len(animal.animal)):
            count = _zh_count(found)
            if count is not None and animal_at(norm, found.end()) is None:
                return Herd(count[0], count[1], animal.animal, animal.meat)
        return None
    return None


def animal_named(norm: str) -> PerHead | None:
    """The first live animal a normalised text names, as said (黄牛, 土猪, cattle), with the
    meat markets quote it as; not its product (牛肉, 鸡蛋, 羊毛: no animal). Who buys 黄牛 is
    answered of the animal said (收黄牛的服务站), not of 牛肉."""
    for pos in range(len(norm)):
        animal = animal_at(norm, pos)
        if animal is not None and not _NOT_ANIMAL_AFTER.match(norm, pos + len(animal.animal)):
            return animal
    return None


def head_count(text: str) -> tuple[int, int | None] | None:
    """A head count said alone (两头, 3头, 十几只, "2 head"): the answer to how much of an
    animal's meat is for sale is its herd, its weight asked next."""
    norm = text.strip().rstrip("。.!！~ ")
    found = _COUNT_ZH.fullmatch(norm)
    if found is not None:
        return _zh_count(found)
    english = re.fullmatch(rf"(?P<lo>{_EN_NUM})\s+(?:head|heads)", norm, re.IGNORECASE)
    return _checked(_en_number(english.group("lo")), None) if english is not None else None


def herd_for_sale(norm: str) -> Herd | None:
    """The herd a normalised message lists for sale (我有20只羊要卖, 卖两头肥猪, "selling 5
    cattle"), else None: a count alone (我有20只羊) or its price asked is no listing."""
    if len(norm) > MAX_LISTING or not _SELL.search(norm) or _NOT_SELLING.search(norm):
        return None
    return said_herd(norm)


# A count and an animal told alone (我有20只羊, 家里养了十几头猪, "I have 20 sheep"): whether to
# sell them is asked back (handlers/supply.py), not the knowledge base (sandbox walk: 答不上来).
_TOLD_ZH = re.compile(
    r"^(?:我|俺|咱|我们|俺们|咱们)?(?:家|家里|这)?(?:现在|目前|还)?(?:有|养着|养了|养|喂着|喂了|喂|圈了)"
    r"(?P<herd>.+?)[了呢啊呀哈嘛。.!！~\s]*$"
)
_TOLD_EN = re.compile(
    r"^(?:i|we)\s+(?:have|'?ve got|got|keep|raise|own)\s+(?:got\s+)?(?P<herd>.+?)[.!\s]*$",
    re.IGNORECASE,
)


def herd_told(norm: str) -> Herd | None:
    """The herd a normalised message only tells of (我有20只羊, "I have 20 sheep"): a count and
    an animal, nothing sold or asked; else None."""
    for told, count_of, counts in (
        (_TOLD_ZH, _zh_count, _COUNT_ZH),
        (_TOLD_EN, _en_count, _COUNT_EN),
    ):
        said = told.match(norm.strip())
        if said is None:
            continue
        herd_text = said.group("herd").strip()
        found = counts.match(herd_text)
        if found is None:
            continue
        herd = _herd(herd_text, found.end(), count_of(found))
        if herd is not None and found.end() + len(herd.animal) == len(herd_text):
            return herd
    return None


# The answer to 「您有20只羊。是想卖吗？」 said in words: 要卖, 卖, 想卖, 卖吧, 卖了吧, 是的要卖,
# 打算卖掉, 出手, "sell", "sell them", "yes, sell them", "I want to sell". (A bare 是 / 好的 / yes
# is knowledge.text.yesno's.)
_SELL_ANSWER = re.compile(
    r"^(?:是的?|对|嗯|好|要得|是滴)?[,，\s]*(?:我|俺)?(?:要|想|是想|是要|打算|准备|得)?"
    r"(?:卖|出售|出手|卖掉|卖了)(?:掉|了|出去)?(?:吧|啊|呀|嘛|哈|咯|噻|的|了|它们|他们|掉)*"
    r"[\s,，。.!！~]*$"
    r"|^(?:yes|yeah|yep|ok|sure)?[,\s]*(?:i\s*)?"
    r"(?:(?:want|would like|['’]d like|wanna)\s+(?:to\s+)?)?"
    r"sell(?:\s+(?:them|it|all|all of them|please))*[\s.!]*$",
    re.IGNORECASE,
)


def says_sell(text: str) -> bool:
    """Whether a short normalised text answers "are they for sale?" with selling (要卖, 想卖,
    卖吧, "sell them"); a plain yes is `yesno.says_yes`."""
    return bool(_SELL_ANSWER.match(text.strip()))


def each_weight(text: str) -> bool:
    """Whether a weight is said per head (每只80斤, 80斤一头, "80 jin each")."""
    return bool(_EACH.search(text))


def _herd(norm: str, at: int, count: tuple[int, int | None] | None) -> Herd | None:
    if count is None:
        return None
    animal = animal_at(norm, at)
    if animal is None:
        return None
    end = at + len(animal.animal)
    if _NOT_ANIMAL_AFTER.match(norm, end):
        return None
    return Herd(count[0], count[1], animal.animal, animal.meat)


def _checked(low: float | None, high: float | None) -> tuple[int, int | None] | None:
    if low is None or not low.is_integer() or not 0 < low <= MAX_HEADS:
        return None
    if high is not None and (not high.is_integer() or not low < high <= MAX_HEADS):
        return None
    return int(low), int(high) if high is not None else None


def _zh_count(found: re.Match[str]) -> tuple[int, int | None] | None:
    if found.group("pair"):
        figures = numeral_pair(found.group("pair"), found.group("pair_mag") or "")
        return None if figures is None else _checked(float(figures[0]), float(figures[1]))
    if found.group("lo"):
        return _checked(to_number(found.group("lo")), to_number(found.group("hi")))
    value = to_number(found.group("num"))
    loose = found.group("loose")
    if value is None or loose in (None, "来"):
        return _checked(value, None)  # 20来只: about 20
    top = value + _place(found.group("num"), value) - 1
    return _checked(value, top if top > value else None)


def _place(number: str, value: float) -> int:
    """The place of the figure's last digit: 十几 → 10 (10-19), 一百多 → 100, 25多 → 1."""
    if number[-1] in _MAGNITUDE:
        return _MAGNITUDE[number[-1]]
    whole, place = int(value), 1
    while whole % (place * 10) == 0 and whole >= place * 10:
        place *= 10
    return place


def _en_number(word: str | None) -> float | None:
    if word is None:
        return None
    return float(_EN_WORDS[word.lower()]) if word.lower() in _EN_WORDS else to_number(word)


def _en_count(found: re.Match[str]) -> tuple[int, int | None] | None:
    low = _en_number(found.group("lo"))
    if found.group("hi"):
        return _checked(low, _en_number(found.group("hi")))
    if found.group("odd") and low is not None:
        high = low + _place(str(int(low)), low) - 1
        return _checked(low, high if high > low else None)
    return _checked(low, None)
