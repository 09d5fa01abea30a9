"""Rendering of single knowledge entries (/kb add, find, delete): the staged entry, its buttons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.admindata.entries import Staged
from bot.core.callbacks import Button
from bot.core.i18n import t
from handlers.render import fitted, kb_edit
from handlers.render.admin_data import preview_text
from handlers.render.admin_review import flag_words
from handlers.render.knowledge import answer_text
from knowledge.kb.entries import Entry
from knowledge.kb.offers import Destination


@dataclass(frozen=True)
class DeleteEntry(Button):
    """Admin: delete this knowledge entry (kept for /undo)."""

    PREFIX = "ad:del"
    entry_id: str


@dataclass(frozen=True)
class KeepEntry(Button):
    """Admin: do not delete this knowledge entry after all."""

    PREFIX = "ad:keep"
    entry_id: str


@dataclass(frozen=True)
class FoundPage(Button):
    """Admin: page `page` (from 0) of `/kb find WORDS`."""

    PREFIX = "ad:fp"
    page: int
    words: str


# Entries a page of /kb find lists: a phone's screen of lines.
FOUND_PAGE = 10


def pages(count: int) -> int:
    """How many pages /kb find's `count` entries take."""
    return max(1, -(-count // FOUND_PAGE))


@fitted
def found_text(lang: str, entries: Sequence[Entry], page: int = 0) -> str:
    """/kb find: the entries found (page `page` of them), with their ids."""
    if not entries:
        return t(lang, "kbadmin.none")
    shown = entries[page * FOUND_PAGE : (page + 1) * FOUND_PAGE]
    lines = "\n".join(
        t(lang, "kbadmin.found_line", id=e.id, question=e.question[:60]) for e in shown
    )
    if len(entries) <= FOUND_PAGE:
        return t(lang, "kbadmin.found", count=len(entries), lines=lines)
    return t(
        lang,
        "kbadmin.found_page",
        count=len(entries),
        page=page + 1,
        pages=pages(len(entries)),
        lines=lines,
    )


def found_keyboard(lang: str, words: str, count: int, page: int = 0) -> InlineKeyboardMarkup | None:
    """◀ ▶ under a /kb find of more than a page (none for words too long for a button)."""
    row = []
    try:
        if page > 0:
            data = FoundPage(page - 1, words).encode()
            row.append(InlineKeyboardButton(t(lang, "kbadmin.found_before"), callback_data=data))
        if page + 1 < pages(count):
            data = FoundPage(page + 1, words).encode()
            row.append(InlineKeyboardButton(t(lang, "kbadmin.found_next"), callback_data=data))
    except ValueError:
        return None
    return InlineKeyboardMarkup([row]) if row else None


@fitted
def staged_text(lang: str, staged: Staged) -> str:
    """A staged entry as a farmer will see it, what confirming does, and the words to check.

    Flagged words are a warning, not a refusal (a date can be right in an entry: 5月10号前播种):
    the admin changes them or saves anyway, and the button under it says so (`preview_keyboard`).
    """
    preview = staged.preview
    if preview.errors or preview.kind is None:
        return preview_text(lang, preview)
    result = preview.result
    key = "is_new" if result.added else "is_changed" if result.updated else "is_same"
    flagged = ""
    if staged.flags:
        flagged = t(lang, "kbadmin.flags", words=flag_words(lang, staged.flags))
    entry = staged.entry
    # The Chinese version (most farmers'), then the English one for farmers who chose
    # English. Under each, what farmers see below an answer: "ask the station" or, for a
    # farmer with no station or none on FarmHub, "ask the county" (a note in the admin's
    # language: the footer depends on the farmer).
    footer = t(lang, "kbadmin.preview_footer")
    english = ""
    if entry.answer_en:
        question = entry.question_en or entry.question
        answer = f"{answer_text(entry, 'en', Destination.nobody)}\n\n{footer}"
        english = t(lang, "kbadmin.preview_en", question=question, answer=answer)
    elif entry.question_en:
        # Accepted alone, as in a file: it titles the English buttons; the answer stays Chinese.
        english = t(lang, "kbadmin.preview_en_question_only", question=entry.question_en)
    return t(
        lang,
        "kbadmin.preview",
        question=entry.question,
        answer=f"{answer_text(entry, 'zh', Destination.nobody)}\n\n{footer}",
        english=english,
        details=kb_edit.details_text(lang, entry),
        counts=t(lang, f"kbadmin.{key}"),
        flags=flagged,
    )


@fitted
def delete_text(lang: str, entry: Entry) -> str:
    """Delete this entry? (with what it says)"""
    return t(
        lang, "kbadmin.delete_preview", id=entry.id, question=entry.question, answer=entry.answer
    )


def delete_keyboard(lang: str, entry: Entry) -> InlineKeyboardMarkup | None:
    """🗑 and ✖️ under the delete preview (none for an id too long for a button)."""
    try:
        data = DeleteEntry(entry.id).encode()
        keep = KeepEntry(entry.id).encode()
    except ValueError:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t(lang, "kbadmin.delete_button"), callback_data=data),
                InlineKeyboardButton(t(lang, "kbadmin.keep_button"), callback_data=keep),
            ]
        ]
    )
