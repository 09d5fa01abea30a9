"""Spoken questions and station groups in the domain (SQLite and PostgreSQL), issue 14."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from telegram import Message

from bot.audit import entries
from bot.core.clock import utcnow
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.knowledge import OpenQuestion, QuestionStatus
from bot.models.stations import Booking, BookingStatus, Slot, SlotDay, Station
from bot.models.types import MediaKind
from bot.models.users import Role, User
from bot.stations import groups
from bot.stations.sample import load_sample
from bot.users import Visitor, set_role, touch
from handlers.fallback import media_key
from knowledge.kb import questions, spoken, staff_answers

SHANGHAI = ZoneInfo("Asia/Shanghai")
VOICE = spoken.Recording(MediaKind.voice, "AwACAgIAAxkBAAI-voice", 5)


async def _county() -> tuple[int, int]:
    """The sample stations; 张大爷 farms by the first, 李站长 is its staff. Their ids."""
    async with session_scope() as session:
        await load_sample(session)
        first, second = list(await session.scalars(select(Station.id).order_by(Station.id)))[:2]
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        farmer.station_id = first
        await touch(session, Visitor(10003, "新农户"))
        await touch(session, Visitor(20001, "李站长"))
        await set_role(session, 20001, Role.staff, station_id=first)
        await touch(session, Visitor(30001, "王管理员"), admin_ids=[30001])
    return first, second


async def _user(telegram_id: int) -> User:
    async with session_scope() as session:
        user = await session.get(User, telegram_id)
        assert user is not None
        return user


async def _ask(farmer_id: int, recording: spoken.Recording = VOICE, **kw: object) -> spoken.Asked:
    farmer = await _user(farmer_id)
    async with session_scope() as session:
        return await spoken.ask_aloud(
            session,
            farmer,
            recording,
            "🎤 语音 5秒",
            now=utcnow(),
            **kw,  # type: ignore[arg-type]
        )


async def test_a_voice_is_forwarded_at_once_to_the_station_staff(db: str) -> None:
    first, _ = await _county()
    asked = await _ask(10001)
    assert not asked.follow_up and asked.recipients.telegram_ids == (20001,)
    async with session_scope() as session:
        station = await session.get(Station, first)
        q = await session.get(OpenQuestion, asked.recipients.question.id)
    assert station is not None and asked.station == station.name
    assert q is not None and q.status is QuestionStatus.open and q.station_id == first
    assert (q.media_kind, q.media_file_id, q.media_seconds) == ("voice", VOICE.file_id, 5)
    assert spoken.recording_of(q) == VOICE and spoken.is_spoken(q)
    # Staff of the station may answer it, as a typed question.
    staff = await _user(20001)
    assert await staff_answers.may_handle(staff, q)


async def test_without_a_station_the_admins_get_it(db: str) -> None:
    await _county()
    asked = await _ask(10003)
    assert asked.station is None and asked.recipients.telegram_ids == (30001,)


async def test_a_second_voice_within_two_hours_joins_the_question(db: str) -> None:
    await _county()
    first = await _ask(10001)
    second = await _ask(10001, spoken.Recording(MediaKind.voice, "AwACAgIAAxkBAAI-two", 5))
    assert second.follow_up
    assert second.recipients.question.id == first.recipients.question.id
    async with session_scope() as session:
        (q,) = list(await session.scalars(select(OpenQuestion)))
    # The first recording stays the question's; the thread says more was added.
    assert q.media_file_id == VOICE.file_id and q.text.count("🎤") == 2


async def test_a_voice_after_a_typed_question_joins_it_and_becomes_its_recording(
    db: str,
) -> None:
    await _county()
    farmer = await _user(10001)
    async with session_scope() as session:
        typed = await questions.record(session, farmer, "大棚草莓叶子边缘焦枯")
        await questions.forward(session, typed.id, 10001)
    asked = await _ask(10001)
    assert asked.follow_up and asked.recipients.question.id == typed.id
    async with session_scope() as session:
        q = await session.get(OpenQuestion, typed.id)
    assert q is not None and q.media_file_id == VOICE.file_id


async def test_a_voice_after_a_question_not_forwarded_joins_it_and_sends_nothing(
    db: str,
) -> None:
    # Blind test: a voice after a question the bot offered to forward sent the typed words
    # (and a photo) to the county unasked. It joins the question; the farmer chooses.
    await _county()
    farmer = await _user(10001)
    async with session_scope() as session:
        typed = await questions.record(session, farmer, "鸡不下旦了")
    asked = await _ask(10001, per_day=1, tz=SHANGHAI)
    assert asked.joined and not asked.follow_up and asked.recipients.telegram_ids == ()
    async with session_scope() as session:
        q = await session.get(OpenQuestion, typed.id)
        count = len(list(await session.scalars(select(OpenQuestion.id))))
    assert q is not None and count == 1
    assert q.status is QuestionStatus.unanswered and q.media_file_id == VOICE.file_id
    assert q.text == "鸡不下旦了\n➕ 🎤 语音 5秒"


async def test_the_daily_limit_counts_voices(db: str) -> None:
    await _county()
    await _ask(10001, per_day=1, tz=SHANGHAI)
    # Later than the follow-up window: a new question, over the limit.
    async with session_scope() as session:
        for q in await session.scalars(select(OpenQuestion)):
            q.asked_at = utcnow() - timedelta(hours=3)
    with pytest.raises(questions.TooManyQuestions):
        await _ask(10001, per_day=1, tz=SHANGHAI)


async def test_a_spoken_answer_is_stored_once_and_never_becomes_an_entry(db: str) -> None:
    await _county()
    asked = await _ask(10001)
    staff = await _user(20001)
    question_id = asked.recipients.question.id
    async with session_scope() as session:
        q = await staff_answers.answer(
            session,
            staff,
            question_id,
            "🎤 语音回复 8秒",
            media_kind="voice",
            file_id="AwACAgIAAxkBAAI-answer",
        )
    assert spoken.answer_recording(q) == spoken.Recording(
        MediaKind.voice, "AwACAgIAAxkBAAI-answer", 0
    )
    async with session_scope() as session:
        with pytest.raises(questions.AlreadyAnswered):
            await staff_answers.answer(session, staff, question_id, "再答一次")
    async with session_scope() as session:
        with pytest.raises(questions.NotAllowed):
            await staff_answers.save_as_entry(session, staff, question_id, object())  # type: ignore[arg-type]


async def test_recent_context_lists_the_farmers_last_questions_and_bookings(db: str) -> None:
    first, _ = await _county()
    farmer = await _user(10001)
    async with session_scope() as session:
        empty = await spoken.recent_context(session, 10001)
        for text in ("西红柿叶子发黄", "黄瓜苗打蔫\n➕ 两天了", "羊拉稀"):
            await questions.record(session, farmer, text)
        slot = await session.scalar(select(Slot).where(Slot.station_id == first))
        assert slot is not None
        day = SlotDay(slot_id=slot.id, day=date(2026, 6, 11), capacity=10, capacity_kg=5000)
        session.add(day)
        await session.flush()
        session.add(
            Booking(
                code="ABC234",
                farmer_id=10001,
                station_id=first,
                slot_id=slot.id,
                slot_day_id=day.id,
                day=date(2026, 6, 11),
                product="西红柿",
                quantity_text="500斤",
                quantity_kg=250,
                status=BookingStatus.booked,
            )
        )
    async with session_scope() as session:
        newest = await session.scalar(select(OpenQuestion.id).order_by(OpenQuestion.id.desc()))
        context = await spoken.recent_context(session, 10001, exclude=newest)
    assert empty.empty and not context.empty
    # Newest first, the one asked now left out, a thread by its first words.
    assert [q.text for q in context.questions] == ["黄瓜苗打蔫", "西红柿叶子发黄"]
    (booking,) = context.bookings
    assert (booking.product, booking.quantity, booking.status) == (
        "西红柿",
        "500斤",
        BookingStatus.booked,
    )


# ---- station groups ---------------------------------------------------------------------


async def test_a_group_is_linked_audited_and_found(db: str) -> None:
    first, _ = await _county()
    async with session_scope() as session:
        assert await groups.station_group(session, first) is None
        link = await groups.link_group(session, first, -1001, actor_id=20001)
    assert link.changed and link.replaced is None and link.moved_from is None
    async with session_scope() as session:
        assert await groups.station_group(session, first) == -1001
        again = await groups.link_group(session, first, -1001, actor_id=20001)
        lines = [e for e in await entries(session) if e.action == "station.link_group"]
    assert not again.changed and len(lines) == 1  # linking it again changes (and logs) nothing
    assert lines[0].actor_id == 20001 and lines[0].after == {"group_chat_id": -1001}


async def test_a_group_moves_between_stations_and_a_station_changes_group(db: str) -> None:
    first, second = await _county()
    async with session_scope() as session:
        await groups.link_group(session, first, -1001, actor_id=20001)
    async with session_scope() as session:
        moved = await groups.link_group(session, second, -1001, actor_id=30001)
    assert moved.moved_from == first
    async with session_scope() as session:
        assert await groups.station_group(session, first) is None
        assert await groups.station_group(session, second) == -1001
        changed = await groups.link_group(session, second, -1002, actor_id=30001)
    assert changed.replaced == -1001


async def test_only_groups_can_be_linked_and_removal_unlinks(db: str) -> None:
    first, _ = await _county()
    async with session_scope() as session:
        with pytest.raises(groups.NotAGroup):
            await groups.link_group(session, first, 10001, actor_id=20001)
        with pytest.raises(LookupError):
            await groups.link_group(session, 999_999, -1001, actor_id=20001)
        await groups.link_group(session, first, -1001, actor_id=20001)
    async with session_scope() as session:
        assert await groups.unlink_group(session, -1001, actor_id=None, why="bot removed") == first
        assert await groups.unlink_group(session, -1001, actor_id=None) is None
    async with session_scope() as session:
        assert await groups.station_group(session, first) is None
        actions = [e.action for e in await entries(session)]
    assert actions.count("station.unlink_group") == 1


async def test_a_group_that_became_a_supergroup_keeps_its_station(db: str) -> None:
    first, _ = await _county()
    async with session_scope() as session:
        assert await groups.move_group(session, -4001, -1004001) is None  # not linked
        await groups.link_group(session, first, -4001, actor_id=20001)
    async with session_scope() as session:
        assert await groups.move_group(session, -4001, -1004001) == first
    async with session_scope() as session:
        assert await groups.station_group(session, first) == -1004001
        (line,) = [e for e in await entries(session) if e.action == "station.move_group"]
    assert line.actor_id is None and line.before == {"group_chat_id": -4001}


# ---- what other media get ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("media", "key"),
    [
        (
            {
                "sticker": {
                    "file_id": "s",
                    "file_unique_id": "u",
                    "type": "regular",
                    "width": 1,
                    "height": 1,
                    "is_animated": False,
                    "is_video": False,
                }
            },
            "media.sticker",
        ),
        ({"document": {"file_id": "d", "file_unique_id": "u"}}, "media.document"),
        (
            {
                "animation": {
                    "file_id": "a",
                    "file_unique_id": "u",
                    "width": 1,
                    "height": 1,
                    "duration": 1,
                },
                "document": {"file_id": "a", "file_unique_id": "u"},
            },
            "media.video",
        ),
        ({"audio": {"file_id": "a", "file_unique_id": "u", "duration": 3}}, "media.audio"),
        (
            {
                "video": {
                    "file_id": "v",
                    "file_unique_id": "u",
                    "width": 1,
                    "height": 1,
                    "duration": 3,
                }
            },
            "media.video",
        ),
        ({"contact": {"phone_number": "+86138", "first_name": "张"}}, "media.contact"),
        (
            {
                "poll": {
                    "id": "p",
                    "question": "?",
                    "options": [],
                    "total_voter_count": 0,
                    "is_closed": False,
                    "is_anonymous": True,
                    "type": "regular",
                    "allows_multiple_answers": False,
                    "allows_revoting": False,
                    "members_only": False,
                }
            },
            "media.poll",
        ),
        ({"dice": {"emoji": "🎲", "value": 3}}, "fallback.non_text"),
    ],
)
def test_every_other_kind_of_message_gets_a_reply_that_says_what_works(
    media: dict[str, object], key: str
) -> None:
    message = Message.de_json(
        {"message_id": 1, "date": 0, "chat": {"id": 10001, "type": "private"}, **media}, None
    )
    assert message is not None and media_key(message) == key
    for lang in ("zh", "en"):
        assert "🎤" in t(lang, key)  # each says a farmer may speak instead
