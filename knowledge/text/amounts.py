"""One amount of money typed as a word (三块五, 七十, ￥2.5, 2.5元/斤), read whole or not at all.

The admin's /price and every import file read prices this way (bot/imports/checks.py
parse_float), so 七十 is 70 in a file as it is in the chat. The amount is read by the
farmers' own price reader (parse_price); the pattern makes sure no part of the word is
left unread (parse_price finds *a* price in a sentence).
"""

from __future__ import annotations

import re

from knowledge.text.normalise import normalise
from knowledge.text.numbers import parse_price, to_number

_NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千点]+)"
_DIGIT = r"[\d一二两三四五六七八九]"
_UNITS = r"(?:斤|市斤|公斤|千克|kg)"
_PER = rf"(?:(?:/|每|一|1)?{_UNITS})?"
# One whole amount and nothing else: 2.5, 三块五, 2块5, 3元5角, 一块二毛五, 1块2毛5, 一块零五, 五毛,
# 九毛八, 2.5元/斤 (not 1块2毛5斤: 五斤 or 5 分?). The amount is read by parse_price; this only
# makes sure no part of the word is left unread (parse_price finds *a* price in a sentence).
_WHOLE = re.compile(
    rf"{_NUM}(?:(?:块|元)(?:钱|{_DIGIT}(?:毛|角)?钱?|(?:{_DIGIT}(?:毛|角)|[零0]){_DIGIT}(?:分|(?!{_UNITS}))钱?)?"
    rf"|(?:毛|角)(?:钱|{_DIGIT}分?)?)?{_PER}",
)
# A currency sign before the amount: ￥2.5 and ¥2.5 (NFKC folds ￥ to ¥).
_CURRENCY = "¥"


def read_amount(word: str) -> tuple[float, str | None] | None:
    """A price typed as one word (三块五, ￥2.5, 2.5元/斤): yuan and its unit, else None."""
    text = normalise(word).replace(" ", "").removeprefix(_CURRENCY)
    if not text or not _WHOLE.fullmatch(text):
        return None
    plain = to_number(text)
    if plain is not None:
        return (plain, None) if plain > 0 else None
    price = parse_price(text)
    if price is None or price.yuan <= 0:
        return None
    return price.yuan, price.unit
