"""Knowledge entries in the database: upsert, read, and feed the search index.

Functions take the caller's session and never commit: the caller's unit of
work does, once.
"""

from __future__ import annotations

import gc
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.config import ConfigError, get_settings
from bot.imports import ImportResult
from bot.models.knowledge import KbEntry
from bot.models.users import utcnow
from knowledge.kb import snapshot
from knowledge.kb.entries import Entry, read_shipped
from knowledge.kb.index import DocTokens
from knowledge.kb.search import KnowledgeSearch, engine
from knowledge.kb.stored import FIELD_NAMES

log = logging.getLogger(__name__)


def to_entry(row: KbEntry) -> Entry:
    """The plain Entry of a database row."""
    return Entry(
        id=row.id,
        question=row.question,
        answer=row.answer,
        alt_questions=list(row.alt_questions or []),
        tags=list(row.tags or []),
        category=row.category,
        photo=row.photo,
        question_en=row.question_en,
        answer_en=row.answer_en,
    )


# The cached tokens' layout (kb_entries.tokens): each field's tokens joined by
# spaces, which start-up splits again in C, instead of one JSON string per token
# (a list of 6 million strings at 50,000 entries was most of the reading time),
# and how many tokens each alternative phrasing has, so its exact matches
# survive a restart. Rows without "format" hold one list per field and no
# phrasings (they still load; `sync` adds their phrasings).
TOKENS_FORMAT = 2


def _tokens_json(tokens: DocTokens) -> dict[str, Any]:
    data: dict[str, Any] = {"format": TOKENS_FORMAT}
    for name in FIELD_NAMES:
        values = list(getattr(tokens, name))
        joined = " ".join(values)
        # A token with a space in it (or an empty one) would not split back: kept as a list.
        data[name] = joined if len(joined.split()) == len(values) else values
    if tokens.phrasings is not None:
        data["phrasings"] = list(tokens.phrasings)
    return data


def _tokens_of(data: dict[str, Any]) -> DocTokens:
    if "format" not in data:
        return DocTokens(
            data["question"], data["alts"], data["tags"], data["answer"], data["bigrams"]
        )
    q, alts, tags, answer, grams = (
        value.split() if isinstance(value, str) else value
        for value in map(data.__getitem__, FIELD_NAMES)
    )
    return DocTokens(q, alts, tags, answer, grams, data.get("phrasings"))


def _same(row: KbEntry, entry: Entry) -> bool:
    return to_entry(row) == entry


async def upsert_entries(
    session: AsyncSession, entries: Sequence[Entry], search: KnowledgeSearch, by: str
) -> ImportResult:
    """Insert new entries and update changed ones by id; identical entries are left alone."""
    result = ImportResult()
    existing = {
        row.id: row
        for row in await session.scalars(
            select(KbEntry).where(KbEntry.id.in_([e.id for e in entries]))
        )
    }
    changed: list[tuple[Entry, DocTokens]] = []
    for entry in entries:
        row = existing.get(entry.id)
        if row is not None and _same(row, entry):
            result.unchanged += 1
            continue
        tokens = search.doc_tokens(entry)
        if row is None:
            row = KbEntry(id=entry.id)
            session.add(row)
            result.added += 1
        else:
            result.updated += 1
        row.question, row.answer, row.category = entry.question, entry.answer, entry.category
        row.alt_questions, row.tags, row.photo = entry.alt_questions, entry.tags, entry.photo
        row.question_en, row.answer_en = entry.question_en, entry.answer_en
        row.tokens, row.tokens_version = _tokens_json(tokens), search.tokenizer.version
        row.updated_at, row.updated_by = utcnow(), by
        changed.append((entry, tokens))
    await session.flush()
    # The in-process index follows at once; other processes pick the change up
    # through refresh_index.
    for entry, tokens in changed:
        search.upsert(entry, tokens)
    return result


async def all_entries(session: AsyncSession) -> list[Entry]:
    """Every entry, ordered by id (for export)."""
    rows = await session.scalars(select(KbEntry).order_by(KbEntry.id))
    return [to_entry(row) for row in rows]


async def get_entries(session: AsyncSession, ids: Sequence[str]) -> dict[str, Entry]:
    """The entries with the given ids (missing ones are absent from the result)."""
    if not ids:
        return {}
    rows = await session.scalars(select(KbEntry).where(KbEntry.id.in_(list(ids))))
    return {row.id: to_entry(row) for row in rows}


async def count_entries(session: AsyncSession) -> int:
    """How many entries the base holds."""
    return int(await session.scalar(select(func.count()).select_from(KbEntry)) or 0)


async def load_index(session: AsyncSession, search: KnowledgeSearch) -> datetime | None:
    """Build the search index from the database; returns the newest updated_at seen.

    A snapshot of the compiled index (knowledge/kb/snapshot.py) is used instead of
    the rows when it is this database's index now; after a build from the rows a
    fresh one is written.

    Cached tokens made with the current dictionary are used as they are; others
    are re-tokenised and stored again (the caller's unit of work commits them).
    """
    # Reading 50,000 entries makes millions of small objects that all live on;
    # the cyclic garbage collector would walk them again and again while they are
    # made (a quarter of the load time), so it waits until the index is built.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return await _load_index(session, search)
    finally:
        # The index lives as long as the process: later full collections need
        # not walk its hundreds of thousands of lists again (freed by reference
        # counting all the same when a reload replaces them).
        gc.freeze()
        if collecting:
            gc.enable()


def snapshot_path(url: URL) -> Path | None:
    """Where the index snapshot of this database lives: next to a SQLite file, or in
    index_cache_dir (needed for PostgreSQL); None if nowhere."""
    try:
        cache = get_settings().index_cache_dir
    except ConfigError:  # no usable configuration: the default place
        cache = ""
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
            return None
        db = Path(url.database)
        return (Path(cache) if cache else db.parent) / f"{db.name}.index.npz"
    if not cache:
        return None
    name = hashlib.sha1(url.render_as_string(hide_password=True).encode()).hexdigest()[:12]
    return Path(cache) / f"farmhub-{name}.index.npz"


async def _snapshot_key(
    session: AsyncSession, version: str
) -> tuple[dict[str, Any], int, datetime | None]:
    """What a snapshot must have been written under to be this database's index now,
    how many rows lack current cached tokens (a snapshot is then not used), and the
    newest change (one query: not a timestamp parsed per row)."""
    stale = case((or_(KbEntry.tokens.is_(None), KbEntry.tokens_version != version), 1), else_=0)
    row = (
        await session.execute(
            select(
                func.count(),
                func.max(KbEntry.updated_at),
                func.min(KbEntry.updated_at),
                func.coalesce(func.sum(stale), 0),
            )
        )
    ).one()
    count, newest, oldest, missing = row
    key = {
        "entries": int(count),
        "newest": newest.isoformat() if newest is not None else None,
        "oldest": oldest.isoformat() if oldest is not None else None,
        "tokenizer": version,
    }
    return key, int(missing), newest


async def _load_index(session: AsyncSession, search: KnowledgeSearch) -> datetime | None:
    key, missing, newest = await _snapshot_key(session, search.tokenizer.version)
    connection = await session.connection()
    path = snapshot_path(connection.engine.url)
    # Rows whose cached tokens are missing or stale must be tokenised and stored
    # again: only a build from the rows does that.
    if path is not None and not missing:
        compiled = snapshot.read(path, key)
        if compiled is not None:
            search.restore(compiled)
            return newest
    joined = await _build_from_rows(session, search)
    # Written under the key read before the rows: a change committed meanwhile
    # makes the next start-up's key differ, so it rebuilds rather than miss it.
    if path is not None:
        try:
            snapshot.write(path, key, search.index.export(joined))
        except ValueError as error:  # tokens a snapshot cannot keep: rebuild each start
            log.warning("index snapshot not written: %s", error)
    return newest


async def _build_from_rows(
    session: AsyncSession, search: KnowledgeSearch
) -> list[list[str | None]]:
    """Build the index from the rows; returns per field each entry's cached string
    (None where the row holds a list), in the order built, for the snapshot."""
    version = search.tokenizer.version
    docs: list[tuple[str, DocTokens]] = []
    joined: list[list[str | None]] = [[] for _ in FIELD_NAMES]
    # Core rows, not ORM ones: 50,000 of them.
    connection = await session.connection()
    rows = await connection.execute(select(KbEntry.id, KbEntry.tokens, KbEntry.tokens_version))
    stale: list[str] = []
    for entry_id, tokens, tokens_version in rows:
        if tokens is not None and tokens_version == version:
            docs.append((entry_id, _tokens_of(tokens)))
            for column, name in zip(joined, FIELD_NAMES, strict=True):
                value = tokens[name] if "format" in tokens else None
                column.append(value if isinstance(value, str) else None)
        else:
            stale.append(entry_id)
    for start in range(0, len(stale), 500):
        for row in await session.scalars(
            select(KbEntry).where(KbEntry.id.in_(stale[start : start + 500]))
        ):
            tokens = search.doc_tokens(to_entry(row))
            row.tokens, row.tokens_version = _tokens_json(tokens), version
            docs.append((row.id, tokens))
            for column in joined:
                column.append(None)
    await session.flush()
    search.load(docs)
    return joined


async def refresh_index(
    session: AsyncSession, search: KnowledgeSearch, since: datetime | None
) -> datetime | None:
    """Apply entries changed since `since` (by any process) to the index."""
    query = select(KbEntry)
    if since is not None:
        query = query.where(KbEntry.updated_at > since)
    newest = since
    for row in await session.scalars(query):
        tokens = (
            _tokens_of(row.tokens)
            if row.tokens is not None and row.tokens_version == search.tokenizer.version
            else None
        )
        search.upsert(to_entry(row), tokens)
        newest = row.updated_at if newest is None or row.updated_at > newest else newest
    return newest


async def load_sample(session: AsyncSession) -> int:
    """Add the shipped entries that the database lacks (never overwrites an edit)."""
    shipped = read_shipped()
    present = set(
        await session.scalars(select(KbEntry.id).where(KbEntry.id.in_([e.id for e in shipped])))
    )
    missing = [e for e in shipped if e.id not in present]
    if not missing:  # nothing to add: do not pay for building the tokenizer
        return 0
    result = await upsert_entries(session, missing, engine(), by="sample")
    return result.added


async def ensure_loaded(session: AsyncSession, search: KnowledgeSearch) -> None:
    """Load the index on first use (the bot also loads it at start-up)."""
    if not search.loaded:
        search.synced_until = await load_index(session, search)


async def sync(session: AsyncSession, search: KnowledgeSearch) -> None:
    """Pick up entries other processes changed since the last sync."""
    if not search.loaded:
        await ensure_loaded(session, search)
        return
    search.synced_until = await refresh_index(session, search, search.synced_until)
    await split_phrasings(session, search)


async def split_phrasings(session: AsyncSession, search: KnowledgeSearch, limit: int = 500) -> int:
    """Find the phrasings of up to `limit` entries whose cached tokens lack them; store them.

    Tokens cached before phrasings were kept apart load with questions only as
    exact matches; tokenising every phrasing at start-up would cost seconds, so
    each sync does a batch. Returns how many entries it did.
    """
    ids = sorted(search.unsplit)[:limit]
    if not ids:
        return 0
    version = search.tokenizer.version
    for row in await session.scalars(select(KbEntry).where(KbEntry.id.in_(ids))):
        if row.id not in search.unsplit:
            continue
        entry = to_entry(row)
        phrasings = [search.tokenizer.tokens(alt) for alt in entry.alt_questions]
        indexed = search.index.tokens_of(row.id)
        if [t for p in phrasings for t in p] == list(indexed.alts):
            search.remember_phrasings(row.id, phrasings)
            if row.tokens_version == version:
                row.tokens = _tokens_json(replace(indexed, phrasings=[len(p) for p in phrasings]))
        else:  # the index holds other tokens than the entry now makes: tokenise afresh
            tokens = search.doc_tokens(entry)
            search.upsert(entry, tokens)
            row.tokens, row.tokens_version = _tokens_json(tokens), version
    search.unsplit.difference_update(ids)  # entries deleted meanwhile too
    await session.flush()
    return len(ids)


async def sync_all(session: AsyncSession, search: KnowledgeSearch) -> None:
    """As `sync`, and entries another process deleted leave the index too."""
    await sync(session, search)
    stored = set(await session.scalars(select(KbEntry.id)))
    for entry_id in search.index.entry_ids():
        if entry_id not in stored:
            search.remove(entry_id)
