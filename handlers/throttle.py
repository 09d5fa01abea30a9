"""Per-user flood control before any feature (group -2): one polite notice, then quiet drops.

The buckets are bot/core/throttle.py's; this is the Telegram end. It runs
before the sender is registered (group -1), so an update that is dropped costs
no database write at all, and other people's updates never wait for a flood:
PTB runs one chat's updates in order, and this answers a dropped one at once.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes, TypeHandler

from bot.core.clock import utcnow
from bot.core.i18n import normalise_language, t
from bot.core.throttle import Rate, UserThrottle, Verdict
from handlers.common import settings_of

log = logging.getLogger(__name__)

THROTTLE_KEY = "user_throttle"


def throttle_of(context: ContextTypes.DEFAULT_TYPE) -> UserThrottle:
    """The Application's throttle, at the configured rates (one per Application)."""
    found: UserThrottle | None = context.application.bot_data.get(THROTTLE_KEY)
    if found is None:
        flood = settings_of(context).user_flood
        found = UserThrottle(
            messages=Rate(flood.messages_per_second, flood.message_burst),
            presses=Rate(flood.presses_per_second, flood.press_burst),
        )
        context.application.bot_data[THROTTLE_KEY] = found
    return found


async def throttle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Group -2: let the update through, or tell its sender to slow down once, or drop it."""
    user = update.effective_user
    query = update.callback_query
    if user is None or (update.effective_message is None and query is None):
        return  # membership changes and the like: not typed by anyone
    message = update.effective_message
    if query is None and message is not None:
        # When the person sent it, by Telegram's clock: one chat's updates are
        # handled in order, each waiting for the replies to the one before, so
        # the time of handling would spread a flood out until it looked human.
        sent = message.edit_date or message.date
        when = sent.timestamp()
    else:
        when = utcnow().timestamp()
    verdict = throttle_of(context).check(user.id, when, press=query is not None)
    if verdict is Verdict.go:
        return
    # Their Telegram client's language: looking up their choice would cost the
    # database read this is here to spare.
    notice = t(normalise_language(user.language_code), "throttle.slow_down")
    if verdict is Verdict.warn:
        log.info("throttle: user %d is sending too fast; told once, then dropping", user.id)
    if query is not None:
        # A press must be answered whatever happens (or the button spins).
        await query.answer(notice if verdict is Verdict.warn else None)
    elif verdict is Verdict.warn and message is not None:
        await message.reply_text(notice)
    raise ApplicationHandlerStop


def handler() -> TypeHandler[Update, Any, Any]:
    """The handler to register in group -2."""
    return TypeHandler(Update, throttle)
