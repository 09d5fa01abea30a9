"""Whether an unknown word is like a product's name at all, before "did you mean" offers it.

云南 blind test: 三七 (a medicinal root no table had) was offered 芹菜、西红柿、香菜, the best
of names sharing nothing with it. A name is offered only when it shares most characters
(西红事 → 西红柿, 大蒜苔 → 大蒜), or one and sounds alike (生羌 → 生姜, 核挑 → 核桃), or none
and sounds the same (和淘 → 核桃); a word in letters when most of its letters or sound match
(tomatos, xihongshi).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable

# Characters that carry grammar, not names: sharing one is no likeness.
_FUNCTION_CHARS = frozenset("的了是在有不就都也又还和与把被给让吗呢吧啊呀么着过没很太这那")
# A word in letters must be this close to a name's letters or sound (any two short words
# share some letters: sanqi and qin cai).
LETTERS_ALIKE = 0.75
# How alike the sounds must be, syllable by syllable, with a character in common (核挑 and
# 核桃 0.75, 生羌 and 生姜 0.9; 黄芪 and 黄牛 0.5) and without one (和淘 and 核桃 1.0; 洋芋 and
# 烟叶 0.75, 三七 and 芹菜 0).
SOUND_WITH_SHARED = 0.7
SOUND_ALONE = 0.9

_INITIALS = ("zh", "ch", "sh", *"bpmfdtnlgkhjqxrzcsyw")
# Initials farmers (and pinyin keyboards) mix up: 羌 for 姜, 挑 for 桃 have the same final.
_ALIKE_INITIALS = (frozenset("jqx"), frozenset("zcs"), frozenset({"zh", "ch", "sh"}),
                   frozenset("bp"), frozenset("dt"), frozenset("gk"), frozenset("ln"),
                   frozenset("fh"))  # fmt: skip


def _split(syllable: str) -> tuple[str, str]:
    """A syllable's initial and final (qiang → q, iang; an → "", an)."""
    for initial in _INITIALS:
        if syllable.startswith(initial) and len(syllable) > len(initial):
            return initial, syllable[len(initial) :]
    return "", syllable


def _syllable_likeness(a: str, b: str) -> float:
    """1 for the same syllable, 0.8 for the same final after alike initials (qiang, jiang),
    0.5 for the same initial (tiao, tao), else 0."""
    if a == b:
        return 1.0
    (first_a, final_a), (first_b, final_b) = _split(a), _split(b)
    if final_a == final_b and any({first_a, first_b} <= group for group in _ALIKE_INITIALS):
        return 0.8
    return 0.5 if first_a and first_a == first_b else 0.0


def sound_likeness(mine: tuple[str, ...], theirs: tuple[str, ...]) -> float:
    """How alike two words' syllables are: syllable by syllable for the same number, else the
    share of syllables they have in the same order."""
    if len(mine) != len(theirs) or not mine:
        return difflib.SequenceMatcher(None, mine, theirs).ratio()
    each = [_syllable_likeness(a, b) for a, b in zip(mine, theirs, strict=True)]
    return sum(each) / len(each)


def alike(word: str, term: str, syllables: Callable[[str], tuple[str, ...]]) -> bool:
    """Whether an unknown (normalised) `word` is like the name `term` at all; `syllables`
    gives a text's (fuzzy) pinyin syllables."""
    if word.isascii() or term.isascii():
        by_chars = difflib.SequenceMatcher(None, word, term).ratio()
        by_sound = difflib.SequenceMatcher(
            None, " ".join(syllables(word)), " ".join(syllables(term))
        ).ratio()
        return max(by_chars, by_sound) >= LETTERS_ALIKE
    shared = len((set(word) & set(term)) - _FUNCTION_CHARS)
    if shared * 3 >= 2 * min(len(word), len(term)):
        return True
    sound = sound_likeness(syllables(word), syllables(term))
    return sound >= (SOUND_WITH_SHARED if shared else SOUND_ALONE)
