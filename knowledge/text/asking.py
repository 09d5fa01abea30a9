"""A question typed where a booking step asks for produce or an amount: 蓝莓修剪, 蓝莓咋修剪,
"blueberry pruning". It names produce (or a pest) and says more than the step's answer would,
so it is no answer, even when the knowledge base has nothing on it. 两千斤蓝莓, 西红柿明天送,
我要卖西红柿 and "2000 jin of tomatoes" are answers: what is left of them says nothing more.
Pure.
"""

from __future__ import annotations

import re

from knowledge.text.animals import ANIMALS, animals_of
from knowledge.text.dates import names_day, without_days
from knowledge.text.language import search_text
from knowledge.text.lexicon import lexicon
from knowledge.text.normalise import normalise

# An amount, with or without its unit (两千斤, 1.5吨, 500, 一千多斤, 3-5吨, 2000 jin).
_AMOUNT = re.compile(
    r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万几半]+)\s*(?:多|来|余|几|[-~到至、])?\s*"
    r"(?:万\s*)?(?:市斤|公斤|千克|斤|吨|担|袋|筐|箱|车|kgs?|kilos?|kilograms?|jin|tons?|tonnes?|t)?"
    r"(?![a-z])"
)
# What an answer to "what do you sell?" or "how much?" says besides the produce and the amount.
_ZH_WORDS = (
    "大概|差不多|估计|一共|总共|左右|上下|预约|站里|过去|过来|这些|那些|一下|我们|俺们|咱们"
    "|我|俺|咱|要|想|卖|送|拉|交|收|有|的|了|吧|啊|呀|哦|嗯|呢|都|是|就|个|点|些|还|约|到|去|来"
    "|给|帮|和|跟|也|先|再|能|可以|家|种|地|里"
)
_EN_WORDS = (
    r"\b(?:i|we|want|wanna|would|like|to|sell|selling|bring|book|booking|a|an|the|of|some|my|our"
    r"|about|around|roughly|maybe|please|and|pick ?up|pickup|for|it|is|have|got|deliver|drop|off"
    r"|station|at|in|on|them|those|these|lots?|just|only|s)\b"
)
_FILLERS = re.compile(rf"{_ZH_WORDS}|{_EN_WORDS}|[\s,，。.!！~～、:：;；'\"“”]")
_SAYS_MORE = re.compile(r"[\u4e00-\u9fff].*[\u4e00-\u9fff]|[a-z]{3,}|[?？]")


def asks_besides(text: str) -> bool:
    """Whether `text` names produce or a pest and says more than a step's answer: a question."""
    norm = normalise(text)
    mentions = lexicon().mentions(norm)
    if not mentions:
        return False
    rest = norm
    for mention in sorted(mentions, key=lambda m: -len(m.typed)):
        rest = rest.replace(mention.typed, " ")
    rest = _AMOUNT.sub(" ", without_days(rest))
    return _SAYS_MORE.search(_FILLERS.sub("", rest)) is not None


_CJK = re.compile(r"[\u4e00-\u9fff]")


def tells_problem(text: str) -> bool:
    """羊晚上老是咳嗽, "my goats keep coughing at night", "corn leaves turning yellow": an animal
    or produce and what happens to it, with no day named: a question where a step asks for a
    day or a time (the same words in English as in Chinese, in the base's words)."""
    said = search_text(text)
    if names_day(normalise(said)):
        return False
    if asks_besides(said):
        return True
    # Livestock: the lexicon names produce (猪肉), a farmer the animal (羊, goats → 羊).
    norm = normalise(said)
    rest = "".join(c for c in norm if not (c in ANIMALS and animals_of(c)))
    return rest != norm and len(_CJK.findall(without_days(rest))) >= 2
