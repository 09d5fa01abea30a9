"""Whether a farmer's message adds to the question they forwarded, or is one of its own.

For two hours after a forward (`questions.FOLLOW_UP_WINDOW`) a farmer often tells more
of the same problem (两天了, 十几只都这样, 叶子背面也有, a photo): staff should see it
with the question. But the farmer also goes on using the bot (我约的啥时候来着, 低保咋
申请, 我家苞谷啥时候能卖): such a message must be handled or answered on its own, not
glued to the question (the farmer would get no answer, staff a push per line). A message
joins only when it reads as an addition; when that is unclear the farmer is asked.
What the knowledge base has for the message counts too: one it answers (取包裹, 地里老鼠太多了,
根上长疙瘩 after 鸡不下蛋了) is a question of its own, unless it says it adds (也, 都这样,
还有就是…). This module is the one place for the rule: the handlers only act on it.
Telegram-free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from knowledge.text.animals import animals_in
from knowledge.text.english import is_english, to_chinese_query
from knowledge.text.intent import Kind, classify
from knowledge.text.lexicon import lexicon
from knowledge.text.normalise import normalise
from knowledge.text.pinyin import english_words, has_pinyin, is_pinyin
from knowledge.text.thesaurus import thesaurus
from knowledge.text.tokenize import tokenizer


class Relation(StrEnum):
    """How a message relates to the farmer's open forwarded question."""

    more = "more"  # more of the same problem: it joins the question
    new = "new"  # a request the bot handles, or a question of its own
    unsure = "unsure"  # could be either: the farmer is asked


@dataclass(frozen=True)
class Reading:
    """A message read against an open question: the relation and why (for tests and logs)."""

    relation: Relation
    reason: str


# What the bot itself does (bookings, alerts, listings, prices, stations): a message
# asking about these is for the bot, not more of a farming problem. 大约 is no booking.
_SERVICE = re.compile(
    r"提醒|预约|(?<!大)约[的了好个]|登记|订阅|退订|价|多少钱|几块|行情|卖|买|收购|收不收"
    r"|服务站|站里|站上|网点|电话|地址|营业|开门|关门"
    r"|\b(price|prices|cost|book|booking|bookings|pick ?up|alert|alerts|sell|buy|buyers?"
    r"|station|phone)\b",
    re.IGNORECASE,
)
# A question rather than a statement (两天了 tells; 要打什么药 asks).
_QUESTION = re.compile(
    r"[?？]|吗|(?<![这那怎什多])么|呢|咋|怎|如何|什么|啥|为何|哪|几[时天个点号]|多少|多久|多长|能不能|可不可以|要不要"
    r"|是不是|有没有|会不会|行不行|好不好|该不该"
    r"|^\s*(how|what|why|when|where|which|who|can|could|should|is|are|do|does|will|would)\b",
    re.IGNORECASE,
)
# An acknowledgement of what staff said (好的，明天上午我带过去): a reply to their answer,
# not more of an older open question.
# Thanks need no comma after them (normalise drops the spaces of 好的 谢谢李站长): 谢谢李站长,
# 好的谢谢, 多谢了.
_ACKNOWLEDGED = re.compile(
    r"^(?:(好的|好嘞|好吧|好滴|行的|行吧|行|嗯+|知道了|明白了|晓得了|收到|要得|中|ok|okay"
    r"|板扎|巴适|安逸|得劲)"
    r"(?:[，,。.！!～~\s]|$|(?=谢|多谢|感谢|辛苦|难为))|谢谢|谢了|谢啦|多谢|感谢|辛苦|难为)",
    re.IGNORECASE,
)
# Asking for something (我想贷款, 帮我看看): a request, unless it is about the thread.
_WANT = re.compile(r"^(我|俺|我们|俺们)?(想|想要|要|需要|帮我|给我|请|麻烦)")
# Words of asking, not of the problem: two questions sharing only these share nothing.
_ASKING = frozenset(
    "咋 怎么 怎样 如何 什么 啥 为啥 为什么 原因 哪 哪里 哪儿 多少 多久 能不能 可以 要 该 "
    "办 咋办 怎么办 回事 咋回事 问 问问 请问 一下 知道 "
    "还 也 都 又 有 是 不 没 没有 会 能 想".split()
)
# Words that tie a message to what was said before (叶子背面也有, 十几只都这样, 吃了药也不管用,
# 还不吃食, 两天了, the leaves are yellow too): an addition, whatever the base has for it.
_ADDS = re.compile(
    r"[也都还又]|这样|那样|一样|同样|一直|越来越|不管用|没用|不见好|没效果|没好|仍然|依旧|照样"
    r"|[\d一二两三四五六七八九十几半好多]+(?:个)?(?:天|日|周|星期|礼拜|月|年|只|头|口|棵|株|亩|窝|条|回|次)"
    r"|\b(also|too|still|same|again|since|all of them|it has been|for \w+ days)\b",
    re.IGNORECASE,
)
# Saying outright that this is more (补充一下, 还有就是…, 忘了说, 另外): it joins.
_MORE_SAID = re.compile(
    r"^(我)?(再)?(补充|还有就是|还有一个|还有一点|还有个|另外|忘了说|忘说了|再说一下|对了)"
    r"|^\s*(also|one more thing|another thing|i forgot|forgot to say|to add)\b",
    re.IGNORECASE,
)
# Crops and animals named in English ("my goats cough") are read in Chinese.
_LATIN = re.compile(r"[a-z]")


_HAN = re.compile(r"[\u3400-\u9fff]")
# Crops named by one character that opens words about them (蒜苔, 葱白, 姜芽); not 米 (米粉),
# 芒 (芒种), 茶 or 蛋, nor the animals (knowledge/text/animals.py reads those).
_HEAD_CHARS = "姜杏枣柚桃梨橙葱蒜藕麦"


@cache
def _heads() -> dict[str, str]:
    return {c: lexicon().term_of[c] for c in _HEAD_CHARS if c in lexicon().term_of}


# Words pointing at a photo: 这是俺家蒜叶子, 这个是啥病, 照片上的, 图里, this is my tomato.
_ABOUT_PHOTO = re.compile(
    r"^(这是|这个|这就是|这些|这张|这片|这棵|这只|这头|这里|看图|如图|图上|图里|照片)"
    r"|照片|图片|图上|图里|拍的|"
    r"^\s*(this|these|here is|here are|in the (photo|picture))\b|\b(photo|picture|pic)\b",
    re.IGNORECASE,
)
# Only yes, taken in (确认, 对, 好的, ok): never more of a question, nor one of its own.
_MERE_YES = re.compile(
    r"^(确认|确定|对|对的|对对|是|是的|是滴|好|好的|好嘞|行|行的|可以|中|嗯+|哦+|噢+|收到|知道了|没问题"
    r"|ok|okay|yes|yep|yeah|sure|fine|confirm|confirmed)[啊呀哈了嘛的]*[。.！!～~，,\s]*$",
    re.IGNORECASE,
)
_LATIN_WORD = re.compile(r"[a-z]{2,}")


def readable(text: str) -> bool:
    """Whether staff could read anything in a message: Chinese characters, pinyin or an
    English word (asdfghjkl, a hand on the keyboard, is none of them)."""
    if _HAN.search(text) or has_pinyin(text):
        return True
    known = english_words()
    return any(word in known for word in _LATIN_WORD.findall(text.lower()))


def subjects_in(text: str) -> set[str]:
    """The crops and animals a message names, by their canonical names (products of the
    synonym table, animals by breed or age, and the thesaurus's other subjects)."""
    kinds = lexicon().kind_of
    norm = normalise(text)
    tokens = set(tokenizer().tokens(text))
    if _LATIN.search(norm) and is_english(text) and not is_pinyin(text):
        # "my goats cough", "strawberries": English names (plurals too) read in Chinese.
        tokens |= set(tokenizer().tokens(to_chinese_query(text)))
    found = {t for t in tokens if kinds.get(t) == "product"}
    # A crop's part named as one word (蒜苔, 姜芽, 葱叶): the crop itself.
    heads = _heads()
    found |= {heads[t[0]] for t in tokens if len(t) > 1 and t[0] in heads and t not in found}
    found |= animals_in(tokens)
    found |= thesaurus().subjects_in(norm)
    return found


def names_other_subject(text: str, thread: str) -> bool:
    """Whether a message names crops or animals, none of which its thread names."""
    named = subjects_in(text)
    return bool(named) and not named & subjects_in(thread)


def _programmes(text: str) -> set[str]:
    """The programmes outside farming (低保, 医保) a message names, each by its first name."""
    return {names[0] for names in thesaurus().programmes_in(normalise(text))}


def _content_words(text: str) -> set[str]:
    return {w for w in tokenizer().tokens(text) if w not in _ASKING and len(w) > 1}


def acknowledges(text: str) -> bool:
    """Whether a message opens by taking in what was said (好的, 谢谢李站长, 收到, ok)."""
    return bool(_ACKNOWLEDGED.match(normalise(text)))


def about_photo(text: str) -> bool:
    """Whether a message speaks of a photo just sent (这是俺家蒜叶子, 照片上这个, this is my
    tomato)."""
    return bool(_ABOUT_PHOTO.search(normalise(text)))


def for_the_bot(text: str) -> bool:
    """Whether a message asks the bot's services (我约的啥时候来着, 站里电话多少), names a
    programme outside farming (低保咋申请): handled on its own, never more of a problem told."""
    return bool(_SERVICE.search(normalise(text)) or _programmes(text))


def wants(text: str) -> bool:
    """Whether a message asks for something (我想贷款, 帮我看看)."""
    return bool(_WANT.search(normalise(text)))


def only_asks(text: str) -> bool:
    """Whether a message only asks, naming nothing (能治吗, 有救吗, 要打什么药)."""
    return asks(text) and not subjects_in(text) and not _content_words(text)


def tells_detail(text: str) -> bool:
    """Whether a message tells a detail tied to what was said (两天了, 十几只都这样, 还不吃食)."""
    return bool(_ADDS.search(normalise(text)))


def mere_yes(text: str) -> bool:
    """Whether a message is only a yes or an acknowledgement (确认, 对, 好的, ok)."""
    return bool(_MERE_YES.match(normalise(text).strip()))


def asks(text: str) -> bool:
    """Whether a message is put as a question (要打什么药, 还能救吗, what should I spray?)."""
    return bool(_QUESTION.search(normalise(text)))


def relation(text: str, thread: str, *, answered: bool = False, suggested: bool = False) -> Reading:
    """How `text` relates to an open question whose thread is `thread`; `answered` and
    `suggested` say what the knowledge base has for `text` (one answer, or a few entries).

    A request the bot handles (a price, a booking, an alert), small talk, another crop or
    animal, a programme outside farming or a question about the bot's services is new; so
    is a message the base answers, unless it says it adds (叶子也黄了, 还有就是…). The same
    crop or animal, or a detail naming none (两天了, 叶子背面也有), joins; a statement the
    base has entries for and that does not say it adds (番茄叶子发黄 after 西红柿叶子有黑点)
    may be either: unsure, as is a question naming nothing the thread says (鸡怎么打疫苗;
    a bare 要打什么药 names nothing at all: it joins). Never unsure when the base answers:
    the farmer gets the answer (and may still send it on with the answer's button).
    """
    reading = _relation(text, thread, answered=answered, suggested=suggested)
    if answered and reading.relation is Relation.unsure:
        return Reading(Relation.new, "answered")
    return reading


def _relation(text: str, thread: str, *, answered: bool, suggested: bool) -> Reading:
    if mere_yes(text):
        return Reading(Relation.new, "acknowledged")  # 确认 after a booking: nothing to add
    intent = classify(text)
    if intent.kind is Kind.chatter:
        # 这可咋办 says nothing by itself: after a forward it is about that question.
        vague = intent.extras.get("topic") == "vague"
        return Reading(Relation.more if vague else Relation.new, "chatter")
    if intent.kind in (Kind.greeting, Kind.thanks):
        return Reading(Relation.new, "chatter")
    if intent.kind is not Kind.knowledge:
        return Reading(Relation.new, f"request:{intent.kind.value}")
    norm = normalise(text)
    if _ACKNOWLEDGED.match(norm):
        return Reading(Relation.new, "acknowledged")
    named, in_thread = subjects_in(text), subjects_in(thread)
    shared = named & in_thread
    if named and not shared:
        return Reading(Relation.new, "other_subject")
    if _programmes(text) - _programmes(thread):
        return Reading(Relation.new, "programme")  # 低保咋申请 after 鸡冠子发紫
    question = asks(text) or bool(_WANT.search(norm))
    if _SERVICE.search(norm):
        # 我约的啥时候来着, 站里电话多少: for the bot. About the thread's own crop
        # (这样的草莓还能卖吗) it may be about the problem too.
        return Reading(Relation.unsure if shared else Relation.new, "service")
    if _MORE_SAID.search(norm):
        return Reading(Relation.more, "said_more")  # 补充一下, 还有就是鸡冠发紫
    words = _content_words(text) - named
    if question and not words and not named:
        # Nothing but asking (能治吗, 还有救吗, 要打什么药): about the problem told, whatever
        # entry the base would find for the bare words.
        return Reading(Relation.more, "vague")
    tied = bool(_ADDS.search(norm))
    if answered and (question or not tied):
        # 取包裹, 根上长疙瘩, 洋芋老是发芽咋办: the base's answer is what the farmer needs.
        return Reading(Relation.new, "answered")
    if not question:
        # A statement: what happened, how many, since when (两天了, 草莓也开始烂了).
        if suggested and not tied:
            # 番茄叶子发黄, 地里老鼠多: the base has entries for it, and nothing ties it to
            # the question: another problem, or more of this one? The farmer says.
            return Reading(Relation.unsure, "statement")
        return Reading(Relation.more, "same_subject" if shared else "detail")
    if words & _content_words(thread):
        return Reading(Relation.more, "shared_words")  # 叶子咋还焦 after 叶子边缘焦枯
    return Reading(Relation.unsure, "question")
