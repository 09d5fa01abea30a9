"""The base learns farmers' words: their phrasings proposed for entries, approved by an admin.

When a farmer picks a suggested entry, or staff answer a forwarded question
with an existing entry, the farmer's wording is proposed as another phrasing
of that entry. An admin approves or rejects it (`farmhub kb phrasings`); an
approved phrasing joins the entry's alternative phrasings and is searchable at
once. Functions take the caller's session and never commit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models.knowledge import KbEntry, KbPhrasing, PhrasingStatus
from bot.models.users import utcnow
from knowledge.kb.entries import MAX_QUESTION
from knowledge.kb.repository import to_entry, upsert_entries
from knowledge.kb.search import KnowledgeSearch
from knowledge.text.english import is_english
from knowledge.text.normalise import normalise
from knowledge.text.pinyin import has_pinyin

__all__ = [
    "Phrasing",
    "PhrasingError",
    "PhrasingStatus",
    "adopt",
    "approve",
    "learnable",
    "list_phrasings",
    "propose_phrasing",
    "reject",
]

MAX_PHRASING = min(MAX_QUESTION, 200)


class PhrasingError(Exception):
    """A phrasing that does not exist or was already decided."""


@dataclass(frozen=True)
class Phrasing:
    """One proposed phrasing, for listing."""

    id: int
    entry_id: str
    entry_question: str
    text: str
    source: str
    status: PhrasingStatus
    proposed_at: datetime


def learnable(text: str) -> bool:
    """Whether `text` can teach the base anything as a phrasing."""
    text = " ".join(text.split())
    # The base is searched in Chinese (an English question through its Chinese words, one in
    # pinyin read in characters first): an English phrasing, or one with pinyin in it,
    # would teach it nothing (sandbox walk: /review offered an English one).
    if not text or len(text) > MAX_PHRASING:
        return False
    return not is_english(text) and not has_pinyin(text)


async def propose_phrasing(
    session: AsyncSession, entry_id: str, text: str, source: str
) -> KbPhrasing | None:
    """Propose `text` as a phrasing of an entry; None when it adds nothing.

    Nothing is proposed for an unknown entry, an empty, over-long or English text (or one
    with pinyin), a text the entry already has (its question or a phrasing, after
    normalisation), or one already proposed for it (whatever was decided).
    """
    text = " ".join(text.split())
    if not learnable(text):
        return None
    entry = await session.get(KbEntry, entry_id)
    if entry is None:
        return None
    if _has(entry, text):
        return None
    exists = await session.scalar(
        select(KbPhrasing.id).where(KbPhrasing.entry_id == entry_id, KbPhrasing.text == text)
    )
    if exists is not None:
        return None
    row = KbPhrasing(entry_id=entry_id, text=text, source=source)
    session.add(row)
    await session.flush()
    return row


def _has(entry: KbEntry, text: str) -> bool:
    known = {normalise(entry.question), *(normalise(a) for a in entry.alt_questions or [])}
    return normalise(text) in known


async def list_phrasings(
    session: AsyncSession, status: PhrasingStatus | None = PhrasingStatus.proposed
) -> list[Phrasing]:
    """Phrasings with `status` (all when None), oldest first, with their entry's question."""
    query = (
        select(KbPhrasing, KbEntry.question)
        .join(KbEntry, KbEntry.id == KbPhrasing.entry_id)
        .order_by(KbPhrasing.id)
    )
    if status is not None:
        query = query.where(KbPhrasing.status == status)
    rows = await session.execute(query)
    return [
        Phrasing(p.id, p.entry_id, question, p.text, p.source, p.status, p.proposed_at)
        for p, question in rows
    ]


async def _undecided(session: AsyncSession, phrasing_id: int) -> KbPhrasing:
    row = await session.get(KbPhrasing, phrasing_id)
    if row is None:
        raise PhrasingError(f"no phrasing #{phrasing_id}")
    if row.status is not PhrasingStatus.proposed:
        raise PhrasingError(f"phrasing #{phrasing_id} is already {row.status.value}")
    return row


async def approve(
    session: AsyncSession, phrasing_id: int, search: KnowledgeSearch, by: str
) -> KbPhrasing:
    """Add the phrasing to its entry's alternative phrasings; searchable at once."""
    row = await _undecided(session, phrasing_id)
    entry_row = await session.get(KbEntry, row.entry_id)
    if entry_row is None:  # the entry went away; its phrasings go with it (cascade)
        raise PhrasingError(f"phrasing #{phrasing_id}'s entry {row.entry_id} is gone")
    entry = to_entry(entry_row)
    entry = replace(entry, alt_questions=[*entry.alt_questions, row.text])
    await upsert_entries(session, [entry], search, by=by)
    row.status, row.decided_at, row.decided_by = PhrasingStatus.approved, utcnow(), by
    await session.flush()
    return row


async def reject(session: AsyncSession, phrasing_id: int, by: str) -> KbPhrasing:
    """Mark the phrasing rejected (it is never proposed again for that entry)."""
    row = await _undecided(session, phrasing_id)
    row.status, row.decided_at, row.decided_by = PhrasingStatus.rejected, utcnow(), by
    await session.flush()
    return row


async def adopt(
    session: AsyncSession, entry_id: str, text: str, search: KnowledgeSearch, by: str, source: str
) -> bool:
    """Make `text` an approved phrasing of an entry at once (an admin chose it in /review).

    False when there is nothing to add: the entry has it already (its question or an
    approved phrasing), or the text cannot be one (see `learnable`). A proposal of the
    same text waiting, or rejected before, is approved now.
    """
    text = " ".join(text.split())
    row = await propose_phrasing(session, entry_id, text, source)
    if row is None:
        entry = await session.get(KbEntry, entry_id)
        if entry is None or _has(entry, text) or not learnable(text):
            return False
        row = await session.scalar(
            select(KbPhrasing).where(KbPhrasing.entry_id == entry_id, KbPhrasing.text == text)
        )
        if row is None or row.status is PhrasingStatus.approved:
            return False
        row.status = PhrasingStatus.proposed
    await approve(session, row.id, search, by)
    return True
