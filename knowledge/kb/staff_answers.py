"""Forwarded questions as staff and admins handle them: who may, which wait for whom, the
answer (once, and more of it later), a dismissal, a knowledge entry made of an answered one.

The farmer's side (kept, forwarded, added to): knowledge/kb/questions.py, whose exceptions
these raise.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models.knowledge import OpenQuestion, QuestionStatus
from bot.models.users import Role, User, utcnow
from knowledge.kb.entries import Entry
from knowledge.kb.questions import AlreadyAnswered, AlreadySaved, NotAllowed
from knowledge.kb.repository import get_entries, upsert_entries
from knowledge.kb.search import KnowledgeSearch
from knowledge.kb.threads import THREAD_SEP, asked

# A staff member's answer: what one message holds with the question quoted above it (a
# Telegram message is 4,096 characters; MAX_TEXT of question, this of answer, a heading).
MAX_STAFF_ANSWER = 3000


async def may_handle(user: User, question: OpenQuestion) -> bool:
    """Whether this user may see and answer the question.

    Only once the farmer forwarded it, and only the staff of the station it was
    forwarded to, or an admin: the county's questions (no station) are theirs, and
    admins may do everything, a station's question too (an admin who is also of a
    station answers its questions, by the button or 回复13). A farmer's question kept
    to themself is theirs alone.
    """
    if not user.active or question.status is QuestionStatus.unanswered:
        return False
    if user.role is Role.admin:
        return True
    if question.station_id is None:
        return False
    return user.role is Role.staff and user.station_id == question.station_id


@dataclass(frozen=True)
class Waiting:
    """The oldest open questions one staff member may answer, and how many wait in all."""

    questions: list[OpenQuestion]
    total: int


async def open_for(session: AsyncSession, user: User, limit: int = 20) -> Waiting:
    """Forwarded questions waiting for this staff member's station (admins: those without one,
    and their own station's, when they have one)."""
    if user.role not in (Role.staff, Role.admin):
        raise NotAllowed("only station staff answer questions")
    if user.role is Role.staff and user.station_id is None:
        return Waiting([], 0)
    station = OpenQuestion.station_id
    if user.role is Role.admin:
        county = station.is_(None)
        ours = county if user.station_id is None else or_(county, station == user.station_id)
    else:
        ours = station == user.station_id
    mine = (OpenQuestion.status == QuestionStatus.open, ours)
    query = select(OpenQuestion).where(*mine)
    query = query.order_by(OpenQuestion.asked_at, OpenQuestion.id).limit(limit)
    rows = [q for q in await session.scalars(query) if await may_handle(user, q)]
    total = await session.scalar(select(func.count(OpenQuestion.id)).where(*mine))
    return Waiting(rows, int(total or 0))


async def _visible(session: AsyncSession, user: User, question_id: int) -> OpenQuestion:
    question = await session.get(OpenQuestion, question_id)
    # The same refusal for a missing id and someone else's question: ids are sequential.
    if question is None or not await may_handle(user, question):
        raise NotAllowed("not a question of your station")
    return question


async def get_answerable(session: AsyncSession, user: User, question_id: int) -> OpenQuestion:
    """The question, if this user may answer it and nobody has yet."""
    question = await _visible(session, user, question_id)
    if question.answered_at is not None:
        raise AlreadyAnswered("answered already")
    return question


async def answer(
    session: AsyncSession,
    user: User,
    question_id: int,
    text: str,
    *,
    media_kind: str | None = None,
    file_id: str | None = None,
) -> OpenQuestion:
    """Record a staff member's answer, once; the caller tells the farmer.

    A spoken answer gives its recording (`media_kind`, `file_id`); `text` then
    stands for it ("🎤 语音回复").
    """
    question = await get_answerable(session, user, question_id)
    # Conditional update: of two staff answering at once, only the first row
    # change counts; the other finds answered_at set and is refused.
    result = await session.execute(
        update(OpenQuestion)
        .where(OpenQuestion.id == question_id, OpenQuestion.answered_at.is_(None))
        .values(
            answer=text[:MAX_STAFF_ANSWER],
            answered_by=user.telegram_id,
            answered_at=utcnow(),
            status=QuestionStatus.answered,
            answer_media_kind=media_kind if file_id else None,
            answer_file_id=file_id,
        )
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        raise AlreadyAnswered("answered already")
    await session.refresh(question)
    return question


async def dismiss(session: AsyncSession, user: User, question_id: int) -> OpenQuestion:
    """Close a forwarded question without a reply (🗑 不用回复): staff of its station, or the
    admins for one without. NotAllowed otherwise; AlreadyAnswered once answered or closed."""
    question = await get_answerable(session, user, question_id)
    if question.status is not QuestionStatus.open:
        raise AlreadyAnswered("closed already")
    question.status = QuestionStatus.dismissed
    await session.flush()
    return question


async def answered_for_more(session: AsyncSession, user: User, question_id: int) -> OpenQuestion:
    """The answered question, if this user may add to its answer (staff of its station, or
    the admins for one without): NotAllowed otherwise, and for one not answered yet."""
    question = await _visible(session, user, question_id)
    if question.answered_at is None:
        raise NotAllowed("not answered yet")
    return question


async def add_to_answer(
    session: AsyncSession, user: User, question_id: int, text: str
) -> tuple[OpenQuestion, int]:
    """A follow-up reply to an answered question (blind test: a second reply was refused):
    joined to its answer, so the thread and any entry made of it have it too. Returns the
    question and the follow-up's number (1 for the first) for the caller to tell the farmer.

    One UPDATE appends it, so two staff adding at once both keep theirs.
    """
    question = await answered_for_more(session, user, question_id)
    await session.execute(
        update(OpenQuestion)
        .where(OpenQuestion.id == question_id)
        .values(
            answer=func.coalesce(OpenQuestion.answer, "") + THREAD_SEP + text[:MAX_STAFF_ANSWER]
        )
        .execution_options(synchronize_session=False)
    )
    await session.refresh(question)
    return question, (question.answer or "").count(THREAD_SEP)


async def entry_from_question(
    session: AsyncSession, user: User, question_id: int, search: KnowledgeSearch
) -> tuple[OpenQuestion, Entry]:
    """The entry an answered question would make (checked: visible to `user`, answered, unsaved)."""
    question = await _visible(session, user, question_id)
    if question.status is not QuestionStatus.answered or not question.answer:
        raise NotAllowed("answer the question first")
    if question.kb_entry_id is not None:
        raise AlreadySaved(question.kb_entry_id)
    if question.media_file_id is not None or question.answer_file_id is not None:
        # Nobody can search what was said aloud: no entry from a voice.
        raise NotAllowed("a spoken question or answer cannot become an entry")
    # The question as asked, not the lines the farmer added to it.
    text = asked(question.text)
    best = search.search(text).best
    category = "planting"
    if best is not None:
        similar = (await get_entries(session, [best.entry_id])).get(best.entry_id)
        category = similar.category if similar else category
    entry = Entry(
        id=f"station-q{question.id}",
        question=text,
        answer=question.answer,
        tags=[],
        category=category,
    )
    return question, entry


async def save_as_entry(
    session: AsyncSession, user: User, question_id: int, search: KnowledgeSearch
) -> Entry:
    """Turn an answered question into a knowledge entry (searchable at once)."""
    question, entry = await entry_from_question(session, user, question_id, search)
    await upsert_entries(session, [entry], search, by=f"staff:{user.telegram_id}")
    question.kb_entry_id = entry.id
    await session.flush()
    return entry
