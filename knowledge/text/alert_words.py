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
RULES = (_CHANGE, _PAUSE, _RESUME)


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
