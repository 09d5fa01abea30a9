"""Pushing a message to a user outside a reply (station staff, a farmer).

One function, so every push can later go through the delivery outbox instead.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup
from telegram.error import Forbidden, TelegramError
from telegram.ext import ContextTypes

log = logging.getLogger(__name__)


async def push(
    context: ContextTypes.DEFAULT_TYPE,
    chat_id: int,
    text: str,
    *,
    photo: str | None = None,
    keyboard: InlineKeyboardMarkup | None = None,
) -> bool:
    """Send `text` (with a photo if given) to `chat_id`; False if it could not be delivered."""
    try:
        if photo:
            await context.bot.send_photo(chat_id, photo, caption=text[:1024], reply_markup=keyboard)
        else:
            await context.bot.send_message(chat_id, text, reply_markup=keyboard)
    except Forbidden:
        log.info("chat %s has blocked the bot", chat_id)
        return False
    except TelegramError as exc:
        log.warning("push to chat %s failed: %s", chat_id, exc)
        return False
    return True
