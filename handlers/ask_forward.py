"""Sending a farmer's question to the station: the offer, forwarding, keeping, additions.

The offer says truly where the question would go (knowledge/kb/offers.py); a forward
queues the whole thread for the station's staff (or the county's admins); "不用了"
keeps the question to the farmer; what they add later joins a forwarded question,
and "🆕 这是新问题" takes an addition out again.
"""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.core.clock import utcnow
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.delivery.outbox import Media
from bot.models.knowledge import OpenQuestion, QuestionStatus
from bot.models.users import Role, User
from handlers.common import press, settings_of
from handlers.notify import push
from handlers.render import knowledge as view
from handlers.render import threads as thread_view
from knowledge.kb import offers, questions, threads


async def offer_to_forward(
    session: AsyncSession, user: User, key: str, question_id: int, **params: object
) -> tuple[str, InlineKeyboardMarkup]:
    """An offer to forward the question (kb.declined, kb.photo_received, ...) as true for this
    farmer: to their station, or to the county's admins (and, with no station yet, to
    pick one first)."""
    where = await offers.destination(session, user)
    lang = user.language
    text = t(lang, view.offer_key(key, where), **params)
    return text, view.forward_offer(question_id, lang, where)


async def say_added(
    message: Message, context: ContextTypes.DEFAULT_TYPE, user: User, question: OpenQuestion
) -> None:
    """Tell the farmer which forwarded question their message joined (its first words, when
    it was asked), with "🆕 这是新问题" to take it out again."""
    lang = user.language
    await message.reply_text(
        view.follow_up_added(question, lang, settings_of(context).tz),
        reply_markup=view.new_question_button(question, lang),
    )


async def new_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "🆕 这是新问题": the addition leaves the forwarded question, as a question of its own."""
    query, user = await press(update, context)
    lang = user.language
    pressed = view.NewQuestion.parse(query.data)
    if pressed is None:
        await query.answer(t(lang, "fallback.unknown_button"), show_alert=True)
        return
    try:
        async with session_scope() as session:
            # The photo or recording the addition brought goes with it.
            old, new = await questions.split_follow_up(
                session, user, pressed.question_id, pressed.part
            )
            if new.text == t(lang, "questions.photo_added"):
                new.text = t(lang, "questions.photo_question")
            await _tell_staff_withdrawn(session, old, new.text, pressed.part)
            text, keyboard = await offer_to_forward(
                session, user, "kb.split_off", new.id, id=pressed.question_id, text=new.text
            )
    except (questions.AlreadyAnswered, questions.NoSuchAddition):
        await query.answer(t(lang, "kb.split_gone"), show_alert=True)
        return
    except questions.NotAllowed:
        await query.answer(t(lang, "kb.not_yours"), show_alert=True)
        return
    await query.answer()
    await remove_buttons(query)
    if query.message is not None:
        await context.bot.send_message(
            query.message.chat.id,
            text,
            reply_markup=keyboard,
        )


async def _tell_staff_withdrawn(
    session: AsyncSession, question: OpenQuestion, text: str, part: str
) -> None:
    """Queue for whoever has the question that an addition they were sent is not part of it."""
    recipients = await questions.recipients_of(session, question)
    for member in await recipients.members(session):
        await push(
            session,
            member.telegram_id,
            t(member.language, "questions.follow_up_withdrawn", id=question.id, text=text),
            key=f"qa-less:{question.id}:{member.telegram_id}:{part}",
            source="question",
        )


async def tell_staff_more(
    session: AsyncSession,
    recipients: questions.Recipients,
    farmer: User,
    text: str,
    message_id: int,
    photo: str | None = None,
) -> None:
    """Queue what the farmer added to a forwarded question for whoever got the question."""
    q = recipients.question
    for member in await recipients.members(session):
        lang = member.language
        await push(
            session,
            member.telegram_id,
            t(
                lang,
                "questions.follow_up_for_staff",
                id=q.id,
                farmer=view.farmer_name(lang, farmer),
                text=view.as_asked(text, lang),
            ),
            key=f"qa-more:{q.id}:{member.telegram_id}:{message_id}",
            source="question",
            photo=photo,
            keyboard=view.reply_button(q.id, lang),
        )


async def forward(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The farmer chose to send a recorded question to their station."""
    query, user = await press(update, context)
    lang = user.language
    if user.role is not Role.farmer:
        # Staff and admins are whom questions go to (an old button): nothing is forwarded.
        await query.answer(t(lang, "kb.staff_no_forward"), show_alert=True)
        return
    try:
        question_id = question_id_of(view.Forward.parse(query.data))
        async with session_scope() as session:
            recipients = await questions.forward(
                session,
                question_id,
                user.telegram_id,
                per_day=settings_of(context).limits.questions_per_day,
                tz=settings_of(context).tz,
            )
            if not recipients.already:
                await notify_staff(session, recipients, user, settings_of(context).tz)
    except questions.Gone:
        # A photo's offer, the photo sent since with the question it showed: no double send.
        await query.answer(t(lang, "kb.already_forwarded"))
        await remove_buttons(query)
        return
    except (ValueError, questions.NotAllowed):
        await query.answer(t(lang, "kb.not_yours"), show_alert=True)
        return
    except questions.TooManyQuestions as too_many:
        limit_text = t(lang, "questions.limit_reached", limit=too_many.limit)
        await query.answer(limit_text, show_alert=True)
        return
    if recipients.already:  # a double tap: say so, tell nobody twice
        await query.answer(t(lang, "kb.already_forwarded"))
        # An older offer of the same question (the photo's, before its caption's): no
        # buttons left that seem to send it again.
        await remove_buttons(query)
        return
    await query.answer()
    await remove_buttons(query)
    if query.message is not None:
        bare = recipients.question.photo_file_id is not None and _bare(recipients.question.text)
        text = forwarded_text(user, recipients, bare_photo=bare)
        await context.bot.send_message(query.message.chat.id, text)


def _bare(text: str) -> bool:
    """Whether a question's text is only the placeholder of a photo sent without words."""
    return all(part.strip() in view.wordless() for part in threads.parts(text))


def forwarded_key(user: User, recipients: questions.Recipients) -> str:
    """What the farmer is told of where the question went (the catalogue key)."""
    if not recipients.to_admins:
        return "kb.forwarded"
    return "kb.forwarded_no_staff" if user.station_id is None else "kb.forwarded_unstaffed"


def forwarded_text(user: User, recipients: questions.Recipients, *, bare_photo: bool) -> str:
    """Where the question went (with the photos sent just before it, said so); for a photo
    without words, a request for a line about it."""
    sent = t(user.language, forwarded_key(user, recipients))
    if recipients.photos:
        sent = f"{sent}\n{t(user.language, 'kb.photos_went_along')}"
    return f"{sent}\n{t(user.language, 'kb.describe_photo')}" if bare_photo else sent


async def notify_staff(
    session: AsyncSession, recipients: questions.Recipients, farmer: User, tz: ZoneInfo
) -> None:
    """Queue the forwarded question for each recipient, in the forward's unit of work: every
    part of it, each photo and recording in order."""
    q = recipients.question
    thread = await threads.thread_of(session, q)
    for member in await recipients.members(session):
        await push_thread(session, member, farmer, q, thread, tz, markup=True)


async def push_thread(
    session: AsyncSession,
    member: User,
    farmer: User,
    question: OpenQuestion,
    thread: Sequence[threads.Part],
    tz: ZoneInfo,
    *,
    markup: bool,
    key: str | None = None,
) -> None:
    """Queue a new question's thread for one recipient, as "📮 新问题" (the reply button under
    the last message when `markup`); `key` is the first message's idempotency key."""
    lang = member.language

    def opening(body: str) -> str:
        return t(
            lang,
            "questions.new_for_staff",
            id=question.id,
            farmer=view.farmer_name(lang, farmer),
            asked_at=view.local_time(question.asked_at, tz),
            text=body,
        )

    button = view.reply_button(question.id, lang) if markup else None
    items = thread_view.thread_items(question, thread, lang, opening, button)
    key = key or f"qa-forward:{question.id}:{member.telegram_id}"
    for n, item in enumerate(items):
        await push(
            session,
            member.telegram_id,
            item.text,
            key=key if n == 0 else f"{key}:{n}",
            source="question",
            keyboard=item.markup,
            media=Media(item.kind, item.file_id) if item.kind and item.file_id else None,
        )


async def keep(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The farmer does not want to forward: the question stays recorded, closed to what they
    send next (a photo or voice after it is a question of its own)."""
    query, user = await press(update, context)
    try:
        # Only the asker's own "keep": a forged press must not touch anyone's message.
        async with session_scope() as session:
            question_id = question_id_of(view.Keep.parse(query.data))
            kept = await offers.keep(session, question_id, user.telegram_id, utcnow())
            sent = kept.status is not QuestionStatus.unanswered
    except questions.Gone:
        sent = True  # a photo that went with the question it showed, sent since
    except (ValueError, questions.NotAllowed):
        await query.answer(t(user.language, "kb.not_yours"), show_alert=True)
        return
    if sent:
        # "No thanks" under an older offer of a question sent since (from a newer offer):
        # it is with the station, not kept.
        await query.answer(t(user.language, "kb.already_forwarded"))
        await remove_buttons(query)
        return
    if not await remove_buttons(query):  # a double tap: the first already said so
        await query.answer(t(user.language, "kb.kept"))
        return
    await query.answer()
    if query.message is not None:
        await context.bot.send_message(query.message.chat.id, t(user.language, "kb.kept"))


def question_id_of(
    pressed: view.Forward | view.Keep | view.Reply | view.Save | view.Dismiss | None,
) -> int:
    # The handlers are registered with `pattern=Button.matches`: None cannot reach
    # here, but a forged press must still fail as "not yours", never as a crash.
    if pressed is None:
        raise ValueError("not a button of this bot")
    return pressed.question_id


async def remove_buttons(query: CallbackQuery) -> bool:
    """Take the buttons off the pressed message; False if they were gone already."""
    message = query.message
    markup = getattr(message, "reply_markup", None)
    if message is not None and (markup is None or not markup.inline_keyboard):
        return False
    try:
        await query.edit_message_reply_markup(None)
    except BadRequest as exc:
        # "message is not modified": a double tap removed them first.
        if "not modified" not in exc.message.lower():
            raise
        return False
    return True
