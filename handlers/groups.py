"""FarmHub in a station's Telegram group: it speaks when spoken to, and staff link the group.

In a group the bot answers commands meant for it and messages that mention it
(@farmhub_bot 西红柿多少钱) or reply to one of its messages; everything else
people say to each other there is left alone (`gate`, before every handler). A
mention is taken off the text before the features read it, so the question is
understood as in a private chat. Staff of a station send /linkgroup in their
group to make it the station's (bot/stations/groups.py), so its notices can go
there too; when the bot is removed from the group the link goes.
"""

from __future__ import annotations

import re

from telegram import Chat, Message, Update
from telegram.constants import ChatMemberStatus
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.users import Role
from bot.stations import groups
from handlers.common import incoming, register_visitor
from handlers.guards import require

# Updates re-dispatched by `gate` with the mention taken off: let through once.
_released: set[int] = set()


def _is_group(chat: Chat | None) -> bool:
    return chat is not None and chat.type in (Chat.GROUP, Chat.SUPERGROUP)


def _command_target(text: str) -> str | None:
    """The bot a command names ("/start@farmhub_bot" → "farmhub_bot"); None if it names none."""
    command = text.split(maxsplit=1)[0]
    return command.split("@", 1)[1] if "@" in command else None


def addressed(message: Message, username: str | None, bot_id: int) -> bool:
    """Whether a group message is for the bot: its command, a mention, or a reply to it."""
    text = message.text or message.caption or ""
    if text.startswith("/"):
        target = _command_target(text)
        return target is None or (username is not None and target.lower() == username.lower())
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return True
    return username is not None and f"@{username.lower()}" in text.lower()


def without_mention(text: str, username: str) -> str:
    """The text with the bot's @mention taken off (and the spaces and commas around it)."""
    stripped = re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", stripped).strip(" ,，:：")


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Group -3, before everything: in groups only what is addressed to the bot goes on."""
    message = update.message
    if message is None or not _is_group(update.effective_chat):
        return
    if update.update_id in _released:
        _released.discard(update.update_id)
        return
    if message.migrate_to_chat_id is not None:
        # The group became a supergroup: its station keeps it under the new id.
        async with session_scope() as session:
            await groups.move_group(session, message.chat.id, message.migrate_to_chat_id)
        raise ApplicationHandlerStop
    bot = context.bot
    if not addressed(message, bot.username, bot.id):
        raise ApplicationHandlerStop  # people talking among themselves
    text = message.text
    if text is None or text.startswith("/") or not bot.username:
        return
    stripped = without_mention(text, bot.username)
    if stripped == text:
        return  # a reply to the bot, without a mention
    if not stripped:
        user = await register_visitor(update, context)
        await message.reply_text(t(user.language, "groups.hello", bot=bot.username))
        raise ApplicationHandlerStop
    # Handled again as if the mention had never been there; its entities went with it.
    data = update.to_dict()
    data["message"]["text"] = stripped
    data["message"].pop("entities", None)
    _released.add(update.update_id)
    try:
        await context.application.process_update(Update.de_json(data, bot))
    finally:
        _released.discard(update.update_id)
    raise ApplicationHandlerStop


async def link_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/linkgroup in a group: staff make it their station's group (admins name the station)."""
    message, user = await incoming(update, context)
    lang = user.language
    chat = update.effective_chat
    if not await require(update, user, Role.staff):
        return
    if chat is None or not _is_group(chat):
        await message.reply_text(t(lang, "groups.private_only"))
        return
    station_id = user.station_id
    if user.role is Role.admin:
        arg = (context.args or [""])[0]
        if not arg.isdigit():
            await message.reply_text(t(lang, "groups.admin_needs_station"))
            return
        station_id = int(arg)
    assert station_id is not None  # the guard let only staff of a station through
    try:
        async with session_scope() as session:
            link = await groups.link_group(session, station_id, chat.id, actor_id=user.telegram_id)
    except LookupError:
        await message.reply_text(t(lang, "groups.unknown_station", id=station_id))
        return
    if not link.changed:
        key = "groups.already_linked"
    elif link.moved_from is not None:
        key = "groups.moved"
    else:
        key = "groups.linked"
    await message.reply_text(t(lang, key, station=link.station_name))


async def membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot was removed from a group: the station it served loses the link."""
    change = update.my_chat_member
    if change is None or not _is_group(change.chat):
        return
    if change.new_chat_member.status not in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
        return
    actor = change.from_user.id if change.from_user is not None else None
    async with session_scope() as session:
        await groups.unlink_group(session, change.chat.id, actor_id=actor, why="bot removed")


async def spoken_in_group(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A voice for the bot in a group: questions aloud go privately, to the station."""
    message, user = await incoming(update, context)
    await message.reply_text(t(user.language, "groups.voice_private"))
