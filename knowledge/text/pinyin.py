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
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain
from typing import NamedTuple

from knowledge.text.english import glossary
from knowledge.text.lexicon import DATA_DIR, lexicon
from knowledge.text.pinyin_words import (
    DIAERESIS,
    MAX_SYLLABLES,
    NUMERALS,
    TONE_OF_MARK,
    Candidate,
    Key,
    Known,
    PinyinWords,
    preference,
    shipped,
    syllables,
)

ENGLISH_FILE = DATA_DIR / "english_pinyin.txt"
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_APOSTROPHES = "'\u2019\u2018`"
# What may stand between two pinyin words that a word of the reading may run across.
_JOINERS = frozenset(" \t-_")
# Letters after a number that are its unit (50kg, 3 m), not pinyin: left as they are.
_UNITS = frozenset("kg g mg t l ml cm mm m km".split())
# A word across a space the farmer typed costs this much more (the space was meant).
ACROSS_SPACE = 2.0
# A word whose tones contradict the typed ones; a character's less common reading.
TONE_MISMATCH = 6.0
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
                    if mark == DIAERESIS:
                        letter = "v"
                    elif mark in TONE_OF_MARK:
                        vowel_tones.append((len(letters), TONE_OF_MARK[mark]))
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
        number = bool(before) and (before[-1].isdigit() or before[-1] in NUMERALS)
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
    return sorted(by_word.values(), key=preference)


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
