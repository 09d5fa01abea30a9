"""A typed yes or no to a question the bot asked with ✅ / ✖️ buttons (确定要取消…吗？, the
booking's summary): 是, 是的, 确认, 对, 好的, 可以, 係呀, 得, yes, "Yes, cancel it"; 不, 不用, 算了,
唔使, no.

Only a clear answer counts: the word itself, maybe with what it agrees to (是，取消吧, 确认预约,
yes, withdraw it) and particles. Anything else is no answer (是不是要带袋子 asks something). Pure.
"""

from __future__ import annotations

import re

from knowledge.text.normalise import normalise

# Dialect assent too: 要得 / 得行 (Sichuan, Chongqing), 中 (Henan), 对头, 没得问题, 要得不
# (要得 with a tag, said as assent to the ✅ question). Only what a farmer answers a question
# with: 要得不 counts, 行不 / 可以不 do not (they ask).
# Cantonese, as normalise leaves it: 係 / 係呀 (系, 系呀), 冇问题 / 冇問題, 好呀, and 得 (OK) on
# its own: 得了 is Mandarin's "come off it", no yes (_BARE_DE). 唔係 / 唔得 / 唔要 / 唔使 need
# nothing here: normalise reads them as 不是 / 不行 / 不要 / 不用.
_YES_WORDS = (
    "是 是的 是滴 确认 确定 对 对的 对头 好 好的 好滴 好嘞 可以 可以的 行 中 成 嗯 嗯嗯 没问题"
    " 没得问题 没毛病 要得 要得不 得行 妥 妥了"
    " 系 系呀 系啊 冇问题 好呀 好啦"
    " yes yeah yep yup ok okay sure confirm confirmed alright fine"
)
_BARE_DE = r"得(?!了)"
# Dialect refusals: 不得行, 不中, 莫得, 要不得, 莫要了 (莫 is 不 / 没 in the south-west).
_NO_WORDS = (
    "不 不是 不用 不要 不了 不取消 不用了 算了 先不 别 不行 不得行 不中 莫得 莫 要不得"
    " no nope nah don't"
)


def _first_of(words: str, *also: str) -> re.Pattern[str]:
    """The words at the start of a text, the longest first (不用了 before 不), then the
    patterns `also` (tried last)."""
    ordered = sorted(words.split(), key=len, reverse=True)
    return re.compile(rf"^(?:{'|'.join([*map(re.escape, ordered), *also])})(?![a-z])")


_YES = _first_of(_YES_WORDS, _BARE_DE)
_NO = _first_of(_NO_WORDS)
# What may follow the answer: what it agrees to, and particles.
_REST = re.compile(
    r"取消|撤回|撤销|撤掉|预约|约|登记|退订|全部|卖|提交|就这样|这样|吧|了|啊|呀|呢|嘛|的|哦|我|要|确认|确定"
    r"|保留|留着|嘞|噻|撒|哈|咯|哇|喽|嗦|噢|啦|喇|保存|授权"
    r"|谢谢|\b(?:please|pls|it|that|cancel|withdraw|book|confirm|keep|thanks|thank you"
    r"|go ahead|do it|save|grant"
    r"|i|want|to|the|booking|listing|list|register|unsubscribe|all)\b|[\s,，。.!！~～、]"
)


def _answers(norm: str, first: re.Pattern[str]) -> bool:
    """Whether `norm` is the answer `first` matches, said once or again (要得要得, 好好好, 嗯嗯,
    "ok ok"), with only what it agrees to and particles after it (中嘞, 可以噻, 要得嘛)."""
    found = first.match(norm)
    if found is None:
        return False
    said = norm[found.end() :].lstrip(" ,，、~～!！")
    if said and _answers(said, first):
        return True  # said again (要得要得)
    rest = _REST.sub("", said)
    return rest == "" or _answers(rest, first)


def says_yes(text: str) -> bool:
    """Whether `text` is a clear yes (是, 好的, 确认, 要得, 中嘞, yes, "Yes, withdraw it")."""
    return _answers(normalise(text), _YES)


def says_no(text: str) -> bool:
    """Whether `text` is a clear no (不, 不用了, 算了, 不得行, 莫得, no, "no, keep it")."""
    return _answers(normalise(text), _NO)


# An optional step passed over in words (/kb add's tags and category): the ⏭ button typed.
_SKIP = re.compile(
    r"^/?(?:跳过|跳過|略过|下一步|没有|沒有|无|不用|不要|不需要|不用了|算了|先不|skip|none|no|nope|next)"
    r"(?:了|吧|啊|呀|的|这步|这一步|标签|分类|吧)*[\s,，。.!！~～]*$"
)


def says_skip(text: str) -> bool:
    """Whether `text` passes over an optional step (跳过, 没有, 不用, skip, /skip)."""
    return _SKIP.match(normalise(text).strip()) is not None
