"""/start, /help and /language: registration, the main menu and the language switch."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.db import session_scope
from bot.core.i18n import LANGUAGES, t
from bot.users import set_language
from handlers import render
from handlers.common import language_of, register_visitor


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Register (or refresh) the farmer and greet them with the main menu."""
    user = await register_visitor(update, context)
    message = update.effective_message
    if message is None:
        return
    await message.reply_text(
        t(user.language, "start.greeting", name=user.name),
        reply_markup=render.main_menu(user.language),
    )


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain what to type, with examples."""
    user = await register_visitor(update, context)
    if update.effective_message is not None:
        await update.effective_message.reply_text(
            t(user.language, "help.text"), reply_markup=render.main_menu(user.language)
        )


async def language_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer the two languages as buttons."""
    await register_visitor(update, context)
    if update.effective_message is not None:
        await update.effective_message.reply_text(
            t("zh", "language.choose"), reply_markup=render.language_keyboard()
        )


async def language_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Store the chosen language and redraw the menu in it."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    pressed = render.Language.parse(query.data)
    choice = pressed.code if pressed else ""
    if choice not in LANGUAGES:
        await query.answer(t(await language_of(update), "fallback.unknown_button"))
        return
    await register_visitor(update, context)
    async with session_scope() as session:
        await set_language(session, query.from_user.id, choice)
    await query.answer()
    await query.edit_message_text(t(choice, "language.changed"))
    if query.message is not None:
        await context.bot.send_message(
            query.message.chat.id, t(choice, "help.text"), reply_markup=render.main_menu(choice)
        )


async def nothing_to_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/cancel outside any conversation: say there is nothing to cancel."""
    user = await register_visitor(update, context)
    if update.effective_message is not None:
        await update.effective_message.reply_text(
            t(user.language, "cancel.nothing"), reply_markup=render.main_menu(user.language)
        )
