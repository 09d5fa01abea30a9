"""Price alerts in the chat: /alerts and its buttons, changing a value, /deliveries.

Subscribing is handlers/alert_subscribe.py, 退订 handlers/alert_unsubscribe.py, the
digest jobs handlers/alert_jobs.py. Every button's data is untrusted: a forged or
someone else's subscription id finds nothing.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from telegram import CallbackQuery, Update
from telegram.error import BadRequest
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.alerts import service
from bot.alerts.model import AlertError, AlertView
from bot.alerts.parsing import check_values, hour_chosen, is_value, read_value, value_unit
from bot.alerts.text import (
    FROM_LIST,
    Change,
    Delete,
    ListAlerts,
    Pause,
    Resume,
    Subscribe,
    SubscribeAt,
    describe,
    error,
)
from bot.core.callbacks import any_of
from bot.core.clock import utcnow
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.delivery.runs import held_until, recent_runs, status_counts
from bot.markets.prices import most_asked
from bot.models.alerts import AlertKind
from bot.models.users import Role, User
from handlers import alert_words
from handlers.alert_jobs import default_time
from handlers.alert_subscribe import (
    BUTTON_PRODUCTS,
    overview,
    send,
    subscribe_at_button,
    subscribe_button,
)
from handlers.common import incoming, press, register_visitor, settings_of
from handlers.guards import require
from handlers.language import from_draft, with_language
from handlers.leave import leave_handler, with_leave
from handlers.render import alerts as view
from handlers.timeouts import TimedConversation
from knowledge.text.intent import ALERT_LIST

WAIT_VALUE = "al_value"  # a state name, stored by persistence: a string, not a number
CONVERSATION = "alert_change"
# Typed while a new value is awaited: leave the alert as it is.
CANCEL_WORDS = frozenset({"取消", "算了", "不改了", "cancel"})
EDITING = "alert_editing"  # user_data: the subscription being changed
CHANGE_TIMEOUT_S = 600
# "我的提醒" and friends list the farmer's alerts (not a new subscription).
LIST_WORDS = filters.Regex(ALERT_LIST)


# -------------------------------------------------- the list (退订: alert_unsubscribe.py)


async def alerts_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/alerts, "我的提醒", or the 📋 button: the list with its buttons."""
    user = await register_visitor(update, context)
    query = update.callback_query
    if query is not None:
        await query.answer()
    async with session_scope() as session:
        views = await service.list_alerts(session, user.telegram_id)
    if views:
        await send(
            context,
            user.telegram_id,
            view.list_text(user.language, views),
            view.list_keyboard(user.language, views),
        )
        return
    message = update.effective_message
    settings = settings_of(context)
    if message is not None and query is None:
        await overview(message, user, settings)
    else:
        async with session_scope() as session:
            popular = await most_asked(session, BUTTON_PRODUCTS)
        await send(
            context,
            user.telegram_id,
            t(user.language, "alerts.list_empty")
            + "\n"
            + t(user.language, "alerts.how_to", time=default_time(settings).strftime("%H:%M")),
            view.product_buttons(user.language, [(p.id, p.name) for p in popular]),
        )


async def alert_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """⏸ / ▶️ / 🗑 on one subscription (al:p:, al:r:, al:d: + id, + ":l" under the list)."""
    query, user = await press(update, context)
    lang = user.language
    pressed = Pause.parse(query.data) or Resume.parse(query.data) or Delete.parse(query.data)
    if pressed is None:
        await query.answer(t(lang, "alerts.gone"), show_alert=True)
        return
    from_list = pressed.where == FROM_LIST
    async with session_scope() as session:
        if isinstance(pressed, Delete):
            key = "alerts.deleted"
            found = await service.delete_alert(session, user.telegram_id, pressed.subscription_id)
        else:
            paused = isinstance(pressed, Pause)
            key = "alerts.paused" if paused else "alerts.resumed"
            found = await service.set_paused(
                session, user.telegram_id, pressed.subscription_id, paused
            )
        views = await service.list_alerts(session, user.telegram_id)
    if found is None:
        await query.answer(t(lang, "alerts.gone"), show_alert=True)
        return
    done = t(lang, key, desc=describe(lang, found))
    if from_list:
        await query.answer(done[:200])
        await _redraw(query, lang, views)
    else:
        await query.answer()
        await send(context, user.telegram_id, done, view.manage_keyboard(lang))


async def _redraw(query: CallbackQuery, lang: str, views: list[AlertView]) -> None:
    try:
        await query.edit_message_text(
            view.list_text(lang, views), reply_markup=view.list_keyboard(lang, views)
        )
    except BadRequest as exc:
        # "message is not modified" (a double tap) is fine; anything else is not.
        if "not modified" not in exc.message:
            raise


# ---------------------------------------------------------------- changing a value


async def start_change(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """✏️ (al:e:<id>): ask for the new time, price or percentage."""
    query, user = await press(update, context)
    lang = user.language
    pressed = Change.parse(query.data)
    sub_id = pressed.subscription_id if pressed else None
    async with session_scope() as session:
        found = await service.get_alert(session, user.telegram_id, sub_id or 0)
    if found is None:
        await query.answer(t(lang, "alerts.gone"), show_alert=True)
        return ConversationHandler.END
    await query.answer()
    if context.user_data is not None:
        context.user_data[EDITING] = found.id
    await _ask_value(context, user, found)
    return WAIT_VALUE


async def _ask_value(context: ContextTypes.DEFAULT_TYPE, user: User, found: AlertView) -> None:
    """The alert as it is and what to send: a time, a price or a percentage."""
    lang = user.language
    prompt = {AlertKind.daily: "alerts.change_daily", AlertKind.move: "alerts.change_move"}.get(
        found.kind, "alerts.change_price"
    )
    await send(context, user.telegram_id, describe(lang, found) + "\n" + t(lang, prompt))


async def _ask_value_again(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, sub_id: int
) -> str | int:
    """After a language switch while the new value is awaited ("English please", 说中文,
    /language): the alert and its question again in the new language, still waiting (the
    words used to leave the change, its ✏️ to be pressed again)."""
    async with session_scope() as session:
        found = await service.get_alert(session, user.telegram_id, sub_id)
    if found is None:  # deleted meanwhile (🗑 under the list): nothing left to change
        _forget_editing(context)
        await send(context, user.telegram_id, t(user.language, "alerts.gone"))
        return ConversationHandler.END
    await _ask_value(context, user, found)
    return WAIT_VALUE


async def change_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """The new value: change it, or say why not (either way the conversation ends)."""
    message = update.effective_message
    if message is None or message.text is None:
        return WAIT_VALUE
    user = await register_visitor(update, context)
    lang = user.language
    sub_id = context.user_data.pop(EDITING, None) if context.user_data is not None else None
    async with session_scope() as session:
        alert = await service.get_alert(session, user.telegram_id, int(sub_id or 0))
    if alert is None:
        await message.reply_text(t(lang, "alerts.gone"))
        return ConversationHandler.END
    try:
        # 晚上 alone is 19:00, as it is in a subscription (bot/alerts/parsing.py time_alone).
        at_default = default_time(settings_of(context))
        threshold, at = read_value(
            alert.kind, message.text, unit=alert.unit, default_time=at_default
        )
        check_values(alert.kind, threshold, at)
    except AlertError as exc:
        await message.reply_text(t(lang, "alerts.change_failed", problem=error(lang, exc)))
        return ConversationHandler.END
    # As a change said in words: past the line already, the farmer is asked first.
    code = view.value_code(alert.kind, threshold, at, value_unit(message.text, alert.unit))
    text, keyboard = await alert_words.change_checked(context, user, alert, code)
    if at is not None and hour_chosen(message.text):
        # Only 晚上 said: the hour taken for it, so a farmer who meant 8点 can say so.
        said = message.text.strip()
        text += "\n" + t(lang, "alerts.hour_chosen", said=said, time=at.strftime("%H:%M"))
    await message.reply_text(text, reply_markup=keyboard)
    return ConversationHandler.END


async def cancel_change(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """/cancel while changing: nothing changes."""
    user = await register_visitor(update, context)
    if context.user_data is not None:
        context.user_data.pop(EDITING, None)
    if update.effective_message is not None:
        await update.effective_message.reply_text(t(user.language, "alerts.change_cancelled"))
    return ConversationHandler.END


def _forget_editing(context: ContextTypes.DEFAULT_TYPE) -> None:
    if context.user_data is not None:
        context.user_data.pop(EDITING, None)


def conversation() -> ConversationHandler[Any]:
    """✏️ on a subscription, then the new value (kept across restarts, as every conversation)."""
    text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    return TimedConversation(
        entry_points=[CallbackQueryHandler(start_change, pattern=Change.matches)],
        # 取消 / 算了 keep the alert as it is; another subject is answered by its feature.
        # "English please" / 说中文 / /language: the value asked again in it, still awaited.
        states=with_language(
            with_leave(
                {
                    WAIT_VALUE: [
                        MessageHandler(text & filters.Text(list(CANCEL_WORDS)), cancel_change),
                        MessageHandler(text, change_typed),
                    ]
                },
                # A value (3块5, the prompt's own example) is the answer, whatever the base
                # knows.
                leave_handler(
                    CONVERSATION,
                    "alerts.change_left",
                    on_leave=_forget_editing,
                    answers=is_value,
                ),
            ),
            from_draft(EDITING, _ask_value_again),
        ),
        fallbacks=[CommandHandler("cancel", cancel_change)],
        name=CONVERSATION,
        persistent=True,
        allow_reentry=True,
        # A farmer who never answers gets their messages back after a while.
        timeout=timedelta(seconds=CHANGE_TIMEOUT_S),
    )


# Buttons outside the conversation: (callback data pattern, handler).
BUTTONS = (
    (Subscribe.matches, subscribe_button),
    (SubscribeAt.matches, subscribe_at_button),
    (any_of(Pause, Resume, Delete), alert_button),
    (ListAlerts.matches, alerts_command),
)


# ---------------------------------------------------------------- admins


async def deliveries_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/deliveries (admins): the recent runs' counts and what is waiting."""
    message, user = await incoming(update, context)
    if not await require(update, user, Role.admin):
        return
    async with session_scope() as session:
        runs = await recent_runs(session, 8)
        counts = await status_counts(session)
        held = await held_until(session, [r.id for r in runs], utcnow())
    await message.reply_text(
        view.deliveries_text(user.language, runs, counts, settings_of(context).tz, held)
    )
