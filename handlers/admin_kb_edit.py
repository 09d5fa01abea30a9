"""`/kb edit ID` (admins), field by field: the question, the answer, the phrasings, the tags,
the category, the English version; then the preview as a farmer will see it and ✅.

The draft is kept per admin and entry (user_data, across restarts and other commands)
until saved or discarded: the next `/kb edit` of the entry offers ✅ / 🗑 / ✏️ for it.
👀 stages it as a one-row upload (bot.admindata.entries): the same preview, the same ✅,
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
EDIT_TEXT = "kb_edit_text"  # waiting for the typed value of the draft's "field"
# user_data: the drafts by entry id, {"entry": {...}, "original": {...}, "field": str}, kept
# until saved or discarded (blind test: another command dropped unsaved work silently), and
# the id of the one being edited now.
DRAFTS = "kb_edit_drafts"
ACTIVE = "kb_edit_active"


def _drafts(context: ContextTypes.DEFAULT_TYPE) -> dict[str, dict[str, Any]]:
    if context.user_data is None:
        return {}
    drafts: dict[str, dict[str, Any]] = context.user_data.setdefault(DRAFTS, {})
    return drafts


def _draft(context: ContextTypes.DEFAULT_TYPE) -> dict[str, Any] | None:
    if context.user_data is None:
        return None
    return _drafts(context).get(context.user_data.get(ACTIVE, ""))


def _changed(draft: dict[str, Any]) -> bool:
    return bool(draft["entry"] != draft["original"])


def forget(context: ContextTypes.DEFAULT_TYPE) -> str | None:
    """Stop editing (left, timed out): a draft with changes is kept for the next
    `/kb edit` of its entry; the message key saying so, or None when nothing was kept."""
    if context.user_data is None:
        return None
    active = context.user_data.pop(ACTIVE, None)
    draft = _drafts(context).get(active or "")
    if draft is None:
        return None
    draft["field"] = ""
    if not _changed(draft):
        _drafts(context).pop(active, None)
        return None
    return "kbedit.left_kept"


def discard(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Drop the draft being edited (✖, /cancel): its changes are gone."""
    if context.user_data is not None:
        _drafts(context).pop(context.user_data.pop(ACTIVE, None) or "", None)


async def _show(message: Message, user: User, draft: dict[str, Any]) -> str:
    await message.reply_text(
        view.editor_text(user.language, entries.entry_of(draft["entry"]), _changed(draft)),
        reply_markup=view.editor_keyboard(user.language),
    )
    return EDITING


async def start(
    message: Message, user: User, context: ContextTypes.DEFAULT_TYPE, entry: Entry
) -> str:
    """Show the entry and what can be changed (from `/kb edit ID`); with changes left
    unsaved to it, ask first whether to save, discard or go on with them."""
    kept = _drafts(context).get(entry.id)
    if kept is not None and entries.entry_of(kept["entry"]) == entry:
        kept = None  # saved since (its preview confirmed): nothing is left unsaved
    if kept is not None and _changed(kept):
        if context.user_data is not None:
            context.user_data[ACTIVE] = entry.id
        kept["field"] = ""
        await message.reply_text(
            view.unsaved_text(user.language, entries.entry_of(kept["entry"])),
            reply_markup=view.unsaved_keyboard(user.language, entry.id),
        )
        return EDITING
    draft = {"entry": entries.draft_of(entry), "original": entries.draft_of(entry), "field": ""}
    if context.user_data is not None:
        _drafts(context)[entry.id] = draft
        context.user_data[ACTIVE] = entry.id
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
        discard(context)
        await message.reply_text(t(lang, "kbadmin.left"))
        return ConversationHandler.END
    if field == "preview":
        return await _preview(message, user, context, draft)
    return await _show(message, user, draft)  # "menu": back to the editor


async def _preview(
    message: Message, user: User, context: ContextTypes.DEFAULT_TYPE, draft: dict[str, Any]
) -> str | int:
    """👀 (or ✅ on a kept draft): the draft staged and previewed as a farmer sees it."""
    entry = entries.entry_of(draft["entry"])
    if entry.answer_en and not entry.question_en:
        # The import's rule, said in the chat's words (not as a file's row and column:
        # the admin sent no file).
        await message.reply_text(t(user.language, "kbedit.preview_needs_question_en"))
        return await _show(message, user, draft)
    staged = await entries.stage_entry(
        user.telegram_id, entry, local_today(settings_of(context).tz)
    )
    await message.reply_text(
        entries_view.staged_text(user.language, staged),
        reply_markup=data_view.preview_keyboard(
            user.language, staged.preview, flagged=bool(staged.flags)
        ),
    )
    if not staged.preview.applicable:
        # The import refused it: the draft stays, to be corrected rather than retyped.
        return await _show(message, user, draft)
    # Not saved until ✅ under the preview: the draft is kept meanwhile (✖ there, and the
    # next /kb edit offers it again); once saved, that /kb edit finds it the same.
    if context.user_data is not None:
        context.user_data.pop(ACTIVE, None)
    return ConversationHandler.END


async def unsaved_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """✅ save (its preview), 🗑 discard (the entry as stored), ✏️ go on with the kept draft."""
    query, user = await press(update, context)
    button = view.UnsavedDraft.parse(query.data)
    if button is None or not await require(update, user, Role.admin):
        return ConversationHandler.END
    draft = _drafts(context).get(button.entry_id)
    if context.user_data is None or draft is None or not isinstance(query.message, Message):
        await query.answer(t(user.language, "admindata.gone"), show_alert=True)
        return ConversationHandler.END
    await query.answer()
    await remove_buttons(query)
    message, lang = query.message, user.language
    context.user_data[ACTIVE] = button.entry_id
    if button.choice == view.SAVE:
        return await _preview(message, user, context, draft)
    if button.choice == view.DISCARD:
        _drafts(context).pop(button.entry_id, None)
        context.user_data.pop(ACTIVE, None)
        await message.reply_text(t(lang, "kbedit.discarded", id=button.entry_id))
        entry = await entries.get(button.entry_id)
        if entry is None:
            await message.reply_text(t(lang, "kbadmin.no_entry", id=button.entry_id))
            return ConversationHandler.END
        return await start(message, user, context, entry)
    return await _show(message, user, draft)


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
    if field == "question_en" and not entry.answer_en:
        # Allowed alone (it titles the English buttons), but most likely the English
        # answer comes next: asked at once, ↩ leaves the answer in Chinese.
        draft["field"] = "answer_en"
        await message.reply_text(
            t(user.language, "kbedit.ask_answer_en_too"),
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


async def ask_again(message: Message, user: User, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """After a language switch in the editor: the field's prompt, or the editor, again in the
    new language, the draft kept (/language left the editor)."""
    draft = _draft(context)
    if draft is None:
        return ConversationHandler.END
    field = draft.get("field") or ""
    if field in view.TYPED:
        entry, lang = entries.entry_of(draft["entry"]), user.language
        await message.reply_text(
            view.prompt_text(lang, field, entry), reply_markup=view.back_keyboard(lang)
        )
        return EDIT_TEXT
    return await _show(message, user, draft)


def states() -> dict[object, list[BaseHandler[Update, Any, Any]]]:
    """The editor's states, for /kb's conversation."""
    text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    buttons: list[BaseHandler[Update, Any, Any]] = [
        CallbackQueryHandler(field_pressed, pattern=view.EditField.matches),
        CallbackQueryHandler(category_pressed, pattern=view.EditCategory.matches),
        CallbackQueryHandler(phrasing_dropped, pattern=view.DropPhrasing.matches),
        CallbackQueryHandler(unsaved_pressed, pattern=view.UnsavedDraft.matches),
    ]
    return {
        EDITING: [*buttons, MessageHandler(text, stray_text)],
        EDIT_TEXT: [*buttons, MessageHandler(text, value_typed)],
    }
