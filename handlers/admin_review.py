"""/review (admins): staff-saved entries and learned phrasings, approved, edited or rejected.

The domain is bot.admindata.review; a decision shows the next waiting item at
once, and the staff member who saved an entry is told through the outbox. A draft the
base already answers may instead become a phrasing of that entry (➕).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from telegram import Message, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.admindata import review
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.users import Role, User
from handlers.common import incoming, press, remove_buttons
from handlers.guards import require
from handlers.language import from_draft, with_language
from handlers.leave import leave_handler, with_leave
from handlers.render import admin_review as view
from handlers.timeouts import TimedConversation

CONVERSATION = "review_edit"
WAIT_EDIT = "review_wait_edit"
EDITING = "review_editing"  # user_data: (kind, id) being edited
EDIT_TIMEOUT_S = 15 * 60


async def _show_next(message: Message, user: User) -> None:
    async with session_scope() as session:
        item = await review.next_item(session)
    if item is None:
        await message.reply_text(t(user.language, "review.empty"))
        return
    await message.reply_text(
        view.review_text(user.language, item),
        reply_markup=view.review_keyboard(user.language, item),
    )


async def review_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/review: the oldest waiting item with its buttons."""
    message, user = await incoming(update, context)
    if not await require(update, user, Role.admin):
        return
    await _show_next(message, user)


async def decided(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """✅ or ✖ under an item: decide it, then show the next one."""
    query, user = await press(update, context)
    if not await require(update, user, Role.admin):
        return
    approve = view.ReviewApprove.parse(query.data)
    button = approve or view.ReviewReject.parse(query.data)
    assert button is not None  # the pattern matched one of them
    try:
        async with session_scope() as session:
            done = await review.decide(
                session, user, button.kind, button.item_id, approved=approve is not None
            )
    except review.ReviewGone:
        await query.answer(t(user.language, "review.gone"), show_alert=True)
        return
    await query.answer()
    await remove_buttons(query)
    if isinstance(query.message, Message):
        key = "review.approved" if done.approved else "review.rejected"
        await query.message.reply_text(t(user.language, key, entry_id=done.item.entry_id))
        await _show_next(query.message, user)


async def merged(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """➕ under a draft: its question becomes a phrasing of the similar entry; the next item."""
    query, user = await press(update, context)
    if not await require(update, user, Role.admin):
        return
    button = view.ReviewMerge.parse(query.data)
    assert button is not None  # the pattern matched it
    try:
        async with session_scope() as session:
            done = await review.merge(session, user, button.item_id, button.entry_id or None)
    except review.ReviewGone:
        await query.answer(t(user.language, "review.gone"), show_alert=True)
        return
    await query.answer()
    await remove_buttons(query)
    if isinstance(query.message, Message):
        key = "review.merged" if done.added else "review.merged_known"
        await query.message.reply_text(
            t(
                user.language,
                key,
                question=done.item.question,
                entry_question=done.entry_question,
                entry_id=done.entry_id,
            )
        )
        await _show_next(query.message, user)


async def start_edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """✏️ under an item: wait for the corrected text."""
    query, user = await press(update, context)
    if not await require(update, user, Role.admin):
        return ConversationHandler.END
    button = view.ReviewEdit.parse(query.data)
    assert button is not None
    try:
        async with session_scope() as session:
            await review.item(session, button.kind, button.item_id)
    except review.ReviewGone:
        await query.answer(t(user.language, "review.gone"), show_alert=True)
        return ConversationHandler.END
    if context.user_data is not None:
        context.user_data[EDITING] = (button.kind, button.item_id)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.reply_text(t(user.language, "review.edit_prompt"))
    return WAIT_EDIT


async def ask_edit_again(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, editing: object
) -> str | int:
    """After a language switch while the corrected text is awaited ("English please", 说中文,
    /language): asked for again in the new language, the item still being edited (the words
    used to be stored as the item's corrected text)."""
    chat = update.effective_chat
    if chat is None:
        return ConversationHandler.END
    await chat.send_message(t(user.language, "review.edit_prompt"))
    return WAIT_EDIT


async def edit_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """The corrected text: stored on the item, which is shown again to approve or reject."""
    message, user = await incoming(update, context)
    editing = context.user_data.get(EDITING) if context.user_data is not None else None
    if editing is None or not await require(update, user, Role.admin):
        return ConversationHandler.END
    kind, item_id = editing
    try:
        async with session_scope() as session:
            item = await review.edit(session, user, kind, item_id, message.text or "")
    except review.ReviewGone:
        await message.reply_text(t(user.language, "review.gone"))
        return ConversationHandler.END
    except ValueError:
        await message.reply_text(t(user.language, "review.edit_bad"))
        return WAIT_EDIT
    if context.user_data is not None:
        context.user_data.pop(EDITING, None)
    await message.reply_text(
        view.review_text(user.language, item),
        reply_markup=view.review_keyboard(user.language, item),
    )
    return ConversationHandler.END


async def cancel_edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """/cancel while editing: the item stays as it was."""
    message, user = await incoming(update, context)
    _forget(context)
    await message.reply_text(t(user.language, "review.edit_left"))
    return ConversationHandler.END


def _forget(context: ContextTypes.DEFAULT_TYPE) -> None:
    if context.user_data is not None:
        context.user_data.pop(EDITING, None)


def conversation() -> ConversationHandler[Any]:
    """✏️ on a waiting item, then the corrected text (kept across restarts)."""
    text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    return TimedConversation(
        entry_points=[CallbackQueryHandler(start_edit, pattern=view.ReviewEdit.matches)],
        # "English please" / 说中文 / /language: the text asked for again in it, not stored.
        states=with_language(
            with_leave(
                {WAIT_EDIT: [MessageHandler(text, edit_typed)]},
                leave_handler(CONVERSATION, "review.edit_left", intents=False, on_leave=_forget),
            ),
            from_draft(EDITING, ask_edit_again),
        ),
        fallbacks=[CommandHandler("cancel", cancel_edit)],
        name=CONVERSATION,
        persistent=True,
        allow_reentry=True,
        timeout=timedelta(seconds=EDIT_TIMEOUT_S),
    )
