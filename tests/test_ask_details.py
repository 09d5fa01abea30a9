"""Details the bot asks for join the forwarded question; what an addition is called."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.clock import PinnedClock
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.knowledge import OpenQuestion, QuestionStatus
from bot.users import Visitor, touch
from handlers.render import knowledge as view
from handlers.render import voice as voice_view
from knowledge.kb import follow_ups, questions
from knowledge.kb.entries import Entry
from knowledge.kb.offers import Destination
from knowledge.kb.spoken import FarmerContext, PastQuestion

TZ = ZoneInfo("Asia/Shanghai")
PHOTO = "（照片）"


async def _forwarded(text: str, photo: str | None = None) -> int:
    async with session_scope() as session:
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        question = await questions.record(session, farmer, text, photo_file_id=photo)
        await questions.forward(session, question.id, 10001)
        return question.id


async def test_details_join_the_question_whatever_crop_they_name(
    db: str, clock: PinnedClock
) -> None:
    question_id = await _forwarded("大棚黄瓜化瓜")
    async with session_scope() as session:
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        # add_follow_up would keep a message naming another crop apart: this was asked for.
        more = await questions.add_details(session, farmer, question_id, "番茄也这样", "P1")
        assert more is not None and more.question.text == "大棚黄瓜化瓜\n➕ 番茄也这样"
        assert more.question.photo_file_id == "P1"
        other, _ = await touch(session, Visitor(10002, "李婶"))
        with pytest.raises(questions.NotAllowed):
            await questions.add_details(session, other, question_id, "不是我的")
        question = await session.get(OpenQuestion, question_id)
        assert question is not None
        question.status = QuestionStatus.answered
        assert await questions.add_details(session, farmer, question_id, "晚了") is None


async def test_only_a_recent_forwarded_photo_without_words_waits_for_its_description(
    db: str, clock: PinnedClock
) -> None:
    wordless = frozenset({PHOTO, "（补充了一张照片）"})
    bare = await _forwarded(PHOTO, photo="P1")
    async with session_scope() as session:
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        found = await questions.undescribed_photo(session, farmer, clock.now(), wordless)
        assert found is not None and found.id == bare
        await questions.add_details(session, farmer, bare, "黄瓜叶子上这个是啥病")
        # Described once: the next text is a question of its own.
        assert await questions.undescribed_photo(session, farmer, clock.now(), wordless) is None
    await _forwarded(PHOTO, photo="P2")
    clock.advance(questions.PHOTO_WINDOW + timedelta(minutes=1))
    async with session_scope() as session:
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        assert await questions.undescribed_photo(session, farmer, clock.now(), wordless) is None
        # Not forwarded (the farmer said no): nothing waits for a description.
        await questions.record(session, farmer, PHOTO, photo_file_id="P3")
        assert await questions.undescribed_photo(session, farmer, clock.now(), wordless) is None


@pytest.mark.parametrize(
    ("text", "readable"),
    [
        ("两天了越来越多", True),
        ("my sheep are sick", True),
        ("huanggua yezi fahuang", True),
        ("asdfghjkl", False),
        ("!!!", False),
    ],
)
def test_what_staff_could_read(text: str, readable: bool) -> None:
    assert follow_ups.readable(text) is readable


def _question(text: str, station_id: int | None) -> OpenQuestion:
    asked_at = datetime(2026, 6, 10, 2, 0, tzinfo=UTC)
    return OpenQuestion(id=7, farmer_id=1, text=text, station_id=station_id, asked_at=asked_at)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_addition_is_named_by_the_words_and_by_who_has_the_question(lang: str) -> None:
    voiced = _question(f"{PHOTO}\n➕ 🎤 语音 3秒\n➕ 两天了", station_id=None)
    told = view.follow_up_added(voiced, lang, TZ)
    assert told == t(
        lang, "kb.follow_up_added_admins", id=7, asked_at="06-10 10:00", start="🎤 语音 3秒"
    )
    at_station = _question("大棚黄瓜化瓜", station_id=3)
    assert view.follow_up_added(at_station, lang, TZ) == t(
        lang, "kb.follow_up_added", id=7, asked_at="06-10 10:00", start="大棚黄瓜化瓜"
    )
    # A bare photo is still called a photo, in the reader's language.
    assert view.thread_start(f"{PHOTO}\n➕ （补充了一张照片）", lang) == t(
        lang, "questions.photo_question"
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_staff_read_a_photo_beside_a_voice_not_its_placeholder(lang: str) -> None:
    asked_at = datetime(2026, 6, 10, 2, 0, tzinfo=UTC)
    context = FarmerContext([PastQuestion(PHOTO, asked_at)], [])
    lines = voice_view.context_lines(context, lang, TZ)
    assert lines == t(
        lang, "voice.context_questions", items=t(lang, "voice.photo_item", asked_at="06-10 10:00")
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_button_under_an_answer_says_whom_it_asks(lang: str) -> None:
    # Blind test: a farmer with no station read "🙋 问服务站", and the county got the question.
    entry = Entry(id="e1", question="洋芋发芽", answer="放阴凉处", tags=[], category="storage")
    for where, button, footer in (
        (Destination.station, "kb.ask_station_button", "kb.answer_footer"),
        (Destination.no_station, "kb.ask_station_button_county", "kb.answer_footer_county"),
        (Destination.unstaffed, "kb.ask_station_button_county", "kb.answer_footer_county"),
    ):
        keyboard = view.answer_keyboard(entry, lang, where)
        assert keyboard is not None
        assert [b.text for row in keyboard.inline_keyboard for b in row] == [t(lang, button)]
        assert view.answer_text(entry, lang, where).endswith(t(lang, footer))
        assert view.chinese_answer_text(entry, lang, where).endswith(t(lang, footer))
    assert t(lang, "kb.ask_station_button") != t(lang, "kb.ask_station_button_county")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_button_under_suggestions_says_whom_it_asks_as_under_an_answer(lang: str) -> None:
    # Blind test: "🙋 都不是，问服务站" under suggestions for a farmer whose question goes to the
    # county, while the answers said 「问县里」.
    entry = Entry(id="e1", question="洋芋发芽", answer="放阴凉处", tags=[], category="storage")
    for where, short, long in (
        (Destination.station, "kb.none_of_these", "kb.forward_whole"),
        (Destination.no_station, "kb.none_of_these_county", "kb.forward_whole_admins"),
        (Destination.unstaffed, "kb.none_of_these_county", "kb.forward_whole_admins"),
    ):
        for is_long, key in ((False, short), (True, long)):
            keyboard = view.suggestions([entry], 7, lang, where=where, long=is_long)
            assert keyboard.inline_keyboard[-1][0].text == t(lang, key)
    assert t(lang, "kb.none_of_these") != t(lang, "kb.none_of_these_county")


@pytest.mark.parametrize(
    "key",
    ["questions.reply_sent", "questions.more_sent", "voice.reply_sent", "voice.reply_sent_text"],
)
def test_staff_are_told_a_reply_is_on_its_way_not_delivered(key: str) -> None:
    # Blind test: "回复已经发给农户了 ✅" before the outbox had delivered it.
    assert "📤" in t("zh", key) and "已经发给" not in t("zh", key)
    assert "on its way" in t("en", key).lower() and "was sent" not in t("en", key)
