"""A photo sent without words just before a question goes with it when the question is
forwarded (tester walk: /photo, 苞米叶子这样了咋整, a voice, forward: staff got no photo)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.clock import PinnedClock
from bot.core.db import session_scope
from bot.models.knowledge import OpenQuestion, QuestionStatus
from bot.models.types import MediaKind
from bot.models.users import User
from bot.users import Visitor, touch
from knowledge.kb import loose_photos, offers, questions, threads

PLACEHOLDER = "（照片）"


async def _farmer() -> User:
    async with session_scope() as session:
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        await touch(session, Visitor(30001, "王管理员"), admin_ids=[30001])
        return farmer


async def _photo(farmer: User, file_id: str, text: str = PLACEHOLDER) -> int:
    async with session_scope() as session:
        return (await questions.record(session, farmer, text, photo_file_id=file_id)).id


async def _ask(farmer: User, text: str) -> int:
    async with session_scope() as session:
        return (await questions.record(session, farmer, text)).id


async def _forward(question_id: int) -> questions.Recipients:
    async with session_scope() as session:
        return await questions.forward(session, question_id, 10001)


async def _files(question_id: int) -> list[list[str]]:
    async with session_scope() as session:
        question = await session.get(OpenQuestion, question_id)
        assert question is not None
        return [[f.file_id for f in p.media] for p in await threads.thread_of(session, question)]


async def _exists(question_id: int) -> bool:
    async with session_scope() as session:
        return await session.get(OpenQuestion, question_id) is not None


async def test_a_wordless_photo_goes_with_the_question_forwarded_after_it(
    db: str, clock: PinnedClock
) -> None:
    farmer = await _farmer()
    photo = await _photo(farmer, "PHOTO-1")
    clock.advance(timedelta(minutes=1))
    asked = await _ask(farmer, "苞米叶子这样了咋整")
    async with session_scope() as session:
        question = await session.get(OpenQuestion, asked)
        assert question is not None
        assert threads.append(question, "🎤 语音 5秒")
        await threads.attach(session, question, threads.Attachment(MediaKind.voice, "VOICE-1", 5))
    sent = await _forward(asked)
    assert sent.photos == 1 and sent.telegram_ids == (30001,)
    # The photo is on the question's own part, before the voice's part; its own question
    # is gone, so its "send it?" buttons cannot send it twice.
    assert await _files(asked) == [["PHOTO-1"], ["VOICE-1"]]
    assert sent.question.photo_file_id == "PHOTO-1"
    assert sent.question.media_file_id == "VOICE-1"
    assert not await _exists(photo)
    async with session_scope() as session:
        with pytest.raises(questions.Gone):
            await questions.forward(session, photo, 10001)


async def test_two_photos_in_a_row_both_go_first_one_first(db: str, clock: PinnedClock) -> None:
    farmer = await _farmer()
    await _photo(farmer, "PHOTO-1")
    await _photo(farmer, "PHOTO-2")
    asked = await _ask(farmer, "羊拉稀咋整")
    assert (await _forward(asked)).photos == 2
    assert await _files(asked) == [["PHOTO-1", "PHOTO-2"]]


@pytest.mark.parametrize("how", ["old", "captioned", "forwarded", "kept", "between"])
async def test_a_photo_that_is_not_loose_stays_its_own(
    db: str, clock: PinnedClock, how: str
) -> None:
    farmer = await _farmer()
    photo = await _photo(farmer, "PHOTO-1", "这是俺家苞米" if how == "captioned" else PLACEHOLDER)
    if how == "forwarded":
        await _forward(photo)
    if how == "kept":
        async with session_scope() as session:
            await offers.keep(session, photo, 10001, clock.now())
    if how == "between":
        await _ask(farmer, "大蒜啥时候种")  # another question came between
    # Long before the question: another matter.
    clock.advance(timedelta(minutes=30 if how == "old" else 1))
    asked = await _ask(farmer, "苞米叶子这样了咋整")
    sent = await _forward(asked)
    assert sent.photos == 0
    assert await _files(asked) == [[]]
    assert await _exists(photo)


async def test_only_the_farmers_own_photos(db: str, clock: PinnedClock) -> None:
    farmer = await _farmer()
    async with session_scope() as session:
        neighbour, _ = await touch(session, Visitor(10002, "李大姐"))
    await _photo(neighbour, "PHOTO-N")
    asked = await _ask(farmer, "苞米叶子这样了咋整")
    assert (await _forward(asked)).photos == 0


async def test_a_photo_sent_after_the_question_is_no_loose_photo_of_it(
    db: str, clock: PinnedClock
) -> None:
    farmer = await _farmer()
    asked = await _ask(farmer, "苞米叶子这样了咋整")
    async with session_scope() as session:
        kept = await offers.keep(session, asked, 10001, clock.now())
        assert kept.status is QuestionStatus.unanswered
    photo = await _photo(farmer, "PHOTO-1")
    async with session_scope() as session:
        question = await session.get(OpenQuestion, asked)
        assert question is not None
        assert await loose_photos.loose_before(session, question) == []
    assert await _exists(photo)


@pytest.mark.parametrize("asked", ["我想贷款", "低保咋申请", "how do I get a loan from the bank"])
async def test_a_question_that_shows_nothing_takes_no_photo(
    db: str, clock: PinnedClock, asked: str
) -> None:
    # A photo of a leaf, then a loan question forwarded: the photo is not the loan's.
    farmer = await _farmer()
    photo = await _photo(farmer, "PHOTO-1")
    clock.advance(timedelta(minutes=2))
    question_id = await _ask(farmer, asked)
    assert (await _forward(question_id)).photos == 0
    assert await _exists(photo)


@pytest.mark.parametrize("asked", ["这是啥病", "what disease is this", "俺家羊拉稀", "两天了"])
async def test_a_question_about_what_a_photo_shows_takes_it(
    db: str, clock: PinnedClock, asked: str
) -> None:
    farmer = await _farmer()
    await _photo(farmer, "PHOTO-1")
    clock.advance(timedelta(minutes=2))
    assert (await _forward(await _ask(farmer, asked))).photos == 1
