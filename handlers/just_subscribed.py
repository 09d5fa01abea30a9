"""The daily alerts the farmer's last message (or button) just made: a time said next sets theirs.

Sandbox walk: 订阅白菜价格 got ✅ 订好了！大白菜（全国各地市场）：每天 07:00 推送今日行情, then
每天早上8点 got "这个问题我暂时答不上来" (or, with a forwarded question open, was joined to
it). Right after a subscription a time said on its own (8点, 改成晚上7点, 晚上发, "make it
7pm": bot/alerts/parsing.py `time_alone`) is when that alert should come: it is changed as
✏️ 修改 then a typed time changes it (handlers/alert_words.py `change_checked`).

Only the daily alerts are remembered (a time means nothing to 跌到1块提醒我), in user_data
with when they were made, kept through the next update only (`forget_stale`, after every
feature: the update that made them marks them fresh, the one after reads them, any later
one finds them gone), and only for WINDOW, as handlers/just_answered.py does. Kept as JSON
(persisted user_data).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import Message, Update
from telegram.ext import ContextTypes, filters

from bot.alerts import service
from bot.alerts.model import AlertError, AlertView
from bot.alerts.parsing import is_time_alone, time_alone
from bot.alerts.text import describe, error
from bot.core.clock import utcnow
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.alerts import AlertKind
from handlers.alert_jobs import default_time
from handlers.alert_words import change_checked
from handlers.common import register_visitor, settings_of
from handlers.render import alerts as view
from handlers.routing import menu_intent

SUBSCRIBED = "just_subscribed"  # user_data: {"ids": [alert ids], "at": POSIX seconds}
FRESH = "just_subscribed_fresh"  # user_data: set by the update that made them
# How long after a subscription a time said alone is still its time.
WINDOW = timedelta(minutes=10)


def remember(context: ContextTypes.DEFAULT_TYPE, alerts: Sequence[AlertView]) -> None:
    """This update made (or confirmed) `alerts`: the daily ones may get their time next."""
    daily = [alert.id for alert in alerts if alert.kind is AlertKind.daily]
    if context.user_data is None or not daily:
        return
    context.user_data[SUBSCRIBED] = {"ids": daily, "at": utcnow().timestamp()}
    context.user_data[FRESH] = True


def recent(data: Mapping[Any, Any], now: datetime) -> list[int]:
    """The daily alerts the farmer's previous update made, if made within the window."""
    found = data.get(SUBSCRIBED)
    if not isinstance(found, dict) or not isinstance(found.get("at"), (int, float)):
        return []
    if now - datetime.fromtimestamp(found["at"], UTC) > WINDOW:
        return []
    return [i for i in found.get("ids") or () if isinstance(i, int)]


async def forget_stale(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """After every feature: the alerts made stay for the one update after them, no longer."""
    if not isinstance(update, Update) or context.user_data is None:
        return
    if context.user_data.pop(FRESH, False):
        return  # this update made them: the next may say their time
    context.user_data.pop(SUBSCRIBED, None)


class TimeSaid(filters.MessageFilter):
    """A time said alone (8点, 改成晚上7点, 25点) right after a daily alert was made."""

    def __init__(self, user_data: Mapping[int, dict[Any, Any]]) -> None:
        super().__init__(name="JustSubscribedTime")
        self.user_data = user_data

    def filter(self, message: Message) -> bool:
        """True for such words from someone whose last update made a daily alert."""
        text, sender = message.text, message.from_user
        if not text or text.startswith("/") or sender is None or menu_intent(text) is not None:
            return False
        if not recent(self.user_data.get(sender.id, {}), utcnow()):
            return False
        return is_time_alone(text)


async def time_said(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The alerts just made come at the time said, as ✏️ 修改 would set it; a time that
    does not exist (25点) is said so, and the next message may still give one."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    user = await register_visitor(update, context)
    lang = user.language
    ids = recent(context.user_data or {}, utcnow())
    async with session_scope() as session:
        found = [await service.get_alert(session, user.telegram_id, i) for i in ids]
    alerts = [alert for alert in found if alert is not None]
    if not alerts:
        await message.reply_text(t(lang, "alerts.gone"))
        return
    try:
        at = time_alone(message.text, default_time(settings_of(context)))
        if at is None:  # the filter read a time: never, unless the words change meanwhile
            raise AlertError("time")
    except AlertError as exc:
        remember(context, alerts)  # still just made: the next message may say a time
        lines = [describe(lang, alert) for alert in alerts]
        await message.reply_text(
            t(lang, "alerts.time_not_changed", problem=error(lang, exc), desc="\n".join(lines))
        )
        return
    # As ✏️ 修改 then a typed time sets it (one rule, handlers/alert_words.py).
    said = [
        await change_checked(context, user, alert, view.value_code(alert.kind, None, at))
        for alert in alerts
    ]
    text = "\n".join([line for line, _ in said] + [t(lang, "alerts.time_hint")])
    await message.reply_text(text, reply_markup=said[-1][1])
