"""Which of several days a message means: 礼拜三去不了 改成礼拜五, 不是礼拜三 是礼拜五,
周三不行改周五, 把礼拜三的换到下礼拜一, 星期三来不了，星期五吧, "move it from Wednesday to Friday".

A message naming two days (a move, mostly) turns one down or moves away from it (去不了, 不行,
没空 after it; 不是, 从, 把, "from", "not", "instead of" before it) and goes to the other (改成,
换到, 挪到, 是, "to" before it; 吧, 行吗, "instead" after it). `chosen` reads those words around
the days found (dates.py finds them) and says which day is meant, or nothing when the words
do not tell (明天或者后天). Pure; works on normalised text.
"""

from __future__ import annotations

import re

# Between a day and these words only what adds nothing: 的, 那天, 上午, 我, 实在.
_LEAD = (
    r"(?:[\s,，、。.;；:：!！]|的|那天|那一天|上午|下午|早上|晚上|中午|我|俺|咱|我们|俺们|就|可能|恐怕"
    r"|怕是|实在|真的|真|确实|有点|还是|\bi\b|\bwe\b|\bis\b|'s\b|\bam\b|\bpm\b|\bmorning\b|\bafternoon\b|\bevening\b)*"
)
_TAIL = r"(?:[\s,，、。.;；:：!！]|的|那天|那一天|\bthe\b)*$"
# Said after a day: that day is no good (礼拜三去不了, 周三不行, wednesday doesn't work).
_NO_GOOD = (
    r"去不了|来不了|送不了|拉不了|交不了|去不成|来不成|送不成|拉不成|交不成|赶不上|不行|不成|不中|不得行|没空|没时间|没工夫"
    r"|有事|不方便|不去了?|不来了?|不能去|不能来|没法去|没法来|不合适|不太行|不好|不得空"
    r"|\b(?:can't|cant|cannot|can not|won't|wont|couldn't|doesn't work|does not work|don't work"
    r"|won't work|isn't good|is not good|no good|not good|not possible|is out|busy|is bad)\b"
)
# Said before a day: the day moved from or not meant (不是礼拜三, 从周三, 把礼拜三的, from, not).
_AWAY = (
    r"不是|不在|不要|别|从|把|原来(?:是|的|约的|约在)?|本来(?:是|约的|约在)?|原先(?:是|约的)?"
    r"|\b(?:from|not|instead of|rather than|except|can't do|cant do|cannot do|can't make it"
    r"|cant make it|cannot make it|can't come|cant come|cannot come|can't make it on"
    r"|can't come on|cannot make it on|cannot come on|not on)"
)
# Said before a day: the day gone to (改成礼拜五, 换到下礼拜一, 是礼拜五, to friday).
_TOWARD = (
    r"(?:改|换|挪|调|推|延|搬|放|定|约)(?:到|成|为|在)?|是"
    r"|\b(?:to|make it|how about|what about|rather|prefer|instead)"
)
# Said after a day: the day wanted (星期五吧, 周五行吗, friday instead).
_WANTED = (
    r"吧|行吗|行不行|行不|可以|可不可以|好吗|行吧|好吧|成吗|中不中|中吗|行|中(?!午)"
    r"|\b(?:instead|then|works|is fine|is ok|is okay|is good|is better|please|would be better)\b"
)
_NO_GOOD_AFTER = re.compile(rf"^{_LEAD}(?:{_NO_GOOD})")
_WANTED_AFTER = re.compile(rf"^{_LEAD}(?:{_WANTED})")
_AWAY_BEFORE = re.compile(rf"(?:{_AWAY})\s*(?:on\s*)?{_TAIL}")
_TOWARD_BEFORE = re.compile(rf"(?:{_TOWARD})\s*(?:on\s*)?{_TAIL}")
# The words that say which day is meant, taken out to see what else a move says.
_CUES = re.compile(rf"{_NO_GOOD}|{_AWAY}|{_TOWARD}|{_WANTED}")


def chosen(norm: str, spans: list[tuple[int, int]]) -> int | None:
    """The index in `spans` (the days named in `norm`, in order) of the day meant, when the
    words around them tell (one is turned down or moved from, another gone to), else None."""
    if len(spans) < 2:
        return None
    away, toward = [], []
    for index, (start, end) in enumerate(spans):
        before = norm[spans[index - 1][1] if index else 0 : start]
        after = norm[end : spans[index + 1][0] if index + 1 < len(spans) else len(norm)]
        if _NO_GOOD_AFTER.search(after) or _AWAY_BEFORE.search(before):
            away.append(index)  # turned down first: 不是礼拜三 ends with 是 too
        elif _TOWARD_BEFORE.search(before) or _WANTED_AFTER.search(after):
            toward.append(index)
    if toward:
        return toward[-1]
    rest = [index for index in range(len(spans)) if index not in away]
    # 礼拜三去不了，礼拜五: the day left once the others are turned down (the last said).
    return rest[-1] if away and rest else None


def without_cues(norm: str) -> str:
    """`norm` with the words saying which day is meant taken out (去不了, 改成, 不是, 吧, to)."""
    return _CUES.sub(" ", norm)


# Asked, not said: 明天不行吗 asks whether tomorrow will do.
_ASKED = re.compile(r"[吗么嘛?？]|\bisn't\b|\bis it\b|\bcan't (?:you|i|we)\b")
# Words that add nothing beside a day turned down (明天我真去不了啊, sorry, tomorrow is out).
_ASIDE = re.compile(
    r"[\s,，、。.;；:：!！~～]|的|那天|那一天|我|俺|咱|们|就|可能|恐怕|怕是|实在|真的|真|确实|有点|了"
    r"|啊|呀|哦|嗯|哎|唉|吧|那|这|\b(?:sorry|i|we|i'm|im|on|the|day|it|that)\b"
)


def turns_down(norm: str, span: tuple[int, int]) -> bool:
    """Whether `norm`, naming one day at `span`, says only that the day is no good (明天去不了,
    明天不行, 明天有事, 不要明天, "can't make it tomorrow", "tomorrow doesn't work"): never a
    choice of it. 明天不行吗 asks; 明天不行 太远了 says more (the caller's to read)."""
    start, end = span
    before, after = norm[:start], norm[end:]
    if _ASKED.search(norm):
        return False
    if not (_NO_GOOD_AFTER.search(after) or _AWAY_BEFORE.search(before)):
        return False
    rest = _CUES.sub(" ", f"{before} {after}")
    return _ASIDE.sub("", rest) == ""
