"""A farmer's question as staff get it: every part of its thread, each file, in order.

A question with no file is a block of text (/questions pages them). A question with
files becomes messages in the thread's order: the words up to a file go as that
file's caption, the words after the last file under it too when they fit (else as a
message of their own), and the "✍️ answer" button goes under the last message. A
video note takes no caption: its words go as a message just before it (as the outbox
sends one, bot/delivery/outbox.py `split`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup

from bot.core.i18n import t
from bot.models.knowledge import OpenQuestion
from bot.models.types import MediaKind
from handlers.render import CAPTION_LIMIT, MESSAGE_LIMIT, fit, paginate_with_buttons, utf16_len
from handlers.render.knowledge import as_asked, local_time, question_buttons
from knowledge.kb.threads import Part, has_files

# A question in the staff list is cut to this many UTF-16 units: a farmer's question
# can be a whole message long; "reply" shows it again, up to a whole message.
ITEM_ROOM = 1000

Page = tuple[str, InlineKeyboardMarkup | None]


@dataclass(frozen=True)
class Item:
    """One message of a thread: text, or a file with its caption (a video note: the text
    goes just before it)."""

    text: str
    kind: MediaKind | None = None
    file_id: str | None = None
    markup: InlineKeyboardMarkup | None = None


def _line(index: int, part: Part, lang: str) -> str:
    said = as_asked(part.text, lang)
    return said if index == 0 else f"➕ {said}"


def _takes_more(item: Item, lines: Sequence[str]) -> bool:
    """Whether a file's caption can take `lines` too (a video note has no caption)."""
    if item.kind in (None, MediaKind.video_note) or not item.text:
        return False
    return utf16_len("\n".join([item.text, *lines])) <= CAPTION_LIMIT


def thread_items(
    question: OpenQuestion,
    thread: Sequence[Part],
    lang: str,
    opening: Callable[[str], str],
    markup: InlineKeyboardMarkup | None,
    room: int = MESSAGE_LIMIT,
) -> list[Item]:
    """The messages of a thread: `opening` wraps the first one's words (who asked, when),
    the next ones say which question they go on; `markup` goes under the last one."""
    items: list[Item] = []
    lines: list[str] = []

    def words() -> str:
        body = "\n".join(lines)
        lines.clear()
        if not items:
            return opening(body)
        return t(lang, "questions.thread_more", id=question.id, text=body).rstrip()

    for index, part in enumerate(thread):
        lines.append(_line(index, part, lang))
        for file in part.media:
            text = words()
            if file.kind is not MediaKind.video_note and utf16_len(text) > CAPTION_LIMIT:
                # Too long for a caption: the words first, then the file alone.
                items.append(Item(fit(text, room)))
                text = ""
            elif file.kind is MediaKind.video_note:
                text = fit(text, room)
            items.append(Item(text, file.kind, file.file_id))
    if lines and items and _takes_more(items[-1], lines):
        # Words after the last file fit under it: one message fewer, read below the file.
        items[-1] = replace(items[-1], text="\n".join([items[-1].text, *lines]))
    elif lines or not items:
        items.append(Item(fit(words(), room)))
    if markup is None:
        return items
    # The button goes under the last message that has words (a file alone may be gone
    # from Telegram: its words and button are then sent without it).
    under = max(i for i, item in enumerate(items) if item.text)
    items[under] = replace(items[under], markup=markup)
    return items


def question_list(
    waiting: Sequence[OpenQuestion],
    threads: Mapping[int, Sequence[Part]],
    names: Mapping[int, str],
    header: str,
    lang: str,
    tz: ZoneInfo,
) -> tuple[list[Page], list[Item]]:
    """/questions: questions of words only as pages (each with its reply button); those with
    photos or recordings as their threads' messages, one question after another."""
    units = []
    attached: list[Item] = []
    for q in waiting:
        thread = threads.get(q.id) or [Part(q.text)]

        def opening(body: str, q: OpenQuestion = q) -> str:
            return t(
                lang,
                "questions.item",
                id=q.id,
                farmer=names.get(q.farmer_id, str(q.farmer_id)),
                asked_at=local_time(q.asked_at, tz),
                text=body,
            )

        markup = question_buttons(q.id, lang)
        if has_files(thread):
            attached.extend(thread_items(q, thread, lang, opening, markup, ITEM_ROOM))
        else:
            words = "\n".join(_line(i, part, lang) for i, part in enumerate(thread))
            units.append((fit(opening(words), ITEM_ROOM), markup.inline_keyboard))
    # Below the list, once: a question is answered in words too (回复23 您的回答).
    hint = t(lang, "questions.words_hint", id=waiting[0].id) if waiting else ""
    pages: list[Page] = [(f"{header}\n\n{hint}" if hint else header, None)]
    if units:
        pages = paginate_with_buttons([*units, (hint, ())] if hint else units, header=header)
    return pages, attached
