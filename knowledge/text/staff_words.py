"""What station staff ask in words of their own station: who brings produce on a day, its
opening hours, opening a closed pickup round again, withdrawing a notice of theirs.

明天谁来送货 is a staff member asking for that day's pickups (as /pickups), 我们站几点开门
their station's hours, 明天下午重新开放 (恢复明天下午的收货) opening that round again, 撤回第二条
(撤回刚才那条, withdraw the last notice) one of their recent notices. A farmer saying the same
asks the knowledge base: the chat layer routes on these only for staff. Pure: read by
handlers/staff_words.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from knowledge.text.normalise import normalise
from knowledge.text.numbers import to_number

_DAY = r"(?:今天|今儿|明天|明儿|后天|大后天|周.|星期.|礼拜.|\d{1,2}[号日]|today|tomorrow)"
# Who brings produce (明天谁来送货, 明天有几个人来交货, 今天都有谁送菜, who is bringing produce
# tomorrow, who is coming tomorrow, tomorrow's pickups): the station's bookings of a day.
PICKUPS = re.compile(
    r"(?:谁|哪些人|哪几个人?|哪几家|几个人|几家|多少人|有人)(?:会|要)?(?:来)?"
    r"(?:送货|交货|送菜|送东西|送粮|卖货|来送|来交|送过来|拉过来|拉货|过来送)"
    rf"|{_DAY}.{{0,4}}(?:的)?(?:收货|送货)?(?:预约|名单|单子)(?:有|都有)?(?:哪些|几个|多少|谁)"
    r"|\bwho(?:'s| is| are)? (?:bringing|delivering|dropping off|coming|booked)\b"
    r"|\b(?:today'?s?|tomorrow'?s?|the) (?:pickups|bookings|deliveries)\b"
    r"|\b(?:pickups|bookings|deliveries) (?:for )?(?:today|tomorrow)\b",
)
# The station's opening hours asked of one's own (我们站几点开门, 站里几点关门, 我们站的营业时间,
# when does our station open, our station's opening hours). 站 alone is enough: staff ask
# of their own; a named other station is a farmer's question for the station search.
HOURS = re.compile(
    r"^(?:我们|咱们?|俺们?|本|我的|我这个?)?(?:服务站|站里|站上|站点|站)?(?:的)?"
    r"(?:每天|平时|一般)?(?:几点|什么时候|啥时候|啥时|何时|多会儿?)"
    r"(?:开门|关门|营业|上班|下班|开始收货|收工|开|关)"
    r"|^(?:我们|咱们?|俺们?|本|我的)?(?:服务站|站里|站上|站点|站)的?"
    r"(?:营业时间|开门时间|上班时间|开放时间|工作时间|营业时段)"
    r"|\b(?:when|what time) (?:does|do|will) (?:our|my|the) (?:service )?station (?:open|close)"
    r"|\b(?:our|my) (?:service )?station'?s? (?:opening |business |working )?hours\b"
    r"|\bopening hours of (?:our|my) (?:service )?station\b"
)
# Opening a closed round again (明天下午重新开放, 恢复明天下午的收货, 把明天下午打开, reopen
# tomorrow afternoon): said with the day or the part of the day it is.
REOPEN = re.compile(
    r"重新(?:开放|打开|开门|开始收货|收货|开)|恢复(?:收货|开放|营业)?|再开放|重开|撤销关闭|取消关闭"
    r"|不关了|(?:把|给).{0,8}(?:打开|开放)"
    r"|\b(?:re-?open|open (?:it |that )?(?:up )?again|resume|undo (?:the )?clos(?:e|ing))\b"
)
_WHEN = re.compile(rf"{_DAY}|上午|下午|早上|中午|晚上|morning|afternoon|evening")
# Withdrawing a notice of one's own (撤回第二条, 撤回刚才那条, 把上一条通知撤了, withdraw the
# last notice, cancel the second broadcast).
_WITHDRAW_VERB = re.compile(
    r"撤回|撤销|撤掉|撤了|收回|删掉|删除|不发了|取消|\bwithdraw|\brecall|\bunsend"
)
# Which: 第二条 (the second newest), 刚才那条 / 上一条 / 最后一条 (the newest); for a notice said
# without one (撤回通知), the newest too.
_WHICH_ZH = re.compile(
    r"第(?P<nth>[一二两三四五六七八九十\d]{1,3})(?:条|个|则)"
    r"|(?:刚才|刚刚|刚|上一|最后一|最近一|最新|前面)(?:发的)?(?:那|这)?(?:一)?(?:条|个|则)"
    r"|(?:刚才|刚刚|刚发)的?(?:通知|公告)|那条|这条|(?:通知|公告)$"
)
_EN_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
_WHICH_EN = re.compile(
    r"\b(?:withdraw|recall|take back|cancel|delete|unsend|undo)\b (?:the |my |that |this )?"
    r"(?:(?P<nth>first|1st|second|2nd|third|3rd)|last|latest|previous|recent|most recent)?"
    r" ?(?:notice|broadcast|announcement)\b"
    r"|\b(?:withdraw|recall|unsend)\b (?:the |my |that )?(?:last|latest|previous) (?:one|message)\b"
)


class StaffAsk(StrEnum):
    """What a staff member's words ask of their station."""

    pickups = "pickups"  # 明天谁来送货
    hours = "hours"  # 我们站几点开门
    reopen = "reopen"  # 明天下午重新开放
    withdraw = "withdraw"  # 撤回第二条


@dataclass(frozen=True)
class StaffWords:
    """The errand read from staff words; `nth` for a withdrawal: 1 the newest notice (the
    second newest for 2, and so on); the day and part of the day are read by the caller."""

    ask: StaffAsk
    nth: int = 1


def staff_words(text: str) -> StaffWords | None:
    """What the words ask of the station, when they are a staff errand; else None."""
    norm = normalise(text).strip(" ?？。.!！~")
    if len(norm) > 40:
        return None
    withdraw = _withdrawal(norm)
    if withdraw is not None:
        return withdraw
    if HOURS.search(norm):
        return StaffWords(StaffAsk.hours)
    if REOPEN.search(norm) and _WHEN.search(norm):
        return StaffWords(StaffAsk.reopen)
    if PICKUPS.search(norm):
        return StaffWords(StaffAsk.pickups)
    return None


def _withdrawal(norm: str) -> StaffWords | None:
    english = _WHICH_EN.search(norm)
    if english is not None:
        return StaffWords(StaffAsk.withdraw, _EN_ORDINALS.get(english.group("nth") or "", 1))
    if not _WITHDRAW_VERB.search(norm):
        return None
    which = _WHICH_ZH.search(norm)
    if which is None:
        return None
    nth = which.group("nth")
    number = to_number(nth) if nth is not None else 1
    if number is None or number < 1:
        return None
    return StaffWords(StaffAsk.withdraw, int(number))
