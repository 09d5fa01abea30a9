"""A booking called off in a farmer's words: 取消白菜的预约, 白菜那个不送了，取消吧, 预约取消,
"cancel my cabbage booking", 洋芋不卖了 把预约取消掉 (why, said beside it, adds nothing); or
called off by its day: 明天不去了, 明天别来了, 后天那个取消, 周三的不送了, "not coming tomorrow";
all of a day's at once: 明天的都取消, 明天的全不去了, "cancel all tomorrow" (Cancel.every).

Intent classification reads 取消白菜的预约 as a booking (预约, 白菜) and 白菜那个不送了 or
明天不去了 as a question; only the farmer's bookings can say what it means. `read_cancel`
tells whether a message says nothing but "call off <the booking, the produce's, or the
day's>": a word of calling off, the booking, the produce or a day named, and words that add
nothing (那个, 吧, 我的, please). A bare 取消 / 不约了 stays the step's (or "nothing to
cancel"): it names no booking. A day alone (明天不去了) names none for sure: it is a cancel
only if the farmer has a booking (handlers.bookings.cancelling); anything else said with it
(明天不去赶集了, 明天的苹果不要打药了吧) makes it no cancel at all. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from knowledge.text.dates import days_named, said_day, without_days
from knowledge.text.lexicon import lexicon
from knowledge.text.normalise import normalise

_CANCEL = re.compile(
    r"取消|撤销|撤掉|退掉|作废"
    # 不送了, 别来了, 不要了, 不去了, 不用来了, 不要来了, 不过来了, 不来收了, 不送货了; 嫑拉了
    # (嫑 is 不要 in 甘肃 and 陕西: Gansu blind test, 答不上来).
    r"|(?:[不别嫑]|不用|不要)过?(?:送|来|约|要|去|拉|交)(?:收|拉|货)?了"
    # 送不成了, 去不成了, 来不成了, 送不了了 (湘西 blind test: the how-to-book answer).
    r"|(?:送|来|去|拉|交)(?:不成|不了)了"
    r"|\bcancel(?:led|ed)?\b|\bcall off\b|\bcalled off\b"
    # not coming tomorrow, I won't come tomorrow, don't come tomorrow.
    r"|\b(?:not|won't|will not|don't|do not)\s+(?:be\s+)?(?:coming|come|going)\b"
)
_BOOKING = re.compile(r"预约|预订|约的|收货|\b(?:bookings?|pick ?ups?|pick-ups?|collections?)\b")
# Why it is called off, said beside it (洋芋不卖了 把预约取消掉, 玉米已经卖了 取消预约, "the corn is
# sold, cancel the pickup"): adds nothing to which booking.
_REASONS = (
    r"不卖了|不卖啦|不打算卖了|不想卖了|卖不了了?|已经卖了|已经卖掉了|卖掉了|卖完了|卖出去了|卖了"
    r"|别人收了|被人收了|有人收了|收走了|拉走了|坏了|烂了|冻坏了|不种了|没货了|没有了|已经|都"
    r"|\b(?:is|are|was|were|has been|have been|been|all|already|sold out|sold|gone|no longer"
    r"|anymore|any more|not selling|don't need|do not need|spoiled|rotten)\b"
)
_FILLERS = re.compile(
    # 帮我, 给俺, 替咱们 (给俺取消: blind test, Heilongjiang): whom it is done for.
    rf"{_REASONS}|[帮给替](?:我|俺|咱)们?|屋头|屋里|家里|麻烦|请|那个|这个|那单|这单|那次|这次|一下|掉|吧|啊|呀|了|的|我|俺|咱|想|要|把"
    r"|就|先|那|这|个|单|吗|呢|哈|嗯|好|行|算了|还是|送|货|去|来|\b(?:please|pls|my|the|that|this"
    r"|i|i'm|im|want|to|would|like|can|you|it|for|of|one|ok|okay|need|we|on|s)\b"
    r"|['’](?:s|m|ll|re|d)?\b|[\s,，。.!！?？~～、:：;；'’]"
)
# Every booking named (明天的都取消, 明天的全不去了, 全部取消, "cancel all tomorrow"): all of them
# at once, asked once. Taken out before the reasons' 都 (which adds nothing otherwise).
_ALL = re.compile(r"全部|全都|所有|统统|通通|一共|都|全|\b(?:all|both|every|everything|everyone)\b")
# Any date serves to ask which days a message names (明天, 周三), not days said loosely.
_SOME_DAY = date(2001, 1, 1)
# A day alone asked about (明天不来了吗?): the farmer asks whether the pickup is on.
_ASKED = re.compile(r"[吗么嘛?？]|\b(?:are|aren't|is|isn't|will|won't)\s+(?:you|they|it)\b")


# Bringing called off with nothing named (不送了，取消吧, 不去了, "not coming, cancel it"): a
# cancel only for a farmer with a booking (handlers.bookings.cancelling); 取消 / 不要了 / 不约了
# alone stay the step's.
_CARRIED_OFF = re.compile(
    r"(?:[不别嫑]|不用|不要)过?(?:送|来|去|拉|交)(?:收|拉|货)?了|(?:送|来|去|拉|交)(?:不成|不了)了"
    r"|\b(?:not|won't|will not)\s+(?:be\s+)?(?:coming|bringing|delivering)\b"
)


@dataclass(frozen=True)
class Cancel:
    """What a cancel said names: the produce (canonical), whether a day, and whether the
    booking itself or its produce (取消明天的预约), not only a day (明天不去了)."""

    products: frozenset[str]
    names_day: bool
    names_booking: bool
    every: bool = False


def read_cancel(text: str) -> Cancel | None:
    """What `text` names when it says only "cancel <my booking / the produce's / the day's>",
    else None."""
    norm = normalise(text)
    if _CANCEL.search(norm) is None:
        return None
    rest = _CANCEL.sub(" ", norm)
    named = cancelled_products(norm)
    for mention in lexicon().mentions(rest, "product"):
        # potatoes, tomatoes: the plural's ending goes with the name.
        rest = re.sub(
            rf"{re.escape(mention.typed)}(?:es|s)?\b"
            if mention.typed.isascii()
            else re.escape(mention.typed),
            " ",
            rest,
        )
    booking = _BOOKING.search(rest) is not None
    rest = _BOOKING.sub(" ", rest)
    days = days_named(rest, _SOME_DAY)
    if len(days) > 1:
        return None  # 周三的不送了周五送, 明天不去了 后天去: a move (knowledge.text.moving)
    if days:
        rest = without_days(rest)
    carried = _CARRIED_OFF.search(norm) is not None
    if not (named or booking or days or carried):
        return None  # 取消 alone: the step's, not a booking's
    if not (named or booking or days) and _ASKED.search(norm):
        return None  # 不来了吗: asked, not said
    if not (named or booking) and _ASKED.search(norm):
        return None  # 明天不来了吗: asked, not said
    every = _ALL.search(rest) is not None
    rest = _ALL.sub(" ", rest)
    if _FILLERS.sub("", rest) != "":
        return None  # something else said (明天不去赶集了, 明天的苹果不要打药了吧)
    return Cancel(frozenset(named), bool(days), bool(named) or booking, every)


def says_cancel(text: str) -> bool:
    """Whether `text` says only "cancel <my booking / the produce's / the day's booking>"."""
    return read_cancel(text) is not None


def cancelled_products(text: str) -> set[str]:
    """The products a cancel names (取消白菜的预约: {大白菜}), canonical names."""
    return {m.canonical for m in lexicon().mentions(normalise(text), "product")}


def cancelled_day(text: str, today: date) -> date | None:
    """The day a cancel names (明天不去了: tomorrow), else None."""
    return said_day(normalise(text), today).day
