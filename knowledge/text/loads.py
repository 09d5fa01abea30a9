"""A vehicle-load said as the amount (一车葱, 一三轮土豆, 半车白菜, a truckload of garlic).

A farmer measures produce by what carries it: the load says the produce is for sale, but
not how many 斤 it is (a tricycle holds far less than a lorry). The listing reads the
product from it and asks the weight (handlers/supply.py).
"""

from __future__ import annotations

import re

# The vehicles, longest first (三轮车 before 车); 车子 as said in the north (一车子葱).
_VEHICLE = r"(?:大|小)?(?:三轮车|三轮|蹦蹦车|拖拉机|四轮|卡车|货车|农用车|皮卡|板车|车)子?"
_COUNT = r"(?:满满|整整)?(?:[0-9]+|[一二两三四五六七八九十几半])\s*(?:个|辆|大)?"
# Not 车间, 车站, 车库, 车费 (other words with 车), not 十一车 read from the middle of a number.
LOAD = re.compile(
    rf"(?<![0-9一二两三四五六七八九十百千万几]){_COUNT}\s*{_VEHICLE}(?![间站库厢位票费钱])"
    r"|\b(?:a|one|half\s+a|two|three|\d+)\s+(?:truck|tricycle|tractor|cart|van|trailer)"
    r"(?:\s*-?\s*loads?|s)?\s+of\b",
    re.IGNORECASE,
)
# What may stand with a load and its produce in a message that only says it has them
# (俺家有一车葱, 葱一车了): a vehicle-load told is produce to sell.
_HAVE = (
    r"(?:(?:我|俺|咱)(?:们)?(?:家|家里|这|这里|这儿|手上|手里)?|家里)?"
    r"(?:还|现在|今年|刚)?(?:有|收了)?"
)
_TAIL = r"(?:了|呢|啊|呀|哦|嘞|哈)?[,，。.!！~～\s]*"


def said_load(text: str) -> str | None:
    """The vehicle-load the text says (一车, 一三轮, 半车, a truckload of), else None."""
    found = LOAD.search(text)
    return found.group(0).strip() if found else None


def only_a_load(text: str, product: str) -> bool:
    """Whether the text says only a load of `product` (as typed) is had: 一车葱, 葱一车,
    俺家有一车大葱 (nothing asked about it)."""
    load = LOAD.pattern.split("|\\b")[0]
    said = re.escape(product)
    return bool(re.fullmatch(rf"{_HAVE}(?:(?:{load}){said}|{said}(?:{load})){_TAIL}", text.strip()))
