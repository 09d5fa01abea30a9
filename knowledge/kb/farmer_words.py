"""A farmer's words that a base does not use, read as the base's own.

Three bridges, each counting less than a word the farmer typed that the base
uses: a homophone typo (发荒 → 发黄, 大班病 → 大斑病, also when jieba cut the typo
into characters, and respelled when jieba cut it with its neighbours: 新成疫苗 →
新城疫苗), and an everyday synonym from HIT 同义词词林 (背后 → 背面,
闹肚子 → 腹泻). The pinyin table of the base's words is built on the first query
that needs it and rebuilt only for what changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from knowledge.kb.index import SearchIndex
from knowledge.kb.subjects import names_pest
from knowledge.text.cilin import synonyms_of
from knowledge.text.lexicon import lexicon, pinyin_key
from knowledge.text.thesaurus import Expansion

# A homophone of a query word counts a little less than the word itself.
HOMOPHONE_WEIGHT = 0.8
# Marks the weight a homophone stands in with, inside a term-weight mapping.
HOMOPHONE_MARK = "\0hom:"
# An everyday synonym of a word the base does not use counts this much.
GENERAL_WEIGHT = 0.6
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]+")
# The shortest ending of a longer word that a typo is matched against.
MIN_ENDING = 3
# Endings a farmer drops from a disease or pest name.
_KIND_ENDINGS = frozenset("病虫螟瘟")
_NUMERAL = re.compile(r"[0-9一二三四五六七八九十百千万两几半]")
# Typed homophones of base words this long are respelled inside a longer run of
# characters (新成疫苗 → 新城疫苗): shorter ones sound like too many real words.
RESPELL_LENGTHS = (5, 4, 3)


class FarmerWords:
    """The bridges from a query's unknown words to one index's vocabulary."""

    def __init__(
        self,
        index: SearchIndex,
        is_scaffold: Callable[[str], bool],
        tokens: Callable[[str], list[str]],
        is_word: Callable[[str], bool],
    ) -> None:
        self.index = index
        self._is_scaffold = is_scaffold
        self._tokens = tokens
        self._is_word = is_word
        self._homophones: _Homophones | None = None
        # The compiled words' part of the homophone table, and the index compile it is of.
        self._homophone_base: tuple[int, dict[tuple[str, ...], list[str]]] = (-1, {})

    def invalidate(self) -> None:
        """The index changed: the changed entries' words are keyed again on next use."""
        self._homophones = None

    def homophones(self) -> _Homophones:
        """The base's words by pinyin key."""
        # Built lazily: only queries with an unknown word need it. The compiled
        # words' part lasts until the index compiles again, so after an update
        # only the changed entries' words are keyed again, not the vocabulary.
        if self._homophones is None:
            if self._homophone_base[0] != self.index.generation:
                table = _homophone_table(self.index.compiled_words())
                self._homophone_base = (self.index.generation, table)
            extra = _homophone_table(self.index.delta_words())
            self._homophones = _Homophones(self._homophone_base[1], extra)
        return self._homophones

    def _sound_alikes(self, term: str) -> list[str]:
        return self.homophones().get(pinyin_key(term, fuzzy=len(term) > 2), [])

    def expand(self, terms: list[str]) -> tuple[list[str], dict[str, float]]:
        """Add homophones that the base knows for query words it does not (发荒 → 发黄)."""
        extra: list[str] = []
        weights: dict[str, float] = {}
        for term in terms:
            # A scaffold word (咋治) is no typo of a topic word (杂质).
            if len(term) < 2 or self.index.vocabulary_has(term) or self._is_scaffold(term):
                continue
            for alt in self._sound_alikes(term):
                if alt not in terms and alt not in extra:
                    extra.append(alt)
                    weights[alt] = HOMOPHONE_WEIGHT
        return terms + extra, weights

    def join_typos(self, terms: list[str]) -> list[str]:
        """Join single characters a pinyin typo split off back into the word they sound like.

        A typo is rarely a word, so jieba cuts it into characters (营页时间 → 营 页 时间,
        吸将虫 → 吸 将 虫): two to four neighbouring tokens that look split
        (`_looks_split`) and together sound like a word of the base become that
        unknown word, and `expand` adds the word it sounds like.
        """
        if len(terms) < 2:
            return terms
        out: list[str] = []
        i = 0
        while i < len(terms):
            joined = None
            for j in range(min(i + 4, len(terms)), i + 1, -1):
                window = terms[i:j]
                text = "".join(window)
                if not (2 <= len(text) <= 5 and _CJK_WORD.fullmatch(text)):
                    continue
                if (
                    self.index.vocabulary_has(text)
                    or any(self._is_scaffold(t) for t in window)
                    or not self._looks_split(window, text)
                ):
                    continue
                if self._typo_of(text):
                    joined = (text, j)
                    break
            if joined is None:
                borrowed = self._borrowed(terms, i)
                if borrowed is not None:
                    out.extend(borrowed)
                    i += 2
                    continue
                out.append(terms[i])
                i += 1
            else:
                out.append(joined[0])
                i = joined[1]
        return out

    def _borrowed(self, terms: list[str], i: int) -> list[str] | None:
        """A lone character the base never uses, and the neighbouring word's character jieba
        took for itself, rejoined into the word they sound like (鸡不下旦 → 不下 旦 → 不 下旦,
        which sounds like 下蛋): the two tokens as they should have been cut, or None."""
        if i + 1 >= len(terms):
            return None
        left, right = terms[i], terms[i + 1]
        for word, single, before in ((left, right, True), (right, left, False)):
            if len(single) != 1 or len(word) < 2 or not _CJK_WORD.fullmatch(word + single):
                continue
            if self.index.vocabulary_has(single) or self._is_scaffold(word):
                continue
            pair = word[-1] + single if before else single + word[0]
            if self.index.vocabulary_has(pair) or self._is_word(pair):
                continue
            # A word of the base spelt otherwise (下蛋 for 下旦), not the start of a longer
            # one (小鹅 of 小鹅瘟: 小 鹅头 is jieba's mis-cut of a word typed right).
            if not any(len(w) == 2 and w != pair for w in self._sound_alikes(pair)):
                continue
            rest = word[:-1] if before else word[1:]
            return [rest, pair] if before else [pair, rest]
        return None

    def respell(self, norm: str) -> str:
        """The text with each typed homophone of a base word respelled as that word.

        jieba cuts a typo with its neighbours (新成疫苗 → 新 成 疫苗, 茶并病 → 茶 并 病),
        so `join_typos` cannot see it: a stretch of three to five characters that
        sounds like a term of the base, differs from it in one character (two in
        five) and is no word itself is read as that term.
        """
        return _CJK_WORD.sub(lambda m: self._respelled(m.group()), norm)

    def _respelled(self, run: str) -> str:
        if len(run) < RESPELL_LENGTHS[-1]:
            return run
        key = pinyin_key(run)
        if len(key) != len(run):  # one syllable per character, or leave it
            return run
        out, i = [], 0
        while i < len(run):
            word = next(
                (w for n in RESPELL_LENGTHS for w in self._respelling(run, key, i, n)), None
            )
            if word is None:
                out.append(run[i])
                i += 1
            else:
                out.append(word)
                i += len(word)
        return "".join(out)

    def _respelling(self, run: str, key: tuple[str, ...], start: int, n: int) -> list[str]:
        typed = run[start : start + n]
        if len(typed) < n or _NUMERAL.search(typed) or self.index.vocabulary_has(typed):
            return []
        if self._is_word(typed) or self._is_scaffold(typed):
            return []
        return [
            word
            for word in self.homophones().get(key[start : start + n], [])
            if len(word) == n
            and word not in run
            # A term (a disease, a pest, a service): not a product, whose typos the
            # lexicon reads itself, and whose one changed character is more often
            # another word than a typo (芒果熟 is ripe, not 芒果树).
            and self._is_word(word)
            and lexicon().kind_of.get(word) != "product"
            and (names_pest(word) or not _shares_product(typed, word))
            and sum(a != b for a, b in zip(word, typed, strict=True)) <= (2 if n >= 5 else 1)
        ][:1]

    def _typo_of(self, text: str) -> bool:
        """Whether joined characters sound like a word of the base, numerals kept.

        A count is no part of a typo (寄 十 斤 is not 寄十 ≈ 及时), unless the word it
        sounds like has the same numeral in the same place (二化明 → 二化螟).
        """
        numerals = [(i, c) for i, c in enumerate(text) if _NUMERAL.match(c)]
        alikes = self._sound_alikes(text)
        if not numerals:
            return bool(alikes)
        if numerals[-1][0] == len(text) - 1:  # 一担一 担: a count before its measure word
            return False
        return any(
            len(word) == len(text) and all(word[i] == c for i, c in numerals) for word in alikes
        )

    def _looks_split(self, window: list[str], text: str) -> bool:
        """Whether these tokens look like one word a typo broke apart.

        A character the base never uses alone gives it away (营页时间 → 营 页 时间);
        so does a character beside a word the base does not know (大班病 → 大班 病),
        or two lone characters in a window of three or more characters that sounds
        like a word of the base (吸将虫 → 吸 将 虫, where 吸 and 将 occur in answers).
        """
        singles = [t for t in window if len(t) == 1]
        if not singles:
            return False
        if any(not self.index.vocabulary_has(t) for t in singles):
            return True
        if any(len(t) > 1 and not self.index.vocabulary_has(t) for t in window):
            return True
        # Two lone characters that are no word together (保 线) and sound like a word of
        # the base that is (保险): a two-character typo.
        return len(singles) >= 2 and (len(text) >= 3 or not self._is_word(text))

    def sounds_known(self, term: str) -> bool:
        """Whether an unknown word sounds like a word of the base."""
        return len(term) >= 2 and bool(self._sound_alikes(term))

    def homophone_credit(
        self,
        term: str,
        weights: dict[str, float],
        about: set[str],
        mentioned: set[str],
        in_passing: float,
    ) -> float:
        """The credit an unknown query word earns from an entry that has one of its homophones."""
        if self.index.vocabulary_has(term) or len(term) < 2:
            return 0.0
        for alt in self._sound_alikes(term):
            factor = weights.get(HOMOPHONE_MARK + alt, HOMOPHONE_WEIGHT)
            if alt in about:
                return factor
            if alt in mentioned:
                return factor * in_passing
        return 0.0

    def everyday(self, terms: list[str]) -> list[Expansion]:
        """Everyday synonyms the base uses for query words it does not (背后 → 背面)."""
        out = []
        for term in terms:
            if self.index.vocabulary_has(term) or self._is_scaffold(term):
                continue
            known = tuple(
                t
                for synonym in synonyms_of(term)
                if self.index.vocabulary_has(synonym)
                for t in self._tokens(synonym)
                if t not in terms and not self._is_scaffold(t)
            )
            if known:
                out.append(
                    Expansion(tuple(dict.fromkeys(known)), GENERAL_WEIGHT, frozenset({term}))
                )
        return out


def _shares_product(typed: str, word: str) -> bool:
    """Whether both begin or both end with one product's name (芒果熟 and 芒果树)."""
    names = lexicon()
    for k in range(2, len(word)):
        for part, other in ((typed[:k], word[:k]), (typed[-k:], word[-k:])):
            if part == other and names.kind_of.get(names.term_of.get(part, "")) == "product":
                return True
    return False


def _homophone_table(words: Iterable[str]) -> dict[tuple[str, ...], list[str]]:
    """Chinese words of two or more characters by pinyin key, each list in the words' order."""
    table: dict[tuple[str, ...], list[str]] = {}
    names = lexicon()
    for term in words:
        if len(term) >= 2 and "\u4e00" <= term[0] <= "\u9fff":
            key = pinyin_key(term, fuzzy=len(term) > 2)
            table.setdefault(key, []).append(term)
            # A long name's ending is how farmers say it, typos included (卷页螟 for
            # the 卷叶螟 of 稻纵卷叶螟): three syllables or more of its end key it too.
            for n in range(MIN_ENDING, len(key)):
                table.setdefault(key[-n:], []).append(term)
            # A disease or pest named without its 病 / 虫 (稻曲 for 稻曲病, 纹枯 for 纹枯病).
            # Not when the stem is a crop or animal: 玉米 alone is no 玉米螟.
            stem = term[:-1]
            if len(stem) >= 2 and term[-1] in _KIND_ENDINGS and not names.canonical(stem):
                table.setdefault(pinyin_key(stem, fuzzy=len(stem) > 2), []).append(term)
    return table


@dataclass(frozen=True)
class _Homophones:
    """The vocabulary by pinyin key: compiled entries' words plus changed entries' words."""

    base: dict[tuple[str, ...], list[str]]
    extra: dict[tuple[str, ...], list[str]]

    def get(self, key: tuple[str, ...], default: list[str]) -> list[str]:
        """The known words with this pinyin, sorted, or `default`."""
        more = self.extra.get(key)
        if more is None:
            return self.base.get(key, default)
        return sorted([*self.base.get(key, ()), *more])
