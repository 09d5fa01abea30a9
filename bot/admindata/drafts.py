"""Staff-saved drafts as a list, for the command line (`farmhub kb drafts`). Telegram-free.

/review shows one waiting item at a time; a county admin at a terminal wants them all,
with who saved each and at which station. A waiting draft carries the same ReviewItem
/review shows (flags, the similar entry, the tags a new entry gets), from the same
service (bot.admindata.review); decisions go through that service too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.admindata import review
from bot.models import DraftStatus, KbDraft, OpenQuestion, User
from bot.models.stations import Station


@dataclass(frozen=True)
class DraftView:
    """One draft with its people and place; `item` is /review's view of a waiting one."""

    id: int
    status: str  # waiting, approved, rejected
    entry_id: str
    question: str  # the farmer's question as asked (the entry's question)
    answer: str  # the staff member's reply (the entry's answer)
    staff_id: int
    staff: str  # the staff member's name
    station_id: int | None
    station: str  # the station's name, "" when none
    question_id: int | None  # the forwarded question it was saved from
    proposed_at: datetime
    decided_at: datetime | None
    decided_by: int | None  # None when decided from the command line
    item: review.ReviewItem | None  # waiting ones only


async def list_drafts(session: AsyncSession, *, everything: bool = False) -> list[DraftView]:
    """The waiting drafts, oldest first (every draft when `everything`)."""
    query = select(KbDraft).order_by(KbDraft.id)
    if not everything:
        query = query.where(KbDraft.status == DraftStatus.waiting)
    return [await _view(session, draft) for draft in await session.scalars(query)]


async def find(session: AsyncSession, draft_id: int) -> DraftView | None:
    """One draft whatever its status, None when there is no such draft."""
    draft = await session.get(KbDraft, draft_id)
    return None if draft is None else await _view(session, draft)


async def _view(session: AsyncSession, draft: KbDraft) -> DraftView:
    staff = await session.get(User, draft.proposed_by)
    # The station the farmer asked (where the question was forwarded), else the staff's own.
    station_id = staff.station_id if staff is not None else None
    if draft.question_id is not None:
        asked = await session.get(OpenQuestion, draft.question_id)
        if asked is not None and asked.station_id is not None:
            station_id = asked.station_id
    station = await session.get(Station, station_id) if station_id is not None else None
    item = None
    if draft.status is DraftStatus.waiting:
        item = await review.item(session, review.DRAFT, draft.id)
    return DraftView(
        id=draft.id,
        status=draft.status.value,
        entry_id=draft.entry_id,
        question=draft.question,
        answer=draft.answer,
        staff_id=draft.proposed_by,
        staff=staff.name if staff is not None and staff.name else "",
        station_id=station_id,
        station=station.name if station is not None else "",
        question_id=draft.question_id,
        proposed_at=draft.proposed_at,
        decided_at=draft.decided_at,
        decided_by=draft.decided_by,
        item=item,
    )
