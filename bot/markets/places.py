"""Where a price question is about: a market, a city or province, a place with no market, home.

Telegram-free. A market named (新发地土豆) answers from it; a city or province with
markets (山东土豆) from those; a place China's gazetteer knows but no market quotes
in (潍坊, a county, Weifang) from the markets nearest to it, saying so; a place
nobody knows (火星, xx村) is named back as not found, never silently ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from knowledge.text.lexicon import lexicon, names_place, pinyin_key
from knowledge.text.normalise import normalise
from knowledge.text.numbers import without_amounts
from knowledge.text.periods import without_when
from knowledge.text.places import PLACE_ENDINGS, ChinaPlace, named_place, unknown_place_word
from knowledge.text.price_words import ENGLISH_PRICE_WORDS

# The words of a price or alert question (多少钱, 提醒我): never a product's or a place's name.
_PHRASES = re.compile(
    r"多少钱|好多钱|几多钱|几个钱|多钱|能卖|可以卖|什么价|啥价|几块钱?|几元|多少|价格|价钱|行情|报价|市价|走势|今天|今日|现在|"
    r"最新|最近|"
    # Question words, standard and dialect (为啥跌了, 么子价: blind walk, 「为啥」的价格).
    r"为啥|为什么|为何|咋个|咋样|咋|怎么|怎样|么子|啥子|什么|哪个|哪里|好不好|能不能|"
    r"一斤|一公斤|每斤|每公斤|请问|问一下|查一下|查查|一下|怎么样|如何|批发|市场|贵不贵|便宜|公斤|千克|"
    # How a price alert is asked for (西红柿涨到3块提醒我, 订阅牛油果价格).
    r"提醒我|提醒|通知我|通知|告诉我|叫我|以上|以下|超过|低于|高于|订阅|每天|推送"
)
# Single characters of such words (元, 钱, 价, 到): also inside a place's name (三元朱村,
# 钱家庄, 查家村), so one is kept where what follows it runs on into a place ending. A
# price's unit after a figure (3元, 2块) is never a name's.
_ONE_CHARS = "涨跌的了呢吗啊呀吧价钱斤到块元查"
_ONE_CHAR = re.compile(
    rf"(?<=[0-9])[{_ONE_CHARS}]"
    rf"|[{_ONE_CHARS}](?![^\s{_ONE_CHARS}\W]{{1,8}}?(?:{PLACE_ENDINGS}))"
)


def strip_filler(text: str) -> str:
    """The text without the words of a price or alert question, a place's name left whole.

    三元朱村土豆价格 keeps 三元朱村; 三元一斤 loses 元 and 一斤; 上周, 昨天, 12月1号 go too
    (a day asked about is no place).
    """
    text = ENGLISH_PRICE_WORDS.sub(" ", text)
    return _ONE_CHAR.sub(" ", _PHRASES.sub(" ", without_when(text)))


def unknown_product_word(
    text: str, place_words: Iterable[str] = (), place: Place | None = None
) -> str:
    """The word a farmer asked a price for when the lexicon does not know it ('' if none).

    `place`: where the question is about (bot.markets.asked): its name is no product's
    (三元朱村价格 asks which product, never "what is 三元朱村?").
    """
    rest = without_words(normalise(text), [*place_words, *names_of(place)])
    # 两千斤 of 两千斤蒜薹能卖多少 is the amount, not the product's name.
    rest = strip_filler(without_amounts(rest))
    # A lone character left over (没 of 涨了没, 跟 of 跟上周比) is a word of the question, not
    # a product the lexicon lacks: asking "which product?" is the honest reply.
    runs = [run for run in re.findall(r"[\u3400-\u9fffa-z]+", rest) if len(run) > 1]
    return max(runs, key=len) if runs else ""


def as_typed(text: str, word: str) -> str:
    """`word` (read from the normalised `text`) as the farmer typed it: 蒜薹, not the 蒜苔
    the text reads as; the word itself when no stretch of `text` reads as it."""
    for start in range(len(text) - len(word) + 1):
        piece = text[start : start + len(word)]
        if normalise(piece) == word:
            return piece
    return word


# ---------------------------------------------------------------- places


# home: the farmer's nearest markets; market, city: those named; near: the markets nearest
# a place none quotes in; national: everywhere.
PlaceKind = Literal["home", "market", "city", "near", "national"]


@dataclass(frozen=True)
class Place:
    """Where a farmer wants prices for: home, a named market or city, or the whole country.

    "near" is a place no market quotes in (潍坊): the markets nearest to its point
    answer. `missing` is a place named but found nowhere (火星): the answer is for
    home or the whole country and says so.
    """

    kind: PlaceKind
    label: str = ""
    lat: float | None = None
    lon: float | None = None
    market_ids: tuple[int, ...] = ()
    missing: str = ""


def names_of(place: Place | None) -> list[str]:
    """The words a place was named by: 三元朱村, 三元朱 (typed without its ending), 火星村.

    A word found nowhere counts only with a place's ending (火星村): alone before no
    product (生羌价格) it is as likely the product, misspelt.
    """
    if place is None:
        return []
    label = place.label if place.kind != "home" else ""
    core = re.sub(rf"(?:{PLACE_ENDINGS})$", "", label) if len(label) > 2 else ""
    missing = place.missing if re.search(rf"(?:{PLACE_ENDINGS})$", place.missing) else ""
    return [w for w in (label, core, missing) if len(w) >= 2]


def without_words(text: str, words: Iterable[str]) -> str:
    """`text` with each of `words` (longest first) taken out."""
    for word in sorted(set(words), key=len, reverse=True):
        if word:
            text = text.replace(word, " ")
    return text


def place_words(markets: Sequence[MarketInfo]) -> list[str]:
    """Every market, city and province name a question may contain."""
    words: set[str] = set()
    for m in markets:
        words.update(w for w in (m.name, m.short_name, m.city, m.province) if w)
    return sorted(words, key=len, reverse=True)


def find_place(
    text: str,
    markets: Sequence[MarketInfo],
    home_lat: float | None = None,
    home_lon: float | None = None,
) -> Place:
    """The place a question is about: a named market, a city/province, a place, then home."""
    norm = normalise(text)
    named = [
        m for m in markets if (m.short_name and names_place(norm, m.short_name)) or m.name in norm
    ]
    if named:
        first = named[0]
        return Place(
            "market",
            first.short_name or first.name,
            first.lat,
            first.lon,
            tuple(m.id for m in named),
        )
    known = named_place(norm)
    region = _region_word(norm, markets)
    if region and (known is None or region in (known.name, known.short, known.province)):
        # A city or province with markets (山东): its point (when known) for a product
        # none of them quotes, so the nearest markets answer instead of the country's.
        located = named_place(region)
        ids = tuple(m.id for m in markets if region in (m.city, m.province))
        if located is None:
            return Place("city", region, market_ids=ids)
        return Place("city", region, located.lat, located.lon, ids)
    missing = unknown_place_word(norm, _rest(norm))
    inside = _markets_named_by(norm, known, missing, markets)
    if inside is not None:
        return inside
    if known is not None:
        return _near(known)
    if home_lat is not None and home_lon is not None:
        return Place("home", "", home_lat, home_lon, missing=missing)
    return Place("national", missing=missing)


def _region_word(norm: str, markets: Sequence[MarketInfo]) -> str:
    for word in sorted(
        {w for m in markets for w in (m.city, m.province) if len(w) >= 2}, key=len, reverse=True
    ):
        if names_place(norm, word):
            return word
    return ""


# Words of a market's name that say what it sells or is, not where (农贸, 蔬菜): a question
# opening with one (农贸市场核桃价格) names no place.
_MARKET_WORDS = frozenset(
    {"农贸", "农产品", "农副", "集贸", "蔬菜", "果品", "水果", "果菜", "综合", "批发", "交易",
     "中心", "物流", "物流园", "国际", "冷链", "副食"}
)  # fmt: skip


def _markets_named_by(
    norm: str, known: ChinaPlace | None, missing: str, markets: Sequence[MarketInfo]
) -> Place | None:
    """The markets in a place the question names by a word of their full name or city
    (施甸 in 施甸县甸阳农贸市场, whose short name is 甸阳; "in Shidian" by its pinyin), before
    "the markets nearest 施甸": a county's own markets are its farmers' answer. None when no
    market's name has it."""
    said: list[str] = []
    if known is not None:
        said += [known.name, known.label]
    if missing and not missing.isascii():
        said += [missing, re.sub(rf"(?:{PLACE_ENDINGS})$", "", missing)]
    for word in said:
        if len(word) < 2 or word in _MARKET_WORDS:
            continue
        named = [m for m in markets if word in m.name or (m.city and word in m.city)]
        if named:
            label = known.label if known is not None and word in (known.name, known.label) else word
            return _inside(label, named, known)
    spelled = _spelled_place(norm)
    if not spelled:
        return None
    runs = [(m, _run_spelled(spelled, m.name)) for m in markets]
    spelt = [(m, run) for m, run in runs if run]
    if not spelt:
        return None
    return _inside(spelt[0][1], [m for m, _ in spelt], known)


def _inside(label: str, named: Sequence[MarketInfo], known: ChinaPlace | None) -> Place:
    # Its point (for a product none of them quotes: the markets nearest it) is the first
    # market's: a county's 青阳 is where its market is, not China's 青阳县.
    lat, lon = named[0].lat, named[0].lon
    if (lat is None or lon is None) and known is not None:
        lat, lon = known.lat, known.lon
    return Place("market", label, lat, lon, tuple(m.id for m in named))


# A place said in English after in/at/near, without its kind (walnut price in Shidian county).
_EN_SAID = re.compile(
    r"\b(?:in|at|near|around|from)\s+([a-z][a-z ]{1,30}?)"
    r"(?:\s+(?:county|town|township|city|district|market))?\s*(?:[?.!,]|$)"
)


def _spelled_place(norm: str) -> str:
    # The syllables' letters run together ("shi dian" and "shidian" alike).
    said = _EN_SAID.search(norm) if norm.isascii() else None
    if said is None or said.group(1).strip() in _EN_NOT_PLACE_WORDS:
        return ""
    return said.group(1).replace(" ", "")


_EN_NOT_PLACE_WORDS = frozenset(
    {"the market", "market", "markets", "my area", "here", "china", "jin", "kg", "kilo", "yuan",
     "rmb", "today", "now", "total", "bulk", "wholesale", "retail", "english", "chinese"}
)  # fmt: skip


def _run_spelled(word: str, name: str) -> str:
    """The characters of `name` (two or more in a row) whose pinyin is `word` run together:
    施甸 of 施甸县甸阳农贸市场 for "shidian"; "" if none."""
    syllables = pinyin_key(name, fuzzy=False)
    if len(syllables) != len(name):
        return ""  # not one syllable a character: no run to name back
    for start in range(len(name)):
        joined = ""
        for end in range(start, len(name)):
            joined += syllables[end]
            if len(joined) >= len(word):
                if joined == word and end > start and name[start : end + 1] not in _MARKET_WORDS:
                    return name[start : end + 1]
                break
    return ""


def _near(place: ChinaPlace) -> Place:
    return Place("near", place.label, place.lat, place.lon)


def may_name_a_village(text: str) -> bool:
    """Whether a question says more than its products and price words in Chinese.

    西红柿多少钱 names no village: the gazetteer (a database read) is not asked. Single
    price characters count as a name's (三元朱 without its 村), unless alone (涨到, 的).
    """
    rest = without_amounts(without_when(_without_products(normalise(text))))
    rest = _PHRASES.sub(" ", rest)
    runs = re.findall(r"[\u3400-\u9fff]{2,}", rest)
    return any(run.strip(_ONE_CHARS) for run in runs)


def _rest(norm: str) -> str:
    # The question without its products, its amount (两千斤, 两三千斤: never a place) and
    # the words of a price or alert question.
    return strip_filler(without_amounts(_without_products(norm)))


def _without_products(norm: str) -> str:
    rest = norm
    for mention in sorted(lexicon().mentions(norm, "product"), key=lambda m: -m.start):
        rest = rest[: mention.start] + " " + rest[mention.start + len(mention.typed) :]
    return rest


@dataclass(frozen=True)
class MarketInfo:
    """A market as the answers use it (a plain copy, safe to keep between sessions)."""

    id: int
    name: str
    short_name: str
    province: str
    city: str
    lat: float | None
    lon: float | None
