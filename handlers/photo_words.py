"""Words right after a photo that speak of it (这是俺家蒜叶子 发黄尖干): they go with it.

A farmer sends a photo, then says what it shows. The photo went with a question (one not
forwarded yet, or one with the station or the county); the words that point at it (这是,
这个, 照片, 图, this is) join that same question rather than being searched on their own
(blind walk: the words after a photo got "答不上来"). Only right after the photo:
handlers/just_asked.py forgets it at the next update.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram.ext import ContextTypes

from bot.core.clock import utcnow
from bot.models.knowledge import OpenQuestion, QuestionStatus
from bot.models.users import Role, User
from handlers import just_asked
from knowledge.kb import follow_ups, questions
from knowledge.kb.threads import append


async def join(
    session: AsyncSession, context: ContextTypes.DEFAULT_TYPE, user: User, text: str
) -> questions.Recipients | OpenQuestion | None:
    """Add `text` to the question the farmer's photo just went with, if it speaks of the
    photo: the recipients of a forwarded question (the caller tells them), the question
    itself when not forwarded yet, None when the words are not about a photo just sent."""
    question_id = just_asked.photo_question(context)
    if question_id is None or user.role is not Role.farmer:
        return None
    if not follow_ups.readable(text) or follow_ups.mere_yes(text):
        return None
    if not follow_ups.about_photo(text):
        return None
    try:
        question = await questions.own(session, question_id, user.telegram_id)
    except questions.NotAllowed:
        return None
    if question.status is QuestionStatus.open:
        return await questions.add_details(session, user, question.id, text)
    if question.status is not QuestionStatus.unanswered or question.kept_at is not None:
        return None
    if question.asked_at < utcnow() - questions.PHOTO_WINDOW or not append(question, text):
        return None
    await session.flush()
    return question
