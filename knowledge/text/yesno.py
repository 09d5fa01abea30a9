"""A typed yes or no to a question the bot asked with ✅ / ✖️ buttons (确定要取消…吗？, the
booking's summary): 是, 是的, 确认, 对, 好的, 可以, yes, "Yes, cancel it"; 不, 不用, 算了, no.

Only a clear answer counts: the word itself, maybe with what it agrees to (是，取消吧, 确认预约,
yes, withdraw it) and particles. Anything else is no answer (是不是要带袋子 asks something). Pure.
"""

from __future__ import annotations

import re

from knowledge.text.normalise import normalise

_YES_WORDS = (
    "是 是的 是滴 确认 确定 对 对的 好 好的 好滴 好嘞 可以 可以的 行 中 成 嗯 嗯嗯 没问题 要得"
    " yes yeah yep ok okay sure confirm confirmed"
)
_NO_WORDS = "不 不是 不用 不要 不了 不取消 不用了 算了 先不 别 不行 no nope don't"


def _first_of(words: str) -> re.Pattern[str]:
    """The words at the start of a text, the longest first (不用了 before 不)."""
    ordered = sorted(words.split(), key=len, reverse=True)
    return re.compile(rf"^(?:{'|'.join(map(re.escape, ordered))})(?![a-z])")


_YES = _first_of(_YES_WORDS)
_NO = _first_of(_NO_WORDS)
# What may follow the answer: what it agrees to, and particles.
_REST = re.compile(
    r"取消|撤回|撤销|撤掉|预约|约|登记|退订|全部|卖|提交|就这样|这样|吧|了|啊|呀|呢|嘛|的|哦|我|要|确认|确定"
    r"|保留|留着"
    r"|谢谢|\b(?:please|pls|it|that|cancel|withdraw|book|confirm|keep|thanks|thank you"
    r"|go ahead|do it"
    r"|i|want|to|the|booking|listing|list|register|unsubscribe|all)\b|[\s,，。.!！~～、]"
)


def says_yes(text: str) -> bool:
    """Whether `text` is a clear yes (是, 好的, 确认, yes, "Yes, withdraw it")."""
    norm = normalise(text)
    found = _YES.match(norm)
    return found is not None and _REST.sub("", norm[found.end() :]) == ""


def says_no(text: str) -> bool:
    """Whether `text` is a clear no (不, 不用了, 算了, no, "no, keep it")."""
    norm = normalise(text)
    found = _NO.match(norm)
    return found is not None and _REST.sub("", norm[found.end() :]) == ""


# An optional step passed over in words (/kb add's tags and category): the ⏭ button typed.
_SKIP = re.compile(
    r"^/?(?:跳过|跳過|略过|下一步|没有|沒有|无|不用|不要|不需要|不用了|算了|先不|skip|none|no|nope|next)"
    r"(?:了|吧|啊|呀|的|这步|这一步|标签|分类|吧)*[\s,，。.!！~～]*$"
)


def says_skip(text: str) -> bool:
    """Whether `text` passes over an optional step (跳过, 没有, 不用, skip, /skip)."""
    return _SKIP.match(normalise(text).strip()) is not None
