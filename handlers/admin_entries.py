"""Admins' single records in the chat: `/kb find|add|edit|delete` and `/price ...`.

Each goes through the upload path (bot.admindata.entries stages a one-row file):
the same preview, the same ✅ button, the same import on confirmation, /undo.
`/kb add` is a short conversation (the question, the answer, then tags and a
category, each skippable with ⏭, so an entry added here carries tags as imported
ones do); `/kb edit ID` changes any field step by step (handlers/admin_kb_edit.py,
states of this one).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.admindata import entries, kb_lookup, typed_price
from bot.core.clock import local_today
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.users import Role, User
from handlers import admin_data, admin_kb_edit
from handlers.common import incoming, press, remove_buttons, settings_of
from handlers.guards import require
from handlers.language import with_language
from handlers.leave import leave_handler, with_leave
from handlers.render import admin_data as view
from handlers.render import admin_entries as entry_view
from handlers.render import admin_price
from handlers.render import kb_edit as edit_view
from handlers.timeouts import TimedConversation
from knowledge.kb.entries import CATEGORIES, Entry
from knowledge.text.yesno import says_skip

CONVERSATION = "kb_admin"
WAIT_QUESTION = "kb_admin_question"
WAIT_ANSWER = "kb_admin_answer"
WAIT_TAGS = "kb_admin_tags"
WAIT_CATEGORY = "kb_admin_category"
# user_data: {"mode", "question", "answer", "tags", "category" (the guess, then the choice)}
DRAFT = "kb_admin_draft"
TIMEOUT_S = 15 * 60
MAX_QUESTION = 200
MAX_ANSWER = 4000


def _today(context: ContextTypes.DEFAULT_TYPE) -> date:
    return local_today(settings_of(context).tz)


async def _stage(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    message: Message,
    user: User,
    entry: Entry,
    today: date,
) -> None:
    await _show_staged(
        update, context, message, user, await entries.stage_entry(user.telegram_id, entry, today)
    )


async def _show_staged(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    message: Message,
    user: User,
    staged: entries.Staged,
) -> None:
    """The staged entry's preview with its ✅ / ✖, a typed 对 / 不 answering it too."""
    keyboard = view.preview_keyboard(user.language, staged.preview, flagged=bool(staged.flags))
    sent = await message.reply_text(
        entry_view.staged_text(user.language, staged), reply_markup=keyboard
    )
    yes = view.apply_data(keyboard)
    if yes is not None:  # 对 / 确认 / yes typed next is its ✅ (handlers/pending)
        admin_data.APPLY.ask(update, context, yes, sent)


async def preview_again(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, data: object
) -> None:
    """/kb add's preview asked again in `user`'s language after "English please" (handlers/
    pending.py): the same entry staged anew (replacing the one shown), its ✅ open again."""
    message = update.effective_message
    button = view.ApplyUpload.parse(data) if isinstance(data, str) else None
    if button is None or not isinstance(message, Message):
        return
    if not await require(update, user, Role.admin):
        return
    staged = await entries.restage_entry(user.telegram_id, button.upload_id, _today(context))
    if staged is not None:  # else saved, dropped or replaced meanwhile: nothing to ask
        await _show_staged(update, context, message, user, staged)


async def kb_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """/kb find WORDS | add | edit ID | delete ID (admins)."""
    message, user = await incoming(update, context)
    if not await require(update, user, Role.admin):
        return ConversationHandler.END
    lang = user.language
    args = list(context.args or [])
    action = args[0].lower() if args else ""
    rest = " ".join(args[1:]).strip()
    # A new /kb drops an add's draft left by the one before (allow_reentry); an edit's
    # changes are kept, and said so unless another /kb edit is about to offer them.
    kept = _forget(context)
    if kept is not None and action != "edit":
        await message.reply_text(t(lang, kept))
    if action == "find" and rest:
        found = await kb_lookup.find(rest)
        await message.reply_text(
            entry_view.found_text(lang, found),
            reply_markup=entry_view.found_keyboard(lang, rest, len(found)),
        )
        return ConversationHandler.END
    if action == "add":
        if context.user_data is not None:
            context.user_data[DRAFT] = {"mode": "add"}
        await message.reply_text(t(lang, "kbadmin.ask_question"))
        return WAIT_QUESTION
    if action in ("edit", "delete") and rest:
        entry = await entries.get(rest)
        if entry is None:
            await message.reply_text(t(lang, "kbadmin.no_entry", id=rest))
            return ConversationHandler.END
        if action == "delete":
            await message.reply_text(
                entry_view.delete_text(lang, entry),
                reply_markup=entry_view.delete_keyboard(lang, entry),
            )
            return ConversationHandler.END
        return await admin_kb_edit.start(message, user, context, entry)
    await message.reply_text(t(lang, "kbadmin.usage"))
    return ConversationHandler.END


def _draft(context: ContextTypes.DEFAULT_TYPE) -> dict[str, Any] | None:
    if context.user_data is None:
        return None
    draft: dict[str, Any] | None = context.user_data.get(DRAFT)
    return draft


async def question_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """Step 1 of /kb add: the question as farmers ask it."""
    message, user = await incoming(update, context)
    draft = _draft(context)
    if draft is None or not await require(update, user, Role.admin):
        return ConversationHandler.END
    text = " ".join((message.text or "").split())
    if not text or len(text) > MAX_QUESTION:
        await message.reply_text(t(user.language, "kbadmin.too_long", max=MAX_QUESTION))
        return WAIT_QUESTION
    draft["question"] = text
    await message.reply_text(t(user.language, "kbadmin.ask_answer"))
    return WAIT_ANSWER


async def answer_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """Step 2 of /kb add: the answer; then the tags (or ⏭)."""
    message, user = await incoming(update, context)
    draft = _draft(context)
    if draft is None or not await require(update, user, Role.admin):
        return ConversationHandler.END
    text = (message.text or "").strip()
    if not text or len(text) > MAX_ANSWER:
        await message.reply_text(t(user.language, "kbadmin.too_long", max=MAX_ANSWER))
        return WAIT_ANSWER
    draft["answer"] = text
    lang = user.language
    await _prompt(
        context, message, draft, t(lang, "kbadmin.ask_tags"), edit_view.skip_keyboard(lang)
    )
    return WAIT_TAGS


async def _prompt(
    context: ContextTypes.DEFAULT_TYPE,
    message: Message,
    draft: dict[str, Any],
    text: str,
    keyboard: InlineKeyboardMarkup,
) -> None:
    # One step's buttons at a time: the last prompt's go (its ⏭ must not skip a later
    # step), and only the newest prompt's presses count (step_pressed).
    await _drop_prompt_buttons(context, message, draft)
    sent = await message.reply_text(text, reply_markup=keyboard)
    draft["prompt"] = sent.message_id


async def _drop_prompt_buttons(
    context: ContextTypes.DEFAULT_TYPE, message: Message, draft: dict[str, Any]
) -> None:
    previous = draft.pop("prompt", None)
    if previous is not None:
        try:
            await context.bot.edit_message_reply_markup(message.chat_id, previous)
        except BadRequest:
            pass  # already without buttons (pressed), or gone


async def tags_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """Step 3 of /kb add: tags, as /kb edit reads them (spaces, commas, 、); then the category."""
    message, user = await incoming(update, context)
    draft = _draft(context)
    if draft is None or not await require(update, user, Role.admin):
        return ConversationHandler.END
    lang = user.language
    if says_skip(message.text or ""):  # ⏭ typed (跳过, 没有, skip): no tags
        draft["tags"] = []
        return await _ask_category(context, message, user, draft)
    try:
        tagged = entries.change(Entry("-", "-", "-"), "tags", message.text or "")
    except entries.BadValue as bad:
        said = t(lang, "kbadmin.too_long" if bad.limit else "kbedit.empty", max=bad.limit)
        await _prompt(context, message, draft, said, edit_view.skip_keyboard(lang))
        return WAIT_TAGS
    draft["tags"] = tagged.tags
    return await _ask_category(context, message, user, draft)


async def _ask_category(
    context: ContextTypes.DEFAULT_TYPE, message: Message, user: User, draft: dict[str, Any]
) -> str:
    # Guessed once the tags are known: the entries sharing them say it best (羊: livestock);
    # nothing clear (潮粮到站里咋卖), none is ticked and the admin picks one ("" kept).
    if "category" not in draft:
        guessed = await kb_lookup.guess_category(draft["question"], draft["tags"])
        draft["category"] = guessed or ""
    lang, guess = user.language, draft["category"] or None
    if guess is None:
        said = t(lang, "kbadmin.ask_category_open")
    else:
        said = t(lang, "kbadmin.ask_category", guess=edit_view.category_name(lang, guess))
    await _prompt(context, message, draft, said, edit_view.add_categories_keyboard(lang, guess))
    return WAIT_CATEGORY


async def step_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """⏭ or a category under a /kb add step: on to the category, or to the preview."""
    query, user = await press(update, context)
    draft = _draft(context)
    button = edit_view.AddStep.parse(query.data)
    if button is None or not await require(update, user, Role.admin):
        return ConversationHandler.END
    message = query.message
    # Step 3 offers ⏭ only; step 4 the categories and ⏭; an older prompt's buttons nothing.
    at_tags = draft is not None and "tags" not in draft
    # ⏭ keeps a guess: with none guessed, a category is picked.
    keeps = (edit_view.SKIP,) if draft is not None and draft.get("category") else ()
    allowed = (edit_view.SKIP,) if at_tags else (*keeps, *CATEGORIES)
    if (
        draft is None
        or not isinstance(message, Message)
        or message.message_id != draft.get("prompt")
        or button.choice not in allowed
    ):
        await query.answer(t(user.language, "admindata.gone"), show_alert=True)
        return WAIT_TAGS if at_tags else WAIT_CATEGORY if draft else ConversationHandler.END
    await query.answer()
    await remove_buttons(query)
    draft.pop("prompt", None)
    if at_tags:  # ⏭ at step 3: no tags
        draft["tags"] = []
        return await _ask_category(context, message, user, draft)
    return await _finish(update, context, message, user, draft, button.choice)


async def _finish(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    message: Message,
    user: User,
    draft: dict[str, Any],
    choice: str,
) -> int:
    """Step 4 answered (a category, or ⏭ for the guess): the entry's preview."""
    if choice != edit_view.SKIP:
        draft["category"] = choice
    _forget(context)
    entry_id = await entries.free_entry_id(settings_of(context).tz)
    tags, category = list(draft["tags"]), str(draft["category"])
    entry = Entry(entry_id, draft["question"], draft["answer"], [], tags, category)
    await _stage(update, context, message, user, entry, _today(context))
    return ConversationHandler.END


async def category_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """Text at step 4 of /kb add: a category's name or 跳过 as its button; else asked again."""
    message, user = await incoming(update, context)
    draft = _draft(context)
    if draft is None or not await require(update, user, Role.admin):
        return ConversationHandler.END
    text = message.text or ""
    choice = edit_view.SKIP if says_skip(text) else edit_view.category_named(text)
    if choice == edit_view.SKIP and not draft.get("category"):
        choice = None  # no guess to keep: a category is picked
    if choice is not None:
        await _drop_prompt_buttons(context, message, draft)
        return await _finish(update, context, message, user, draft, choice)
    await message.reply_text(t(user.language, "kbadmin.use_category_buttons"))
    return await _ask_category(context, message, user, draft)


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """/cancel during /kb add or edit: nothing is changed (an edit's draft is discarded)."""
    message, user = await incoming(update, context)
    admin_kb_edit.discard(context)
    _forget(context)
    await message.reply_text(t(user.language, "kbadmin.cancelled"))
    return ConversationHandler.END


def _forget(context: ContextTypes.DEFAULT_TYPE) -> str | None:
    """Leave /kb add or edit: the add's draft goes, an edit's changes are kept (and said so)."""
    if context.user_data is not None:
        context.user_data.pop(DRAFT, None)
    return admin_kb_edit.forget(context)


async def ask_again(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, state: object
) -> str | int:
    """After a language switch in /kb add or /kb edit ("English please", /language): the step
    asked again in the new language, the draft kept (it was dropped, or its words taken for
    the question or the answer)."""
    message = update.effective_message
    if message is None or not await require(update, user, Role.admin):
        return ConversationHandler.END
    if state in (admin_kb_edit.EDITING, admin_kb_edit.EDIT_TEXT):
        return await admin_kb_edit.ask_again(message, user, context)
    draft, lang = _draft(context), user.language
    if draft is None:
        return ConversationHandler.END
    if state == WAIT_ANSWER:
        await message.reply_text(t(lang, "kbadmin.ask_answer"))
        return WAIT_ANSWER
    if state == WAIT_TAGS:
        keyboard = edit_view.skip_keyboard(lang)
        await _prompt(context, message, draft, t(lang, "kbadmin.ask_tags"), keyboard)
        return WAIT_TAGS
    if state == WAIT_CATEGORY:
        return await _ask_category(context, message, user, draft)
    await message.reply_text(t(lang, "kbadmin.ask_question"))
    return WAIT_QUESTION


def _optional_step_leave() -> MessageHandler[Any, Any]:
    return leave_handler(
        CONVERSATION, "kbadmin.left", intents=False, on_leave=_forget, answers=says_skip
    )


def conversation() -> ConversationHandler[Any]:
    """/kb (add asks for text, edit for fields; the rest answer at once)."""
    text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    return TimedConversation(
        entry_points=[CommandHandler("kb", kb_command)],
        # "English please" / 说中文 / /language: the step again in it, the draft kept.
        states=with_language(
            with_leave(
                {
                    WAIT_QUESTION: [MessageHandler(text, question_typed)],
                    WAIT_ANSWER: [MessageHandler(text, answer_typed)],
                    # /skip typed is the ⏭ button, as 跳过 is.
                    WAIT_TAGS: [
                        MessageHandler(text, tags_typed),
                        CommandHandler("skip", tags_typed),
                        CallbackQueryHandler(step_pressed, pattern=edit_view.AddStep.matches),
                    ],
                    WAIT_CATEGORY: [
                        MessageHandler(text, category_typed),
                        CommandHandler("skip", category_typed),
                        CallbackQueryHandler(step_pressed, pattern=edit_view.AddStep.matches),
                    ],
                    **admin_kb_edit.states(),
                },
                leave_handler(CONVERSATION, "kbadmin.left", intents=False, on_leave=_forget),
                # 跳过 / /skip typed at an optional step is its ⏭, not a command to leave with.
                own=dict.fromkeys((WAIT_TAGS, WAIT_CATEGORY), _optional_step_leave()),
            ),
            ask_again,
        ),
        fallbacks=[CommandHandler("cancel", cancel)],
        name=CONVERSATION,
        persistent=True,
        allow_reentry=True,
        timeout=timedelta(seconds=TIMEOUT_S),
    )


async def delete_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """🗑 under the delete preview: delete the entry, kept for /undo."""
    query, user = await press(update, context)
    if not await require(update, user, Role.admin):
        return
    button = entry_view.DeleteEntry.parse(query.data)
    assert button is not None
    async with session_scope() as session:
        deleted = await entries.delete_entry(session, user.telegram_id, button.entry_id)
    if not deleted:
        await query.answer(t(user.language, "admindata.gone"), show_alert=True)
        return
    await query.answer()
    await remove_buttons(query)
    if isinstance(query.message, Message):
        await query.message.reply_text(t(user.language, "kbadmin.deleted", id=button.entry_id))


async def found_page_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """◀ / ▶ under /kb find: that page of the entries found, looked up again."""
    query, user = await press(update, context)
    if not await require(update, user, Role.admin):
        return
    button = entry_view.FoundPage.parse(query.data)
    assert button is not None  # the pattern matched
    found = await kb_lookup.find(button.words)
    page = min(button.page, entry_view.pages(len(found)) - 1)
    await query.answer()
    lang = user.language
    try:
        await query.edit_message_text(
            entry_view.found_text(lang, found, page),
            reply_markup=entry_view.found_keyboard(lang, button.words, len(found), page),
        )
    except BadRequest:
        pass  # the same page again: nothing to change


async def keep_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """✖️ under the delete preview: nothing is deleted."""
    query, user = await press(update, context)
    if not await require(update, user, Role.admin):
        return
    button = entry_view.KeepEntry.parse(query.data)
    assert button is not None
    await query.answer()
    await remove_buttons(query)
    if isinstance(query.message, Message):
        await query.message.reply_text(t(user.language, "kbadmin.kept", id=button.entry_id))


async def price_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/price PRODUCT MARKET PRICE [UNIT] [DATE] (admins): checked, then confirmed, then saved."""
    message, user = await incoming(update, context)
    if not await require(update, user, Role.admin):
        return
    await preview_price(message, user, context.args or [], _today(context))


async def preview_price(message: Message, user: User, args: list[str], today: date) -> None:
    """The /price words read, checked and shown with ✅ to save (the command, or an admin's
    sentence read into its words: 西红柿今天新发地3块5一斤)."""
    # Prices as people say them (三块五, ￥2.5, 3元5角), a market in pinyin or in words:
    # bot.admindata.typed_price reads the command; the import checks what it read.
    typed = typed_price.read_command(args, today)
    if typed is None:
        await message.reply_text(t(user.language, "price.usage"))
        return
    if typed.bad_day is not None:
        # The day is what is wrong (明天, 13/45): said of the day, not of the price.
        await message.reply_text(admin_price.bad_day_text(user.language, typed.bad_day, today))
        return
    preview = await entries.stage_price(
        user.telegram_id,
        typed.product,
        typed.market,
        typed.price,
        typed.unit,  # none typed: the market's own (stage_price)
        typed.day,
        today,
        said=typed.said,
    )
    await message.reply_text(
        view.preview_text(user.language, preview),
        reply_markup=view.preview_keyboard(user.language, preview),
    )


async def price_market_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A known market pressed under a /price that named none: preview the price there."""
    query, user = await press(update, context)
    if not await require(update, user, Role.admin):
        return
    button = view.PriceMarket.parse(query.data)
    assert button is not None  # the pattern matched
    preview = await entries.restage_price(
        user.telegram_id, button.upload_id, button.market_id, _today(context)
    )
    if preview is None:
        await query.answer(t(user.language, "price.gone"), show_alert=True)
        return
    await query.answer()
    await remove_buttons(query)
    if isinstance(query.message, Message):
        await query.message.reply_text(
            view.preview_text(user.language, preview),
            reply_markup=view.preview_keyboard(user.language, preview),
        )
