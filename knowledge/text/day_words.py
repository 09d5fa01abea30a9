"""The words farmers name a day by relative to today, in one table every feature reads
(bookings, staff words, notices, alerts, offers): 明天, 明儿, and the 东北/北方 明个, 明儿个,
今个, 今儿个, 后个, 后儿个, 昨个 (blind tester: 明个下午两点送黄豆 asked the day again).

Dialect words that end another word (说明个, 如今个, 最后个, 然后个) are guarded: read only where
they are not the tail of one. Pure; works on normalised text.
"""

from __future__ import annotations

import re

# Each word and its days from today, longest first where one holds another (大后天, 后天).
RELATIVE: tuple[tuple[str, int], ...] = (
    ("大后天", 3),
    ("大后儿个", 3),
    ("后天", 2),
    ("后儿个", 2),
    ("后个", 2),
    ("明天", 1),
    ("明儿个", 1),
    ("明儿", 1),
    ("明个", 1),
    ("今天", 0),
    ("今儿个", 0),
    ("今儿", 0),
    ("今个", 0),
    # Tomorrow's (tonight's) morning and evening said short: 明早7点 is tomorrow at 7.
    ("明早", 1),
    ("明晚", 1),
    ("今早", 0),
    ("今晚", 0),
    ("day after tomorrow", 2),
    ("tomorrow", 1),
    ("today", 0),
)
# Past days said the northern way (昨个, 昨儿个), beside 昨天 and 昨儿.
YESTERDAY_WORDS = ("昨天", "昨儿个", "昨个", "昨日", "昨儿")

# What a dialect day word must not follow: it would be the tail of another word.
_GUARDS = {
    "后个": "(?<![最然以之往落背前])",
    "后儿个": "(?<![最然以之])",
    "明个": "(?<![说证表声聪发光透分文精简阐])",
    "今个": "(?<![如至迄古当])",
}


def word_pattern(word: str) -> str:
    """The regex for one relative day word, guarded where it could end another word."""
    if word.isascii():
        return rf"\b{re.escape(word)}\b"  # today, not todays
    return _GUARDS.get(word, "") + re.escape(word)


# Any relative day word, the longest at each place (大后天 before 后天, 明儿个 before 明儿).
ANY_DAY = "|".join(word_pattern(w) for w, _ in sorted(RELATIVE, key=lambda e: -len(e[0])))
_PATTERNS = {word: re.compile(word_pattern(word)) for word, _ in RELATIVE}


def relative_offset(norm: str) -> int | None:
    """The days from today of the first relative word of the table `norm` holds, in the
    table's order (大后天 before 后天), else None."""
    for word, offset in RELATIVE:
        if _PATTERNS[word].search(norm):
            return offset
    return None


def offset_of(word: str) -> int | None:
    """The days from today one relative day word means (明个 → 1), else None."""
    return dict(RELATIVE).get(word)


# Parts of the day, the northern words with the others: 头晌 / 前晌 the morning, 晌午 noon,
# 下晚 / 傍黑 the evening (a booking's latest rounds).
MORNING = r"上午|早上|早晨|一早|清早|前晌|上晌|头晌|前半晌|morning|\bam\b"
AFTERNOON = (
    r"下午|午后|傍晚|后晌|下晌|晌午后|晌午过后|后半晌|傍黑|擦黑|黑了|下晚|afternoon|evening|\bpm\b"
)
NOON_WORDS = r"晌午|中午|正午|\bnoon\b|\bmidday\b|\blunchtime\b"
