"""退订 in the chat: one product's alerts at once; all of them only after ✅.

"退订西红柿" stops that product's alerts straight away. A bare "退订" (or "unsubscribe")
lists what would stop and waits for ✅ or ❌: a farmer who typed it to stop one
noisy alert does not lose the others by surprise (sandbox walk).
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.alerts import service
from bot.alerts.text import StopAll
from bot.core.db import session_scope
from bot.core.i18n import t
from handlers.common import press, register_visitor, remove_buttons
from handlers.render import alerts as view
from handlers.routing import intent_of
from knowledge.text.lexicon import product_label


async def unsubscribe_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """退订西红柿 (that product's alerts, at once) or 退订 (all of them, after ✅)."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    user = await register_visitor(update, context)
    lang = user.language
    products = intent_of(message.text).products
    async with session_scope() as session:
        if products:
            removed = await service.unsubscribe(session, user.telegram_id, products)
        else:
            views = await service.list_alerts(session, user.telegram_id)
    if products:
        if removed == 0:
            await message.reply_text(t(lang, "alerts.nothing_to_unsubscribe"))
            return
        label = "、".join(product_label(lang, p) for p in products)
        await message.reply_text(t(lang, "alerts.unsubscribed_product", product=label, n=removed))
        return
    if not views:
        await message.reply_text(t(lang, "alerts.nothing_to_unsubscribe"))
        return
    await message.reply_text(
        view.stop_all_text(lang, views), reply_markup=view.stop_all_keyboard(lang, views)
    )


async def stop_all_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """al:u:<id>: ✅ stops the alerts the question listed; al:u:0 (❌) keeps them."""
    query, user = await press(update, context)
    lang = user.language
    pressed = StopAll.parse(query.data)
    await query.answer()
    # Either way the question is answered: its buttons go, so a second tap does nothing.
    await remove_buttons(query)
    if pressed is None or pressed.upto == 0:
        await context.bot.send_message(
            user.telegram_id,
            t(lang, "alerts.stop_all_kept"),
            reply_markup=view.manage_keyboard(lang),
        )
        return
    async with session_scope() as session:
        removed = await service.unsubscribe(session, user.telegram_id, upto=pressed.upto)
    text = (
        t(lang, "alerts.unsubscribed_all", n=removed)
        if removed
        else t(lang, "alerts.nothing_to_unsubscribe")
    )
    await context.bot.send_message(user.telegram_id, text)


BUTTONS = ((StopAll.matches, stop_all_pressed),)
