"""`/price PRODUCT MARKET PRICE [UNIT] [DATE]` read the way admins type it.

Telegram-free. A price is said as people say it (三块五, 两块, 2块5, ￥2.5, 2.5元, 3元5角,
2.5元/斤): it is read by the farmers' own price reader (knowledge.text.numbers) and
handed to the price import as a plain decimal. A price that is not one whole price
(abc, 2,5, 1块2毛5) is handed on as typed, so the import refuses it with its reason
(2,5 gets the decimal-point hint: it was once stored as 25). A market may be more than
one word (xin fa di, Xinfadi Market): everything between the product and the price.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.imports import ProblemError
from bot.markets.prices import price_unit
from knowledge.text.amounts import read_amount
from knowledge.text.dates import names_day
from knowledge.text.lexicon import lexicon
from knowledge.text.normalise import normalise
from knowledge.text.periods import past_day

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# A date with its year in other separators (2026/12/5, 2026.12.05) and one without (12/5, 12-5).
_YEAR_DATE = re.compile(r"([0-9]{4})[/.年-]([0-9]{1,2})[/.月-]([0-9]{1,2})[日号]?")
_MONTH_DAY = re.compile(r"([0-9]{1,2})[/-]([0-9]{1,2})")
_TODAY = frozenset({"今天", "今日", "today"})
# Words that only say "yuan", typed apart from the amount (2.5 元): part of the price.
_YUAN_WORDS = frozenset({"元", "块", "块钱", "元钱", "yuan", "rmb", "kuai"})


@dataclass(frozen=True)
class TypedWords:
    """A /price command's parts: what goes to the import, and the price as it was typed."""

    product: str
    market: str
    price: str  # a plain decimal when it was read, else the words typed (the import says why)
    said: str  # the price as typed (三块五), said back beside what it was read as
    unit: str | None  # None: the market's own unit
    day: date
    bad_day: str | None = None  # the last word named a day that is no past day (明天): as typed


def _is_unit(word: str) -> bool:
    # 元/两 is a unit, if a wrong one: the import says so rather than read it as a price.
    if "/" in word and read_amount(word) is None:
        return True
    try:
        price_unit(word)
    except ProblemError:
        return False
    return True


def _product_words(words: Sequence[str]) -> int:
    # An English product name may be two words (sweet potato): taken when the first
    # word alone is no product and the two together are, with a market and price left.
    if len(words) >= 4 and lexicon().product(words[0]) is None:
        if lexicon().product(" ".join(words[:2])) is not None:
            return 2
    return 1


def read_command(args: Sequence[str], today: date) -> TypedWords | None:
    """The parts of `/price ...` (its words after the command); None when some are missing."""
    words = [w for w in args if w.strip()]
    day, bad_day = today, None
    if words and _DATE.fullmatch(words[-1]):
        try:
            day = date.fromisoformat(words.pop())
        except ValueError:
            return None
    elif len(words) >= 4 and _is_day(words[-1], today):
        said_day = words.pop()
        found = read_day(said_day, today)
        day, bad_day = (today, said_day) if found is None else (found, None)
    unit: str | None = None
    if len(words) >= 4 and words[-1].lower() in _YUAN_WORDS:
        words[-2:] = [words[-2] + words[-1]]  # 2.5 元: the amount and its 元
    elif len(words) >= 4 and _is_unit(words[-1]):
        unit = words.pop()
    if len(words) < 3:
        return None
    taken = _product_words(words)
    product, market, said = " ".join(words[:taken]), " ".join(words[taken:-1]), words[-1]
    if not market:
        return None
    amount = read_amount(said)
    if amount is None:
        return TypedWords(product, market, said, said, unit, day, bad_day)
    yuan, per = amount
    if unit is None and per is not None:
        unit = f"元/{per}"
    return TypedWords(product, market, f"{yuan:g}", said, unit, day, bad_day)


def read_day(word: str, today: date) -> date | None:
    """The day a price is for, typed as people say it: 2026-12-05, 2026/12/5, 12/5, 12月5日,
    昨天, 前天, 上周五, yesterday, Dec 5 (today or a past day; a future day is None)."""
    text = normalise(word).strip()
    if text in _TODAY:
        return today
    full = _YEAR_DATE.fullmatch(text)
    if full is not None:
        try:
            day = date(int(full.group(1)), int(full.group(2)), int(full.group(3)))
        except ValueError:
            return None
        return day if day <= today else None
    short = _MONTH_DAY.fullmatch(text)
    if short is not None:
        text = f"{short.group(1)}月{short.group(2)}日"
    found = past_day(text, today)
    if found is not None:
        return found
    # 12月6日 said on the 6th is today (past_day reads only days before it).
    return today if past_day(text, today + timedelta(days=1)) == today else None


def _is_day(word: str, today: date) -> bool:
    """Whether the last word of a /price names a day (read or not) rather than a price or unit."""
    text = normalise(word).strip()
    # 12/5 is a date before it is a unit: no unit is two numbers.
    if _YEAR_DATE.fullmatch(text) or _MONTH_DAY.fullmatch(text):
        return True
    if read_amount(word) is not None or _is_unit(word):
        return False
    return read_day(word, today) is not None or names_day(text)
