"""The booking conversation's way about: one step back, quitting, carrying on, starting
afresh, and anything a step did not expect (said where we are, the step asked again)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes, ConversationHandler

from bot.core.i18n import sentences, t
from bot.models.users import User
from handlers import render
from handlers.bookings.base import (
    ASKED_AT,
    BOOKED_CLOSED,
    DAY,
    HELP_KEYS,
    PREVIOUS,
    PRODUCT,
    QUANTITY,
    RESIZE,
    STATION,
    draft_of,
    drop_draft,
)
from handlers.bookings.steps import next_missing, present
from handlers.common import register_visitor
from handlers.render import bookings as view


async def back(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """One step back; back from the first step leaves the conversation."""
    user = await register_visitor(update, context)
    draft = draft_of(context)
    step = draft.get("step", PRODUCT)
    first = DAY if draft.get("mode") == "move" else PRODUCT
    if step == first or step not in PREVIOUS:
        return await quit_flow(update, context)
    previous = PREVIOUS[step]
    if step == QUANTITY and draft.pop(RESIZE, None):
        previous = STATION  # asked again because the station cannot take it: another station
    if (step == STATION and draft.get(ASKED_AT)) or (previous == QUANTITY and not draft.get("kg")):
        previous = PRODUCT  # the station chosen first refused the product: choose another
    if previous == STATION:
        draft.pop("station", None)
    return await present(update, context, user.language, previous)


async def quit_flow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Cancel the booking in progress; nothing is booked or changed."""
    user = await register_visitor(update, context)
    lang = user.language
    draft = draft_of(context)
    # A move called off leaves its booking as it was: "nothing booked" would read as if
    # the booking itself were gone.
    moving, code = draft.get("mode") == "move", draft.get("code")
    closed = bool(draft.get(BOOKED_CLOSED))
    drop_draft(context)
    query = update.callback_query
    if query is not None:
        await query.answer()
        try:
            await query.edit_message_reply_markup(None)
        except BadRequest:
            pass
    chat = update.effective_chat
    if chat is not None:
        if moving and closed:
            # Its round was closed by the station: it has no time to keep.
            said = t(lang, "bookings.move_cancelled_closed", code=code or "")
        elif moving:
            key = "bookings.move_cancelled" if code else "bookings.move_cancelled_plain"
            said = t(lang, key, code=code)
        else:
            said = t(lang, "bookings.flow_cancelled")
        await chat.send_message(said, reply_markup=render.main_menu(lang, user.role))
    return ConversationHandler.END


async def carry_on(
    update: Update, context: ContextTypes.DEFAULT_TYPE, lang: str, draft: dict[str, Any]
) -> str:
    """Say the booking under way goes on (with a button to start afresh), and show its step."""
    chat = update.effective_chat
    if chat is not None:
        await chat.send_message(
            t(lang, "bookings.carry_on"), reply_markup=view.restart_keyboard(lang)
        )
    step = draft.get("step") or next_missing(draft)
    return await present(update, context, lang, step, edit=False)


async def ask_step(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, state: object
) -> str | None:
    """After a language switch at any step ("English please" / 说中文 typed, /language and its
    buttons: handlers/language.py `with_language`, which redrew the bottom menu in it first):
    the step asked again in the new language, the booking (or the move) kept (a step with a
    keyboard of its own, the station's location button, then replaces the menu as it would)."""
    draft = draft_of(context)
    step = draft.get("step") or next_missing(draft)
    return await present(update, context, user.language, step, edit=False)


async def restart_booking(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """ "🔄 重新开始": drop the booking under way and ask for the product afresh."""
    user = await register_visitor(update, context)
    draft = draft_of(context)
    draft.clear()
    draft["mode"] = "new"
    return await present(update, context, user.language, PRODUCT)


async def unexpected(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """Anything the step did not expect: say where we are and ask again (nothing is lost)."""
    user = await register_visitor(update, context)
    lang = user.language
    draft = draft_of(context)
    step = draft.get("step", PRODUCT)
    # A move is no new booking: "您正在预约收货" read as if another pickup were being booked.
    where = (
        t(lang, "bookings.in_move", code=draft.get("code", ""))
        if draft.get("mode") == "move"
        else t(lang, "bookings.in_flow")
    )
    note = sentences(lang, where, t(lang, f"bookings.help_step.{HELP_KEYS.get(step, 'product')}"))
    # An old button of this booking, or a message: the current step again, below.
    return await present(update, context, lang, step, note=note, edit=False)
