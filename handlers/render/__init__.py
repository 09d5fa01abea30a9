"""Rendering: every keyboard and formatted reply FarmHub sends is built in this package.

Core keyboards live here; each feature has its own module beside it
(`render/prices.py`, `render/bookings.py`, ...) so handlers only parse and call.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ParamSpec

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot.core.callbacks import Button
from bot.core.i18n import LANGUAGES, t
from bot.models.users import Role

# Callback data prefixes. Each is short: Telegram allows 64 bytes of callback data.


@dataclass(frozen=True)
class Language(Button):
    """Speak this language from now on."""

    PREFIX = "lang"
    code: str


MENU_KEYS = ("menu.prices", "menu.demand", "menu.booking", "menu.alerts", "menu.ask")
# Staff and admins: their station's work first (today's pickups, farmers' questions, a
# notice), then the farmers' buttons they use too; two rows of three for an older phone.
# (Booking a pickup and asking the station are the farmers' own.)
STAFF_MENU_KEYS = (
    "menu.staff_pickups",
    "menu.staff_questions",
    "broadcasts.menu_button",
    "menu.prices",
    "menu.demand",
    "menu.alerts",
)
# Every label of a bottom menu, whoever's: pressed in a conversation, it leaves it.
ALL_MENU_KEYS = tuple(dict.fromkeys((*MENU_KEYS, *STAFF_MENU_KEYS)))


def main_menu(lang: str, role: Role = Role.farmer) -> ReplyKeyboardMarkup:
    """The persistent main menu of `role`: big buttons an older farmer can hit on a small
    phone; staff and admins get their station's work first (STAFF_MENU_KEYS)."""
    return _main_menu(lang, role is not Role.farmer)


@functools.cache
def _main_menu(lang: str, work: bool) -> ReplyKeyboardMarkup:
    # Built once per language and role: PTB's objects are immutable, and most replies carry it.
    if work:
        labels = [t(lang, key) for key in STAFF_MENU_KEYS]
        rows = [[KeyboardButton(label) for label in labels[i : i + 3]] for i in (0, 3)]
    else:
        labels = [t(lang, key) for key in MENU_KEYS]
        rows = [
            [KeyboardButton(labels[0]), KeyboardButton(labels[1])],
            [KeyboardButton(labels[2]), KeyboardButton(labels[3])],
            [KeyboardButton(labels[4])],
        ]
    return _Menu(
        rows,
        resize_keyboard=True,
        is_persistent=True,
        input_field_placeholder=t(lang, "menu.placeholder"),
    )


class _Menu(ReplyKeyboardMarkup):
    """The main menu, its request form (`to_dict`) worked out once: it never changes.

    PTB turns the markup into a dict on every reply that carries it (most do),
    walking every button; the object is immutable, so once is enough.
    """

    __slots__ = ("_as_dict",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        with self._unfrozen():
            self._as_dict = super().to_dict()

    def to_dict(self, recursive: bool = True) -> dict[str, Any]:
        """PTB's form of the keyboard; a copy, so a caller's change cannot reach the next reply."""
        if not recursive:
            return super().to_dict(recursive=False)
        return dict(self._as_dict)


def language_keyboard() -> InlineKeyboardMarkup:
    """Two buttons: 中文 and English."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("中文", callback_data=Language("zh").encode()),
                InlineKeyboardButton("English", callback_data=Language("en").encode()),
            ]
        ]
    )


def language_followed_keyboard() -> InlineKeyboardMarkup:
    """Under "you wrote in English": keep English for good, or Chinese."""
    keep = t("en", "language.keep_english")
    return InlineKeyboardMarkup(
        [[
            InlineKeyboardButton(keep, callback_data=Language("en").encode()),
            InlineKeyboardButton("中文", callback_data=Language("zh").encode()),
        ]]
    )  # fmt: skip


def language_undo_keyboard(lang: str) -> InlineKeyboardMarkup:
    """Under "from now on in `lang`": one tap back to the other language."""
    other = "zh" if lang == "en" else "en"
    label = t(lang, "language.undo")
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=Language(other).encode())]]
    )


COMMANDS = ("start", "help", "book", "alerts", "notices", "language")


def bot_commands(lang: str) -> list[BotCommand]:
    """The command menu (setMyCommands) in one language."""
    return [BotCommand(name, t(lang, f"commands.{name}")) for name in COMMANDS]


def supported_languages() -> tuple[str, ...]:
    """Languages that get their own command menu."""
    return LANGUAGES


# Telegram refuses a message longer than 4,096 characters (counted in UTF-16 units);
# a little room is left for the "(2/3)" page mark.
MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
PAGE_MARK_ROOM = 16


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji counts 2)."""
    return len(text.encode("utf-16-le")) // 2


# Telegram refuses an inline keyboard of more than 100 buttons.
MAX_BUTTONS = 100

ButtonRows = Sequence[Sequence[InlineKeyboardButton]]


def paginate(blocks: Sequence[str], header: str = "", limit: int = MESSAGE_LIMIT) -> list[str]:
    """Join blocks into as few messages as fit Telegram's limit, never splitting a block.

    Each message starts with `header` (when given); with more than one message each
    gets a "(n/m)" mark so staff know more follows. A single block longer than a
    message on its own is cut at the limit rather than refused.
    """
    return [text for text, _ in paginate_with_buttons([(b, ()) for b in blocks], header, limit)]


def paginate_with_buttons(
    units: Sequence[tuple[str, ButtonRows]],
    header: str = "",
    limit: int = MESSAGE_LIMIT,
    *,
    sep: str = "\n\n",
    max_buttons: int = MAX_BUTTONS,
) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    """Like `paginate`, for list items that each bring their own button rows.

    A message's keyboard holds the buttons of the items it shows, so a button is
    always under its item; a message also never has more than `max_buttons`.
    Items are joined with `sep`; a page's first item loses its leading newlines.
    """
    room = limit - PAGE_MARK_ROOM - (utf16_len(header) + 2 if header else 0)
    pages: list[list[tuple[str, ButtonRows]]] = [[]]
    used = buttons = 0
    for text, rows in units:
        text = _cut(text, room)
        count = sum(len(row) for row in rows)
        size = utf16_len(text) + (utf16_len(sep) if pages[-1] else 0)
        if pages[-1] and (used + size > room or buttons + count > max_buttons):
            pages.append([])
            size, used, buttons = utf16_len(text), 0, 0
        pages[-1].append((text, rows))
        used += size
        buttons += count
    total = len(pages)
    out: list[tuple[str, InlineKeyboardMarkup | None]] = []
    for n, page in enumerate(pages, start=1):
        body = sep.join(text for text, _ in page).lstrip("\n")
        text = f"{header}\n\n{body}" if header and body else (header or body)
        rows = [list(row) for _, item_rows in page for row in item_rows]
        out.append(
            (
                f"{text}\n({n}/{total})" if total > 1 else text,
                InlineKeyboardMarkup(rows) if rows else None,
            )
        )
    return out


def fit(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """`text` cut with "…" to at most `limit` UTF-16 units (a message, or 1,024 for a caption)."""
    return _cut(text, limit)


P = ParamSpec("P")


def fitted(render: Callable[P, str]) -> Callable[P, str]:
    """A text renderer whose result is cut to one Telegram message."""

    @functools.wraps(render)
    def fitted_render(*args: P.args, **kwargs: P.kwargs) -> str:
        return fit(render(*args, **kwargs))

    return fitted_render


def _cut(block: str, room: int) -> str:
    if utf16_len(block) <= room:
        return block
    cut = block[:room]
    while utf16_len(cut) > room - 1:
        cut = cut[:-1]
    return cut + "…"
