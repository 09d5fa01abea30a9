"""A price asked per animal (羊娃子多钱一只, 一头牛多少钱, how much is a sheep each): markets quote
meat by the 斤, not animals by the head.

Sandbox walk (a pastoral county): 羊娃子多钱一只 was answered with the lamb-diarrhoea entry.
Such a question is a price question about the animal's meat, said with a note that the
price is per 斤 of meat, not per head. Pure: the caller shows the prices and the note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from knowledge.text.lexicon import lexicon

# The animal as said (with its young: 羊娃子, 牛犊, 猪崽) → the meat the markets quote.
_MEAT = {"羊": "羊肉", "牛": "牛肉", "猪": "猪肉", "鸡": "鸡肉"}
# Breeds and kinds said before the animal (黄牛, 水牛, 土猪, 黑猪, 山羊, 土鸡, 本地黄牛): the
# same animal. A county's own names of it (FARMHUB_PRODUCTS) are read by `_alias_at`.
_ANIMAL = re.compile(
    r"(?:小|仔|活|肉|母|公|肥|大|架子|本地|土|黑|黄|水|山|奶|菜|耕|跑山|草|乌|老|湘西)?"
    r"(?P<animal>[羊牛猪鸡])"
    r"(?:娃子?|羔子?|崽子?|仔|犊子?|苗|娃娃|儿)?"
    r"|(?:羔|犊)(?P<young>[羊牛])"
    r"|\b(?P<en>sheep|lambs?|goats?|cows?|cattle|calf|calves|pigs?|piglets?|hogs?|chickens?|hens?)\b",
    re.IGNORECASE,
)
_EN_MEAT = {
    "sheep": "羊肉", "lamb": "羊肉", "goat": "羊肉", "cow": "牛肉", "cattle": "牛肉",
    "calf": "牛肉", "calves": "牛肉", "pig": "猪肉", "piglet": "猪肉", "hog": "猪肉",
    "chicken": "鸡肉", "hen": "鸡肉",
}  # fmt: skip
_ASKED = r"(?:多少钱|多钱|几多钱|好多钱|啥价|什么价|几块|咋卖|怎么卖|卖多少|能卖多少|卖几个钱)"
_HEAD = r"(?:一|每|1)\s*(?:只|头|口|个|匹)"
_PER_HEAD = re.compile(
    rf"{_ASKED}[^,，。?？]{{0,2}}{_HEAD}|{_HEAD}[^,，。?？]{{0,6}}{_ASKED}"
    r"|\b(?:per head|each|apiece|a head|per animal)\b",
    re.IGNORECASE,
)
# The young said alone (羊娃子咋卖, 牛犊多少钱) are sold by the head too.
_YOUNG = re.compile(
    r"[羊牛猪鸡](?:娃|羔|崽|仔|犊|苗)|羔[羊]|犊[牛]|\b(?:lambs?|calf|calves|piglets?)\b"
)
_PRICE = re.compile(rf"{_ASKED}|行情|\bhow much\b|\bprice\b", re.IGNORECASE)


@dataclass(frozen=True)
class PerHead:
    """An animal's price asked by the head: the animal as said and the meat markets quote."""

    animal: str
    meat: str


def per_head(norm: str) -> PerHead | None:
    """The animal and its meat when `norm` asks an animal's price by the head, else None."""
    found = _ANIMAL.search(norm)
    if found is None or not _PRICE.search(norm):
        return None
    if not (_PER_HEAD.search(norm) or _YOUNG.search(norm)):
        return None
    return _reading(found)


def animal_at(text: str, pos: int) -> PerHead | None:
    """The animal named right at `pos` of `text` (羊, 肥猪, 活羊, sheep) and its meat,
    else None: what a head count is of (knowledge.text.heads)."""
    alias = _alias_at(text, pos)
    found = _ANIMAL.match(text, pos)
    reading = _reading(found) if found is not None else None
    if alias is not None and (reading is None or len(alias.animal) > len(reading.animal)):
        return alias
    return reading


@cache
def _animal_names() -> tuple[tuple[str, str], ...]:
    """Every Chinese name of a live animal the lexicon gives a meat (the county's too: 黄牛
    for 牛肉), longest first: a name that says the animal (牛, 猪) and not its meat (肉)."""
    table = lexicon()
    names = {
        name: meat
        for meat in _MEAT.values()
        if (product := table.products.get(meat)) is not None
        for name in product.names
        if "肉" not in name and not name.isascii()
    }
    return tuple(sorted(names.items(), key=lambda pair: len(pair[0]), reverse=True))


def _alias_at(text: str, pos: int) -> PerHead | None:
    for name, meat in _animal_names():
        if text.startswith(name, pos):
            return PerHead(name, meat)
    return None


def _reading(found: re.Match[str]) -> PerHead | None:
    english = found.group("en")
    if english:
        meat = _EN_MEAT.get(english.lower().rstrip("s"), _EN_MEAT.get(english.lower()))
        return PerHead(english, meat) if meat else None
    animal = found.group("animal") or found.group("young") or ""
    return PerHead(found.group(0), _MEAT[animal]) if animal in _MEAT else None


# The animal a meat is sold as, named for a farmer to say it (我有20只羊要卖, "I have 20 sheep
# to sell": the example after a listing of them is withdrawn): by language.
_HERD_NOUN = {
    "zh": {"羊肉": "羊", "牛肉": "牛", "猪肉": "猪", "鸡肉": "鸡"},
    "en": {"羊肉": "sheep", "牛肉": "cattle", "猪肉": "pigs", "鸡肉": "chickens"},
}


def herd_noun(lang: str, meat: str) -> str | None:
    """The animal whose meat `meat` is, as a farmer names a herd of it in `lang` (羊, cattle)."""
    return _HERD_NOUN.get(lang, _HERD_NOUN["zh"]).get(meat)


def without_animal(text: str) -> str:
    """`text` without the animal and the per-head words (一头牛多少钱 names no place)."""
    return _PER_HEAD.sub(" ", _ANIMAL.sub(" ", text))
