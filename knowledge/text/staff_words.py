"""What station staff ask in words of their own station: who brings produce on a day, its
opening hours, closing a pickup round or opening a closed one again, withdrawing a notice of
theirs, whether their last notice arrived.

明天谁来送货 (明天有哪些预约, 后天有几单) is a staff member asking for that day's pickups (as
/pickups), 我们站几点开门 their station's hours, 今天下午不收货了 (下午不收了下雨, close this
afternoon) closing that round (what else is said is its reason), 明天下午重新开放 (恢复明天下午的
收货) opening that round again, 撤回第二条 (撤回刚才那条, withdraw the last notice) one of their
recent notices, 通知送到了吗 (did my notice arrive) how their newest notice went, 今天有啥事
(what's on today) the day at a glance, 今天收了多少 (how much did we collect today) the day's
collections, 回复23 明天上午来拿药 (回23 …, 答复 23 …, reply 23 …)
the answer to forwarded question #23. A farmer saying
the same asks what a farmer asks: the chat layer routes on these only for staff. Pure: read by
handlers/staff_words.py and handlers/bookings/slots.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from knowledge.text.dates import parse_part
from knowledge.text.day_words import ANY_DAY
from knowledge.text.normalise import normalise
from knowledge.text.numbers import to_number
from knowledge.text.pinyin import is_pinyin, read
from knowledge.text.scaffold import WHAT
from knowledge.text.staff_marks import MarkSaid, mark_said

# Longer is a notice or a story, not an errand (English takes more letters to say one).
MAX_CHARS = 60
_DAY = rf"(?:{ANY_DAY}|周.|星期.|礼拜.|\d{{1,2}}[号日])"
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
# Any day said with who / which / how many and bringing or booking (明天有哪些预约, 后天有几单,
# 明天都有谁约了, 明天来送货的有谁, what bookings do we have on friday): that day's pickups.
_WHO = re.compile(r"谁|哪些|哪几|几个|几家|几单|几位|多少|名单|单子|什么人")
_BRINGS = re.compile(r"送|交货|预约|约了|约的|[来拉]货|几单|名单|单子|来")
# Buying and prices are a farmer's questions (明天谁来收玉米: who buys maize).
_BUYS = re.compile(r"收(?!货)|买|卖|价|钱")
# A day's list by its name alone (后天的预约, 明天的收货安排).
# 今天的收货 is the 📋 button's label typed without its icon (sandbox walk: suggested answers).
_DAY_LIST = re.compile(
    rf"^{_DAY}(?:的)?(?:收货|送货)?(?:预约|名单|安排)$|^{_DAY}(?:有)?几(?:户|家|单|个人)$|^{_DAY}的$"
    rf"|^{_DAY}的?(?:收货|送货|交货)(?:情况|的?单子)?$"
)
_EN_DAY = re.compile(
    r"\b(?:today|tomorrow|(?:mon|tues|wednes|thurs|fri|satur|sun)day|the day after tomorrow)\b"
)
_EN_WHO = re.compile(r"\b(?:who|whom|which|what|how many|any|list)\b")
_EN_BRINGS = re.compile(r"\b(?:book(?:ings?|ed)|pickups?|deliver(?:ies|ing|y)?|coming|bringing)\b")
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
# Closing a round (今天下午不收货了, 关闭今天下午, 明天上午停收, close this afternoon, no collection
# tomorrow morning): said with the day or the part of the day it is; what else is said is why.
CLOSE = re.compile(
    r"不收货?了?|停收|停止收货|暂停收货|关闭|关掉|关了|不开了|不营业"
    # 关 alone before the day or part it closes (关明天下午, 关下午), or 关门 after it.
    rf"|^(?:把)?关(?={_DAY}|上午|下午|早上|中午|晚上)|(?<=[天午上])关门"
    # The round called off (下午的收货取消, 取消今天下午的收货): 取消 said of the collecting.
    r"|收货(?:就|也|都|先)?取消(?:了|掉)?|取消(?:掉)?(?:.{0,6}的)?收货"
    r"|\bclos(?:e|ing)\b|\bshut\b|\bno (?:collection|collecting|pickups?|deliveries)\b"
    r"|\b(?:cancel|call off|stop) (?:the )?(?:collection|pickups?)\b"
)
# A question is not an order: 今天下午不收货了吗 asks.
_ASKED = re.compile(r"[吗嘛么]$|^(?:is|are|do|does|will|did)\b|\?$")
# What is left of close words once the day, the part and the closing are taken out: the reason.
_NOT_REASON = re.compile(
    rf"{_DAY}|上午|下午|早上|中午|晚上|this|the|收货|的|了|吧|啊|呀|哦|因为|由于|原因是?"
    r"|\b(?:morning|afternoon|evening|because(?: of)?|due to|for|as|it'?s|is|round|slot)\b"
)
_CLAUSES = re.compile(r"[,，。;；!！]")
# Telling the farmers is what closing does anyway (通知一下约了的农户, 告诉大家, let the farmers
# know): an instruction, not the reason they are to read.
_INSTRUCTION = re.compile(
    r"(?:请|麻烦|帮忙|帮我|赶紧|你)?(?:通知|告诉|告知|提醒|转告|知会|发个?通知给?)(?:一下|一声)?"
    r"(?:给)?(?:所有|全部|各位)?(?:约了?的|预约了?的|已约的|已经约了?的)?"
    r"(?:农户|大家|乡亲们?|老乡们?|他们|各位|人)?(?:们)?(?:一下|一声)?"
    r"|(?:跟|给|和|向)(?:所有|全部)?(?:约了?的|预约了?的|已约的)?(?:农户|大家|乡亲们?|他们)"
    r"(?:说一声|说一下|讲一声|讲一下|打个招呼|发个?通知)"
    r"|\b(?:please )?(?:let|tell|notify|inform|warn|message) (?:all |the |everyone|everybody|them)"
    r"(?:booked |the )?(?:farmers?|people)?(?: booked)?(?: know)?\b"
)
_AS_USUAL = re.compile(r"照常|正常|不变|as usual|still open|goes ahead")
# Snow before rain: 雨夹雪 (sleet) and "rain and snow" keep the roads closed as snow does.
_REASON_CODES = (
    ("snow", re.compile(r"雪|\bsnow")),
    ("rain", re.compile(r"雨|\brain")),
    ("truck", re.compile(r"车|\btruck|\bvan")),
)
# Whether the newest notice arrived (送到了吗, 通知送到了吗, 大家收到了吗, did my notice arrive).
DELIVERED = re.compile(
    r"^(?:我的|刚才的?|刚发的|那条|这条|上一条)?(?:通知|公告|消息)?(?:大家|农户|他们|乡亲们)?(?:都)?"
    r"(?:送到|送达|发到|发出去|收到)(?:通知)?了?(?:吗|没有?|么|了没)$"
    r"|\b(?:did|has|have) (?:my |the |our |that )?(?:last )?(?:notice|broadcast|announcement)s? "
    r"(?:arrive|arrived|get delivered|been delivered|go out|gone out|get through|reach)"
    r"|\bwas (?:my |the |our )?(?:last )?(?:notice|broadcast|announcement) (?:delivered|received)"
    r"|\bdid (?:everyone|the farmers|they) (?:get|receive) (?:my |the |our )?(?:notice|broadcast)"
)
# The same said of the notice in other words (刚才那个通知大家收到没有, 消息农户都看到了吗,
# 通知到了没): a notice word, then arrived / received / seen, asked.
_NOTICE_WORD = re.compile(r"通知|公告|消息|广播")
_ARRIVED_ASKED = re.compile(
    r"(?:送到|送达|发到|发出去|发出|收到|看到|看见|接到|到)(?:通知|公告|消息)?(?:了)?"
    r"(?:吗|么|嘛|没有?|了没有?)$"
)
# Short: a notice word and 到了吗 in a long sentence is something else asked.
_DELIVERED_CHARS = 20
# The day at a glance (今天有啥事, 有啥新情况, 今天忙啥, what's on today, anything new): the
# station's pickups, questions and listings waiting.
OVERVIEW = re.compile(
    # 什么 in any region's word (今天有么子事, 今天有甚事, 今日有咩事: scaffold.WHAT).
    r"^(?:今天|今日|今儿个?|今个|现在|这会儿?|眼下)?(?:都|还)?(?:有|有没有)"
    rf"(?:哪些|些|么(?=事)|{WHAT})?(?:新)?"
    r"(?:事|事情|事儿|活|活儿|情况|新情况|新消息|消息|动静|要办的|要忙的)(?:吗|么|没有?|要办|要忙)?$"
    rf"|^(?:今天|今日|今儿个?|今个)(?:要|该)?(?:忙|干|做)(?:点)?{WHAT}$|^(?:有)?{WHAT}事儿?(?:吗|没)?$"
    r"|^(?:what'?s|what is) (?:on|up|new)(?: today)?$|^anything (?:new|for me)(?: today)?$"
    r"|^(?:today'?s )?(?:overview|summary)$"
)
# What the station collected today (今天收了多少, 今天收了几单, 今天收了多少斤, 今天一共收了多少货,
# how much did we collect today): the day's collections, by weight, and what is still to come
# (Gansu blind test: a knowledge-base refusal).
COLLECTED = re.compile(
    r"^(?:今天|今日|今儿个?|今个)(?:一共|总共|共|都|到现在|目前)?(?:已经)?(?:收|收到|收上来|收进)了?"
    r"(?:多少|几)(?:单|户|家|斤|公斤|吨|货|东西|了)?(?:货|了)?(?:了)?$"
    r"|^(?:今天|今日|今儿个?|今个)(?:的)?(?:收货量|收了的货|收货收了多少|收货情况)$"
    r"|^how (?:much|many)(?: \w+)? (?:did|have) (?:we|i|the station)"
    r" (?:collect(?:ed)?|take[n]?|receive[d]?)(?: in)? today$"
    r"|^(?:what did we collect|today'?s collections?)(?: today)?$"
)
# The questions waiting for a reply, asked short (问题, 有问题没, 待回复, any questions?).
QUESTIONS = re.compile(
    r"^(?:看看|查查|看下|看一下)?(?:有没有|有)?(?:人|新的?|农户的?)?(?:问|提)?(?:问题|提问)"
    r"(?:吗|么|没|没有)?$"
    r"|^(?:待回复|要回复|没回复|还没回)(?:的)?(?:问题)?$|^(?:哪些|几个|多少)问题(?:没回|要回)?$"
    # 有没有问题要回答, 有啥问题要回 (sandbox walk: suggested answers): the ones waiting.
    rf"|^(?:有没有|有)(?:{WHAT}|人问的?|农户问的?)?(?:新的?)?问题(?:要|需要|等着?|等我)"
    r"(?:回答|回复|答复|回)(?:吗|么|没|没有)?$"
    r"|^(?:any )?(?:new )?questions(?: waiting)?\??$",
    re.IGNORECASE,
)
# The sale listings waiting, asked short (卖货登记, 有人登记卖货没, listings).
OFFERS = re.compile(
    r"^(?:看看|查查)?(?:卖货登记|登记卖货的?|卖货的登记|登记的货)(?:有哪些|有几条|有没有|列表)?$"
    r"|^有(?:没有)?人登记卖货(?:吗|没)?$|^(?:sale )?listings\??$",
    re.IGNORECASE,
)
# Withdrawing a notice of one's own (撤回第二条, 撤回刚才那条, 把上一条通知撤了, withdraw the
# last notice, cancel the second broadcast).
_WITHDRAW_VERB = re.compile(
    r"撤回|撤销|撤掉|撤了|收回|删掉|删除|不发了|取消|\bwithdraw|\brecall|\bunsend|\bcancel|\bdelete"
)
# Which: 第二条 (the second newest), 刚才那条 / 上一条 / 最后一条 (the newest); for a notice said
# without one (撤回通知), the newest too.
_WHICH_ZH = re.compile(
    r"第(?P<nth>[一二两三四五六七八九十\d]{1,3})(?:条|个|则)"
    r"|(?:刚才|刚刚|刚|上一|最后一|最近一|最新|前面)(?:发的)?(?:那|这)?(?:一)?(?:条|个|则)"
    r"|(?:刚才|刚刚|刚发)的?(?:通知|公告)|那条|这条|(?:通知|公告)$"
)
# A notice by the number /broadcasts shows it with (撤回1号通知, 撤回 #1, 取消一号通知, 撤回通知1,
# withdraw notice 1, cancel #1): that notice, not the newest (tester: 撤回1号通知 answered of
# #2). 1号 alone may be a day (撤回1号发的通知): a number with 号 ends the words or names the
# notice.
_NUMBER = r"(?:\d{1,9}(?!\d)|[一二两三四五六七八九十]{1,3})"
_BY_NUMBER = re.compile(
    rf"[#＃]\s*(?P<hash>\d{{1,9}})(?!\d)"
    rf"|(?P<said>{_NUMBER})\s*号(?:通知|公告|$)"
    rf"|(?:通知|公告)\s*(?:编号|号)?\s*(?P<after>\d{{1,9}})(?!\d)(?:号)?$"
    r"|\b(?:withdraw|recall|cancel|delete|unsend|take back)\b (?:the |my |that )?"
    r"(?:notice|broadcast|announcement) ?(?:#|no\.? ?|number )?(?P<en>\d{1,9})\b",
    re.IGNORECASE,
)
_EN_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
_WHICH_EN = re.compile(
    r"\b(?:withdraw|recall|take back|cancel|delete|unsend|undo)\b (?:the |my |that |this )?"
    r"(?:(?P<nth>first|1st|second|2nd|third|3rd)|last|latest|previous|recent|most recent)?"
    r" ?(?:notice|broadcast|announcement)\b"
    r"|\b(?:withdraw|recall|unsend)\b (?:the |my |that )?(?:last|latest|previous) (?:one|message)\b"
)


# Answering a forwarded question by its number (回复23 明天上午来站里拿药, 回23：…, 答复 #23 …,
# 23号问题：…, #23 …, reply 23 …, answer #23: …): the number /questions shows, then the
# answer, at any length. 回 and 答 alone, the number first (23号问题) and # alone take a
# separator after the number (回23 …), so 回3次了 and 3号问题还没人回 are no answer to #3.
_SEP = r"[\s:：,，、]"
# 回复 typed with another character of its sound (回服8 …, 会复, 回付, 回覆: blind staff walk,
# the answer was lost): the same verb; a separator after the number, as 回 alone takes.
_SOUNDS_LIKE_REPLY = r"[回会汇惠][复服付覆副富附]|答[服付覆]"
_REPLY = re.compile(
    rf"^(?:{_SOUNDS_LIKE_REPLY})\s*(?:#|＃|第)?\s*(?P<id5>\d{{1,9}})(?:号问题|号|题)?"
    rf"(?:{_SEP}+|$)(?P<answer5>.*)$"
    r"|^(?:回复|答复|回答|reply(?: to)?|answer)\s*(?:问题|question)?\s*(?:#|＃|第|no\.?)?\s*"
    r"(?P<id>\d{1,9})(?![\d.])(?:号问题|号|题)?[\s:：,，、.。-]*(?P<answer>.*)$"
    rf"|^[回答]\s*(?:#|＃)?\s*(?P<id2>\d{{1,9}})(?:号|题)?(?:{_SEP}+|$)(?P<answer2>.*)$"
    rf"|^(?:第?(?P<id3>\d{{1,9}})\s*号?问题|(?:#|＃)\s*(?P<id4>\d{{1,9}}))"
    rf"(?:{_SEP}+|$)(?P<answer3>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# The answering verbs said first (回复3 …): such words leave any step waiting for something else.
_REPLY_VERB = re.compile(
    rf"^(?:回复|答复|回答|{_SOUNDS_LIKE_REPLY}|[回答]\s*[#＃]?\s*\d|reply|answer)", re.IGNORECASE
)
# Like an answer by number but not read as one (回fu8 …, huifu 8 …, 回夏8 …, 恢复8 …): a few
# letters with 回 / 复 / 答 or hui / fu / re in them, a number, then words. Said how to
# answer, never searched in the knowledge base (the staff's answer would be lost unseen).
_REPLY_LIKE = re.compile(
    r"^(?P<verb>[^\d\s]{0,3}[回复覆答][^\d\s]{0,3}|(?:hui|fu|huifu|re|rep|repl|repyl|reply)\w{0,3})"
    r"\s*[#＃]?\s*(?P<id>\d{1,9})(?:号问题|号|题)?(?:[\s:：,，、.。-]+)(?P<answer>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)


class StaffAsk(StrEnum):
    """What a staff member's words ask of their station."""

    pickups = "pickups"  # 明天谁来送货
    hours = "hours"  # 我们站几点开门
    reopen = "reopen"  # 明天下午重新开放
    withdraw = "withdraw"  # 撤回第二条
    close = "close"  # 今天下午不收货了
    delivered = "delivered"  # 通知送到了吗
    overview = "overview"  # 今天有啥事
    collected = "collected"  # 今天收了多少: today's collections and what is still to come
    questions = "questions"  # 有问题没, 待回复: the forwarded questions waiting (/questions)
    offers = "offers"  # 卖货登记: the sale listings waiting (/offers)
    reply = "reply"  # 回复23 明天上午来拿药: the answer to forwarded question #23
    reply_unread = "reply_unread"  # 回fu8 …: like an answer, not read as one: how to answer
    mark = "mark"  # 收了, 没来, 孙大爷鸡蛋收了 28斤: a pickup marked without its code


@dataclass(frozen=True)
class StaffWords:
    """The errand read from staff words; `nth` for a withdrawal: 1 the newest notice (the
    second newest for 2, and so on); `reason` for a closing, its reason when one was said (a
    close button's code, rain or truck, or the words as said); the day and part of the day
    are read by the caller."""

    ask: StaffAsk
    nth: int = 1
    reason: str | None = None
    part: str | None = None  # a closing's: "am" or "pm", as said in the clause that closes
    question: int | None = None  # a reply's: the forwarded question's number
    notice: int | None = None  # a withdrawal's by number (撤回1号通知: notice #1), not `nth`
    counted: bool = False  # a withdrawal's `nth` said as a count (第一条, the second notice)
    answer: str = ""  # a reply's: the answer as typed ("" when only the number was said)
    marked: MarkSaid | None = None  # a mark's: collected or no-show, whose, the weight
    words: str = ""  # a withdrawal's by words of its text (停电那个通知撤回: 停电)


def staff_words(text: str) -> StaffWords | None:
    """What the words ask of the station, when they are a staff errand; else None."""
    reply = _reply(text) or _reply_unread(text)
    if reply is not None:  # an answer may be long: it is read before the length is
        return reply
    norm = as_typed(normalise(text).strip(" ?？。.!！~"))
    if len(norm) > MAX_CHARS:
        return None
    withdraw = _withdrawal(norm)
    if withdraw is not None:
        return withdraw
    if HOURS.search(norm):
        return StaffWords(StaffAsk.hours)
    if REOPEN.search(norm) and _WHEN.search(norm):
        return StaffWords(StaffAsk.reopen)
    if CLOSE.search(norm) and _WHEN.search(norm) and not _ASKED.search(norm):
        return _closing(norm)
    if COLLECTED.search(norm):
        return StaffWords(StaffAsk.collected)
    marked = mark_said(text)  # as typed: a code in capitals (TDTMAT 收了) is no shorthand
    if marked is not None:
        return StaffWords(StaffAsk.mark, marked=marked)
    if PICKUPS.search(norm) or _day_bookings(norm):
        return StaffWords(StaffAsk.pickups)
    if DELIVERED.search(norm) or _delivered_asked(norm):
        return StaffWords(StaffAsk.delivered)
    if OVERVIEW.search(norm):
        return StaffWords(StaffAsk.overview)
    if QUESTIONS.search(norm):
        return StaffWords(StaffAsk.questions)
    if OFFERS.search(norm):
        return StaffWords(StaffAsk.offers)
    return None


# A day word typed with a homophone (明添谁来: tiān typed 添): only before 谁 / 有 / 的 / 预约
# and the like, where no other word is meant.
_DAY_SOUNDS = re.compile(r"([今明后])[添天田甜填]|([今])[日](?=谁)")


def as_typed(norm: str) -> str:
    """The words with a day's homophone typed as the day (明添 → 明天) and pinyin typed with
    no characters chosen read in characters (jintian shei lai → 今天谁来)."""
    norm = _DAY_SOUNDS.sub(lambda m: (m.group(1) or m.group(2)) + "天", norm)
    return read(norm, _PINYIN_WORDS) if is_pinyin(norm) else norm


# Staff words the pinyin reader is to know (module doc of knowledge/text/pinyin.py).
_PINYIN_WORDS = ("谁来", "送货", "收货", "预约", "撤回", "通知", "收了", "没来")


def _day_bookings(norm: str) -> bool:
    """A day said with who / which and bringing or booking (明天有哪些预约, 后天有几单)."""
    if _DAY_LIST.search(norm):
        return True
    if re.search(_DAY, norm) and _WHO.search(norm) and _BRINGS.search(norm):
        return not _BUYS.search(norm)
    return bool(_EN_DAY.search(norm) and _EN_WHO.search(norm) and _EN_BRINGS.search(norm))


def _delivered_asked(norm: str) -> bool:
    """A notice word with arrived / received asked (刚才那个通知大家收到没有)."""
    short = len(norm) <= _DELIVERED_CHARS
    return short and bool(_NOTICE_WORD.search(norm) and _ARRIVED_ASKED.search(norm))


def _closing(norm: str) -> StaffWords:
    """The part of the day closed and why, from the clause that closes (明天下雨，上午不收货，
    下午照常: the morning, for rain; the afternoon going on as usual is no reason)."""
    clauses = [c for c in _CLAUSES.split(_INSTRUCTION.sub(" ", norm)) if c.strip()]
    closing = next((c for c in clauses if CLOSE.search(c)), norm)
    others = [c for c in clauses if c is not closing and not _AS_USUAL.search(c)]
    return StaffWords(
        StaffAsk.close,
        reason=_reason(" ".join([closing, *others])),
        part=parse_part(closing) or parse_part(norm),
    )


def _reason(norm: str) -> str | None:
    """Why a round is closed, from what close words say beside the closing (下午不收了下雨)."""
    rest = _NOT_REASON.sub(" ", CLOSE.sub(" ", norm))
    rest = " ".join(re.sub(r"[\s,，。.!！~、:：;；]+", " ", rest).split())
    if len(rest.replace(" ", "")) < 2:
        return None
    return reason_code(rest) or rest


def reason_code(said: str) -> str | None:
    """A closing reason said as a reason button says it (下雨, 车坏了, 暴雪, 雪太大, rain,
    truck broken, snowstorm): its code, which each farmer reads in their language; None for
    other words, or more said than the button (下暴雪路也封了，明天再看: quoted as written).
    English takes more letters to say it: counted in words."""
    rest = " ".join(re.sub(r"[\s,，。.!！~、:：;；]+", " ", normalise(said)).split())
    short = len(rest.split()) <= 3 if rest.isascii() else len(rest.replace(" ", "")) <= 4
    for code, words in _REASON_CODES:
        if words.search(rest) and short:
            return code
    return None


def _withdrawal(norm: str) -> StaffWords | None:
    by_number = _BY_NUMBER.search(norm) if _WITHDRAW_VERB.search(norm) else None
    if by_number is not None:
        said = next(g for g in by_number.groups() if g is not None)
        number = to_number(said)
        if number is not None and number >= 1:
            return StaffWords(StaffAsk.withdraw, notice=int(number))
    about = _EN_ABOUT.search(norm)
    if about is not None:  # withdraw the notice about the power cut
        return StaffWords(StaffAsk.withdraw, words=about.group("words").strip())
    english = _WHICH_EN.search(norm)
    if english is not None:
        nth = english.group("nth")
        return StaffWords(StaffAsk.withdraw, _EN_ORDINALS.get(nth or "", 1), counted=bool(nth))
    if not _WITHDRAW_VERB.search(norm):
        return None
    words = _notice_words(norm)
    if words:
        return StaffWords(StaffAsk.withdraw, words=words)
    which = _WHICH_ZH.search(norm)
    if which is None:
        return None
    nth = which.group("nth")
    number = to_number(nth) if nth is not None else 1
    if number is None or number < 1:
        return None
    return StaffWords(StaffAsk.withdraw, int(number), counted=nth is not None)


# Around the words of a notice's text in a withdrawal (停电那个通知不发了，撤回: 停电).
_AROUND_WORDS = re.compile(
    r"撤回|撤销|撤掉|撤了|收回|删掉|删除|不要发了|别发了|不发了|取消|发的|那个|这个|那条|这条|那则"
    r"|说|关于|有关|讲|通知|公告|广播|消息|的|了|吧|把|给我|帮我|一下|掉|[\s,，。.!！、:：;；]"
)
_EN_ABOUT = re.compile(
    r"\b(?:withdraw|recall|cancel|delete|unsend)\b (?:the |my |that )?"
    r"(?:notice|broadcast|announcement) (?:about|on|saying|of) (?:the )?(?P<words>.{2,30})$"
)


def _notice_words(norm: str) -> str:
    """Words of a notice's text said in a withdrawal (停电那个通知不发了，撤回 → 停电), when
    a notice word is said too; "" for none (撤回刚才那条: the newest)."""
    if not _NOTICE_WORD.search(norm):
        return ""
    words = _AROUND_WORDS.sub("", _WHICH_ZH.sub("", norm))
    return words if len(words) >= 2 and not re.search(r"\d|[a-z]", words) else ""


def _reply_unread(text: str) -> StaffWords | None:
    """回fu8 烂叶子剥掉: like an answer by number, not read as one: said how to answer."""
    said = _REPLY_LIKE.match(text.strip())
    if said is None or len(said.group("answer").strip()) < 2:
        return None
    verb = said.group("verb").lower()
    if not re.search(r"[回复覆答]|hui|fu|re", verb):
        return None
    answer = said.group("answer").strip()
    return StaffWords(StaffAsk.reply_unread, question=int(said.group("id")), answer=answer)


def _reply(text: str) -> StaffWords | None:
    """回复23 明天上午来拿药: the question's number and the answer, as typed."""
    said = _REPLY.match(text.strip())
    if said is None:
        return None
    number = next(said.group(g) for g in ("id", "id2", "id3", "id4", "id5") if said.group(g))
    answers = ("answer", "answer2", "answer3", "answer5")
    answer = next((said.group(g) for g in answers if said.group(g)), "").strip()
    return StaffWords(StaffAsk.reply, question=int(number), answer=answer)


def replies_by_number(text: str) -> bool:
    """Whether `text` answers a forwarded question by its number with an answering verb
    first (回复3：…, reply 3 …): no answer to any step that waits for something else."""
    said = _reply(text)
    return said is not None and bool(said.answer) and bool(_REPLY_VERB.match(text.strip()))
