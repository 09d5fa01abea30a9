"""Per-chat Telegram command menus (setMyCommands with a chat scope): a staff member's and
an admin's role menu, and a farmer's menu in the language the bot answers them in. Set at
start-up, on a grant or revoke, on a /language choice and when a farmer's language follows
what they write (handlers/common.py)."""

from __future__ import annotations

import logging
from typing import Any

from telegram import BotCommandScopeChat
from telegram.error import TelegramError
from telegram.ext import Application

from bot.core.db import session_scope
from bot.roles.service import menu_done, menus_due
from handlers.render import roles as view

log = logging.getLogger(__name__)

AnyApp = Application[Any, Any, Any, Any, Any, Any]


async def sync_menus(app: AnyApp, telegram_id: int | None = None) -> int:
    """Set (or remove) the chat command menus that differ from the users' roles and
    languages; how many."""
    async with session_scope() as session:
        due = await menus_due(session, telegram_id)
    done = 0
    for item in due:
        scope = BotCommandScopeChat(item.telegram_id)
        try:
            if item.wanted is None:
                await app.bot.delete_my_commands(scope=scope)
            else:
                await app.bot.set_my_commands(
                    view.role_commands(item.role, item.language), scope=scope
                )
        except TelegramError as exc:
            # Tried again at the next sync; one chat must not stop the others.
            log.warning("menu for %d not set: %s", item.telegram_id, exc)
            continue
        async with session_scope() as session:
            await menu_done(session, item.telegram_id, item.wanted)
        done += 1
    return done
