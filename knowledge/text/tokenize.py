"""Chinese tokenisation for search: jieba with FarmHub's dictionary, synonyms folded.

The tokenizer is built once per process (jieba's own dictionary is cached on
disk by jieba). Every name in the synonym table is a single token and is
replaced by its canonical form, so 洋芋 and 马铃薯 both index as 土豆.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from pathlib import Path

import jieba

from knowledge.text.county_products import county_products_path
from knowledge.text.lexicon import DATA_DIR, lexicon, pinyin_key
from knowledge.text.normalise import normalise

USER_DICT = DATA_DIR / "userdict.txt"
STOPWORDS = DATA_DIR / "stopwords.txt"
# A token must contain a letter, a digit or a CJK character to count.
_WORDLIKE = re.compile(r"[0-9a-z\u3400-\u9fff]")
# Bumped whenever the way tokens are made changes, so cached tokens are redone.
# 5: not_names kept whole, 米 after a number is a unit; 6: 么子 kept; 7: Cantonese as
# Mandarin; 8: 屙 and 窿 read as 拉 and 洞 everywhere; 9: more Cantonese words (cantonese4);
# 10: 边度 and 边个 mark a message as Cantonese; 11: a homophone name's lone characters dropped;
# 12: Cantonese days (听日, 上昼) and endings (样搞, 点算) read everywhere, 唔 as 不; 13: 11 undone
# (掉果啫 lost its 果 to a false 果蔗); 14: 烟叶子 / 茶叶片 keep their leaves (叶子, 叶片).
TOKENS_FORMAT = "14"
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
# Characters too common to say what a question is about (unigram view of bigrams()).
_STOP_CHARS = frozenset(
    "的了吗呢啊呀吧么嘛哦我你他她它们这那是有在不没也都就还又很太咋怎啥什么样为何哪个些一上下"
)


class Tokenizer:
    """jieba plus FarmHub's user dictionary, stop words and synonym folding."""

    def __init__(self, user_dict: Path = USER_DICT, stopwords: Path = STOPWORDS) -> None:
        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()
        self._lexicon = lexicon()
        # What jieba's own dictionary says of the words FarmHub adds, before adding
        # them: their added frequencies steer the cut, they say nothing of how
        # everyday a word is (新农合 at 3000 is no everyday word).
        added = [
            *_dictionary_words(user_dict),
            *self._lexicon.all_terms(),
            *self._lexicon.not_names,
        ]
        self._general = {w: int(self._jieba.FREQ.get(w, 0)) for w in added}
        if user_dict.is_file():
            self._jieba.load_userdict(str(user_dict))
        self._lexicon.segmenter = self._jieba.lcut
        self._lexicon.is_word = self._is_dictionary_word
        for term in self._lexicon.all_terms():
            if len(term) > 1:
                self._jieba.add_word(term, freq=20000)
        # Words that contain a name but are another thing stay whole (粘虫板 is not 粘虫).
        for word in self._lexicon.not_names:
            self._jieba.add_word(word, freq=20000)
        # jieba's cut of a text, remembered once the dictionary is final: a question
        # is cut for its tokens and again by the lexicon for word boundaries.
        self._cut = lru_cache(maxsize=2048)(self._cut_text)
        self._lexicon.segmenter = self._cut_list
        lines = stopwords.read_text(encoding="utf-8").splitlines() if stopwords.is_file() else []
        self.stopwords = frozenset(
            line.strip() for line in lines if line.strip() and not line.startswith("#")
        )
        self.version = self._fingerprint(user_dict, stopwords)

    @staticmethod
    def _fingerprint(*paths: Path) -> str:
        # Cached token lists are only valid for the dictionary that made them.
        digest = hashlib.sha1(TOKENS_FORMAT.encode())
        # The county's own products (FARMHUB_PRODUCTS) are names of the dictionary too.
        county = county_products_path()
        for path in (*paths, DATA_DIR / "synonyms.yaml", *([county] if county else [])):
            if path.is_file():
                digest.update(path.read_bytes())
        return digest.hexdigest()[:12]

    def _cut_text(self, text: str) -> tuple[str, ...]:
        # No HMM guessing of unknown words: it glues a farmer's words to the
        # particles around them (瘟咋治, 牛胀), so neither matches anything.
        return tuple(self._jieba.lcut(text, HMM=False))

    def _cut_list(self, text: str) -> list[str]:
        return list(self._cut(text))

    def _is_dictionary_word(self, word: str) -> bool:
        """Whether jieba's dictionary knows `word` as a word of its own."""
        return self.frequency(word) > 0

    def is_word(self, word: str) -> bool:
        """Whether `word` is a word of jieba's dictionary or FarmHub's (a name, a term)."""
        return self._is_dictionary_word(word) or word in self._lexicon.term_of

    def frequency(self, word: str) -> int:
        """How often jieba's general dictionary (60 million words of text) saw `word`."""
        return int(self._jieba.FREQ.get(word, 0))

    def total(self) -> int:
        """The number of words jieba's frequencies were counted over (their denominator)."""
        return int(self._jieba.total)

    def dictionary(self, at_least: int = 1) -> Iterator[tuple[str, int]]:
        """jieba's general words seen at least `at_least` times, with their frequencies."""
        for word, count in self._general_items():
            if count >= at_least:
                yield word, count

    def _general_items(self) -> Iterable[tuple[str, int]]:
        # FREQ also holds every word's prefixes at 0, and FarmHub's words at their
        # added frequencies: these are jieba's own counts of its own words.
        for word, count in self._jieba.FREQ.items():
            if count:
                yield word, self._general.get(word, count)

    def general_frequency(self, word: str) -> int:
        """`frequency` in jieba's own dictionary, before FarmHub's words were added."""
        found = self._general.get(word)
        return self.frequency(word) if found is None else found

    def words(self, text: str) -> list[str]:
        """Raw jieba words of the normalised text (no folding), for diagnostics."""
        return [w for w in self._jieba.lcut(normalise(text)) if _WORDLIKE.search(w)]

    def tokens(self, text: str) -> list[str]:
        """Search tokens: words minus stop words, synonyms folded to canonical names."""
        norm = normalise(text)
        out: list[str] = []
        offset = 0
        cut = self._cut(norm)
        for at, word in enumerate(cut):
            start, offset = offset, offset + len(word)
            if word in _LEAF_ENDS and at and _leafy_name(cut[at - 1], self._lexicon.term_of):
                out.append("叶" + word)  # 烟叶子: the tobacco's leaves (烟叶 | 子 as cut)
                continue
            if not _WORDLIKE.search(word) or word in self.stopwords:
                continue
            if len(word) == 1 and self._lexicon.is_unit(norm, start):
                out.append(word)  # 1米 is a metre, not rice
                continue
            out.append(self._lexicon.term_of.get(word, word))
        # Products and pests typed with a homophone (西红事, 赤梅病) or glued into a
        # longer word are added by their canonical name.
        seen = set(out)
        for mention in self._lexicon.mentions(norm):
            if mention.canonical not in seen:
                out.append(mention.canonical)
                seen.add(mention.canonical)
        return out


# What follows a product named by its leaf (烟叶, 茶叶) when the farmer speaks of the plant's
# leaves: jieba cuts 烟叶子 as 烟叶 | 子, and the leaf symptoms (叶子 + 皱缩) were lost.
_LEAF_ENDS = frozenset({"子", "片", "儿"})


def _leafy_name(word: str, term_of: dict[str, str]) -> bool:
    """Whether `word` is a product's name that ends in its leaf (烟叶, 烤烟叶, 茶叶)."""
    return len(word) > 1 and word.endswith("叶") and word in term_of


def _dictionary_words(path: Path) -> list[str]:
    """The words of a jieba user dictionary (the first field of each line)."""
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split()[0] for line in lines if line.strip() and not line.startswith("#")]


def bigrams(text: str, within: Iterable[str] = ()) -> list[str]:
    """Characters, character bigrams and sound bigrams of the CJK runs: a typo-tolerant view.

    Sound bigrams (fuzzy toneless pinyin of two characters, e.g. "~zui~fei")
    match a homophone typo even where it makes jieba cut the sentence into
    different words (追费 for 追肥). A word of `within` (one the base knows) is
    matched as a word already: its characters and sound bigrams are left out, so
    it does not count three times over (叶子 against an entry that says 叶子).
    """
    norm = normalise(text)
    words = [w for w in within if len(w) > 1]
    out: list[str] = []
    for run in _CJK_RUN.findall(norm):
        inside = _word_spans(run, words)
        # Single characters too: a farmer's word often shares a character with
        # the standard one (冬麦 / 冬小麦, 胀肚 / 胀气) where no word matches.
        out.extend(c for i, c in enumerate(run) if c not in _STOP_CHARS and not inside[i])
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
        # Their sounds only across words: a word's own sound bigram repeats the word.
        pairs = [i for i in range(len(run) - 1) if not inside[i] or inside[i] != inside[i + 1]]
        sounds = pinyin_key(run)
        out.extend(f"~{sounds[i]}~{sounds[i + 1]}" for i in pairs if i + 1 < len(sounds))
    return out


def _word_spans(run: str, words: list[str]) -> list[int]:
    """Per character of the run, which occurrence of one of the words holds it (0: none).

    Longer words first: a word inside a longer one (叶蝉 in 茶小绿叶蝉) is part of it, not a
    word beside it, whatever order the words come in (a set's order changes from run to run).
    """
    inside = [0] * len(run)
    number = 0
    for word in sorted(words, key=lambda w: (-len(w), w)):
        start = run.find(word)
        while start >= 0:
            number += 1
            for i in range(start, start + len(word)):
                inside[i] = inside[i] or number
            start = run.find(word, start + len(word))
    return inside


@cache
def tokenizer() -> Tokenizer:
    """The process-wide tokenizer, built once."""
    return Tokenizer()
