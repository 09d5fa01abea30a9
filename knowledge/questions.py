"""Questions the knowledge base could not answer: kept, forwarded, answered by staff.

Nothing a farmer asks is lost: every declined question is stored with who
asked and when, whether or not the farmer forwards it to the station.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import local_today
from bot.models.knowledge import OpenQuestion, QuestionStatus
from bot.models.users import Role, User, utcnow
from knowledge.entries import Entry
from knowledge.search import KnowledgeSearch

MAX_TEXT = 1000


class NotAllowed(Exception):
    """The user may not act on this question."""


class TooManyQuestions(Exception):
    """The farmer has forwarded as many questions today as one may; `limit` says how many."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"at most {limit} questions a day")
        self.limit = limit


@dataclass(frozen=True)
class Recipients:
    """Who must hear about a question: the station's staff (or the admins)."""

    question: OpenQuestion
    telegram_ids: tuple[int, ...]


async def record(
    session: AsyncSession, farmer: User, text: str, photo_file_id: str | None = None
) -> OpenQuestion:
    """Store a question the base could not answer (not yet forwarded)."""
    question = OpenQuestion(
        farmer_id=farmer.telegram_id,
        text=text[:MAX_TEXT],
        photo_file_id=photo_file_id,
        station_id=farmer.station_id,
        status=QuestionStatus.unanswered,
    )
    session.add(question)
    await session.flush()
    return question


async def _staff_of(session: AsyncSession, station_id: int | None) -> tuple[int, ...]:
    # A farmer with no station yet reaches the admins, so the question is not orphaned.
    if station_id is None:
        query = select(User.telegram_id).where(User.role == Role.admin, User.active)
    else:
        query = select(User.telegram_id).where(
            User.role == Role.staff, User.station_id == station_id, User.active
        )
    return tuple(await session.scalars(query.order_by(User.telegram_id)))


async def forwarded_today(session: AsyncSession, farmer_id: int, tz: ZoneInfo) -> int:
    """How many of the farmer's questions asked since local midnight were forwarded."""
    midnight = datetime.combine(local_today(tz), time(0), tzinfo=tz).astimezone(UTC)
    count = await session.scalar(
        select(func.count(OpenQuestion.id)).where(
            OpenQuestion.farmer_id == farmer_id,
            OpenQuestion.status != QuestionStatus.unanswered,
            OpenQuestion.asked_at >= midnight,
        )
    )
    return int(count or 0)


async def forward(
    session: AsyncSession,
    question_id: int,
    farmer_id: int,
    *,
    per_day: int | None = None,
    tz: ZoneInfo | None = None,
) -> Recipients:
    """Send the farmer's own question to their station; returns whom to notify.

    With `per_day`, a farmer who already forwarded that many questions today
    (local day in `tz`) gets TooManyQuestions and nothing changes: one person
    must not flood the station's staff.
    """
    question = await session.get(OpenQuestion, question_id)
    if question is None or question.farmer_id != farmer_id:
        raise NotAllowed("not your question")
    if (
        per_day is not None
        and question.status is QuestionStatus.unanswered
        and await forwarded_today(session, farmer_id, tz or ZoneInfo("Asia/Shanghai")) >= per_day
    ):
        raise TooManyQuestions(per_day)
    if question.status is QuestionStatus.unanswered:
        question.status = QuestionStatus.open
    await session.flush()
    return Recipients(question, await _staff_of(session, question.station_id))


def _may_answer(user: User, question: OpenQuestion) -> bool:
    if user.role is Role.admin:
        return True
    return user.role is Role.staff and (
        question.station_id is None or question.station_id == user.station_id
    )


async def open_for(session: AsyncSession, user: User, limit: int = 20) -> list[OpenQuestion]:
    """Open questions a staff member (their station's and unassigned) or admin (all) can answer."""
    if user.role not in (Role.staff, Role.admin):
        raise NotAllowed("only station staff answer questions")
    query = select(OpenQuestion).where(OpenQuestion.status == QuestionStatus.open)
    if user.role is Role.staff:
        query = query.where(
            or_(OpenQuestion.station_id == user.station_id, OpenQuestion.station_id.is_(None))
        )
    rows = await session.scalars(query.order_by(OpenQuestion.asked_at).limit(limit))
    return list(rows)


async def get_answerable(session: AsyncSession, user: User, question_id: int) -> OpenQuestion:
    """The question, if this user may answer it."""
    question = await session.get(OpenQuestion, question_id)
    if question is None or not _may_answer(user, question):
        raise NotAllowed("not a question of your station")
    return question


async def answer(session: AsyncSession, user: User, question_id: int, text: str) -> OpenQuestion:
    """Record a staff member's answer; the caller tells the farmer."""
    question = await get_answerable(session, user, question_id)
    question.answer = text[:MAX_TEXT]
    question.answered_by = user.telegram_id
    question.answered_at = utcnow()
    question.status = QuestionStatus.answered
    await session.flush()
    return question


async def save_as_entry(
    session: AsyncSession, user: User, question_id: int, search: KnowledgeSearch
) -> Entry:
    """Turn an answered question into a knowledge entry (searchable at once)."""
    from knowledge.repository import upsert_entries

    question = await get_answerable(session, user, question_id)
    if question.status is not QuestionStatus.answered or not question.answer:
        raise NotAllowed("answer the question first")
    best = search.search(question.text).best
    category = "planting"
    if best is not None:
        from knowledge.repository import get_entries

        similar = (await get_entries(session, [best.entry_id])).get(best.entry_id)
        category = similar.category if similar else category
    entry = Entry(
        id=f"station-q{question.id}",
        question=question.text,
        answer=question.answer,
        tags=[],
        category=category,
    )
    await upsert_entries(session, [entry], search, by=f"staff:{user.telegram_id}")
    question.kb_entry_id = entry.id
    await session.flush()
    return entry
