"""Words right after a photo that speak of it (这是俺家蒜叶子 发黄尖干, 这是啥病): they go with it.

A farmer sends a photo, then says what it shows or asks what it is. The photo went with a
question (one not forwarded yet, or one with the station or the county); words that
plausibly describe it (they point at it, tell a sign, name a crop or animal:
knowledge/kb/photo_captions.py) join that same question rather than being searched on their
own (blind walk: 这是啥病 after a photo got "答不上来"). Only as the next message
(handlers/just_asked.py forgets the photo at the next update) and within
CAPTION_WINDOW of it: a price asked twenty minutes later is a question of its own.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram.ext import ContextTypes

from bot.core.clock import utcnow
from bot.models.knowledge import OpenQuestion, QuestionStatus
from bot.models.users import Role, User
from handlers import just_asked
from knowledge.kb import photo_captions, questions
from knowledge.kb.loose_photos import wordless
from knowledge.kb.threads import MAX_TEXT, append


async def join(
    session: AsyncSession, context: ContextTypes.DEFAULT_TYPE, user: User, text: str
) -> questions.Recipients | OpenQuestion | None:
    """Add `text` to the question the farmer's photo just went with, if it speaks of the
    photo: the recipients of a forwarded question (the caller tells them), the question
    itself when not forwarded yet, None when the words are not about a photo just sent."""
    question_id = just_asked.photo_question(context)
    if question_id is None or not just_after_photo(context, user):
        return None
    if not photo_captions.describes(text):
        return None  # 西红柿多少钱, 我想贷款: handled on its own
    try:
        question = await questions.own(session, question_id, user.telegram_id)
    except questions.NotAllowed:
        return None
    if question.status is QuestionStatus.open:
        return await questions.add_details(session, user, question.id, text)
    if question.status is not QuestionStatus.unanswered or question.kept_at is not None:
        return None
    if question.text.strip() in wordless() and len(text) <= MAX_TEXT:
        # The photo had no words: these are its caption, what staff read with it.
        question.text = text
    elif not append(question, text):
        return None
    await session.flush()
    return question


def just_after_photo(context: ContextTypes.DEFAULT_TYPE, user: User) -> bool:
    """Whether the farmer's previous message was a photo, sent within CAPTION_WINDOW."""
    if user.role is not Role.farmer or just_asked.photo_question(context) is None:
        return False
    at = just_asked.photo_shown_at(context)
    return at is not None and utcnow() - at <= photo_captions.CAPTION_WINDOW
