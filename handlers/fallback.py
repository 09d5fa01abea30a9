"""Last-resort replies: nothing a farmer sends goes unanswered."""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.core.i18n import all_labels, t
from handlers import render
from handlers.common import incoming, press, register_visitor

# Telegram allows 4096 characters; a question this long is almost never a question.
MAX_QUESTION_CHARS = 500


def _is_menu_button(text: str) -> bool:
    return any(text in all_labels(key) for key in render.ALL_MENU_KEYS)


async def any_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Text no feature claimed: a menu button of a feature still to come, or not understood."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    user = await register_visitor(update, context)
    if len(message.text) > MAX_QUESTION_CHARS:
        key = "fallback.too_long"
    elif _is_menu_button(message.text):
        key = "feature.coming"
    else:
        key = "fallback.unknown_text"
    await message.reply_text(
        t(user.language, key), reply_markup=render.main_menu(user.language, user.role)
    )


# What a farmer sent, as Message attributes, and the catalogue key that answers it
# (media.<key>): each says what FarmHub can do instead (type, send a photo, speak).
MEDIA_REPLIES = (
    ("sticker", "sticker"),
    ("animation", "video"),  # before document: a GIF is also a document
    ("document", "document"),
    ("audio", "audio"),
    ("video", "video"),
    ("contact", "contact"),
    ("poll", "poll"),
)


def media_key(message: Message) -> str:
    """The catalogue key of the reply to a message no feature claimed."""
    for attribute, key in MEDIA_REPLIES:
        if getattr(message, attribute, None):
            return f"media.{key}"
    return "fallback.non_text"


async def non_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, files, audio, contacts, polls, places no feature claimed: explain what works."""
    message, user = await incoming(update, context)
    await message.reply_text(
        t(user.language, media_key(message)),
        reply_markup=render.main_menu(user.language, user.role),
    )


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A callback no handler recognised (old keyboard or forged data): say so, change nothing."""
    query, user = await press(update, context)
    await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
