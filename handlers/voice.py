"""Voice questions: a farmer speaks, the station's staff hear it and answer aloud or in text.

A farmer's voice message (or video note) in a private chat is forwarded at once
to their station (the county admins when they have none yet), or joins the
question they forwarded in the last two hours; soon after a question they have not
forwarded it joins that one, and they are asked whether to send it (as with a photo).
Staff get the recording itself, who sent it, the farmer's recent questions and
bookings, and the same "✍️ answer" button as typed questions (handlers/staff_questions.py
start_reply); in that reply step a voice message is the answer and reaches the farmer as
a voice.
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Message, Update, VideoNote, Voice
from telegram.ext import ContextTypes, ConversationHandler, filters

from bot.core.clock import utcnow
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.delivery.outbox import Media
from bot.models.types import MediaKind
from bot.models.users import Role, User
from bot.users import get_user
from handlers import just_asked
from handlers.ask_forward import offer_to_forward
from handlers.asked import take_details
from handlers.common import incoming, register_visitor, settings_of
from handlers.notify import push
from handlers.render import CAPTION_LIMIT, fit
from handlers.render import knowledge as qa_view
from handlers.render import voice as view
from handlers.staff_questions import adding_to_answer, refusal_key
from knowledge.kb import questions, spoken, staff_answers, threads, undelivered

# A voice message or a video note: what a farmer asks, and staff answer, aloud.
SPOKEN = filters.VOICE | filters.VIDEO_NOTE


def recording_of(message: Message) -> spoken.Recording | None:
    """The voice message or video note a message carries."""
    if message.voice is not None:
        voice = message.voice
        return spoken.Recording(MediaKind.voice, voice.file_id, _seconds(voice))
    if message.video_note is not None:
        note = message.video_note
        return spoken.Recording(MediaKind.video_note, note.file_id, _seconds(note))
    return None


def _seconds(media: Voice | VideoNote) -> int:
    # PTB 22 keeps the length as a timedelta and warns when `duration` is read as an int.
    value = getattr(media, "_duration", None)
    if isinstance(value, timedelta):
        return round(value.total_seconds())
    return int(value if isinstance(value, int | float) else 0)


async def spoken_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A farmer's voice or video note: passed on to their station, and they are told where."""
    message, user = await incoming(update, context)
    recording = recording_of(message)
    if recording is None:
        return
    if user.role is not Role.farmer:
        # Staff answer with the ✍️ button; a voice of theirs is not a question to themselves.
        await message.reply_text(t(user.language, "voice.staff_hint"))
        return
    await ask_aloud(update, message, user, recording, context)


async def described_aloud(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """ "Still not solved → describe it" (or add details): the farmer spoke instead of typing."""
    take_details(context)  # a recording joins the forwarded question by itself
    await spoken_question(update, context)
    return ConversationHandler.END


async def ask_aloud(
    update: Update,
    message: Message,
    user: User,
    recording: spoken.Recording,
    context: ContextTypes.DEFAULT_TYPE,
) -> None:
    """Forward the recording (or add it to a recent question), queue it, tell the farmer."""
    lang = user.language
    settings = settings_of(context)
    try:
        async with session_scope() as session:
            asked = await spoken.ask_aloud(
                session,
                user,
                recording,
                view.label(lang, recording),
                now=utcnow(),
                per_day=settings.limits.questions_per_day,
                tz=settings.tz,
                join=just_asked.question(context) is not None,
            )
            # A video note is acknowledged as one (sandbox walk: "收到您的语音了 🎤" for a video).
            video = "_video" if recording.kind is MediaKind.video_note else ""
            offer = None
            if asked.joined:
                # With the question typed just before, not forwarded: the farmer chooses.
                question_id = asked.recipients.question.id
                offer = await offer_to_forward(session, user, f"voice.joined{video}", question_id)
                just_asked.remember(update, context, question_id)  # a photo next joins too
            else:
                await _tell_staff(session, asked, user, recording, message.message_id, settings.tz)
    except questions.TooManyQuestions as too_many:
        await message.reply_text(t(lang, "questions.limit_reached", limit=too_many.limit))
        return
    question = asked.recipients.question
    if offer is not None:
        await message.reply_text(offer[0], reply_markup=offer[1])
    elif asked.follow_up:
        key = f"voice.follow_up_added{video}"
        await message.reply_text(qa_view.follow_up_added(question, lang, settings.tz, key))
    elif asked.station is not None:
        await message.reply_text(t(lang, f"voice.forwarded{video}", station=asked.station))
    elif user.station_id is not None:
        # Nobody at the farmer's station uses FarmHub: the county's admins have it.
        await message.reply_text(t(lang, f"voice.forwarded_unstaffed{video}"))
    else:
        await message.reply_text(t(lang, f"voice.forwarded_no_station{video}"))


async def _tell_staff(
    session: AsyncSession,
    asked: spoken.Asked,
    farmer: User,
    recording: spoken.Recording,
    message_id: int,
    tz: ZoneInfo,
) -> None:
    """Queue the recording for each recipient with who sent it and a Reply button."""
    q = asked.recipients.question
    recent = None
    if not asked.follow_up:
        recent = await spoken.recent_context(session, farmer.telegram_id, exclude=q.id)
    for member in await asked.recipients.members(session):
        lang = member.language
        if recent is None:
            caption = view.more_for_staff(
                lang, recording, question_id=q.id, farmer=qa_view.farmer_name(lang, farmer)
            )
            key = f"qa-more:{q.id}:{member.telegram_id}:{message_id}"
        else:
            caption = view.for_staff(
                lang,
                recording,
                question_id=q.id,
                farmer=qa_view.farmer_name(lang, farmer),
                asked_at=qa_view.local_time(q.asked_at, tz),
                context=view.context_lines(recent, lang, tz),
            )
            key = f"qa-forward:{q.id}:{member.telegram_id}"
        await push(
            session,
            member.telegram_id,
            caption,
            key=key,
            source="question",
            keyboard=qa_view.reply_button(q.id, lang),
            media=Media(recording.kind, recording.file_id),
        )


# ---- staff answer aloud --------------------------------------------------------------


async def reply_spoken(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """In the reply step a staff member's voice (or video note) is the answer, heard as it is."""
    message = update.effective_message
    question_id = (context.user_data or {}).pop("answering", None)
    adding = adding_to_answer(context)
    recording = recording_of(message) if message is not None else None
    if message is None or recording is None or question_id is None:
        return ConversationHandler.END
    user = await register_visitor(update, context)
    lang = user.language
    label = t(lang, "voice.answer_label", seconds=recording.seconds)
    try:
        async with session_scope() as session:
            if adding:  # more, aloud, after the answer: joined to it by its label
                q, number = await staff_answers.add_to_answer(session, user, question_id, label)
                reply_key = undelivered.reply_key(q.id, number, user.telegram_id)
            else:
                q = await staff_answers.answer(
                    session,
                    user,
                    question_id,
                    label,
                    media_kind=recording.kind.value,
                    file_id=recording.file_id,
                )
                reply_key = undelivered.reply_key(q.id)
            farmer = await get_user(session, q.farmer_id)
            if farmer is not None:
                key = (
                    "voice.reply_to_farmer_video"
                    if recording.kind is MediaKind.video_note
                    else "voice.reply_to_farmer"
                )
                said = qa_view.to_farmer(farmer.language, key, user, question=threads.asked(q.text))
                # Queued with the answer itself: the farmer hears it exactly when it is stored.
                await push(
                    session,
                    farmer.telegram_id,
                    fit(said, CAPTION_LIMIT),
                    key=reply_key,
                    source="question",
                    media=Media(recording.kind, recording.file_id),
                )
    except questions.NotAllowed as refused:
        await message.reply_text(t(lang, refusal_key(refused)))
        return ConversationHandler.END
    # Nothing to save as an entry: nobody can search what was said aloud.
    await message.reply_text(t(lang, "voice.reply_sent"))
    return ConversationHandler.END
