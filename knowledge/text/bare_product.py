"""A bare product name asks its price: 土豆, 新发地土豆, potatoes at Xinfadi, and said as the next
of a talk (那大葱呢, what about onions). Read by the intent rules (knowledge/text/intent.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import yaml

from knowledge.text.lexicon import DATA_DIR, Mention, lexicon, pinyin_key

_ENGLISH_FILLER = re.compile(r"\b(at|in|on|the|of|for|today|now|market|wholesale|s|es|e)\b")
_LEADS_ON = (
    r"^(?:那么|那个|那|还有|再看看|再查查|再查一下|再问问|再问一下|再说说)"
    r"|^(?:and|also|what about|how about|and what about|then)\b"
)
_FOLLOW_ON = re.compile(_LEADS_ON + r"|(?:咋样|怎么样|如何)$", re.IGNORECASE)


def follows_on(norm: str) -> bool:
    """Whether a message starts as the next of a talk (那大葱呢, what about onions)."""
    return bool(re.match(_LEADS_ON, norm.strip(), re.IGNORECASE))


_MARKET_WORDS = ("新发地", "市场", "批发", "今天", "今日", "现在", "最新")
MARKETS_FILE = DATA_DIR / "markets.yaml"


@cache
def place_words() -> tuple[str, ...]:
    """Market names, their short names, cities and provinces ("寿光土豆" asks a price)."""
    words = set(_MARKET_WORDS)
    if MARKETS_FILE.is_file():
        data = yaml.safe_load(MARKETS_FILE.read_text(encoding="utf-8")) or {}
        for market in data.get("markets", []):
            words.update(
                str(market[key]) for key in ("name", "short", "city", "province") if market.get(key)
            )
    return tuple(sorted(words, key=len, reverse=True))


@cache
def product_names() -> tuple[str, ...]:
    """Every name of a product in the synonym table, longest first."""
    names = lexicon()
    products = [t for t in names.all_terms() if names.kind_of.get(names.term_of[t]) == "product"]
    return tuple(sorted(products, key=len, reverse=True))


def is_bare_product_query(norm: str, mentions: Sequence[Mention] = ()) -> bool:
    """Whether a message is only product names (and markets, places, follow-on words): a
    price asked (土豆, 新发地土豆, 那大葱呢, what about onions)."""
    rest = norm
    # A product typed with a homophone (西洪柿) is a product name too.
    for mention in mentions:
        if mention.by_pinyin:
            rest = rest.replace(mention.typed, "")
    # Product names only: a pest or disease named with the crop (黄瓜白粉病) asks what to do.
    for term in product_names():
        rest = rest.replace(term, "")
    for word in place_words():
        rest = rest.replace(word, "")
        if rest.isascii():
            # "potatoes at Xinfadi": the market in pinyin, with English small words.
            rest = re.sub(rf"\b{' ?'.join(pinyin_key(word, fuzzy=False))}\b", "", rest)
    if rest.isascii():
        rest = _ENGLISH_FILLER.sub("", rest)
    # 那大葱呢, 还有大蒜呢, what about onions: the next product after a price (sandbox walk:
    # 那大葱呢 was a question nobody could answer).
    rest = _FOLLOW_ON.sub("", rest.strip())
    rest = re.sub(r"[\s,，。?？!！的呢吗啊呀]", "", rest)
    # Anything else left ("土豆储存") makes it a question about the product, not its price.
    return rest == ""
