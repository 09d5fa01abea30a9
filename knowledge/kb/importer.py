"""`farmhub kb import FILE`: knowledge entries upserted by id, all or nothing.

The file format is in knowledge/kb/entries.py; an entry equal to the stored one
is left alone (unchanged), a changed one is updated and re-indexed at once. An
optional field the file does not give keeps what the stored entry has.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.imports import ImportOptions, ImportResult, Table
from knowledge.kb.entries import checked_entries
from knowledge.kb.repository import get_entries, upsert_entries
from knowledge.kb.search import KnowledgeSearch, engine


async def import_kb(session: AsyncSession, table: Table, *, options: ImportOptions) -> ImportResult:
    """Check every entry of a knowledge file, then upsert them all by id, or raise ImportFailed."""
    checked = checked_entries(table)
    partial = [c.entry.id for c in checked if c.absent]
    stored = await get_entries(session, partial)
    entries = [c.over(stored.get(c.entry.id)) for c in checked]
    # The process-wide index: the bot that imports answers with the new entries at once.
    # A preview fills a throwaway index instead (its entries are rolled back).
    search = KnowledgeSearch(engine().tokenizer) if options.preview else engine()
    return await upsert_entries(session, entries, search, by=options.by)
