"""退订 in the chat: one alert at once; several only once the farmer says which.

"退订西红柿" stops the farmer's one tomato alert straight away; with tomato alerts at
several places (or of several kinds) it asks which, a button each and one for all
(潍坊西红柿 narrows it to 潍坊's). A bare "退订" (or "unsubscribe") lists what would
stop and waits for ✅ or ❌: a farmer who typed it to stop one noisy alert does not
lose the others by surprise (sandbox walk).
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.alerts import service
from bot.alerts.text import StopAll
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.users import User
from handlers import pending
from handlers.alert_words import named_alerts, say_none
from handlers.common import press, register_visitor, remove_buttons
from handlers.render import alerts as view
from handlers.routing import intent_of
from knowledge.text.lexicon import product_label
from knowledge.text.yesno import says_yes

# user_data: the newest alert 退订's "stop all these?" lists, while open (a typed 是 is its ✅,
# 不 its ❌: handlers/pending).
STOP_ALL_ASKED = pending.key("stop_all_asked")


async def unsubscribe_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """退订西红柿 (that product's alerts, at once) or 退订 (all of them, after ✅)."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    user = await register_visitor(update, context)
    products = intent_of(message.text).products
    if products:
        await _unsubscribe_named(message, user)
        return
    await _ask_stop_all(update, context, message, user)


async def stop_all_again(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, _newest: object
) -> None:
    """退订's "stop all these?" asked again in `user`'s language after "English please"
    (handlers/pending.py), with the alerts there are now."""
    if isinstance(update.effective_message, Message):
        await _ask_stop_all(update, context, update.effective_message, user)


async def _ask_stop_all(
    update: Update, context: ContextTypes.DEFAULT_TYPE, message: Message, user: User
) -> None:
    """The farmer's alerts listed, asked whether to stop them all (✅ / ❌, or typed)."""
    lang = user.language
    async with session_scope() as session:
        views = await service.list_alerts(session, user.telegram_id)
    if not views:
        await message.reply_text(t(lang, "alerts.nothing_to_unsubscribe"))
        return
    pending.remember(update, context, STOP_ALL_ASKED, max(v.id for v in views))
    sent = await message.reply_text(
        view.stop_all_text(lang, views), reply_markup=view.stop_all_keyboard(lang, views)
    )
    pending.shown(context, sent)


async def _unsubscribe_named(message: Message, user: User) -> None:
    """退订大蒜: the one garlic alert goes at once; of several, the farmer says which."""
    lang = user.language
    found = await named_alerts(message.text or "", user)
    if not found.views:
        await message.reply_text(t(lang, "alerts.nothing_to_unsubscribe"))
        return
    if not found.named:
        await say_none(message, lang, found)
        return
    if len(found.named) > 1:
        await message.reply_text(
            t(lang, "alerts.words.which_delete", n=len(found.named), what=found.what),
            reply_markup=view.which_keyboard(lang, found.named, "delete"),
        )
        return
    async with session_scope() as session:
        gone = await service.delete_alert(session, user.telegram_id, found.named[0].id)
    if gone is None:
        await message.reply_text(t(lang, "alerts.nothing_to_unsubscribe"))
        return
    label = product_label(lang, gone.product)
    await message.reply_text(t(lang, "alerts.unsubscribed_product", product=label, n=1))


async def stop_all_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """al:u:<id>: ✅ stops the alerts the question listed; al:u:0 (❌) keeps them."""
    query, user = await press(update, context)
    pressed = StopAll.parse(query.data)
    await query.answer()
    # Either way the question is answered: its buttons go, so a second tap does nothing.
    await remove_buttons(query)
    await _stop_all(context, user, pressed.upto if pressed is not None else 0)


async def stop_all_answered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """是 / 确认 (or 不) typed to 退订's "stop all these?": as its ✅ (or ❌) button."""
    message = update.effective_message
    upto = context.user_data.get(STOP_ALL_ASKED) if context.user_data is not None else None
    if message is None or not isinstance(upto, int):
        return
    user = await register_visitor(update, context)
    await _stop_all(context, user, upto if says_yes(message.text or "") else 0)


async def _stop_all(context: ContextTypes.DEFAULT_TYPE, user: User, upto: int) -> None:
    """Stop the alerts up to id `upto` (0: keep them all), and say what was done."""
    lang = user.language
    pending.forget(context)
    if upto == 0:
        await context.bot.send_message(
            user.telegram_id,
            t(lang, "alerts.stop_all_kept"),
            reply_markup=view.manage_keyboard(lang),
        )
        return
    async with session_scope() as session:
        removed = await service.unsubscribe(session, user.telegram_id, upto=upto)
    text = (
        t(lang, "alerts.unsubscribed_all", n=removed)
        if removed
        else t(lang, "alerts.nothing_to_unsubscribe")
    )
    await context.bot.send_message(user.telegram_id, text)


BUTTONS = ((StopAll.matches, stop_all_pressed),)
