"""The offer to send a question to the station: where it would go, and "no thanks".

A farmer whose question the base could not answer is offered to forward it. What
the offer says must be true for that farmer: their station's staff get it, or,
when their station has nobody on FarmHub or they have no station yet, the
county's admins do (`questions.forward`). A farmer who says no (不用了) keeps the
question to themself: it is closed, and nothing sent after it joins it.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.models.knowledge import OpenQuestion, QuestionStatus
from bot.models.users import User
from knowledge.kb import questions


class Destination(enum.StrEnum):
    """Who would get the farmer's question if they forwarded it now."""

    station = "station"  # their station's staff
    unstaffed = "unstaffed"  # nobody at their station uses FarmHub: the county's admins
    no_station = "no_station"  # no station yet: the county's admins (or pick one first)
    # Staff and admins are whom questions go to: they are offered no forward of their own
    # (blind test: a staff member's own words became a question of their own station).
    nobody = "nobody"


async def destination(session: AsyncSession, farmer: User) -> Destination:
    """Where a question of the farmer's would go if forwarded now (as `questions.forward`)."""
    if farmer.station_id is None:
        return Destination.no_station
    if await questions.staff_of(session, farmer.station_id):
        return Destination.station
    return Destination.unstaffed


async def keep(
    session: AsyncSession, question_id: int, farmer_id: int, now: datetime
) -> OpenQuestion:
    """The farmer said not to send their question: it is kept, closed to later messages.

    NotAllowed for someone else's question. A question sent already stays as it is.
    """
    question = await questions.own(session, question_id, farmer_id)
    if question.status is QuestionStatus.unanswered and question.kept_at is None:
        question.kept_at = now
        await session.flush()
    return question


async def keep_waiting(session: AsyncSession, farmer: User, now: datetime) -> OpenQuestion | None:
    """A typed "no thanks" (不用了) to the offer: the question it was about is kept."""
    question = await questions.unforwarded(session, farmer, now)
    if question is not None:
        question.kept_at = now
        await session.flush()
    return question


async def offered_again(
    session: AsyncSession, farmer: User, now: datetime, question_id: int | None
) -> OpenQuestion | None:
    """The question to offer again once the farmer has picked a station: the one "📍 先选服务站"
    was pressed under, if it is still theirs and unsent, else their newest unsent one.

    Not merely the newest: a place typed in pinyin on the way (Sanyuanzhu) may have been
    recorded as a question of its own.
    """
    if question_id:
        question = await session.get(OpenQuestion, question_id)
        if (
            question is not None
            and question.farmer_id == farmer.telegram_id
            and question.status is QuestionStatus.unanswered
            and question.kept_at is None
        ):
            return question
    return await questions.unforwarded(session, farmer, now)
