"""The knowledge answer (or the entries offered) the farmer's last update got.

Right after 📖 西红柿叶子发黄… a farmer who says 还是不行 / 没用 / 不对 / that didn't help
means that answer did not help (handlers/not_helped.py): their words are no new question
for the base. Only right after it, and soon: the answer is remembered in user_data with
when it was given, kept through the next update only (`forget_stale`, after every
feature: the update that got the answer marks it fresh, the one after reads it, any later
one finds it gone), and only for NOT_HELPED_WINDOW. Kept as JSON (persisted user_data).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.clock import utcnow
from knowledge.kb.entries import Entry

ANSWERED = "just_answered"  # user_data: what was asked and what the base gave for it
FRESH = "just_answered_fresh"  # user_data: set by the update that got the answer
# How long after an answer 不行 / 没用 still speaks of it.
NOT_HELPED_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class Answered:
    """What the farmer asked, and the entries the base gave them for it."""

    text: str  # the farmer's own words
    question_id: int  # the recorded question (0: not recorded, the base answered it)
    entries: tuple[tuple[str, str], ...]  # (entry id, its question as the farmer saw it)
    suggested: bool  # a list to pick from (您是不是想问…), not one answer
    at: datetime


def remember(
    context: ContextTypes.DEFAULT_TYPE,
    text: str,
    question_id: int,
    entries: Sequence[Entry],
    titles: Sequence[str],
    *,
    suggested: bool = False,
) -> None:
    """The farmer got `entries` (shown with `titles`) for `text` in this update."""
    if context.user_data is None:
        return
    context.user_data[ANSWERED] = {
        "text": text,
        "q": question_id,
        "entries": [[e.id, title] for e, title in zip(entries, titles, strict=True)],
        "suggested": suggested,
        "at": utcnow().timestamp(),
    }
    context.user_data[FRESH] = True


def recent(context: ContextTypes.DEFAULT_TYPE, now: datetime) -> Answered | None:
    """The answer the farmer's previous update got, if it was given within the window."""
    found = (context.user_data or {}).get(ANSWERED)
    if not isinstance(found, dict) or not isinstance(found.get("text"), str):
        return None
    at = found.get("at")
    if not isinstance(at, (int, float)):
        return None
    given = datetime.fromtimestamp(at, UTC)
    if now - given > NOT_HELPED_WINDOW:
        return None
    question_id = found.get("q")
    entries = tuple(
        (str(pair[0]), str(pair[1]))
        for pair in found.get("entries") or ()
        if isinstance(pair, list) and len(pair) == 2
    )
    return Answered(
        found["text"],
        question_id if isinstance(question_id, int) else 0,
        entries,
        bool(found.get("suggested")),
        given,
    )


def forget(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The answer has been spoken of (said not to help): nothing more refers to it."""
    if context.user_data is not None:
        context.user_data.pop(ANSWERED, None)
        context.user_data.pop(FRESH, None)


async def forget_stale(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """After every feature: the answer stays for the one update after it, no longer."""
    if not isinstance(update, Update) or context.user_data is None:
        return
    if context.user_data.pop(FRESH, False):
        return  # this update got the answer: the next may speak of it
    context.user_data.pop(ANSWERED, None)
