"""Rendering: every keyboard and formatted reply FarmHub sends is built in this package.

Core keyboards live here; each feature has its own module beside it
(`render/prices.py`, `render/bookings.py`, ...) so handlers only parse and call.
"""

from __future__ import annotations

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot.i18n import LANGUAGES, t

# Callback data prefixes. Each is short: Telegram allows 64 bytes of callback data.
CB_LANGUAGE = "lang:"

MENU_KEYS = ("menu.prices", "menu.demand", "menu.booking", "menu.alerts", "menu.ask")


def main_menu(lang: str) -> ReplyKeyboardMarkup:
    """The persistent main menu: big buttons an older farmer can hit on a small phone."""
    labels = [t(lang, key) for key in MENU_KEYS]
    rows = [
        [KeyboardButton(labels[0]), KeyboardButton(labels[1])],
        [KeyboardButton(labels[2]), KeyboardButton(labels[3])],
        [KeyboardButton(labels[4])],
    ]
    return ReplyKeyboardMarkup(
        rows, resize_keyboard=True, is_persistent=True,
        input_field_placeholder=t(lang, "menu.placeholder"),
    )


def language_keyboard() -> InlineKeyboardMarkup:
    """Two buttons: 中文 and English."""
    return InlineKeyboardMarkup(
        [[
            InlineKeyboardButton("中文", callback_data=f"{CB_LANGUAGE}zh"),
            InlineKeyboardButton("English", callback_data=f"{CB_LANGUAGE}en"),
        ]]
    )


COMMANDS = ("start", "help", "alerts", "language")


def bot_commands(lang: str) -> list[BotCommand]:
    """The command menu (setMyCommands) in one language."""
    return [BotCommand(name, t(lang, f"commands.{name}")) for name in COMMANDS]


def supported_languages() -> tuple[str, ...]:
    """Languages that get their own command menu."""
    return LANGUAGES
