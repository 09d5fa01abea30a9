"""`/kb edit ID` (admins), field by field: the question, the answer, the phrasings, the tags,
the category, the English version; then the preview as a farmer will see it and ✅.

The draft is kept in the conversation (user_data, across restarts) until 👀 stages
it as a one-row upload (bot.admindata.entries): the same preview, the same ✅,
the same import, and /undo reverts it. The conversation itself is /kb's
(handlers/admin_entries.py), which holds these states.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from telegram import Message, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.admindata import entries
from bot.core.callbacks import Button
from bot.core.clock import local_today
from bot.core.i18n import t
from bot.models.users import Role, User
from handlers.common import incoming, press, remove_buttons, settings_of
from handlers.guards import require
from handlers.render import admin_data as data_view
from handlers.render import admin_entries as entries_view
from handlers.render import kb_edit as view
from knowledge.kb.entries import CATEGORIES, Entry

EDITING = "kb_edit_menu"  # buttons: what to change
EDIT_TEXT = "kb_edit_text"  # waiting for the typed value of DRAFT["field"]
DRAFT = "kb_edit_draft"  # user_data: {"entry": {...}, "original": {...}, "field": str}


def _draft(context: ContextTypes.DEFAULT_TYPE) -> dict[str, Any] | None:
    if context.user_data is None:
        return None
    draft: dict[str, Any] | None = context.user_data.get(DRAFT)
    return draft


def forget(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Drop the draft (cancelled, left, staged)."""
    if context.user_data is not None:
        context.user_data.pop(DRAFT, None)


async def _show(message: Message, user: User, draft: dict[str, Any]) -> str:
    changed = draft["entry"] != draft["original"]
    await message.reply_text(
        view.editor_text(user.language, entries.entry_of(draft["entry"]), changed),
        reply_markup=view.editor_keyboard(user.language),
    )
    return EDITING


async def start(
    message: Message, user: User, context: ContextTypes.DEFAULT_TYPE, entry: Entry
) -> str:
    """Show the entry and what can be changed (from `/kb edit ID`)."""
    draft = {"entry": entries.draft_of(entry), "original": entries.draft_of(entry), "field": ""}
    if context.user_data is not None:
        context.user_data[DRAFT] = draft
    return await _show(message, user, draft)


B = TypeVar("B", bound=Button)


async def _editor_press(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    button_type: type[B],
    valid: Callable[[B], bool] = lambda _: True,
) -> tuple[Message, User, dict[str, Any], B] | None:
    """The editor's buttons' one prologue: an admin's press on a live draft, answered.

    None when the press is not for this editor (refused, forged, or the draft gone:
    said to the presser); otherwise the message it was under, who pressed, the
    draft and the parsed button.
    """
    query, user = await press(update, context)
    draft = _draft(context)
    button = button_type.parse(query.data)
    if button is None or not await require(update, user, Role.admin):
        return None
    if draft is None or not valid(button) or not isinstance(query.message, Message):
        await query.answer(t(user.language, "admindata.gone"), show_alert=True)
        return None
    await query.answer()
    await remove_buttons(query)
    return query.message, user, draft, button


async def field_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """A button of the editor: ask for a value, show a list, preview, cancel or go back."""
    pressed = await _editor_press(update, context, view.EditField)
    if pressed is None:
        return ConversationHandler.END
    message, user, draft, button = pressed
    lang, entry = user.language, entries.entry_of(draft["entry"])
    field = button.field
    if field in view.TYPED:
        draft["field"] = field
        await message.reply_text(
            view.prompt_text(lang, field, entry), reply_markup=view.back_keyboard(lang)
        )
        return EDIT_TEXT
    if field == "alts":
        await message.reply_text(
            view.phrasings_text(lang, entry), reply_markup=view.phrasings_keyboard(lang, entry)
        )
        return EDITING
    if field == "category":
        await message.reply_text(
            t(lang, "kbedit.ask.category", now=view.category_name(lang, entry.category)),
            reply_markup=view.categories_keyboard(lang, entry.category),
        )
        return EDITING
    if field == "cancel":
        forget(context)
        await message.reply_text(t(lang, "kbadmin.left"))
        return ConversationHandler.END
    if field == "preview":
        staged = await entries.stage_entry(
            user.telegram_id, entry, local_today(settings_of(context).tz)
        )
        await message.reply_text(
            entries_view.staged_text(lang, staged),
            reply_markup=data_view.preview_keyboard(
                lang, staged.preview, flagged=bool(staged.flags)
            ),
        )
        if not staged.preview.applicable:
            # The import refused it: the draft stays, to be corrected rather than retyped.
            return await _show(message, user, draft)
        forget(context)
        return ConversationHandler.END
    return await _show(message, user, draft)  # "menu": back to the editor


async def category_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """A category chosen: back to the editor."""
    pressed = await _editor_press(
        update, context, view.EditCategory, lambda b: b.category in CATEGORIES
    )
    if pressed is None:
        return ConversationHandler.END
    message, user, draft, button = pressed
    draft["entry"] = {**draft["entry"], "category": button.category}
    return await _show(message, user, draft)


async def phrasing_dropped(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """✖ under a phrasing: removed from the draft; the list again."""
    pressed = await _editor_press(update, context, view.DropPhrasing)
    if pressed is None:
        return ConversationHandler.END
    message, user, draft, button = pressed
    entry = entries.drop_phrasing(entries.entry_of(draft["entry"]), button.index)
    draft["entry"] = entries.draft_of(entry)
    await message.reply_text(
        view.phrasings_text(user.language, entry),
        reply_markup=view.phrasings_keyboard(user.language, entry),
    )
    return EDITING


async def value_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """The typed value of the field asked for: into the draft, then the editor again."""
    message, user = await incoming(update, context)
    draft = _draft(context)
    if draft is None or not await require(update, user, Role.admin):
        return ConversationHandler.END
    field = draft.get("field", "")
    try:
        entry = entries.change(entries.entry_of(draft["entry"]), field, message.text or "")
    except entries.BadValue as bad:
        key = "kbadmin.too_long" if bad.limit else "kbedit.empty"
        await message.reply_text(t(user.language, key, max=bad.limit))
        return EDIT_TEXT
    except ValueError:
        return await _show(message, user, draft)
    draft["entry"], draft["field"] = entries.draft_of(entry), ""
    if field == "answer_en" and not entry.question_en:
        # The import needs both: ask for the English question at once.
        draft["field"] = "question_en"
        await message.reply_text(
            t(user.language, "kbedit.needs_question_en"),
            reply_markup=view.back_keyboard(user.language),
        )
        return EDIT_TEXT
    if field == "alt_add":
        await message.reply_text(
            view.phrasings_text(user.language, entry),
            reply_markup=view.phrasings_keyboard(user.language, entry),
        )
        return EDITING
    return await _show(message, user, draft)


async def stray_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """Text while the editor waits for a button: say so, show the editor again."""
    message, user = await incoming(update, context)
    draft = _draft(context)
    if draft is None:
        return ConversationHandler.END
    await message.reply_text(t(user.language, "kbedit.use_buttons"))
    return await _show(message, user, draft)


def states() -> dict[object, list[BaseHandler[Update, Any, Any]]]:
    """The editor's states, for /kb's conversation."""
    text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    buttons: list[BaseHandler[Update, Any, Any]] = [
        CallbackQueryHandler(field_pressed, pattern=view.EditField.matches),
        CallbackQueryHandler(category_pressed, pattern=view.EditCategory.matches),
        CallbackQueryHandler(phrasing_dropped, pattern=view.DropPhrasing.matches),
    ]
    return {
        EDITING: [*buttons, MessageHandler(text, stray_text)],
        EDIT_TEXT: [*buttons, MessageHandler(text, value_typed)],
    }
