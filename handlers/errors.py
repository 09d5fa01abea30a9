"""The error handler: log the failure with its update, and answer the user politely."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.i18n import normalise_language, t
from bot.ptb_tuning import may_have_acted
from handlers.common import language_of

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the exception and tell the user something went wrong, never a stack trace."""
    log.error("update %r failed", update, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if context.error is not None and may_have_acted(context.error):
        # The failed request (the reply itself) may have reached the chat with
        # only its answer lost: an apology now could follow a reply that arrived.
        return
    try:
        lang = await language_of(update)
    except Exception:  # the database itself may be what failed
        tg = update.effective_user
        lang = normalise_language(tg.language_code if tg else None)
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()
        await context.bot.send_message(update.effective_chat.id, t(lang, "error.generic"))
    except TelegramError:
        log.warning("could not tell chat %s about the error", update.effective_chat.id)
