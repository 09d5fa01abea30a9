"""A question's thread: the farmer's words part by part, with the files each part brought.

A question grows as the farmer adds to it (more words, a photo, a voice): its text
keeps the parts joined by THREAD_SEP, and table `question_media` keeps every photo
and recording with the part it came with, so staff get the whole thread, in order
(handlers/render/threads.py). The question's first photo and first recording also
stay on the question itself (`photo_file_id`, `media_*`), which says whether it was
asked with a photo or aloud. Telegram-free.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models.knowledge import OpenQuestion, QuestionMedia
from bot.models.types import MediaKind

# How a thread's parts are joined: the question, then each addition.
THREAD_SEP = "\n➕ "
# The longest a thread may grow (the question and every addition, separators included).
MAX_TEXT = 1000


@dataclass(frozen=True)
class Attachment:
    """A file of a thread as Telegram holds it: a photo, a voice or a video note."""

    kind: MediaKind
    file_id: str
    seconds: int | None = None


@dataclass(frozen=True)
class Part:
    """One part of a thread: the farmer's words (or what stands for a file) and its files."""

    text: str
    media: tuple[Attachment, ...] = ()


def parts(text: str) -> list[str]:
    """A thread's text, part by part."""
    return text.split(THREAD_SEP)


# What stands for a file in a thread, in either language: （照片）, (photo), (added a photo).
_STANDS_FOR_FILE = re.compile(r"[（(][^（()）]*[）)]|🎤.*|📹.*")


def asked(text: str) -> str:
    """What a thread asks: its first part in words, without what the farmer added after
    (好的，明天上午我带过去 is no part of the question an entry is made from)."""
    worded = [
        p.strip() for p in parts(text) if p.strip() and not _STANDS_FOR_FILE.fullmatch(p.strip())
    ]
    return worded[0] if worded else text


def first_words(question: OpenQuestion, limit: int = 15) -> str:
    """The start of what the farmer first asked, to remind them which question it is."""
    first = parts(question.text)[0].strip()
    return first if len(first) <= limit else first[:limit] + "…"


def part_key(text: str) -> str:
    """A short fingerprint of one addition (a button names the part it would take out by it)."""
    return f"{zlib.crc32(text.encode()) & 0xFFFFFF:06x}"


def last_part(question: OpenQuestion) -> str:
    """The newest addition of a thread (the question itself when it has none)."""
    return parts(question.text)[-1]


def append(question: OpenQuestion, text: str) -> bool:
    """Add `text` to the question's thread; False (nothing changed) when it would not fit."""
    thread = f"{question.text}{THREAD_SEP}{text}"
    if len(thread) > MAX_TEXT:
        return False
    question.text = thread
    return True


async def attach(
    session: AsyncSession, question: OpenQuestion, file: Attachment, part: int | None = None
) -> None:
    """Keep a file with part `part` of the question's thread (by default its newest part)."""
    index = len(parts(question.text)) - 1 if part is None else part
    session.add(
        QuestionMedia(
            question_id=question.id,
            part=index,
            kind=file.kind.value,
            file_id=file.file_id,
            seconds=file.seconds,
        )
    )
    _keep_first(question, file)
    await session.flush()


def _keep_first(question: OpenQuestion, file: Attachment) -> None:
    # The question's first photo and first recording are its own: whether it was asked
    # with a photo, or aloud (no knowledge entry from a voice), is read from them.
    if file.kind is MediaKind.photo:
        if question.photo_file_id is None:
            question.photo_file_id = file.file_id
    elif question.media_file_id is None:
        question.media_kind = file.kind.value
        question.media_file_id = file.file_id
        question.media_seconds = file.seconds


async def _rows(session: AsyncSession, question_ids: Sequence[int]) -> list[QuestionMedia]:
    if not question_ids:
        return []
    found = await session.scalars(
        select(QuestionMedia)
        .where(QuestionMedia.question_id.in_(question_ids))
        .order_by(QuestionMedia.question_id, QuestionMedia.part, QuestionMedia.id)
        # Parts renumbered by `move_part` in this session are read as they are now.
        .execution_options(populate_existing=True)
    )
    return list(found)


def _attachment(row: QuestionMedia) -> Attachment | None:
    try:
        return Attachment(MediaKind(row.kind), row.file_id, row.seconds)
    except ValueError:  # a kind this version does not know: nothing it could send
        return None


async def threads_of(
    session: AsyncSession, questions: Sequence[OpenQuestion]
) -> dict[int, list[Part]]:
    """Each question's thread, part by part with its files (one query for all of them)."""
    files: dict[tuple[int, int], list[Attachment]] = {}
    for row in await _rows(session, [q.id for q in questions]):
        found = _attachment(row)
        if found is not None:
            files.setdefault((row.question_id, row.part), []).append(found)
    threads: dict[int, list[Part]] = {}
    for q in questions:
        texts = parts(q.text)
        thread = [Part(text, tuple(files.pop((q.id, i), ()))) for i, text in enumerate(texts)]
        # A file whose part is gone (it cannot be, short of a hand edit) is still shown.
        stray = [f for (qid, _), found in sorted(files.items()) if qid == q.id for f in found]
        if stray:
            last = thread[-1]
            thread[-1] = Part(last.text, (*last.media, *stray))
        threads[q.id] = thread
    return threads


async def thread_of(session: AsyncSession, question: OpenQuestion) -> list[Part]:
    """The question's thread, part by part with its files."""
    return (await threads_of(session, [question]))[question.id]


def has_files(thread: Sequence[Part]) -> bool:
    """Whether any part of a thread brought a photo or a recording."""
    return any(part.media for part in thread)


async def move_part(
    session: AsyncSession, question: OpenQuestion, index: int, to: OpenQuestion
) -> None:
    """Part `index` was taken out of `question` and is question `to` now: its files go along.

    Call after the question's text lost the part: the later parts' files move up one,
    and each question's own first photo and recording are worked out again.
    """
    await session.flush()
    await session.execute(
        update(QuestionMedia)
        .where(QuestionMedia.question_id == question.id, QuestionMedia.part == index)
        .values(question_id=to.id, part=0)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(QuestionMedia)
        .where(QuestionMedia.question_id == question.id, QuestionMedia.part > index)
        .values(part=QuestionMedia.part - 1)
        .execution_options(synchronize_session=False)
    )
    for q in (question, to):
        q.photo_file_id = None
        q.media_kind = q.media_file_id = q.media_seconds = None
        for row in await _rows(session, [q.id]):
            found = _attachment(row)
            if found is not None:
                _keep_first(q, found)
    await session.flush()


async def merge(session: AsyncSession, source: OpenQuestion, into: OpenQuestion) -> bool:
    """Append the whole thread of `source` to `into`, its files with their parts; False
    (nothing changed) when it would not fit. The caller removes `source`."""
    offset = len(parts(into.text))
    if not append(into, source.text):
        return False
    await session.flush()
    await session.execute(
        update(QuestionMedia)
        .where(QuestionMedia.question_id == source.id)
        .values(question_id=into.id, part=QuestionMedia.part + offset)
        .execution_options(synchronize_session=False)
    )
    for row in await _rows(session, [into.id]):
        found = _attachment(row)
        if found is not None:
            _keep_first(into, found)
    await session.flush()
    return True


async def take_files(
    session: AsyncSession, source: OpenQuestion, into: OpenQuestion, part: int = 0
) -> None:
    """Every file of `source` goes to part `part` of `into` (a photo sent just before the
    question it shows, knowledge/kb/loose_photos.py). The caller removes `source`."""
    await session.flush()
    await session.execute(
        update(QuestionMedia)
        .where(QuestionMedia.question_id == source.id)
        .values(question_id=into.id, part=part)
        .execution_options(synchronize_session=False)
    )
    into.photo_file_id = None
    into.media_kind = into.media_file_id = into.media_seconds = None
    for row in await _rows(session, [into.id]):
        found = _attachment(row)
        if found is not None:
            _keep_first(into, found)
    await session.flush()
