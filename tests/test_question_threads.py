"""A question's thread keeps every photo and recording in order; "no thanks" closes a question;
the offer to forward says where the question would go (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.core.clock import PinnedClock
from bot.core.db import session_scope
from bot.models.knowledge import OpenQuestion, QuestionStatus
from bot.models.types import MediaKind
from bot.models.users import Role, User
from bot.users import Visitor, set_role, touch
from knowledge.kb import offers, questions, spoken, threads

PHOTO = threads.Attachment(MediaKind.photo, "PHOTO-1")
VOICE = spoken.Recording(MediaKind.voice, "VOICE-1", 4)


async def _people() -> None:
    """张大爷 (10001) of station 1, which 李站长 (20001) staffs; 新农户 (10003) without a
    station; 王婶 (10004) of station 2, which nobody staffs; the admin 王管理员 (30001)."""
    async with session_scope() as session:
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        farmer.station_id = 1
        await touch(session, Visitor(10003, "新农户"))
        other, _ = await touch(session, Visitor(10004, "王婶"))
        other.station_id = 2
        await touch(session, Visitor(20001, "李站长"))
        await set_role(session, 20001, Role.staff, station_id=1)
        await touch(session, Visitor(30001, "王管理员"), admin_ids=[30001])


async def _user(telegram_id: int) -> User:
    async with session_scope() as session:
        user = await session.get(User, telegram_id)
        assert user is not None
        return user


async def _thread(question_id: int) -> list[threads.Part]:
    async with session_scope() as session:
        question = await session.get(OpenQuestion, question_id)
        assert question is not None
        return await threads.thread_of(session, question)


async def test_every_photo_and_recording_stays_with_its_part(db: str, clock: PinnedClock) -> None:
    await _people()
    farmer = await _user(10001)
    async with session_scope() as session:
        asked = await questions.record(session, farmer, "西红柿叶子发黄")
        # A photo soon after, with a caption: the same problem, before it is forwarded.
        shown = await questions.add_photo_to_recorded(
            session, farmer, PHOTO.file_id, "叶子背面", clock.now()
        )
        assert shown is not None and shown.id == asked.id
        await questions.forward(session, asked.id, 10001)
    async with session_scope() as session:
        more = await spoken.ask_aloud(session, farmer, VOICE, "🎤 语音 4秒", now=clock.now())
        assert more.follow_up and more.recipients.question.id == asked.id
        second = await questions.add_follow_up(
            session, farmer, "（补充了一张照片）", clock.now(), photo="PHOTO-2"
        )
        assert second is not None
        assert await questions.add_follow_up(session, farmer, "两天了", clock.now()) is not None
    voice = threads.Attachment(MediaKind.voice, "VOICE-1", 4)
    assert await _thread(asked.id) == [
        threads.Part("西红柿叶子发黄"),
        threads.Part("叶子背面", (PHOTO,)),
        threads.Part("🎤 语音 4秒", (voice,)),
        threads.Part("（补充了一张照片）", (threads.Attachment(MediaKind.photo, "PHOTO-2"),)),
        threads.Part("两天了"),
    ]
    async with session_scope() as session:
        q = await session.get(OpenQuestion, asked.id)
        assert q is not None
    # The question's own first photo and first recording: asked with a photo, and aloud.
    assert q.photo_file_id == PHOTO.file_id and q.media_file_id == VOICE.file_id
    assert spoken.is_spoken(q)


async def test_a_second_voice_is_kept_too(db: str, clock: PinnedClock) -> None:
    await _people()
    farmer = await _user(10001)
    async with session_scope() as session:
        first = await spoken.ask_aloud(session, farmer, VOICE, "🎤 语音 4秒", now=clock.now())
    again = spoken.Recording(MediaKind.voice, "VOICE-2", 4)
    async with session_scope() as session:
        await spoken.ask_aloud(session, farmer, again, "🎤 语音 4秒", now=clock.now())
    thread = await _thread(first.recipients.question.id)
    assert [[f.file_id for f in part.media] for part in thread] == [["VOICE-1"], ["VOICE-2"]]


async def test_no_thanks_closes_the_question_to_what_comes_next(
    db: str, clock: PinnedClock
) -> None:
    await _people()
    farmer = await _user(10001)
    async with session_scope() as session:
        photo = await questions.record(session, farmer, "（照片）", photo_file_id=PHOTO.file_id)
        kept = await offers.keep(session, photo.id, 10001, clock.now())
        assert kept.kept_at is not None and kept.status is QuestionStatus.unanswered
        # Someone else's "no thanks" is refused.
        with pytest.raises(questions.NotAllowed):
            await offers.keep(session, photo.id, 10003, clock.now())
    clock.advance(timedelta(minutes=5))
    async with session_scope() as session:
        # A voice within the half hour is a question of its own, forwarded without the photo.
        spoken_q = await spoken.ask_aloud(session, farmer, VOICE, "🎤 语音 4秒", now=clock.now())
        assert not spoken_q.joined and not spoken_q.follow_up
        assert spoken_q.recipients.question.id != photo.id
        # So is another photo: it does not join the kept one.
        assert (
            await questions.add_photo_to_recorded(session, farmer, "PHOTO-2", "", clock.now())
            is None
        )
    async with session_scope() as session:
        kept_q = await session.get(OpenQuestion, photo.id)
        assert kept_q is not None and kept_q.text == "（照片）" and kept_q.media_file_id is None
        assert kept_q.status is QuestionStatus.unanswered
        # A kept question is the farmer's own: staff do not read it beside the next voice.
        context = await spoken.recent_context(session, 10001)
    assert [q.text for q in context.questions] == ["🎤 语音 4秒"]
    assert await _thread(spoken_q.recipients.question.id) == [
        threads.Part("🎤 语音 4秒", (threads.Attachment(MediaKind.voice, "VOICE-1", 4),))
    ]


async def test_a_typed_no_thanks_keeps_the_question_waiting(db: str, clock: PinnedClock) -> None:
    await _people()
    farmer = await _user(10001)
    async with session_scope() as session:
        asked = await questions.record(session, farmer, "羊拉稀好几天了")
        assert (await offers.keep_waiting(session, farmer, clock.now())) is not None
        # Nothing waits any more: a second 不用了 keeps nothing.
        assert await offers.keep_waiting(session, farmer, clock.now()) is None
        assert await questions.unforwarded(session, farmer, clock.now()) is None
    async with session_scope() as session:
        kept = await session.get(OpenQuestion, asked.id)
        assert kept is not None and kept.kept_at is not None


async def test_a_kept_question_can_still_be_sent_and_then_takes_additions(
    db: str, clock: PinnedClock
) -> None:
    await _people()
    farmer = await _user(10001)
    async with session_scope() as session:
        asked = await questions.record(session, farmer, "大棚黄瓜化瓜")
        await offers.keep(session, asked.id, 10001, clock.now())
        sent = await questions.forward(session, asked.id, 10001)
        assert sent.question.kept_at is None and sent.question.status is QuestionStatus.open
        assert sent.telegram_ids == (20001,)
        more = await questions.add_follow_up(session, farmer, "叶子也黄了", clock.now())
        assert more is not None and more.question.id == asked.id
        # "No thanks" on a question sent already changes nothing.
        assert (await offers.keep(session, asked.id, 10001, clock.now())).kept_at is None


async def test_the_offer_knows_where_a_question_would_go(db: str) -> None:
    await _people()
    async with session_scope() as session:
        where = {
            telegram_id: await offers.destination(session, await _user(telegram_id))
            for telegram_id in (10001, 10003, 10004)
        }
    assert where == {
        10001: offers.Destination.station,
        10003: offers.Destination.no_station,
        10004: offers.Destination.unstaffed,
    }


async def test_a_station_picked_after_asking_gets_the_question(db: str) -> None:
    # "You have no station yet: pick one first": the question asked before goes there.
    await _people()
    newcomer = await _user(10003)
    async with session_scope() as session:
        asked = await questions.record(session, newcomer, "苹果树叶子卷了")
        assert asked.station_id is None
        user = await session.get(User, 10003)
        assert user is not None
        user.station_id = 1
    async with session_scope() as session:
        sent = await questions.forward(session, asked.id, 10003)
    assert sent.question.station_id == 1 and sent.telegram_ids == (20001,)


async def test_files_of_an_addition_taken_out_move_with_it(db: str, clock: PinnedClock) -> None:
    await _people()
    farmer = await _user(10001)
    async with session_scope() as session:
        asked = await questions.record(session, farmer, "草莓烂果", photo_file_id="PHOTO-0")
        await questions.forward(session, asked.id, 10001)
        await spoken.ask_aloud(session, farmer, VOICE, "🎤 语音 4秒", now=clock.now())
        await questions.add_follow_up(session, farmer, "这个", clock.now(), photo="PHOTO-2")
        old, new = await questions.split_follow_up(
            session, farmer, asked.id, threads.part_key("🎤 语音 4秒")
        )
        assert new.media_file_id == VOICE.file_id and old.media_file_id is None
        assert old.photo_file_id == "PHOTO-0"
    assert await _thread(asked.id) == [
        threads.Part("草莓烂果", (threads.Attachment(MediaKind.photo, "PHOTO-0"),)),
        threads.Part("这个", (threads.Attachment(MediaKind.photo, "PHOTO-2"),)),
    ]
    assert await _thread(new.id) == [
        threads.Part("🎤 语音 4秒", (threads.Attachment(MediaKind.voice, "VOICE-1", 4),))
    ]
    async with session_scope() as session:
        rows = list(await session.scalars(select(OpenQuestion).order_by(OpenQuestion.id)))
    assert [q.id for q in rows] == [asked.id, new.id]


async def test_an_english_follow_up_about_another_crop_is_a_question_of_its_own(
    db: str, clock: PinnedClock
) -> None:
    # "goats" and "strawberries" were not read as crops: an English message about another
    # animal joined the forwarded question about strawberries.
    await _people()
    farmer = await _user(10001)
    async with session_scope() as session:
        asked = await questions.record(session, farmer, "strawberry leaves have burnt edges")
        await questions.forward(session, asked.id, 10001)
        other = await questions.add_follow_up(session, farmer, "my goats cough", clock.now())
        assert other is None
        same = await questions.add_follow_up(
            session, farmer, "the strawberries are rotting too", clock.now()
        )
        assert same is not None and same.question.id == asked.id
