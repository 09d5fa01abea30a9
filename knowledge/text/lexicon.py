"""The shared synonym table: products and pests by any name farmers use.

Knowledge search, prices, demand, bookings and alerts all resolve names here,
so 洋芋, 马铃薯 and 山药蛋 are one product everywhere. Names typed with a
homophone by pinyin input (西红事 for 西红柿) are matched through their pinyin.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml
from pypinyin import Style
from pypinyin.converter import UltimateConverter
from pypinyin.core import Pinyin

from knowledge.text.alike import alike
from knowledge.text.cantonese import produce_said
from knowledge.text.county_products import CountyProduct, county_products_path, read_county_products
from knowledge.text.normalise import normalise, simplified

DATA_DIR = Path(__file__).parents[1] / "data"
SYNONYMS_FILE = DATA_DIR / "synonyms.yaml"
# The English glossary (knowledge/text/english.py reads it for search): the English words
# it lists under a product's own Chinese name (辣椒: chili, chilli, pepper) name that product.
GLOSSARY_FILE = DATA_DIR / "english.yaml"

# Pinyin spellings people confuse (dialect accents, fuzzy pinyin keyboards):
# folding them lets 赤梅病 find 赤霉病 and 南瓜 survive "lan gua".
_FUZZY = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("ang", "an"), ("eng", "en"), ("ing", "in"))


# Kinds of produce farmers say for many products at once (哪里收中药材, 收购蔬菜): beside the
# products' own categories (synonyms.yaml, the county's table), never a product missing from them.
CATEGORY_WORDS = frozenset(
    "中药材 药材 中草药 草药 蔬菜 青菜 菜 水果 果子 粮食 杂粮 五谷杂粮 农产品 农副产品 土特产 特产 "
    "山货 干果 坚果 油料 菌菇 菌子 畜禽 牲口 牲畜 家禽 家畜 禽蛋".split()
)


@dataclass(frozen=True)
class Product:
    """A product farmers sell: canonical Chinese name, category, English name, aliases."""

    name: str
    category: str
    en: str
    aliases: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Mention:
    """A product or pest found in a text: canonical name, the words typed, where."""

    canonical: str
    typed: str
    start: int
    by_pinyin: bool = False


@lru_cache(maxsize=8192)
def fuzzy_syllable(syllable: str) -> str:
    """Fold one toneless pinyin syllable so commonly confused spellings agree."""
    for long, short in _FUZZY:
        if syllable.startswith(long) or syllable.endswith(long):
            syllable = syllable.replace(long, short)
    return syllable


# What pypinyin's lazy_pinyin() builds afresh on every call.
_CONVERTER = UltimateConverter()


@lru_cache(maxsize=65536)
def _word_pinyin(
    words: str, style: Style, heteronym: bool, errors: str, strict: bool
) -> tuple[tuple[str, ...], ...]:
    converted = _CONVERTER.convert(words, style, heteronym, errors, strict)
    return tuple(tuple(syllables) for syllables in converted)


class _RememberingConverter(UltimateConverter):
    """pypinyin's converter, remembering each segmented word's pinyin.

    Converting words to pinyin (phrase lookup, then tone-mark stripping per
    syllable) was most of the cost of tokenising a question; the words pypinyin
    splits texts into recur endlessly, and their pinyin never changes.
    """

    def convert(
        self,
        words: str,
        style: Style,
        heteronym: bool,
        errors: Callable[[str], str] | str,
        strict: bool = True,
        **kwargs: Any,
    ) -> list[list[str]]:
        """The pinyin of one segmented word, from memory when seen before."""
        if kwargs or not isinstance(errors, str):
            return _CONVERTER.convert(words, style, heteronym, errors, strict, **kwargs)
        return [list(s) for s in _word_pinyin(words, style, heteronym, errors, strict)]


_PINYIN = Pinyin(_RememberingConverter())


def names_place(norm: str, name: str) -> bool:
    """True when a normalised text names `name`, in characters or in toneless pinyin.

    English-speaking farmers write 新发地 as "Xinfadi" or "Xin Fa Di"; ASCII words
    in the text are matched whole, so "shouguang" does not match inside a longer word.
    """
    if name in norm:
        return True
    if not norm.isascii() and not any(c.isascii() and c.isalpha() for c in norm):
        return False
    syllables = pinyin_key(name, fuzzy=False)
    if not all(s.isascii() and s.isalpha() for s in syllables):
        return False
    return re.search(rf"\b{' ?'.join(syllables)}\b", norm) is not None


@lru_cache(maxsize=16384)
def pinyin_key(text: str, fuzzy: bool = True) -> tuple[str, ...]:
    """Toneless pinyin of each character, fuzzy-folded unless asked not to."""
    syllables = _PINYIN.lazy_pinyin(text, style=Style.NORMAL, errors="default")
    return tuple(fuzzy_syllable(s) for s in syllables) if fuzzy else tuple(syllables)


class Lexicon:
    """Lookup tables built once from knowledge/data/synonyms.yaml."""

    def __init__(
        self,
        path: Path = SYNONYMS_FILE,
        glossary: Path | None = GLOSSARY_FILE,
        county: Sequence[CountyProduct] = (),
    ) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        # A county's own products (FARMHUB_PRODUCTS, checked by knowledge/text/county_products.py)
        # come after the shipped ones, in the same format; an entry that extends a shipped
        # product adds the county's local names (毛秀才) to its aliases.
        products = {name: dict(info) for name, info in data["products"].items()}
        # The shipped aliases a county's product claims (羊 for 肉羊) leave their shipped product.
        claimed = {word for p in county for word, _owner, _line in p.claims}
        for info in products.values():
            info["aliases"] = [a for a in info.get("aliases") or () if normalise(a) not in claimed]
        # The one-character names the county adds (蕉): 蕉树 is their plant too.
        self.county_singles = frozenset(
            word for p in county for word in (p.name, *p.aliases) if len(word) == 1
        )
        # The county's own names for a shipped product (椪柑 for 柑橘): a card says both, the
        # county's variety being no plain synonym of the product it is priced as.
        self.county_aliases: dict[str, str] = {}
        # The products the county's file adds (肉羊, 肉牛): knowledge/text/animals.py finds
        # the county's own live animal among them.
        self.county_products = tuple(p.name for p in county if not p.extends)
        for p in county:
            if p.extends and p.name in products:
                known = tuple(products[p.name].get("aliases") or ())
                products[p.name]["aliases"] = (*known, *(a for a in p.aliases if a not in known))
                self.county_aliases.update((a, p.name) for a in p.aliases if a not in known)
            else:
                products[p.name] = {"category": p.category, "en": p.en, "aliases": p.aliases}
        data["products"] = products
        # Set by the tokenizer once jieba is ready (knowledge/text/tokenize.py): word
        # boundaries and a dictionary check keep sound matches to real typos.
        self.segmenter: Callable[[str], list[str]] | None = None
        self.is_word: Callable[[str], bool] | None = None
        self.products: dict[str, Product] = {}
        self.term_of: dict[str, str] = {}  # any name -> canonical (products and pests)
        self.kind_of: dict[str, str] = {}  # canonical -> "product" | "pest"
        for name, info in data["products"].items():
            product = Product(name, info["category"], info["en"], tuple(info["aliases"]))
            self.products[name] = product
            self._add(name, product.names, "product")
            # The English name too, for English-speaking users ("tomato price"),
            # unless another product already claims it.
            if product.en not in self.term_of:
                self._add(name, (product.en,), "product")
        # Its other English names ("chili" alone is 辣椒, as "chili pepper" is), unless
        # another product already claims one.
        for name, english in _glossary_names(glossary).items():
            if name in self.products:
                self._add(name, tuple(w for w in english if w not in self.term_of), "product")
        self.pests: dict[str, tuple[str, ...]] = {}
        for name, aliases in data["pests"].items():
            self.pests[name] = tuple(aliases)
            self._add(name, (name, *aliases), "pest")
        self._add_shape_variants()
        # Longer words that contain a name but are another thing (小白菜, 葡萄糖).
        self.not_names = tuple(
            sorted({normalise(str(w)) for w in data.get("not_names") or ()}, key=len, reverse=True)
        )
        clash = [w for w in self.not_names if w in self.term_of]
        if clash:
            raise ValueError(f"not_names are also names: {clash}")
        # Longest names first so 胡萝卜 wins over 萝卜 and 圆白菜 over 白菜.
        self._by_length = sorted(self.term_of, key=len, reverse=True)
        # The multi-character names by first character, each list in _by_length
        # order: a text is only searched for names that can start in it.
        self._by_first: dict[str, list[tuple[int, str]]] = {}
        for rank, term in enumerate(self._by_length):
            if len(term) > 1:
                self._by_first.setdefault(term[0], []).append((rank, term))
        self._pinyin: dict[tuple[str, ...], str] = {}
        for term in self._by_length:
            # Two-character names collide too often under fuzzy folding (行情 would
            # be 旱芹): they match on exact pinyin only; longer names match fuzzily.
            if len(term) >= 2:
                self._pinyin.setdefault(pinyin_key(term, fuzzy=len(term) > 2), self.term_of[term])
        self._pinyin_lengths = sorted({len(k) for k in self._pinyin}, reverse=True)
        # The first syllables of the keys of each length: they rule out most
        # windows of a text before a key is sliced and looked up.
        self._pinyin_first: dict[int, frozenset[str]] = {
            length: frozenset(k[0] for k in self._pinyin if len(k) == length)
            for length in self._pinyin_lengths
        }

    def _add(self, canonical: str, names: tuple[str, ...], kind: str) -> None:
        self.kind_of[canonical] = kind
        for name in names:
            other = self.term_of.get(name)
            if other is not None and other != canonical:
                raise ValueError(f"{name!r} names both {other!r} and {canonical!r}")
            self.term_of[name] = canonical

    def _add_shape_variants(self) -> None:
        # Product names written with a look-alike or variant character (蕃茄,
        # 西红杮, 番茹): the typo is in the shape, not the sound, so pinyin
        # matching misses some (杮 is fèi) and the segmenter takes 蕃茄 for a word
        # of its own. Each name gets its variant spellings as extra names, unless
        # a real name already claims the spelling.
        for term, canonical in list(self.term_of.items()):
            if self.kind_of[canonical] != "product" or len(term) < 2:
                continue
            for variant in shape_variants(term):
                self.term_of.setdefault(variant, canonical)

    def is_category(self, word: str) -> bool:
        """Whether `word` names a kind of produce (中药材, 蔬菜, 水果, 粮食), not one product."""
        word = normalise(word)
        return word in CATEGORY_WORDS or any(p.category == word for p in self.products.values())

    def canonical(self, word: str) -> str | None:
        """The canonical product or pest for any of its names, else None."""
        return self.term_of.get(normalise(word))

    def product(self, word: str) -> Product | None:
        """The product called `word` (by any alias), else None."""
        name = self.canonical(word)
        return self.products.get(name) if name else None

    def mentions(self, text: str, kind: str | None = None) -> list[Mention]:
        """Products and pests named in `text`, in order; exact names first, then pinyin."""
        text = normalise(text)
        taken = [False] * len(text)
        for word in self.not_names:
            start = text.find(word)
            while start != -1:
                taken[start : start + len(word)] = [True] * len(word)
                start = text.find(word, start + 1)
        found: list[Mention] = []
        # One-character names (蒜, 鸡, 米) only count standing alone, else 玉米
        # would also be 大米: they are matched below, not here.
        candidates = sorted(c for char in set(text) for c in self._by_first.get(char, ()))
        for _rank, term in candidates:
            start = text.find(term)
            while start != -1:
                if term.isascii() and not _whole_english_word(text, start, len(term)):
                    start = text.find(term, start + 1)
                    continue
                if not any(taken[start : start + len(term)]):
                    found.append(Mention(self.term_of[term], term, start))
                    taken[start : start + len(term)] = [True] * len(term)
                start = text.find(term, start + 1)
        found.extend(self._pinyin_mentions(text, taken))
        found.extend(self._single_char_mentions(text, taken))
        found.sort(key=lambda m: m.start)
        if kind is not None:
            found = [m for m in found if self.kind_of[m.canonical] == kind]
        return found

    def boundaries(self, text: str) -> set[int] | None:
        """Offsets where the segmenter (jieba, once the tokenizer is built) cuts words."""
        if self.segmenter is None:
            return None
        cuts, offset = {0}, 0
        for word in self.segmenter(text):
            offset += len(word)
            cuts.add(offset)
        return cuts

    def _plausible_typo(self, text: str, start: int, length: int, cuts: set[int] | None) -> bool:
        # A sound match must not straddle words (穗上有虫眼 is not 油虫), and a
        # two-character span that is a real word of its own (秆子) is not a typo
        # for another (柑子).
        if cuts is None:
            return True
        if start not in cuts or start + length not in cuts:
            return False
        span = text[start : start + length]
        if length > 2:
            return True
        # A grammar word is no half of a typed name (白道是 → 道是 is not 稻虱).
        if any(char in _FUNCTION_CHARS for char in span):
            return False
        # A doubled character belongs to its double (杆杆烂 is a stalk, not 甘蓝).
        before = text[start - 1] if start else ""
        after = text[start + length] if start + length < len(text) else ""
        if span[0] == before or span[-1] == after:
            return False
        return self.is_word is None or not self.is_word(span)

    def _pinyin_mentions(self, text: str, taken: list[bool]) -> list[Mention]:
        exact = pinyin_key(text, fuzzy=False)
        if len(exact) != len(text):  # pypinyin merges non-Chinese runs; skip such texts
            return []
        fuzzy = tuple(fuzzy_syllable(s) for s in exact)
        found = []
        cuts: set[int] | None = None
        segmented = False  # the text is segmented only once a sound match needs checking
        for length in self._pinyin_lengths:
            keys = fuzzy if length > 2 else exact
            first = self._pinyin_first[length]
            for start in range(len(text) - length + 1):
                if keys[start] not in first or any(taken[start : start + length]):
                    continue
                canonical = self._pinyin.get(keys[start : start + length])
                if canonical is None:
                    continue
                if not segmented:
                    cuts, segmented = self.boundaries(text), True
                if self._plausible_typo(text, start, length, cuts):
                    found.append(Mention(canonical, text[start : start + length], start, True))
                    taken[start : start + length] = [True] * length
        return found

    def _single_char_mentions(self, text: str, taken: list[bool]) -> list[Mention]:
        found = []
        for start, char in enumerate(text):
            canonical = self.term_of.get(char)
            if canonical is None or taken[start] or self.is_unit(text, start):
                continue
            before = text[start - 1] if start else " "
            after = text[start + 1] if start + 1 < len(text) else " "
            # Standing alone: not glued to another Chinese character that would
            # make a different word (米 in 玉米, 鸡 in 鸡毛 are other words).
            # After a time word it stands alone too: 今天蒜价, 去年蒜价 (sandbox walk).
            alone = _is_boundary(before) or text[:start].endswith(_TIME_BEFORE)
            # After an amount it stands alone too: 两千斤葱, 五百斤蒜 (blind walk).
            alone = alone or bool(_AMOUNT_BEFORE.search(text[:start]))
            # ... and before one: 蒜现在啥价, 姜最近多少钱 (blind walk).
            ends = _is_boundary(after) or after in _SINGLE_OK_AFTER
            ends = ends or (char in self.county_singles and after in _COUNTY_SINGLE_OK_AFTER)
            # After an amount what is said of it follows (一车葱要卖, 两千斤蒜想出手), and before
            # one the name ends (葱一车, 蒜两千斤).
            amount = bool(_AMOUNT_BEFORE.search(text[:start]))
            ends = ends or (amount and after in _AFTER_AMOUNT_OK)
            ends = ends or bool(_AMOUNT_AFTER.match(text, start + 1))
            # 咋 asks how it sells (羊咋卖, 蒜咋个卖, blind walk: 答不上来 while 党参咋卖 was
            # priced); 羊咋不吃草 is no name of a product to price.
            ends = ends or text.startswith(_HOW_SOLD, start + 1)
            if alone and (ends or text[start + 1 :].startswith(_TIME_BEFORE)):
                found.append(Mention(canonical, char, start))
                taken[start] = True
        return found

    def is_unit(self, text: str, start: int) -> bool:
        """True when the one character at `start` is a unit after a number (1米, 两米: metres)."""
        before = text[start - 1] if start else ""
        return text[start] in _UNITS and before != "" and (before.isdigit() or before in _NUMERALS)

    def find_products(self, text: str) -> list[str]:
        """Canonical names of the products in `text`, in order, without repeats."""
        return list(dict.fromkeys(m.canonical for m in self.mentions(text, "product")))

    def likely_typos(self, word: str, n: int = 3) -> list[str]:
        """Product names a farmer's unknown `word` could be a typo of (生羌 → 生姜).

        Stricter than `closest_products`: sounds spelt in letters are alike for most
        pairs of names (尿素 and 红薯 score 0.64), so a chat offers only LIKELY_TYPO.
        """
        return self.closest_products(word, n, at_least=LIKELY_TYPO)

    def closest_products(self, word: str, n: int = 3, at_least: float = 0.3) -> list[str]:
        """Known product names closest to an unknown `word`, for "did you mean" buttons: only
        names really alike (knowledge/text/alike.py), never the best of unlike ones (三七 →
        芹菜: 云南 blind test)."""
        word = normalise(word)
        scores: dict[str, float] = {}
        target = " ".join(pinyin_key(word))
        for term, canonical in self.term_of.items():
            if self.kind_of[canonical] != "product" or not alike(word, term, pinyin_key):
                continue
            by_chars = difflib.SequenceMatcher(None, word, term).ratio()
            by_sound = difflib.SequenceMatcher(None, target, " ".join(pinyin_key(term))).ratio()
            score = max(by_chars, by_sound * 0.9)
            scores[canonical] = max(scores.get(canonical, 0.0), score)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        return [name for name, score in ranked[:n] if score >= at_least]

    def related_products(self, word: str, n: int = 6) -> list[str]:
        """Products an unknown `word` is a part or a form of (蒜苔, 蒜薹, 蒜黄 → 大蒜; 姜片 →
        生姜), to offer their prices when the word has none: a name of theirs inside it, a
        one-character one (蒜) only beside a part's or a form's character (牛油果 is no 牛肉)."""
        word = normalise(word)
        found: dict[str, int] = {}
        for term, canonical in self.term_of.items():
            if self.kind_of[canonical] != "product" or term == word or term not in word:
                continue
            if len(term) == 1 and not _part_of(word, term):
                continue
            found[canonical] = max(found.get(canonical, 0), len(term))
        return sorted(found, key=lambda name: (-found[name], name))[:n]

    def all_terms(self) -> list[str]:
        """Every name in the table, for the tokenizer's dictionary."""
        return list(self.term_of)


# Characters farmers write for another of the same or a similar shape in product
# names: the right one, and its look-alikes or variant forms.
SHAPE_VARIANTS: dict[str, tuple[str, ...]] = {
    "番": ("蕃",),
    "柿": ("杮",),
    "茄": ("茹",),
}


# How close an unknown word must be to a product name to be offered as its typo
# (西红事 → 西红柿 0.9, 大蒜苔 → 大蒜 0.8; 尿素 → 红薯 0.64 is no typo).
LIKELY_TYPO = 0.75


def shape_variants(name: str) -> list[str]:
    """The spellings of `name` with look-alike characters (番茄 → 蕃茄, 番茹, 蕃茹)."""
    spellings = [""]
    for char in name:
        options = (char, *SHAPE_VARIANTS.get(char, ()))
        spellings = [done + option for done in spellings for option in options]
    return [spelling for spelling in spellings if spelling != name]


# One-character names that are also units of length or count after a number.
_UNITS = frozenset("米")
_NUMERALS = frozenset("一二两三四五六七八九十百千几半多")

# Characters that carry grammar, not names: never half of a two-character sound match.
_FUNCTION_CHARS = frozenset("的了是在有不就都也又还和与把被给让吗呢吧啊呀么着过没很太这那")

# 几 asks an amount (蕉几多钱, 蒜几钱一斤: 几多 is "how much" in the south).
_SINGLE_OK_AFTER = set("价肉子的多怎啥什哪卖收几")
# After a county's own one-character name (蕉 for 香蕉) 树 names its plant (蕉树发黄). The
# shipped ones' (枣树, 桃树) are left to the knowledge search, which is tuned without them.
_COUNTY_SINGLE_OK_AFTER = frozenset("树苗叶") | set("，。？！,.?! ")
# 咋 (how) before a one-character name's selling word: 羊咋卖, 蒜咋个卖, 姜咋样卖.
_HOW_SOLD = ("咋卖", "咋个卖", "咋样卖", "咋么卖", "咋收")
# An amount a one-character name may follow (两千斤葱, 300公斤蒜, 一车葱).
_LOADS = r"斤|公斤|吨|车子|车|筐|袋|箱|三轮车|三轮|拖拉机|卡车|货车"
_AMOUNT_BEFORE = re.compile(
    rf"[0-9一二两三四五六七八九十百千万几多半]\s*(?:个|辆)?\s*(?:{_LOADS})$"
)
_AMOUNT_AFTER = re.compile(
    rf"(?:[0-9]+|[一二两三四五六七八九十百千万几半]+)\s*(?:个|辆)?\s*(?:{_LOADS})"
)
# What may follow a one-character name said after its amount (一车葱要卖, 五百斤蒜想卖).
_AFTER_AMOUNT_OK = frozenset("要想也还都能得有了呢啊呀吧嘞")
# Time words a one-character name may follow (今天蒜价): said before it, not part of it.
_TIME_BEFORE = tuple(
    "今天 今日 昨天 前天 明天 现在 最近 目前 今年 去年 前年 "
    "上个月 这个月 上月 本月 上周 这周 本周".split()
)


# A produce's parts and forms said after its one-character name (蒜苔, 蒜黄, 姜片, 葱头), and
# the words said before it (青蒜, 嫩姜): 蒜 in 蒜苔 is garlic, 牛 in 牛油果 no cattle.
_PART_AFTER = frozenset("苔薹黄苗叶头瓣籽干粉面片丝皮芽心白须花根茎米仁酱")
_PART_BEFORE = frozenset("青嫩老鲜干小大新黄白紫红")


def _part_of(word: str, char: str) -> bool:
    """Whether the one character `char` stands in `word` as a produce with its part or form."""
    at = word.find(char)
    while at >= 0:
        after = word[at + 1 : at + 2]
        before = word[at - 1 : at]
        if (after and after in _PART_AFTER) or (before and before in _PART_BEFORE):
            return True
        at = word.find(char, at + 1)
    return False


def _whole_english_word(text: str, start: int, length: int) -> bool:
    """An English name stands as a word of its own (not "rice" in "price").

    Plurals and the common misspellings of them are allowed: tomatoes, tomatos, tomatoe.
    """
    if start > 0 and text[start - 1].isalpha():
        return False
    rest = text[start + length : start + length + 3]
    for suffix in ("es", "s", "e", ""):
        if rest.startswith(suffix) and not rest[len(suffix) : len(suffix) + 1].isalpha():
            return True
    return False


def _is_boundary(char: str) -> bool:
    return not ("\u4e00" <= char <= "\u9fff") or char in "的了吗呢啊我你他卖收买有多少价"


def _glossary_names(path: Path | None) -> dict[str, list[str]]:
    """The glossary's words, Chinese: [english, ...] (its own checks are english.py's)."""
    if path is None or not path.is_file():
        return {}
    words = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("words") or {}
    return {
        str(chinese): [" ".join(str(w).lower().split()) for w in english]
        for chinese, english in words.items()
        if isinstance(english, list)
    }


@cache
def lexicon() -> Lexicon:
    """The process-wide lexicon, loaded once, with the county's products (FARMHUB_PRODUCTS)."""
    path = county_products_path()
    return Lexicon(county=read_county_products(path) if path is not None else ())


def names_said(text: str) -> dict[str, str]:
    """The names `text` asks products by that are not their own, by product: a synonym (洋芋 for
    土豆, 椪柑 for 柑橘), a county's own name (冰糖柑), Cantonese (粟米 for 玉米). A product's own
    name, a typo or its pinyin (西红事, xihongshi) and a name holding it (土豆儿) are none."""
    lex = lexicon()
    said = {
        name: word for name, word in produce_said(simplified(text)).items() if name in lex.products
    }
    for mention in lex.mentions(text, "product"):
        name, typed = mention.canonical, mention.typed
        if name in said or mention.by_pinyin or name in typed or typed in name:
            said.setdefault(name, "")
            continue
        product = lex.products.get(name)
        aliases = {normalise(a) for a in product.aliases} if product is not None else set()
        said[name] = typed if typed in aliases else ""
    return {name: word for name, word in said.items() if word}


def product_label(lang: str | None, name: str) -> str:
    """A product's name in the user's language (the lexicon's English name in English)."""
    product = lexicon().products.get(name)
    if lang == "en" and product is not None and product.en:
        return product.en
    return name
