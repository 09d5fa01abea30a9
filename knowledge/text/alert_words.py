"""A farmer's own alert changed, paused or resumed in words. Pure.

洋芋的提醒改成一块八, 潍坊大蒜的提醒改成2块8, "change my garlic alert to 2.8": its
value (what follows 改成 / to); 暂停大蒜提醒, 大蒜提醒先别发了, "pause my garlic alert":
paused, to be resumed (恢复大蒜提醒, "resume my garlic alert") — not 退订, which deletes.
Each rule names an alert (提醒, 推送, 订阅, alert), so 暂停施肥 or 恢复长势 stay questions.
"""

from __future__ import annotations

import re

CHANGE, PAUSE, RESUME = "change", "pause", "resume"

_ALERT = r"(?:提醒|推送|订阅)"
_EN_ALERT = r"\b(?:alerts?|notifications?|reminders?|subscriptions?)\b"
# 改成 / 改为 / 改到 / 换成 / 调成 / 设成 …: what follows is the new value.
_TO = r"(?:改成|改为|改到|改作|换成|换到|调成|调到|调为|设成|设为|设到|变成)"
_CHANGE = re.compile(
    rf"{_ALERT}.{{0,6}}?{_TO}"
    # 大蒜提醒改一下, 把大蒜的提醒改改: a change, the value still to ask.
    rf"|(?:改|修改|调整)(?:一下|改|下)?{_ALERT}|{_ALERT}(?:的?价格?)?(?:改一下|改改|修改一下|调整一下|要改)"
    rf"|\b(?:change|set|move|update|make)\b.{{0,40}}{_EN_ALERT}.{{0,12}}\bto\b"
)
# Where the new value starts: after 改成 (or "to").
_VALUE_AFTER = re.compile(rf"{_TO}|\bto\b")
_PAUSE = re.compile(
    rf"暂停.{{0,10}}{_ALERT}|{_ALERT}.{{0,4}}暂停"
    # 大蒜提醒先别发了, 先别给我发大蒜提醒了, 提醒这几天先不要推了: for now, not for good.
    rf"|{_ALERT}.{{0,6}}(?:先|暂时|这几天|这两天|最近)(?:别|不要|不用|停)"
    rf"|(?:先|暂时|这几天|这两天)(?:别|不要|不用)(?:给我|给俺)?(?:发|推).{{0,8}}{_ALERT}"
    rf"|\b(?:pause|suspend|mute|hold)\b.{{0,30}}{_EN_ALERT}|{_EN_ALERT}.{{0,12}}\bon hold\b"
)
_RESUME = re.compile(
    rf"恢复.{{0,10}}{_ALERT}|{_ALERT}.{{0,4}}恢复"
    rf"|{_ALERT}.{{0,6}}(?:继续发|接着发|重新发|又可以发|可以发了|再发吧|开了吧)"
    rf"|(?:继续|接着|重新)(?:给我|给俺)?(?:发|推|开).{{0,8}}{_ALERT}"
    rf"|\b(?:resume|unpause|restart|reactivate)\b.{{0,30}}{_EN_ALERT}"
    rf"|\bturn\b.{{0,30}}{_EN_ALERT}.{{0,6}}\bback on\b"
)
# A price line crossed, then the farmer told, in everyday words: 洋芋涨到一块钱给我说一声,
# 洋芋到一块了叫我, 土豆价格过一块告诉我, 大蒜跌到两块喊我一声, 到了三块给我打个招呼,
# 大蒜破三块吱一声. A price (一块, 3元) must come between, so 到时候叫我 is none; a question
# about the price (土豆价格过一块了吗) says no telling verb.
_CROSS = (
    r"(?:涨到|涨过|涨破|涨上|跌到|跌破|跌过|降到|掉到|掉破|超过|高过|低过|达到"
    r"|上了|到了|过了?|破了?|到|上)"
)
_PRICE = r"[\d零一二两三四五六七八九十百点.]+\s*(?:块|元|毛)[\d零一二两三四五六七八九十]?(?:钱|毛)?"
_TELL = (
    r"(?:说一声|说一下|说声|言语一声|言传一声|叫我|叫俺|喊我|喊俺|叫一声|喊一声|招呼|吱一声|吱个声"
    r"|吱声|知会|发个?(?:消息|信息|短信)|通知|告诉|告知|提醒|报个?信|捎个话)"
)
_PRICE_LINE = re.compile(rf"{_CROSS}\s*{_PRICE}.{{0,8}}?{_TELL}")
_EN_PRICE_LINE = re.compile(
    r"\b(?:ping|call|buzz|shout at|holler at|text|message) me\b.{0,60}\b(?:when|if|once)\b"
    r"|\bgive me a (?:shout|call|ring|buzz|heads[ -]?up)\b.{0,60}\b(?:when|if|once)\b"
    r"|\b(?:when|if|once)\b.{0,60}\b(?:hits?|reach(?:es)?|goes (?:above|over|below|under|past)"
    r"|gets? to|drops? to|falls? to|rises? to)\b.{0,30}\d.{0,30}"
    r"\b(?:tell|ping|call|notify|alert|text|message|let) me\b"
)
RULES = (_CHANGE, _PAUSE, _RESUME, _PRICE_LINE)


def says_price_line(norm: str) -> bool:
    """Whether a normalised text asks to be told when a price crosses a line said in
    everyday words (洋芋到一块了叫我, "give me a shout when garlic hits 3 yuan")."""
    return bool(_PRICE_LINE.search(norm) or _EN_PRICE_LINE.search(norm))


def says_alert_action(norm: str) -> str | None:
    """CHANGE, PAUSE or RESUME when a normalised text asks that of the farmer's alerts."""
    if _RESUME.search(norm):
        return RESUME
    if _PAUSE.search(norm):
        return PAUSE
    if _CHANGE.search(norm):
        return CHANGE
    return None


def new_value(norm: str) -> str:
    """The words of a change's new value (一块八 in 洋芋的提醒改成一块八), "" when none said."""
    found = list(_VALUE_AFTER.finditer(norm))
    if not found:
        return ""
    return norm[found[-1].end() :].strip(" 。.!！吧啊呀了")
