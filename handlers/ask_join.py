""" "补充到问题 #N / 这是新问题": the farmer says what an unclear message after a forward is.

A message soon after a forward that may be more of that question or a new one is
recorded and the farmer asked (knowledge/kb/follow_ups.py says when): one button
joins it to the forwarded question (staff are told), the other answers it as a
question of its own (the base's answer, or the offer to forward it).
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.knowledge import OpenQuestion, QuestionStatus
from handlers import ask, ask_search
from handlers.ask_forward import offer_to_forward, remove_buttons, tell_staff_more
from handlers.common import press, settings_of
from handlers.render import knowledge as view
from knowledge.kb import questions


async def join_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "➕ 补充到问题 #N": the recorded message joins the forwarded question."""
    query, user = await press(update, context)
    lang = user.language
    pressed = view.JoinAddition.parse(query.data)
    if pressed is None:
        await query.answer(t(lang, "fallback.unknown_button"), show_alert=True)
        return
    try:
        async with session_scope() as session:
            question = await questions.own(session, pressed.question_id, user.telegram_id)
            pending = await session.get(OpenQuestion, pressed.pending_id)
            if pending is None:
                # Joined by the first of two taps: the message says so already.
                await query.answer()
                return
            said = pending.text
            more = await questions.join_recorded(session, user, question.id, pending.id)
            if more is not None:
                # One push per addition, as if it had been typed as one.
                key = query.message.message_id if query.message is not None else pending.id
                await tell_staff_more(session, more, user, said, key)
    except questions.NotAllowed:
        await query.answer(t(lang, "kb.not_yours"), show_alert=True)
        return
    if more is None:
        # Answered meanwhile (or full, or the message went on its own): a question of its own.
        await query.answer(t(lang, "kb.join_gone", id=pressed.question_id), show_alert=True)
        await _as_new(update, context, pressed.pending_id)
        return
    await query.answer()
    if query.message is not None:
        await query.edit_message_text(
            view.follow_up_added(more.question, lang, settings_of(context).tz),
            reply_markup=view.new_question_button(more.question, lang),
        )


async def separate_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "🆕 这是新问题": the recorded message is answered as a question of its own."""
    query, user = await press(update, context)
    pressed = view.SeparateAddition.parse(query.data)
    if pressed is None:
        await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return
    try:
        async with session_scope() as session:
            await questions.own(session, pressed.pending_id, user.telegram_id)
    except questions.NotAllowed:
        await query.answer(t(user.language, "kb.not_yours"), show_alert=True)
        return
    await query.answer()
    await _as_new(update, context, pressed.pending_id)


async def _as_new(update: Update, context: ContextTypes.DEFAULT_TYPE, pending_id: int) -> None:
    """Answer the recorded message as a new question: the base's answer or entries, or the
    offer to forward it (once: a second press finds it handled)."""
    query, user = await press(update, context)
    lang = user.language
    if query.message is None or not await remove_buttons(query):
        return  # a double tap: the first press answered it
    async with session_scope() as session:
        # The callers answered the press having checked it is the presser's own.
        pending = await questions.own(session, pending_id, user.telegram_id)
        text = pending.text
        found = await ask_search.look_up(session, text)
        declined = None
        if pending.status is not QuestionStatus.unanswered:
            found = ask_search.Found([], False, False)  # sent on meanwhile: nothing to offer
        elif not found.answered and not found.suggested:
            declined = await offer_to_forward(session, user, "kb.declined", pending.id)
    out = ask.Out.to_chat(context, query.message.chat.id)
    if pending.status is not QuestionStatus.unanswered:
        await out.text(t(lang, "kb.already_forwarded"))
        return
    await ask.respond(out, context, user, text, found, pending, declined)
