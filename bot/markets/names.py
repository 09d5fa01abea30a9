"""A market as an admin names it (新发地, Xinfadi, xin fa di), and the closest ones to a typo.

Telegram-free. Markets have no English names: in English they are called by their
pinyin (Xinfadi, Jiangqiao, Shouguang), in any case, with or without spaces or tone
marks, so `find_market` reads the pinyin of a market's name and short name (pypinyin,
as knowledge.text.lexicon uses it). A price typed by hand (/price) naming no known
market is not stored under a new market before the admin has seen the closest ones
(寿光蔬菜批发市常 is a typo of 寿光蔬菜批发市场, not a new market); a price file's new
markets are shown with them.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Protocol, TypeVar

from knowledge.text.lexicon import pinyin_key
from knowledge.text.normalise import normalise

# Below this a market is not offered: names share 农产品, 批发市场, 物流园, so 县城农贸市场
# is about 0.6 like half of them, and a typo of one (市常 for 市场) 0.9 like it.
AT_LEAST = 0.7
# Nor when far behind the best: 北京新发地农产品批发市常 is 新发地's, not 众彩's (0.72).
MARGIN = 0.15
# A market's short name (or name) found whole in the name typed (寿光 in 寿光蔬菜批发市常,
# 田阳 in 田阳市场) is a strong hint, though the rest of the two names differ.
CONTAINED = 0.8
# The same for a name typed in pinyin found in a market's (Chongqing in 重庆双福国际农贸城),
# from this many letters: shorter ones (xi, an) are in half the names.
PINYIN_CONTAINED = 5
SHOWN = 3


class NamedMarket(Protocol):
    """A market with its names (the model or its cached copy)."""

    @property
    def id(self) -> int:
        """The market's id."""
        ...

    @property
    def name(self) -> str:
        """Its full name."""
        ...

    @property
    def short_name(self) -> str:
        """What farmers call it ("" when nothing shorter)."""
        ...


M = TypeVar("M", bound=NamedMarket)


def _sound(text: str) -> str:
    return " ".join(pinyin_key(text))


# What is not part of a name said in pinyin: spaces, apostrophes (xi'an), hyphens, dots.
_NOT_LETTERS = re.compile(r"[\s'’\-.·]+")
_LATIN = re.compile(r"[a-z]+")


def squashed(word: str) -> str:
    """A name as compared: folded (width, case, script), tone marks and spaces dropped."""
    text = unicodedata.normalize("NFKD", normalise(word))
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("ü", "v")
    return _NOT_LETTERS.sub("", text)


def spellings(market: NamedMarket) -> set[str]:
    """Every way a market is named exactly: its names, and their pinyin (xinfadi)."""
    names = [market.name] + ([market.short_name] if market.short_name else [])
    found = {squashed(name) for name in names}
    found |= {"".join(pinyin_key(name, fuzzy=False)).replace("ü", "v") for name in names}
    return found - {""}


def find_market(word: str, markets: Iterable[M]) -> M | None:
    """The one market `word` names (its name, short name, or their pinyin), else None."""
    key = squashed(word)
    if not key:
        return None
    found = [market for market in markets if key in spellings(market)]
    return found[0] if len(found) == 1 else None


def similarity(word: str, name: str) -> float:
    """How alike a typed market name and a known one are, 0..1, in characters or in sound."""
    word, name = normalise(word), normalise(name)
    if not word or not name:
        return 0.0
    by_chars = difflib.SequenceMatcher(None, word, name).ratio()
    # 市常 for 市场: one character off, the same sound.
    by_sound = difflib.SequenceMatcher(None, _sound(word), _sound(name)).ratio() * 0.9
    latin = squashed(word)
    if _LATIN.fullmatch(latin):
        # A name typed in pinyin (Xinfadii, shou guan) against the name's own pinyin.
        spelled = "".join(pinyin_key(name, fuzzy=False))
        by_pinyin = difflib.SequenceMatcher(None, latin, spelled).ratio()
        by_sound = max(by_sound, by_pinyin * 0.9)
    return max(by_chars, by_sound)


def _score(word: str, market: NamedMarket) -> float:
    names = [market.name] + ([market.short_name] if market.short_name else [])
    score = max(similarity(word, name) for name in names)
    norm = normalise(word)
    # A market's name (or short name) found whole in the word (田阳 in 田阳市场, a market
    # added as plain 田阳), or the word in its name.
    whole = [n for n in map(normalise, names) if len(n) >= 2]
    if any(n in norm for n in whole) or (len(norm) >= 2 and norm in normalise(market.name)):
        score = max(score, CONTAINED)
    elif _in_pinyin(squashed(word), market.name):
        score = max(score, CONTAINED)  # Chongqing: the 重庆 of 重庆双福国际农贸城
    return score


def _in_pinyin(latin: str, name: str) -> bool:
    """Whether a word typed in pinyin is whole syllables of the name (not "anshi" across two)."""
    if len(latin) < PINYIN_CONTAINED or not _LATIN.fullmatch(latin):
        return False
    syllables = pinyin_key(name, fuzzy=False)
    for start in range(len(syllables)):
        run = ""
        for syllable in syllables[start:]:
            run += syllable
            if run == latin:
                return True
            if not latin.startswith(run):
                break
    return False


def closest_markets(
    word: str, markets: Iterable[M], n: int = SHOWN, at_least: float = AT_LEAST
) -> list[M]:
    """The known markets most like `word`, best first (none when nothing is close)."""
    scored = [(_score(word, market), market) for market in markets]
    ranked = sorted((s for s in scored if s[0] >= at_least), key=lambda s: (-s[0], s[1].id))
    if not ranked:
        return []
    best = ranked[0][0]
    return [market for score, market in ranked[:n] if score >= best - MARGIN]


def names_of(markets: Sequence[NamedMarket]) -> tuple[str, ...]:
    """The markets' full names, as an import's problem quotes them."""
    return tuple(market.name for market in markets)


class PlacedMarket(NamedMarket, Protocol):
    """A market with the city it is in (寿光 for 山东寿光农产品物流园)."""

    @property
    def city(self) -> str:
        """Its city ("" when not known)."""
        ...


P = TypeVar("P", bound=PlacedMarket)
# A market said in pinyin in a sentence is at most this many words (xin fa di shi chang).
_WORDS_IN_A_NAME = 4
_LATIN_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)*")


def market_named_in(text: str, markets: Sequence[P]) -> P | None:
    """The one market a sentence names (an admin's words: 昨天寿光大蒜的价打错了, "the shouguang
    garlic price yesterday should be 3.1"): by its short name, else its city, in characters
    or in pinyin (Shouguang, shou guang, Xinfadi, XIN FA DI); None when none or several."""
    norm = normalise(text)
    for found in (
        [m for m in markets if m.short_name and m.short_name in norm],
        [m for m in markets if m.city and m.city in norm],
    ):
        if found:
            return found[0] if len(found) == 1 else None
    words = [squashed(w) for w in _LATIN_WORD.findall(norm)]
    said = {
        "".join(words[start : start + n])
        for start in range(len(words))
        for n in range(1, _WORDS_IN_A_NAME + 1)
        if start + n <= len(words)
    }
    by_name = [m for m in markets if said & spellings(m)]
    by_city = [m for m in markets if m.city and _spelled(m.city) in said]
    for found in (by_name, by_city):
        if found:
            return found[0] if len(found) == 1 else None
    return None


def _spelled(name: str) -> str:
    return "".join(pinyin_key(name, fuzzy=False)).replace("ü", "v")


# What market names end with, beside their own part (定边县马铃薯批发市场: 定边).
_GENERIC_TAIL = re.compile(
    r"(?:农产品|农副产品|蔬菜|果品|果蔬|水果|粮油|粮食|干鲜|副食品|综合|国际|中心|大)*"
    r"(?:批发市场|交易市场|专业市场|农贸市场|市场|物流园区?|物流中心|交易中心|批发中心|商城|集团"
    r"|有限公司|公司)$"
)
_PLACE_KIND_END = re.compile(r"(?:自治县|自治州|县|市|区|旗|盟|州)$")
_PLACE_AND_KIND = re.compile(r"^(?P<place>[\u4e00-\u9fff]{2,4}?)(?:自治县|县|市|区|旗)")


def short_name_of(name: str, taken: Iterable[str] = ()) -> str:
    """A short name for a market named only in full (北京新发地农产品批发市场: 新发地; 定边县马铃薯
    批发市场: 定边), as farmers and admins call it; '' when none is clear or it is `taken`.

    A county's markets imported from a price file come with no short name, so 定边洋芋啥价
    found the township 定边街道 and /price needed the whole name (blind walk)."""
    from knowledge.text.english import leading_places
    from knowledge.text.lexicon import lexicon

    rest = normalise(name).strip()
    while (cut := _GENERIC_TAIL.sub("", rest)) != rest and cut:
        rest = cut
    for mention in sorted(lexicon().mentions(rest, "product"), key=lambda m: -m.start):
        if mention.start + len(mention.typed) == len(rest) and mention.start > 0:
            rest = rest[: mention.start]  # 定边县马铃薯: the produce is no name of the market
    places, own = leading_places(rest)
    place = places[-1] if places else ""
    while (kind := _PLACE_AND_KIND.match(own)) is not None:  # 榆林市定边县: 定边
        place, own = kind.group("place"), own[kind.end() :]
    short = own if 2 <= len(own) <= 4 else place if not own else ""
    if short and short == own and place and _names_a_place(own):
        # 长沙红星市场: 红星 alone is 伊春's 红星区 (and reads as it); the city is kept.
        short = place + own
    return "" if not short or short == name or short in set(taken) else short


@cache
def _place_names() -> frozenset[str]:
    from knowledge.text.places import gazetteer

    names = set()
    for place in gazetteer().places:
        names.add(place.short or place.name)
        kind = _PLACE_KIND_END.search(place.name)
        if kind is not None and kind.start() >= 2:
            names.add(place.name[: kind.start()])  # 红星区: 红星
    return frozenset(names)


def _names_a_place(word: str) -> bool:
    """Whether a market's own part is also a place's name (红星: 伊春's 红星区)."""
    return word in _place_names()
