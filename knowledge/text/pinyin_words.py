"""The words pinyin is read as: FarmHub's own and a knowledge base's, by their toneless
syllables (`PinyinWords`), with the syllables themselves; knowledge/text/pinyin.py reads a
message with them."""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from itertools import chain
from typing import NamedTuple, Protocol

from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

from knowledge.text.lexicon import lexicon
from knowledge.text.scaffold import SCAFFOLD
from knowledge.text.thesaurus import Thesaurus, thesaurus
from knowledge.text.tokenize import USER_DICT, tokenizer

_CJK_WORD = re.compile(r"[\u4e00-\u9fff]+")
# Tone marks (combining, after NFD) and the tone each stands for; ü's diaeresis is a letter.
TONE_OF_MARK = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}
DIAERESIS = "\u0308"
# Syllables pypinyin knows that are interjections or too rare to read a word as
# (m, ng, hm; 扽 den, 忒 tei): without them fewer English words spell as pinyin.
_RARE = frozenset(
    "m n ng hm hng biang fiao bong wong din tei cei kei len nia rua den nou eng lo".split()
)
# ü after l and n is typed u as often as v (绿色: lvse or luse, 略 lve or lue).
_LOOSE = {"lv": "lu", "nv": "nu", "lve": "lue", "nve": "nue"}
LOOSE_COST = 0.5
# A word's toneless syllables; the longest word looked for, in syllables.
Key = tuple[str, ...]
MAX_SYLLABLES = 8

# Costs are -log of a word's share of jieba's corpus (60 million words).
# FarmHub's words count as seen this much more often than jieba saw them (多少钱 3 times,
# 收货 3), and that many times over: product and pest names most (yangyu is 洋芋 before
# 养鱼, jiwen 鸡瘟 before 积温), then FarmHub's other words, then a knowledge base's.
FARM_FLOOR = 1000
NAME_BOOST = 20.0
SHIPPED_BOOST = 10.0
KNOWLEDGE_BOOST = 3.0
# A character counts as seen this much more often for each of FarmHub's words it is in:
# on its own, shou is 收 (收货, 收购) rather than 手, zhu 猪 rather than 住.
FARM_CHARACTER = 500
# jieba's everyday words seen at least this often are read (46,000 of them).
EVERYDAY_AT_LEAST = 50
OTHER_READING = math.log(50)
# Candidates kept per syllables (typed tones choose among them), characters tried per
# syllable, and paths kept per place in a stretch.
KEEP = 6
# Amounts, prices and times said in numerals are words of their own: a numeral with its
# unit (两千斤, 一斤, 三块, 八点), a price's or hour's tail (三块五, 八点半), a round
# number (两千, 二十, 十五), and the days and times of a pickup (后天上午, not 晌午).
NUMERALS = "一二两三四五六七八九十百千万几半"
_DIGITS = "一二三四五六七八九"
_UNIT_WORDS = "斤 公斤 吨 亩 块 元 毛 袋 箱 头 只 个 点 号 月 天 岁 次".split()
_NUMBER_WORDS = frozenset(
    [n + u for n in NUMERALS for u in _UNIT_WORDS]
    + [n + u + d for n in NUMERALS for u in "块毛点" for d in _DIGITS + "半"]
    + [d + p for d in _DIGITS + "两" for p in "十百千万"]
    + ["十" + d for d in _DIGITS]
)
_TIME_WORDS = frozenset(
    "今天 明天 后天 大后天 昨天 前天 今儿 明儿 上午 下午 中午 早上 晚上 傍晚 今晚 明早 "
    "明晚 一早 下周 这周 本周 周末 星期 礼拜 点半 几点 几号 上个月 下个月 这个月 "
    # ... and a price's moves, as an alert is asked for (涨到三块五提醒我, not 长到).
    "涨到 跌到 降到 涨过 跌破 涨价 降价 涨了 跌了 一斤 一公斤".split()
)

# --- syllables --------------------------------------------------------------------------------


def _plain(reading: str) -> tuple[str, int]:
    """A syllable as pypinyin writes it (lǜ) → toneless with v for ü, and its tone (5: none)."""
    tone = 5
    letters: list[str] = []
    for char in unicodedata.normalize("NFD", reading):
        if char in TONE_OF_MARK:
            tone = TONE_OF_MARK[char]
        elif char == DIAERESIS and letters:
            letters[-1] = "v"
        else:
            letters.append(char)
    return "".join(letters), tone


_PLAIN: dict[str, tuple[str, int]] = {}


def _plain_cached(reading: str) -> tuple[str, int]:
    found = _PLAIN.get(reading)
    if found is None:
        found = _PLAIN[reading] = _plain(reading)
    return found


@cache
def _readings() -> dict[str, tuple[tuple[str, int], ...]]:
    """Every common character's readings, toneless with their tones, most usual first."""
    return {
        chr(point): tuple(_plain_cached(r) for r in readings.split(","))
        for point, readings in PINYIN_DICT.items()
        if 0x4E00 <= point <= 0x9FFF
    }


@cache
def syllables() -> frozenset[str]:
    """The toneless syllables pinyin may be typed in (ü as v, or u after l and n)."""
    found = {s for readings in _readings().values() for s, _ in readings}
    return frozenset((found - _RARE) | set(_LOOSE.values()))


def pinyin_of(word: str) -> tuple[Key, tuple[int, ...]]:
    """A word's toneless syllables and tones: pypinyin's phrases (行情 háng), else characters."""
    phrase = PHRASES_DICT.get(word)
    if phrase is not None and len(phrase) == len(word):
        found = [_plain_cached(choices[0]) for choices in phrase]
    else:
        readings = _readings()
        found = []
        i = 0
        while i < len(word):
            # The longest phrase of pypinyin's from here (猕猴桃溃疡病: 猕猴桃, 溃疡, 病).
            for j in range(min(len(word), i + 6), i + 1, -1):
                phrase = PHRASES_DICT.get(word[i:j])
                if phrase is not None and len(phrase) == j - i:
                    found.extend(_plain_cached(choices[0]) for choices in phrase)
                    i = j
                    break
            else:
                found.append(readings.get(word[i], (("", 0),))[0])
                i += 1
    return tuple(s for s, _ in found), tuple(t for _, t in found)


# --- the words pinyin is read as --------------------------------------------------------------


class Candidate(NamedTuple):
    """A word some syllables may be read as: its cost (-log of its frequency), its tones."""

    word: str
    cost: float
    tones: tuple[int, ...]


def preference(candidate: Candidate) -> tuple[float, str]:
    return candidate.cost, candidate.word


class PinyinWords:
    """Words by the toneless syllables they are typed as, best candidate first.

    Made from (word, cost) pairs. Working out 80,000 words' pinyin takes a
    second, so here they are only grouped by their first character's readings: a group's
    pinyin is worked out when a message first has a word that may start with its
    syllable (or all of them by `build`, in the background). `pinyin`, if given, keeps
    what was worked out, for the next PinyinWords of mostly the same words (a knowledge
    base's, made again after an edit).
    """

    def __init__(
        self,
        words: Iterable[tuple[str, float]],
        pinyin: dict[str, tuple[Key, tuple[int, ...]]] | None = None,
    ) -> None:
        self.pinyin = pinyin
        self._lock = threading.Lock()  # a group is built once, if in two threads
        firsts = _first_syllables()
        pending: dict[str, list[tuple[str, float]]] = {}
        for item in words:
            word = item[0]
            first = firsts.get(word[0]) if len(word) > 1 else None
            if first is None or not _CJK_WORD.fullmatch(word):
                continue  # a single character is read by the characters' table
            for syllable in first:
                pending.setdefault(syllable, []).append(item)
        self._pending = pending
        self._by_key: dict[Key, list[Candidate]] = {}
        self._prefixes: set[Key] = set()

    def get(self, key: Key) -> list[Candidate]:
        """The candidates of some syllables, best first."""
        if key[0] in self._pending:
            self._build(key[0])
        return self._by_key.get(key, [])

    def continues(self, key: Key) -> bool:
        """Whether some longer word starts with these syllables."""
        if key[0] in self._pending:
            self._build(key[0])
        return key in self._prefixes

    def build(self) -> None:
        """Work out the pinyin of every word now (a background thread's work at start-up)."""
        for first in list(self._pending):
            self._build(first)

    def _build(self, first: str) -> None:
        with self._lock:
            if first in self._pending:
                self._build_group(first)

    def _build_group(self, first: str) -> None:
        """Work out the pinyin of the words that may start with the syllable `first`."""
        by_key = self._by_key
        built: set[Key] = set()
        memo = self.pinyin
        for word, cost in self._pending[first]:
            known = memo.get(word) if memo is not None else None
            if known is None:
                known = pinyin_of(word)
                if memo is not None:
                    memo[word] = known
            key, tones = known
            if len(key) != len(word) or len(key) > MAX_SYLLABLES or "" in key:
                continue
            if key[0] == first:
                by_key.setdefault(key, []).append(Candidate(word, cost, tones))
                built.add(key)
            if _LOOSE.keys() & set(key):
                loose = tuple(_LOOSE.get(s, s) for s in key)
                if loose[0] == first:
                    candidate = Candidate(word, cost + LOOSE_COST, tones)
                    by_key.setdefault(loose, []).append(candidate)
                    built.add(loose)
        for key in built:
            found = by_key[key]
            if len(found) > 1:
                found[:] = _best_first(found)[:KEEP]
            self._prefixes.update(key[:length] for length in range(1, len(key)))
        # Only now: a lookup in another thread builds the group itself until it is done.
        del self._pending[first]


@cache
def _first_syllables() -> dict[str, tuple[str, ...]]:
    """The syllables a word starting with each character may start with."""
    out = {}
    for char, readings in _readings().items():
        found = {s for s, _ in readings}
        found.update(_LOOSE[s] for s in list(found) if s in _LOOSE)
        out[char] = tuple(sorted(found))
    return out


def _best_first(candidates: list[Candidate]) -> list[Candidate]:
    """The candidates by preference, each word once (at its best)."""
    out: list[Candidate] = []
    seen: set[str] = set()
    for candidate in sorted(candidates, key=preference):
        if candidate.word not in seen:
            seen.add(candidate.word)
            out.append(candidate)
    return out


def _cost(frequency: float, total: float) -> float:
    return math.log(total / max(frequency, 1.0))


def thesaurus_words(words: Thesaurus) -> set[str]:
    """A thesaurus's words: groups, leads' meanings, subjects, programmes, regions, families."""
    found = {w for g in words.groups for w in g.words}
    for lead in words.leads:
        found.update(lead.means)
    found.update(words.subjects)
    found.update(w for names in words.programmes for w in names)
    for word, meanings in words.regional.items():
        found.add(word)
        found.update(meanings)
    found.update(w for family in words.families for w in family)
    return found


def _names() -> set[str]:
    """Every name of a product or pest in the synonym table (canonical and dialect)."""
    lex = lexicon()
    found = {name for product in lex.products.values() for name in product.names}
    found.update(name for pest, aliases in lex.pests.items() for name in (pest, *aliases))
    return found


def _farm_words(words: Thesaurus) -> set[str]:
    """FarmHub's own words: product and pest names, thesaurus, user dictionary, scaffold."""
    found: set[str] = _names() | set(SCAFFOLD) | _NUMBER_WORDS | _TIME_WORDS
    found.update(lexicon().not_names)
    found.update(thesaurus_words(words))
    if USER_DICT.is_file():
        lines = USER_DICT.read_text(encoding="utf-8").splitlines()
        found.update(line.split()[0] for line in lines if line.strip() and line[0] != "#")
    return found


class _Shipped(NamedTuple):
    words: PinyinWords
    chars: dict[str, list[Candidate]]
    pairs: dict[str, int]
    thesaurus: Thesaurus
    extra: tuple[str, ...]


_shipped: list[_Shipped] = []  # the one made last
_shipping = threading.Lock()  # made once, if asked in two threads at once


def shipped(
    extra: Sequence[str] = (),
) -> tuple[PinyinWords, dict[str, list[Candidate]], dict[str, int]]:
    """FarmHub's and jieba's everyday words by pinyin, each syllable's characters, and the
    pairs of characters FarmHub's phrasings have (the thesaurus's, the intent rules').

    Made on first use (0.3 s), and again when the thesaurus file changes; `extra` are
    more of FarmHub's words (the intent rules'), given by the caller.
    """
    words, extra = thesaurus(), tuple(extra)
    with _shipping:
        if not (_shipped and _shipped[0].thesaurus is words and _shipped[0].extra == extra):
            _shipped[:] = [_ship(words, extra)]
        made = _shipped[0]
    return made.words, made.chars, made.pairs


def _ship(words: Thesaurus, extra: tuple[str, ...]) -> _Shipped:
    tok = tokenizer()
    # jieba's own counts: the tokenizer adds FarmHub's names at 20,000 to steer its cut.
    total, frequency = float(tok.total()), tok.general_frequency
    names = _names()
    farm = _farm_words(words) | set(extra)

    def costs() -> Iterator[tuple[str, float]]:
        for word in farm:
            boost = NAME_BOOST if word in names else SHIPPED_BOOST
            yield word, _cost((frequency(word) + FARM_FLOOR) * boost, total)
        for word, count in tok.dictionary(EVERYDAY_AT_LEAST):
            yield word, _cost(count, total)

    in_farm_words = Counter(char for word in farm for char in set(word))
    # A one-character name (蒜, 鸡, 葱) weighs as the names do: `suan jiage` is 蒜价格, not
    # 酸价格, and `ji ke sou` 鸡咳嗽, not 几咳嗽 (blind walk); longer words (几点) still win.
    # Not 麦: `mai` is 买 and 卖 far more often, the commonest verbs a market bot reads.
    named = {name for name in names if len(name) == 1} - {"麦"}

    def weight(char: str) -> int:
        if char in named:
            return int((frequency(char) + FARM_FLOOR) * NAME_BOOST)
        return frequency(char) + FARM_CHARACTER * in_farm_words[char]

    chars = _characters(weight, total)
    # How farmers put words together, as the thesaurus's leads have it (叶子有点发黄).
    phrases = chain(farm, (alt for lead in words.leads for part in lead.when for alt in part))
    pairs = Counter(p[i : i + 2] for p in phrases for i in range(len(p) - 1))
    return _Shipped(PinyinWords(costs()), chars, _only_pairs(pairs, tok.is_word), words, extra)


def _characters(frequency: Callable[[str], int], total: float) -> dict[str, list[Candidate]]:
    """Each syllable's characters, most frequent first (a less usual reading counts less)."""
    table: dict[str, list[Candidate]] = {}
    rare: dict[str, Candidate] = {}
    for char, readings in _readings().items():
        count = frequency(char)
        for rank, (syllable, tone) in enumerate(readings):
            if not count:
                # A syllable jieba has no character of: pypinyin's first for it.
                rare.setdefault(syllable, Candidate(char, _cost(1, total), (tone,)))
                continue
            cost = _cost(count, total) + (OTHER_READING if rank else 0.0)
            table.setdefault(syllable, []).append(Candidate(char, cost, (tone,)))
            if syllable in _LOOSE:
                loose = Candidate(char, cost + LOOSE_COST, (tone,))
                table.setdefault(_LOOSE[syllable], []).append(loose)
    for syllable, candidate in rare.items():
        table.setdefault(syllable, [candidate])
    # A character once (啊 reads a, á, ǎ and à).
    return {syllable: _best_first(found)[: KEEP * 2] for syllable, found in table.items()}


class Base(Protocol):
    """What the reading needs of a knowledge base's index (knowledge.kb.index.SearchIndex)."""

    generation: int  # counts compiles of the index

    def compiled_words(self) -> list[str]:
        """The words of the compiled entries."""
        ...

    def delta_words(self) -> list[str]:
        """The words only entries changed since the compile have."""
        ...

    def character_pairs(self, compiled: bool = True) -> dict[str, int]:
        """Characters that follow each other in the entries' questions, and in how many."""
        ...


class Known(NamedTuple):
    """A knowledge base's words by pinyin, and its characters' pairs with their counts."""

    words: Sequence[PinyinWords]
    pairs: Sequence[Mapping[str, int]]


class KnowledgeWords:
    """A knowledge base's words and character pairs for reading pinyin, following the base.

    The compiled entries' are made again when the index compiles, the changed entries'
    when `edits` (a count of the base's changes) moves on; only words not seen before
    have their pinyin worked out again.
    """

    def __init__(self, base: Base, edits: Callable[[], int]) -> None:
        self._base = base
        self._edits = edits
        self._seen: list[object] = [None, None]
        self._words = [PinyinWords((), {}), PinyinWords((), {})]
        self._pairs: list[Mapping[str, int]] = [{}, {}]
        self._lock = threading.Lock()

    def current(self) -> Known:
        """The base's words and pairs as they are now."""
        with self._lock:
            return self._current()

    def _current(self) -> Known:
        base = self._base
        versions = (base.generation, (base.generation, self._edits()))
        for number, version in enumerate(versions):
            if version == self._seen[number]:
                continue
            compiled = number == 0
            words = base.compiled_words() if compiled else base.delta_words()
            # The base is indexed by a disease's or pest's canonical name (新城疫): the names
            # farmers use for it (鸡瘟) are its words too, or jiwen reads as 积温 it also has.
            words = [*words, *_pest_names(words)]
            tok = tokenizer()
            total, frequency = float(tok.total()), tok.general_frequency
            costs = (
                (w, _cost((frequency(w) + FARM_FLOOR) * KNOWLEDGE_BOOST, total)) for w in words
            )
            self._words[number] = PinyinWords(costs, self._words[number].pinyin)
            self._pairs[number] = _only_pairs(base.character_pairs(compiled), tok.is_word)
            self._seen[number] = version
        return Known(list(self._words), list(self._pairs))


def _pest_names(words: Sequence[str]) -> list[str]:
    """The lexicon's other names (in characters) of the pests and diseases among `words`."""
    have = set(words)
    lex = lexicon()
    return sorted(
        name
        for name, canonical in lex.term_of.items()
        if canonical in have
        and lex.kind_of.get(canonical) == "pest"
        and name not in have
        and _CJK_WORD.fullmatch(name)
    )


def _only_pairs(pairs: Mapping[str, int], is_word: Callable[[str], bool]) -> dict[str, int]:
    """The pairs of characters that are not a word of their own (缺什, not 叶子)."""
    return {p: n for p, n in pairs.items() if _CJK_WORD.fullmatch(p) and not is_word(p)}
