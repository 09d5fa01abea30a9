"""Messages typed in pinyin with no characters chosen: `xihongshi jiage` → 西红柿价格.

A farmer whose phone's pinyin keyboard sent before a character was picked, or who has no
Chinese keyboard at all, types `tudou duoshao qian` or `yumi yezi fahuang zenmeban`. This
module tells such a message from English (`is_pinyin`) and reads it in characters
(`read`), so intent classification and knowledge search see Chinese.

Pinyin or English. A message in Latin letters is pinyin when every word of it splits into
pinyin syllables (typed with or without spaces, apostrophes, tone digits `xi1hong2shi4` or
tone marks `xīhóngshì`, in any case, ü typed v or u) and it does not read as English:
- a message whose every word is a common English word stays English (`one more time`,
  `china`, `can you see me`; `price`, `help`, `hi`, `ok` do not even split);
- one syllable on its own (`a`, `men`, `hen`, `wan`, `hao`) stays English: it is an English
  word as often as not, and one syllable is too little to choose a character from (是, 事,
  十 or 市?), so the message keeps the handling it had.
In a message with characters (`xihongshi 多少钱`, `土豆 jiage`) each Latin word that splits
into syllables is read, unless it is an English word or typed in capitals (DAP, NPK: an
abbreviation), or the unit of a number before it (50kg).

Reading. The syllables are cut into the words FarmHub knows, by their toneless syllables
(`PinyinWords`): product and pest names and their dialect names (synonyms.yaml), the
thesaurus, the user dictionary, the scaffold words, the intent rules' words (价格, 多少钱,
预约 …, given by the caller), the loaded knowledge base's words (`KnowledgeWords`), and
jieba's everyday words. The cheapest path wins: a word costs -log of its frequency
(jieba's counts, FarmHub's own words counted as seen more often: 收货 over 收获, 施肥 over
是非), so long, frequent words beat runs of single characters, and a syllable no word
covers becomes one of its most frequent characters. Where one word meets the next, two
characters that FarmHub's phrasings and the base's questions put side by side make the
path cheaper (缺什么 over 却什么), as does a particle ending the message (吗); typed tones
choose among words of the same syllables (mai3 买, mai4 卖).
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain
from typing import NamedTuple, Protocol

from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

from knowledge.text.english import glossary
from knowledge.text.lexicon import DATA_DIR, lexicon
from knowledge.text.scaffold import SCAFFOLD
from knowledge.text.thesaurus import Thesaurus, thesaurus
from knowledge.text.tokenize import USER_DICT, tokenizer

ENGLISH_FILE = DATA_DIR / "english_pinyin.txt"
_CJK = re.compile(r"[\u3400-\u9fff]")
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]+")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# Tone marks (combining, after NFD) and the tone each stands for; ü's diaeresis is a letter.
_TONE_OF_MARK = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}
_DIAERESIS = "\u0308"
_APOSTROPHES = "'\u2019\u2018`"
# What may stand between two pinyin words that a word of the reading may run across.
_JOINERS = frozenset(" \t-_")
# Letters after a number that are its unit (50kg, 3 m), not pinyin: left as they are.
_UNITS = frozenset("kg g mg t l ml cm mm m km".split())
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
# A word across a space the farmer typed costs this much more (the space was meant).
ACROSS_SPACE = 2.0
# A word whose tones contradict the typed ones; a character's less common reading.
TONE_MISMATCH = 6.0
OTHER_READING = math.log(50)
# Candidates kept per syllables (typed tones choose among them), characters tried per
# syllable, and paths kept per place in a stretch.
KEEP = 6
CHARACTERS = 6
BEAM = 8
# Characters FarmHub's texts put next to each other make a path this much cheaper per log
# of their count (缺什么 over 却什么), at most PAIR_MOST; a particle ending the message more.
PAIR_WEIGHT = 1.5
PAIR_MOST = 6.0
FINAL_PARTICLE = 3.0
_PARTICLES = frozenset("吗呢吧了啊呀嘛么啦哦没")
# What may follow the last pinyin of a message (it still ends it): punctuation, spaces.
_ENDING = " \t\n?？!！.。,，~～…"

# The unit right after a number (2000 jin, 3 kuai): near certain, whatever else sounds so.
_AFTER_NUMBER: dict[Key, str] = {
    tuple(k.split()): v
    for k, v in {
        "jin": "斤", "gong jin": "公斤", "dun": "吨", "mu": "亩", "kuai": "块", "yuan": "元",
        "mao": "毛", "jiao": "角", "dai": "袋", "xiang": "箱", "tou": "头", "zhi": "只",
        "ge": "个", "ke": "克", "zhu": "株", "tian": "天", "dian": "点", "hao": "号",
        "yue": "月", "nian": "年", "sui": "岁", "ci": "次", "bei": "倍", "fen": "分",
        "ping fang": "平方", "ping": "平", "li": "里", "gong li": "公里", "mi": "米",
    }.items()
}  # fmt: skip
# Amounts, prices and times said in numerals are words of their own: a numeral with its
# unit (两千斤, 一斤, 三块, 八点), a price's or hour's tail (三块五, 八点半), a round
# number (两千, 二十, 十五), and the days and times of a pickup (后天上午, not 晌午).
_NUMERALS = "一二两三四五六七八九十百千万几半"
_DIGITS = "一二三四五六七八九"
_UNIT_WORDS = "斤 公斤 吨 亩 块 元 毛 袋 箱 头 只 个 点 号 月 天 岁 次".split()
_NUMBER_WORDS = frozenset(
    [n + u for n in _NUMERALS for u in _UNIT_WORDS]
    + [n + u + d for n in _NUMERALS for u in "块毛点" for d in _DIGITS + "半"]
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
        if char in _TONE_OF_MARK:
            tone = _TONE_OF_MARK[char]
        elif char == _DIAERESIS and letters:
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


# --- what the farmer typed --------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """One Latin word of a message: its letters and what its typing says of its syllables."""

    start: int  # where it is in the NFKC text (end exclusive)
    end: int
    letters: str  # lower case, ü as v
    cuts: frozenset[int]  # offsets a syllable must end at (an apostrophe, a tone digit)
    vowel_tones: tuple[tuple[int, int], ...]  # (offset, tone) of each tone-marked vowel
    digit_tones: tuple[tuple[int, int], ...]  # (offset a syllable ends at, tone)
    capitals: bool  # typed in capitals, two letters or more (DAP, NPK): an abbreviation
    unit: bool  # the unit of the number before it (50kg, 3 m)
    after_number: bool  # a number stands right before it (2000 jin)


def words_of(text: str) -> list[Word]:
    """The Latin words of an NFKC-normalised text, with their tones and forced cuts."""
    words: list[Word] = []
    i, n = 0, len(text)
    while i < n:
        if not _is_letter(text[i]):
            i += 1
            continue
        start = i
        letters: list[str] = []
        cuts: set[int] = set()
        vowel_tones: list[tuple[int, int]] = []
        digit_tones: list[tuple[int, int]] = []
        capitals = True
        while i < n:
            char = text[i]
            if _is_letter(char):
                decomposed = unicodedata.normalize("NFD", char)
                base, marks = decomposed[0], decomposed[1:]
                capitals = capitals and base.isupper()
                letter = base.lower()
                for mark in marks:
                    if mark == _DIAERESIS:
                        letter = "v"
                    elif mark in _TONE_OF_MARK:
                        vowel_tones.append((len(letters), _TONE_OF_MARK[mark]))
                letters.append(letter)
            elif char in _APOSTROPHES and i + 1 < n and _is_letter(text[i + 1]):
                cuts.add(len(letters))
            elif char in "012345" and not (i + 1 < n and text[i + 1].isdigit()):
                # A digit right after a syllable is its tone (xi1hong2shi4): a number
                # there (shi3kuai as 3 块) is not told apart. 0 and 5 are the neutral tone.
                digit_tones.append((len(letters), int(char) or 5))
                cuts.add(len(letters))
            else:
                break
            i += 1
        plain = "".join(letters)
        before = text[:start].rstrip()
        number = bool(before) and (before[-1].isdigit() or before[-1] in _NUMERALS)
        words.append(
            Word(
                start=start,
                end=i,
                letters=plain,
                cuts=frozenset(cuts),
                vowel_tones=tuple(vowel_tones),
                digit_tones=tuple(digit_tones),
                capitals=capitals and len(letters) > 1,
                unit=number and plain in _UNITS,
                after_number=number,
            )
        )
    return words


def _is_letter(char: str) -> bool:
    base = unicodedata.normalize("NFD", char)[0]
    return base.isascii() and base.isalpha()


class Edge(NamedTuple):
    """One syllable letters may be read as: it ends at `end`; its typed tone, if any."""

    end: int
    syllable: str
    tone: int | None


def lattice(word: Word) -> list[list[Edge]]:
    """For each offset of the word's letters, the syllables that may start there."""
    letters, n = word.letters, len(word.letters)
    valid = syllables()
    vowels = dict(word.vowel_tones)
    digits = dict(word.digit_tones)
    edges: list[list[Edge]] = [[] for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, min(n, i + 6) + 1):
            syllable = letters[i:j]
            if syllable not in valid or any(c in word.cuts for c in range(i + 1, j)):
                continue  # not a syllable, or one across an apostrophe or a tone digit
            marked = [vowels[k] for k in range(i, j) if k in vowels]
            if len(marked) > 1:
                continue  # a syllable has one tone mark (xī'ān is two, not xiān)
            edges[i].append(Edge(j, syllable, marked[0] if marked else digits.get(j)))
    return edges


def splits(word: Word) -> bool:
    """Whether the word's letters read as a sequence of pinyin syllables."""
    n = len(word.letters)
    reach = [True] + [False] * n
    for i, edges in enumerate(lattice(word)):
        if reach[i]:
            for edge in edges:
                reach[edge.end] = True
    return n > 0 and reach[n]


def _one_syllable(word: Word) -> bool:
    return any(edge.end == len(word.letters) for edge in lattice(word)[0])


# --- pinyin or English ------------------------------------------------------------------------


@cache
def english_words() -> frozenset[str]:
    """English words that spell as pinyin (ENGLISH_FILE), product names, the glossary's."""
    lines = ENGLISH_FILE.read_text(encoding="utf-8").splitlines()
    listed = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    names = (p.en.lower() for p in lexicon().products.values() if p.en)
    said = {w for phrase in chain(names, glossary().words) for w in phrase.split()}
    return frozenset(listed | said)


def _english(word: Word) -> bool:
    # A tone typed says pinyin, whatever the letters spell.
    return not word.vowel_tones and not word.digit_tones and word.letters in english_words()


def pinyin_words(text: str) -> list[Word]:
    """The Latin words of an NFKC text that are to be read as pinyin ([] when none)."""
    if not _LATIN.search(text):
        return []  # most messages: characters only
    words = [w for w in words_of(text) if not w.unit]
    if not words:
        return []
    if not _CJK.search(text):
        if not all(splits(w) for w in words):
            return []
        if len(words) == 1 and _one_syllable(words[0]):
            return []
        if all(_english(w) for w in words):
            return []
        return words
    return [w for w in words if not w.capitals and not _english(w) and splits(w)]


def is_pinyin(text: str) -> bool:
    """True when a message in Latin letters is pinyin rather than English (module doc)."""
    text = unicodedata.normalize("NFKC", text)
    return not _CJK.search(text) and bool(pinyin_words(text))


def has_pinyin(text: str) -> bool:
    """True when a message has pinyin to read: all of it, or words among its characters."""
    return bool(pinyin_words(unicodedata.normalize("NFKC", text)))


# --- the words pinyin is read as --------------------------------------------------------------


class Candidate(NamedTuple):
    """A word some syllables may be read as: its cost (-log of its frequency), its tones."""

    word: str
    cost: float
    tones: tuple[int, ...]


def _preference(candidate: Candidate) -> tuple[float, str]:
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
    for candidate in sorted(candidates, key=_preference):
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
    chars = _characters(lambda c: frequency(c) + FARM_CHARACTER * in_farm_words[c], total)
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
            tok = tokenizer()
            total, frequency = float(tok.total()), tok.general_frequency
            costs = (
                (w, _cost((frequency(w) + FARM_FLOOR) * KNOWLEDGE_BOOST, total)) for w in words
            )
            self._words[number] = PinyinWords(costs, self._words[number].pinyin)
            self._pairs[number] = _only_pairs(base.character_pairs(compiled), tok.is_word)
            self._seen[number] = version
        return Known(list(self._words), list(self._pairs))


def _only_pairs(pairs: Mapping[str, int], is_word: Callable[[str], bool]) -> dict[str, int]:
    """The pairs of characters that are not a word of their own (缺什, not 叶子)."""
    return {p: n for p, n in pairs.items() if _CJK_WORD.fullmatch(p) and not is_word(p)}


# --- reading ----------------------------------------------------------------------------------


def read(text: str, extra: Sequence[str] = (), knowledge: Known | None = None) -> str:
    """The text with its pinyin in characters (module doc); a text without as it was.

    `extra` are FarmHub's words besides the shipped ones (the intent rules'), `knowledge`
    a knowledge base's words and pairs (`KnowledgeWords.current`).
    """
    norm = unicodedata.normalize("NFKC", text)
    words = pinyin_words(norm)
    if not words:
        return text
    shipped_words, chars, shipped_pairs = shipped(extra)
    reader = _Reader(
        [*(knowledge.words if knowledge else ()), shipped_words],
        chars,
        [shipped_pairs, *(knowledge.pairs if knowledge else ())],
    )
    out: list[str] = []
    at = 0
    for stretch in _stretches(norm, words):
        out.append(norm[at : stretch[0].start])
        ends = not norm[stretch[-1].end :].strip(_ENDING)
        out.append(reader.read(stretch, ends))
        at = stretch[-1].end
    out.append(norm[at:])
    return "".join(out)


def _stretches(text: str, words: list[Word]) -> list[list[Word]]:
    """Pinyin words with only spaces or hyphens between: a word read may run across them."""
    out: list[list[Word]] = []
    for word in words:
        if out and _JOINERS.issuperset(text[out[-1][-1].end : word.start]):
            out[-1].append(word)
        else:
            out.append([word])
    return out


class _State(NamedTuple):
    cost: float
    back: tuple[int, str] | None  # where the word before this one starts, its last character
    word: str


class _Reader:
    """Reads stretches of pinyin with one message's words, characters and pairs."""

    def __init__(
        self,
        layers: list[PinyinWords],
        chars: dict[str, list[Candidate]],
        pairs: list[Mapping[str, int]],
    ) -> None:
        self.layers = layers
        self.chars = chars
        self.pairs = pairs

    def pair_bonus(self, before: str, after: str) -> float:
        """How much cheaper a path is where `after` follows `before` in FarmHub's texts."""
        pair = before + after
        count = sum(p.get(pair, 0) for p in self.pairs)
        return min(PAIR_WEIGHT * math.log1p(count), PAIR_MOST) if count else 0.0

    def read(self, stretch: list[Word], ends: bool) -> str:
        """The characters of one stretch: the cheapest path through its words.

        A path's state is where it is and the last character it read: the pairs of
        characters FarmHub's texts have (缺什么: 缺 before 什) make a path cheaper where one
        word meets the next, and so does a particle at the end of a message (吗, 了).
        """
        edges, spaces = _joined_lattice(stretch)
        n = len(edges)
        states: list[dict[str, _State]] = [{} for _ in range(n + 1)]
        states[0][""] = _State(0.0, None, "")
        if stretch[0].after_number:
            for end, unit in _units(edges):
                states[end][unit[-1]] = _State(0.0, (0, ""), unit)
        for i in range(n):
            if not states[i]:
                continue
            here = sorted(states[i].items(), key=lambda s: s[1].cost)[:BEAM]
            for end, cost, word in self._words_from(i, edges, spaces):
                last = word[-1]
                final = ends and end == n
                for before, state in here:
                    total = state.cost + cost - (self.pair_bonus(before, word[0]) if before else 0)
                    if final and last in _PARTICLES:
                        total -= FINAL_PARTICLE
                    known = states[end].get(last)
                    if known is None or total < known.cost:
                        states[end][last] = _State(total, (i, before), word)
        out = []
        at, last = n, min(states[n], key=lambda c: states[n][c].cost)
        while at:
            state = states[at][last]
            assert state.back is not None  # every word of a stretch splits into syllables
            out.append(state.word)
            at, last = state.back
        return "".join(reversed(out))

    def _words_from(
        self, start: int, edges: list[list[Edge]], spaces: set[int]
    ) -> Iterator[tuple[int, float, str]]:
        """Every word that may start at `start`: where it ends, its cost, the word."""
        for edge in edges[start]:
            # One syllable: each of its likely characters (the pairs choose among them).
            chars = self.chars.get(edge.syllable, [])
            agree = [c for c in chars if _tones_agree(c.tones, (edge.tone,))] or chars
            for char in agree[:CHARACTERS]:
                yield edge.end, char.cost, char.word
        # Longer words: syllable by syllable, while some word goes on.
        stack: list[tuple[int, Key, tuple[int | None, ...], int]] = [
            (e.end, (e.syllable,), (e.tone,), 0) for e in edges[start]
        ]
        while stack:
            at, key, tones, crossed = stack.pop()
            if at >= len(edges) or len(key) >= MAX_SYLLABLES:
                continue
            if not any(layer.continues(key) for layer in self.layers):
                continue
            crossing = crossed + (at in spaces)
            for edge in edges[at]:
                longer, toned = (*key, edge.syllable), (*tones, edge.tone)
                stack.append((edge.end, longer, toned, crossing))
                found = _merged(c for layer in self.layers for c in layer.get(longer))
                chosen = _choose(found, toned)
                if chosen is not None:
                    yield edge.end, chosen[1] + ACROSS_SPACE * crossing, chosen[0].word


def _merged(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Candidates best first, a word several layers have once: as often as all of them say
    (下蛋, which the shipped words and a knowledge base have, over 下单, which only one has)."""
    by_word: dict[str, Candidate] = {}
    for candidate in candidates:
        known = by_word.get(candidate.word)
        if known is None:
            by_word[candidate.word] = candidate
        else:
            # -log of the sum of the frequencies the two costs stand for.
            low, high = sorted((known.cost, candidate.cost))
            cost = low - math.log1p(math.exp(low - high))
            by_word[candidate.word] = known._replace(cost=cost)
    return sorted(by_word.values(), key=_preference)


def _joined_lattice(stretch: list[Word]) -> tuple[list[list[Edge]], set[int]]:
    """One lattice over a stretch's letters, and the offsets where its typed words meet."""
    edges: list[list[Edge]] = []
    spaces: set[int] = set()
    for word in stretch:
        offset = len(edges)
        if offset:
            spaces.add(offset)
        edges.extend(
            [Edge(e.end + offset, e.syllable, e.tone) for e in own] for own in lattice(word)
        )
    return edges, spaces


def _units(edges: list[list[Edge]]) -> list[tuple[int, str]]:
    """Units of a number that a stretch after it may begin with (jin 斤, gong jin 公斤)."""
    found = []
    for first in edges[0]:
        if (first.syllable,) in _AFTER_NUMBER:
            found.append((first.end, _AFTER_NUMBER[(first.syllable,)]))
        for second in edges[first.end] if first.end < len(edges) else ():
            unit = _AFTER_NUMBER.get((first.syllable, second.syllable))
            if unit is not None:
                found.append((second.end, unit))
    return found


def _choose(
    candidates: Sequence[Candidate], tones: tuple[int | None, ...]
) -> tuple[Candidate, float] | None:
    """The first candidate whose tones agree with the typed ones, else the first, at a cost."""
    for candidate in candidates:
        if _tones_agree(candidate.tones, tones):
            return candidate, candidate.cost
    return (candidates[0], candidates[0].cost + TONE_MISMATCH) if candidates else None


def _tones_agree(own: tuple[int, ...], typed: tuple[int | None, ...]) -> bool:
    # An untyped tone agrees with any, a neutral syllable (子 of 叶子) with any typed one.
    return all(t is None or o in (5, t) for o, t in zip(own, typed, strict=False))
