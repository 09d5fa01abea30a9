"""A photo sent without words just before a question: it goes with that question.

A farmer sends a photo with no caption (the bot asks what it shows and offers to send it),
then types the question (苞米叶子这样了咋整), perhaps adds a voice, and forwards that
question: the photo is part of it (tester walk: staff got the words and the voice, not the
photo). When a question is forwarded, the farmer's wordless photos of the few minutes
before it, each still a question of its own (not forwarded, kept or answered) with no
other question between, join its first part, and are no questions of their own any more
(their own "send it?" buttons then find them sent). Only a question that plausibly
describes a photo takes them (knowledge/kb/photo_captions.py): 我想贷款 forwarded five
minutes after a photo of a leaf goes alone. Telegram-free.
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.i18n import all_labels
from bot.models.knowledge import OpenQuestion, QuestionStatus
from knowledge.kb import photo_captions, threads

# How long before the question a photo may have been sent and still be of it.
LOOSE_WINDOW: timedelta = photo_captions.CAPTION_WINDOW


@cache
def wordless() -> frozenset[str]:
    """What stands in a question's text for a photo sent without words, in any language."""
    return frozenset(all_labels("questions.photo_question") | all_labels("questions.photo_added"))


def _loose(question: OpenQuestion) -> bool:
    """Whether a question is only a photo without words, not sent, kept or answered."""
    if question.status is not QuestionStatus.unanswered or question.kept_at is not None:
        return False
    if question.photo_file_id is None or question.media_file_id is not None:
        return False
    return all(part.strip() in wordless() for part in threads.parts(question.text))


async def loose_before(session: AsyncSession, question: OpenQuestion) -> list[OpenQuestion]:
    """The farmer's wordless photos sent in the few minutes before `question`, oldest first:
    the newest questions before it, back to the first that is not one; none when the
    question says nothing a photo could show (我想贷款)."""
    first = threads.parts(question.text)[0]
    if first.strip() not in wordless() and not photo_captions.describes(first):
        return []
    before = await session.scalars(
        select(OpenQuestion)
        .where(
            OpenQuestion.farmer_id == question.farmer_id,
            OpenQuestion.id != question.id,
            OpenQuestion.asked_at >= question.asked_at - LOOSE_WINDOW,
            OpenQuestion.asked_at <= question.asked_at,
            OpenQuestion.id < question.id,
        )
        .order_by(OpenQuestion.asked_at.desc(), OpenQuestion.id.desc())
    )
    taken: list[OpenQuestion] = []
    for earlier in before:
        if not _loose(earlier):
            break  # another question between: the photos before it are not this one's
        taken.append(earlier)
    return taken[::-1]


async def take_loose_photos(session: AsyncSession, question: OpenQuestion) -> int:
    """Put the farmer's wordless photos sent just before `question` on its first part (the
    question they show); returns how many. Each was a question of its own: it is no more."""
    loose = await loose_before(session, question)
    for photo in loose:
        await threads.take_files(session, photo, question, part=0)
        await session.delete(photo)
    await session.flush()
    return len(loose)
