"""🗑 不用回复 under a question in /questions: asked first (✅/✖️), then closed without a reply.

A staff member's own words forwarded to their station stayed in the list for good (blind
test), hence the button; a farmer whose question was closed heard nothing (blind test),
hence the note they are sent through the outbox on ✅: the station saw it and will not reply
in the chat, call or visit it (its phone when known). Only a question of the presser's
station (admins: the county's without one), checked at each press.
"""

from __future__ import annotations

from telegram import CallbackQuery, Update
from telegram.ext import ContextTypes

from bot.audit import record
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.knowledge import OpenQuestion, QuestionStatus
from bot.models.users import User
from bot.stations.catalogue import get_station
from bot.users import get_user
from handlers.ask_forward import remove_buttons
from handlers.common import press
from handlers.notify import push
from handlers.render import fit
from handlers.render import knowledge as view
from knowledge.kb import questions, staff_answers, threads

# The outbox key of the farmer's note: one per question, however often ✅ is pressed.
DISMISSED_KEY = "qa-dismissed:"


async def dismiss(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """🗑 不用回复: ask first, with the question and what the farmer will be told."""
    query, user = await press(update, context)
    lang = user.language
    pressed = view.Dismiss.parse(query.data)
    q = await _open_question(query, user, pressed.question_id if pressed else None)
    if q is None:
        return
    await query.answer()
    if query.message is not None:
        await context.bot.send_message(
            query.message.chat.id,
            fit(t(lang, "questions.dismiss_ask", id=q.id, text=threads.asked(q.text))),
            reply_markup=view.dismiss_keyboard(q.id, lang),
        )


async def dismiss_yes(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """✅: the question closed without a reply, audited, and the farmer told politely."""
    query, user = await press(update, context)
    lang = user.language
    pressed = view.DismissYes.parse(query.data)
    try:
        if pressed is None:
            raise ValueError("not a button of this bot")
        async with session_scope() as session:
            q = await staff_answers.dismiss(session, user, pressed.question_id)
            await record(
                session,
                user.telegram_id,
                "question.dismiss",
                f"question {q.id}",
                before={"status": "open"},
                after={"status": q.status.value},
            )
            farmer = await get_user(session, q.farmer_id)
            station = await get_station(session, q.station_id) if q.station_id else None
            if farmer is not None:
                # Queued with the closing itself: the farmer hears exactly when it is closed.
                note = view.dismissed_to_farmer(
                    farmer.language,
                    threads.asked(q.text),
                    station.name if station is not None else None,
                    station.phone if station is not None else "",
                )
                await push(
                    session,
                    farmer.telegram_id,
                    fit(note),
                    key=f"{DISMISSED_KEY}{q.id}",
                    source="question",
                )
    except (ValueError, questions.AlreadyAnswered, questions.NotAllowed) as exc:
        await _refuse(query, lang, exc)  # a double tap, answered meanwhile, or not theirs
        return
    await query.answer()
    await remove_buttons(query)
    if query.message is not None:
        await context.bot.send_message(
            query.message.chat.id, t(lang, "questions.dismissed", id=q.id)
        )


async def dismiss_no(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """✖️: nothing closed; the question still waits in /questions."""
    query, user = await press(update, context)
    lang = user.language
    pressed = view.DismissNo.parse(query.data)
    q = await _open_question(query, user, pressed.question_id if pressed else None)
    if q is None:
        return
    await query.answer()
    await remove_buttons(query)
    if query.message is not None:
        await context.bot.send_message(
            query.message.chat.id, t(lang, "questions.dismiss_kept", id=q.id)
        )


async def _open_question(
    query: CallbackQuery, user: User, question_id: int | None
) -> OpenQuestion | None:
    """The pressed question while it is open and the presser's to answer; else says why."""
    try:
        if question_id is None:
            raise ValueError("not a button of this bot")
        async with session_scope() as session:
            q = await staff_answers.get_answerable(session, user, question_id)
            if q.status is not QuestionStatus.open:
                raise questions.AlreadyAnswered("closed already")
    except (ValueError, questions.AlreadyAnswered, questions.NotAllowed) as exc:
        await _refuse(query, user.language, exc)
        return None
    return q


async def _refuse(query: CallbackQuery, lang: str, exc: Exception) -> None:
    """Why a press does nothing: the question is closed already (its buttons go), or not theirs."""
    if isinstance(exc, questions.AlreadyAnswered):
        await query.answer(t(lang, "questions.already_closed"), show_alert=True)
        await remove_buttons(query)
    else:
        await query.answer(t(lang, "questions.not_allowed"), show_alert=True)
