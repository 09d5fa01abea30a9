"""The error handler: log the failure with its update, and answer the user politely."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot.core.db import session_scope, unavailable
from bot.core.i18n import normalise_language, t
from bot.models.users import Role
from bot.telegram.sender import press_answered
from bot.telegram.tuning import may_have_acted
from bot.users import get_user

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the exception and tell the user something went wrong, never a stack trace."""
    query = update.callback_query if isinstance(update, Update) else None
    if isinstance(context.error, BadRequest) and "not modified" in context.error.message.lower():
        # A double tap asked for the message as it already is: nothing failed.
        log.info("update %r: message not modified", update)
        if query is not None and not press_answered(context.bot, query.id):
            try:
                await query.answer()
            except TelegramError:
                log.warning("could not answer a repeated button press")
        return
    busy = unavailable(context.error)
    if busy:
        # The database is away or locked for a moment: nothing to debug, the
        # update was not handled and the user is asked to send it again.
        log.warning("update %r: database unavailable: %s", update, context.error)
    else:
        log.error("update %r failed", update, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if context.error is not None and may_have_acted(context.error):
        # The failed request (the reply itself) may have reached the chat with
        # only its answer lost: an apology now could follow a reply that arrived.
        return
    try:
        lang, role = await _sender(update)
    except Exception:  # the database itself may be what failed
        tg = update.effective_user
        lang, role = normalise_language(tg.language_code if tg else None), Role.farmer
    try:
        # Never twice: a second answerCallbackQuery is refused and would hide the message.
        if query is not None and not press_answered(context.bot, query.id):
            await query.answer()
        key = "error.busy" if busy else _GENERIC[role]
        await context.bot.send_message(update.effective_chat.id, t(lang, key))
    except TelegramError:
        log.warning("could not tell chat %s about the error", update.effective_chat.id)


# Whom each role is told to turn to when a failure persists: a farmer their station,
# staff the county admins, an admin the log (never "contact your station").
_GENERIC = {
    Role.farmer: "error.generic",
    Role.staff: "error.generic_staff",
    Role.admin: "error.generic_admin",
}


async def _sender(update: Update) -> tuple[str, Role]:
    """The sender's chosen language (else their client's) and role (a farmer if unknown)."""
    tg = update.effective_user
    if tg is None:
        return "zh", Role.farmer
    async with session_scope() as session:
        user = await get_user(session, tg.id)
    if user is None:
        return normalise_language(tg.language_code), Role.farmer
    return user.language, user.role
