"""A question looked up in the knowledge base: the search engine kept loaded and in step with
other processes, what it found for a message (a long one also by its opening), how many to show.

What is done with what was found (answer, did-you-mean, offer to ask): handlers/ask.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession
from telegram.ext import ContextTypes

from bot.core.db import session_scope
from knowledge.kb.entries import Entry
from knowledge.kb.repository import ensure_loaded, get_entries, sync, sync_all
from knowledge.kb.search import Decision, KnowledgeSearch, engine
from knowledge.text.english import glossary
from knowledge.text.language import search_text


async def search_engine() -> KnowledgeSearch:
    """The knowledge search, its index loaded from the database the first time."""
    search = engine()
    if not search.loaded:
        async with session_scope() as session:
            await ensure_loaded(session, search)
    return search


async def warm_up() -> None:
    """Load the knowledge index at start-up, so the first farmer does not wait for it."""
    (await search_engine()).prepare()
    glossary()  # the English glossary: 0.6 s the first English question would wait


def warm_pinyin() -> None:
    """Work out the pinyin of the words a question typed in pinyin is read as (for a
    background thread: 1-2 s that the first farmer typing pinyin would otherwise wait)."""
    engine().prepare_pinyin()


async def resync() -> None:
    """Apply every change other processes made to the knowledge base, deletions too."""
    async with session_scope() as session:
        await sync_all(session, engine())


async def refresh_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """JobQueue: apply knowledge entries changed by other processes (imports, admins)."""
    async with session_scope() as session:
        await sync(session, engine())


@dataclass(frozen=True)
class Found:
    """What the base has for a question: the entries to show, and whether they answer it."""

    entries: list[Entry]
    answered: bool  # one entry answers it
    suggested: bool  # a few entries may: the farmer picks
    long: bool = False  # a long message: its entries are offered, never one answer
    read: str = ""  # the message as the search read it (pinyin in characters)


async def look_up(session: AsyncSession, text: str, *, long: bool = False) -> Found:
    """Search the base for `text` (an English question in the base's words; a long message
    whole, then by its opening)."""
    search = await search_engine()
    read = search.in_characters(_query(text))
    outcome = search.search(_query(text))
    if long and outcome.decision is Decision.decline:
        # What a long message is about is most often said first (the crop, what is seen).
        head = opening(text)
        if head != text:
            outcome = search.search(_query(head))
    if outcome.decision is Decision.decline:
        return Found([], False, False, long, read)
    ids = [r.entry_id for r in outcome.results[: view_count(outcome.decision)]]
    entries = await get_entries(session, ids)
    found = [entries[i] for i in ids if i in entries]
    if long:
        # A whole situation is rarely one entry's: what was found is offered, not asserted.
        return Found(found, False, bool(found), True, read)
    answered = outcome.decision is Decision.answer and bool(found)
    suggested = outcome.decision is Decision.suggest and bool(found)
    return Found(found, answered, suggested, read=read)


def _query(text: str) -> str:
    # The base is written in Chinese: an English question is searched in its words.
    return search_text(text)


async def read_as_searched(text: str) -> str:
    """`text` as the search reads it: pinyin in characters (ji ke sou zen me ban: 鸡咳嗽怎么办),
    English in the base's words. What a follow-up is judged on, as `Found.read` is."""
    return (await search_engine()).in_characters(_query(text))


_SENTENCE_END = re.compile(r"(?<=[。！？!?；;\n])|(?<=\. )")
OPENING_CHARS = 200


def opening(text: str, most: int = OPENING_CHARS) -> str:
    """The first sentences of a long message, up to about `most` characters."""
    kept: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        if kept and sum(map(len, kept)) + len(sentence) > most:
            break
        kept.append(sentence)
    return "".join(kept)[: most * 2].strip()


def view_count(decision: Decision) -> int:
    """How many entries a decision shows: one answer or three suggestions."""
    return 1 if decision is Decision.answer else 3
