""" "没解决？点下面「问服务站」": the farmer's question goes to the station after an answer.

The button under an answer forwards what the farmer asked (handlers/asked.py remembers
it) and invites more details or a photo, which join that question. An answer whose
question is not remembered (sent before the bot kept them) asks for it instead.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes, ConversationHandler

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.users import Role
from handlers import ask, ask_forward, ask_search, asked, render
from handlers.common import incoming, register_visitor, settings_of
from handlers.render import knowledge as view
from handlers.routing import intent_of
from knowledge.kb import follow_ups, questions
from knowledge.kb.follow_ups import Relation
from knowledge.text.intent import Kind

# Conversation states (stored by persistence, read in logs).
WAIT_QUESTION = "ask_describe"  # the farmer describes the problem for the station
WAIT_DETAILS = "ask_details"  # the question went: the farmer may add details or a photo
# A farmer who never sends the description gets their next message handled as
# usual after this long.
DESCRIBE_TIMEOUT_S = 15 * 60


async def ask_after_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """The answer did not help: send the station what the farmer asked, and invite details."""
    query = update.callback_query
    user = await register_visitor(update, context)
    if query is None:
        return ConversationHandler.END
    asked.take_details(context)  # an earlier invitation is over
    lang = user.language
    if user.role is not Role.farmer:
        # Staff and admins are whom questions go to (an old button): nothing is forwarded.
        await query.answer(t(lang, "kb.staff_no_forward"), show_alert=True)
        return ConversationHandler.END
    message = query.message
    found = asked.recall(context, message.message_id) if message is not None else None
    if message is None or found is None:
        # What was asked is not known (an answer from before it was kept): ask for it.
        await query.answer()
        if message is not None:
            await context.bot.send_message(message.chat.id, t(lang, "kb.ask_prompt"))
        return WAIT_QUESTION
    settings = settings_of(context)
    try:
        async with session_scope() as session:
            question_id = found.question_id
            if not question_id:
                question_id = (await questions.record(session, user, found.text)).id
            recipients = await questions.forward(
                session,
                question_id,
                user.telegram_id,
                per_day=settings.limits.questions_per_day,
                tz=settings.tz,
            )
            if not recipients.already:
                await ask_forward.notify_staff(session, recipients, user, settings.tz)
    except questions.NotAllowed:
        await query.answer(t(lang, "kb.not_yours"), show_alert=True)
        return ConversationHandler.END
    except questions.TooManyQuestions as too_many:
        await query.answer(
            t(lang, "questions.limit_reached", limit=too_many.limit), show_alert=True
        )
        return ConversationHandler.END
    asked.recorded(context, message.message_id, question_id)
    if recipients.already:  # a double tap, or sent already with "none of these"
        await query.answer(t(lang, "kb.already_forwarded"))
        return ConversationHandler.END
    await query.answer()
    sent = ask_forward.forwarded_text(user, recipients, bare_photo=False)
    more = t(lang, "kb.add_details", text=view.quote(found.text))
    await context.bot.send_message(message.chat.id, f"{sent}\n{more}")
    asked.wait_details(context, question_id)
    return WAIT_DETAILS


async def details(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """What the farmer adds (text or photo) after the question went: it joins the question."""
    message, user = await incoming(update, context)
    question_id = asked.take_details(context)
    if message.text and _declines(message.text):
        await message.reply_text(
            t(user.language, "kb.details_none"),
            reply_markup=render.main_menu(user.language, user.role),
        )
        return ConversationHandler.END
    text = (message.text or message.caption or "").strip()
    photo_id = message.photo[-1].file_id if message.photo else None
    more = None
    if question_id is not None and (photo_id or follow_ups.readable(text)):
        added = text or t(user.language, "questions.photo_added")
        try:
            async with session_scope() as session:
                asked_first = await questions.own(session, question_id, user.telegram_id)
                # Pinyin is judged as the search reads it, as after any forward (ask.py).
                if photo_id or _adds(await ask_search.read_as_searched(text), asked_first.text):
                    more = await questions.add_details(session, user, question_id, added, photo_id)
                if more is not None:
                    await ask_forward.tell_staff_more(
                        session, more, user, added, message.message_id, photo_id
                    )
        except questions.NotAllowed:
            more = None
    if more is None:
        # Answered meanwhile, too long, nothing staff could read, or a request or question
        # of its own (我约的啥时候来着, 低保咋申请, 谢谢): handled as usual.
        await (ask.photo if photo_id else ask.question)(update, context)
        return ConversationHandler.END
    await ask_forward.say_added(message, context, user, more.question)
    return ConversationHandler.END


def _adds(text: str, thread: str) -> bool:
    """Whether words the farmer sent when invited to add details are one: not a request or a
    question of their own. Invited, a message that may be either is the detail asked for."""
    return follow_ups.relation(text, thread).relation is not Relation.new


def left(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Leaving the details step: the invitation is over."""
    asked.take_details(context)


async def described(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """The farmer's description (text or photo) goes straight to the station."""
    message, user = await incoming(update, context)
    if message.text and _declines(message.text):
        # 不用了 to "describe it, or send a photo" is a no: nothing goes to the station.
        await message.reply_text(
            t(user.language, "kb.chatter.decline"),
            reply_markup=render.main_menu(user.language, user.role),
        )
        return ConversationHandler.END
    text = (message.text or message.caption or "").strip()
    photo_id = message.photo[-1].file_id if message.photo else None
    settings = settings_of(context)
    try:
        async with session_scope() as session:
            recorded = await questions.record(
                session,
                user,
                text or t(user.language, "questions.photo_question"),
                photo_file_id=photo_id,
            )
            recipients = await questions.forward(
                session,
                recorded.id,
                user.telegram_id,
                per_day=settings.limits.questions_per_day,
                tz=settings.tz,
            )
            await ask_forward.notify_staff(session, recipients, user, settings.tz)
    except questions.TooManyQuestions as too_many:
        limit_text = t(user.language, "questions.limit_reached", limit=too_many.limit)
        await message.reply_text(limit_text)
        return ConversationHandler.END
    await message.reply_text(ask_forward.forwarded_text(user, recipients, bare_photo=not text))
    return ConversationHandler.END


# Outside a conversation these cancel words get "nothing to cancel" (handlers/__init__.py).
_CANCEL_WORDS = frozenset({"算了", "取消", "cancel"})


def _declines(text: str) -> bool:
    """Whether a message is a plain "no thanks" (不用了, 算了, no thanks): not a question."""
    if text.strip().lower() in _CANCEL_WORDS:
        return True
    intent = intent_of(text.strip())
    return intent.kind is Kind.chatter and intent.extras.get("topic") == "decline"
