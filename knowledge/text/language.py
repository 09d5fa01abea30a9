"""Which language a message is written in, and a request to change the reply language.

`written_in`: a farmer who has not chosen a language is answered in the one they write
(handlers/common.py). Characters are Chinese; Latin letters are English unless they are
pinyin (`yangyu duoshao qian` is a Chinese price question: knowledge/text/pinyin.py tells
the two apart); a message of digits, emoji, a command or keys mashed says nothing.

`language_wish`: "English please", "do you speak english", "change language", 说中文,
切换语言: the farmer asks for a language ("en", "zh") or to change it without naming one
("any"). The whole message must be the request (a greeting and please around it allowed),
so "english name of 土豆" or "price in chinese markets" stays a question.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from knowledge.text import errands
from knowledge.text.english import is_english, to_chinese_query
from knowledge.text.lexicon import DATA_DIR
from knowledge.text.pinyin import english_words, is_pinyin
from knowledge.text.pinyin_words import syllables

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
# Two letters or more in capitals (DAP, NPK): an abbreviation, in either language.
_ABBREVIATION = re.compile(r"[A-Z]{2,}")


def written_in(text: str) -> str | None:
    """ "en" for an English message, "zh" for Chinese (characters or pinyin), None when it
    does not say (a command, a number, emoji, an abbreviation, keys mashed)."""
    text = unicodedata.normalize("NFKC", text).strip()
    if not text or text.startswith("/"):
        return None
    if _CJK.search(text):
        return "zh"
    words = _LATIN_WORD.findall(text)
    if not words or all(len(w) < 2 or _ABBREVIATION.fullmatch(w) for w in words):
        return None
    if is_pinyin(text):
        # Pinyin written as names (Daotian, Sunjiaji Jingdong): a place or a station, which
        # an English writer types too (blind walk: the English volunteer was switched).
        if all(w[0].isupper() for w in words):
            return None
        return "zh"
    if len(words) == 1 and words[0].lower() in syllables() - english_words():
        return None  # hao, ma: one syllable, maybe pinyin (is_pinyin keeps it English)
    if errands.mashed(" ".join(w.lower() for w in words)):
        return None
    # Only words English knows count (asdkjh qwe, xkcd blorp say nothing): half of them at
    # least, misspelt by a letter allowed (tomatoe prise).
    said = [w.lower() for w in words if not _ABBREVIATION.fullmatch(w)]
    known = sum(1 for w in said if knows_english(w))
    return "en" if said and known * 2 >= len(said) else None


COMMON_FILE = DATA_DIR / "english_common.txt"
_ENDINGS = ("s", "es", "ed", "d", "ing", "ly", "er", "est")


@cache
def english_vocabulary() -> frozenset[str]:
    """Everyday English (COMMON_FILE) and the words pinyin.english_words knows."""
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    listed = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    return frozenset(listed | english_words())


def knows_english(word: str) -> bool:
    """Whether a lower-case Latin word is English: listed, listed less an ending (coughs,
    sprayed), or, from five letters, one letter off a listed word (tomatoe, prise)."""
    vocabulary = english_vocabulary()
    if word in vocabulary:
        return True
    if any(word.endswith(e) and word[: -len(e)] in vocabulary for e in _ENDINGS):
        return True
    return len(word) >= 5 and any(w in vocabulary for w in _one_letter_off(word))


def _one_letter_off(word: str) -> set[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    cuts = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    dropped = {a + b[1:] for a, b in cuts if b}
    swapped = {a + b[1] + b[0] + b[2:] for a, b in cuts if len(b) > 1}
    changed = {a + c + b[1:] for a, b in cuts if b for c in letters}
    added = {a + c + b for a, b in cuts for c in letters}
    return dropped | swapped | changed | added


# Around a request: a greeting, please, sorry, a bot's name (hello, english please!).
_AROUND = (
    r"(?:hi|hello|hey|dear|sir|madam|friend|sorry|excuse me|please|pls|plz|thanks|thank you"
    r"|farmhub|bot|ok|okay|you|can|could|do|i|we|me|in|the|a|to|only|just|speak|talk|reply"
    r"|answer|write|read|understand|use|switch|change|set|want|need|like|would|prefer"
    r"|language|languages|your|my|is|are|there|no|not|don'?t|dont|cannot|can'?t|cant|any"
    r"|some|with|for|now|from|on|more|again|back|mode|version|setting|settings|by)"
)
_EN_WORD = r"(?:english|inglish|englsh)"
_ZH_WORD = r"(?:chinese|mandarin|zhongwen|putonghua)"
_ENGLISH = re.compile(rf"^(?:{_AROUND}\s+)*{_EN_WORD}(?:\s+{_AROUND})*$")
_CHINESE_EN = re.compile(rf"^(?:{_AROUND}\s+)*{_ZH_WORD}(?:\s+{_AROUND})*$")
# "i don't understand chinese", "no chinese": English is what they ask for.
_NO_CHINESE = re.compile(
    rf"^(?:{_AROUND}\s+)*(?:no|not|don'?t|dont|cannot|can'?t|cant)(?:\s+{_AROUND})*"
    rf"\s+{_ZH_WORD}(?:\s+{_AROUND})*$"
)
_ANY_EN = re.compile(r"^(?:(?:" + _AROUND + r")\s+)*(?:change|switch|set|other|another)\s+"
                     r"(?:the\s+|my\s+|your\s+)?languages?(?:\s+" + _AROUND + r")*$"
                     r"|^languages?(?:\s+(?:please|pls|settings?))?$")  # fmt: skip
# In characters: 说英文, 换成英文, 用英语回复, 我要中文, 切换语言, 换个语言, 切换中文, 切到英文
# (切换 alone is a filler only before a language: 切换站点, 切换中文输入法 stay questions).
_ZH_FILLER = r"(?:你好|您好|请|麻烦|我要|我想|要|想|能不能|可以|能|你|您|给我|跟我|和我|用|说|讲|回复|回答|换成|换到|切换成|切换到|切换为|切换|切到|切成|改成|改为|设置成|设为|吧|吗|呢|谢谢|一下|版)*"  # noqa: E501
_EN_ZH_WORD = r"(?:英文|英语)"
_ZH_ZH_WORD = r"(?:中文|汉语|普通话|汉字|国语)"
_ENGLISH_ZH = re.compile(rf"^{_ZH_FILLER}{_EN_ZH_WORD}{_ZH_FILLER}$")
_CHINESE_ZH = re.compile(rf"^{_ZH_FILLER}{_ZH_ZH_WORD}{_ZH_FILLER}$")
# Giving up on English, in a sentence: 我不会英语 换成中文, 算了 还是说中文吧, 看不懂英文.
_NO_ENGLISH = (
    rf"(?:我|俺)?(?:不会|不懂|看不懂|听不懂|不认识|不识|读不懂|看不明白)(?:说|看)?{_EN_ZH_WORD}"
)
_BACK = r"(?:算了|还是|那|那就|就|再|改回|换回|回到|切回)*"
_CHINESE_SAID = re.compile(
    rf"^{_BACK}(?:{_NO_ENGLISH}{_BACK})?{_ZH_FILLER}{_BACK}{_ZH_FILLER}{_ZH_ZH_WORD}{_ZH_FILLER}$"
    rf"|^{_BACK}{_NO_ENGLISH}{_ZH_FILLER}$"
)
_ANY_ZH = re.compile(
    rf"^{_ZH_FILLER}(?:切换|换|改|更改|设置|修改|调)(?:一?个|一下)?语言(?:设置)?{_ZH_FILLER}$"
)
_PUNCTUATION = re.compile(r"[\s!！。.?？~～,，、…·:：;；\-—_*()（）\[\]\"'“”‘’🙏]+")


def language_wish(text: str) -> str | None:
    """ "en" or "zh" for a request for that language, "any" for a change with none named,
    None for any other message."""
    norm = unicodedata.normalize("NFKC", text).strip().lower().replace("’", "").replace("'", "")
    if not norm or norm.startswith("/") or len(norm) > 80:
        return None
    if _CJK.search(norm):
        said = _PUNCTUATION.sub("", norm)
        patterns = (
            (_ENGLISH_ZH, "en"),
            (_CHINESE_ZH, "zh"),
            (_CHINESE_SAID, "zh"),
            (_ANY_ZH, "any"),
        )
        for pattern, wish in patterns:
            if pattern.match(said):
                return wish
        return None
    words = " ".join(_PUNCTUATION.sub(" ", norm).split())
    if _NO_CHINESE.match(words) or _ENGLISH.match(words):
        return "en"
    if _CHINESE_EN.match(words):
        return "zh"
    if _ANY_EN.match(words):
        return "any"
    return None


def search_text(text: str) -> str:
    """What the knowledge base (written in Chinese) is searched with for a message: an
    English question in the base's words; pinyin and Chinese as they are (search reads
    pinyin in characters itself)."""
    return to_chinese_query(text) if is_english(text) and not is_pinyin(text) else text


@dataclass(frozen=True)
class Mismatch:
    """Staff words in one language for farmers who mostly read another: `readers` is the
    language `most` of the `total` recipients read, `written` the one the words are in."""

    written: str
    readers: str
    most: int
    total: int

    @property
    def everyone(self) -> bool:
        """Whether every recipient reads `readers` (not only most of them)."""
        return self.most == self.total


def mismatch(text: str, languages: Sequence[str]) -> Mismatch | None:
    """Whether `text` (a notice, a closing reason) is in another language than most of its
    recipients (their `languages`) read; None when it is theirs, or says no language (a time,
    a number), or no language has a majority."""
    written = written_in(text)
    if written is None or not languages:
        return None
    readers, most = Counter(languages).most_common(1)[0]
    if readers == written or most * 2 <= len(languages):
        return None
    return Mismatch(written, readers, most, len(languages))
