"""Voice questions and station groups end to end (issue 14).

A farmer speaks; the station's staff hear the voice with who sent it and what the
farmer asked and booked lately, and answer aloud; the farmer hears the answer.
Other media still get a helpful reply. In a group the bot answers only what is
addressed to it, and staff link the group to their station.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.audit import entries
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.knowledge import OpenQuestion, QuestionStatus
from bot.models.stations import Station
from bot.sandbox.harness import Harness
from bot.stations.groups import station_group
from bot.users import Visitor, touch
from handlers.render import knowledge as ask_view
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine
from tests.e2e.county import direct_booking, load_county, sg01_staffed
from tests.e2e.questions_util import speaks
from tests.e2e.test_knowledge_e2e import ENTRIES

pytestmark = pytest.mark.e2e

GROUP = -1001234567


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """The sample county; 张大爷 (10001) farms by SG01, 李站长 (20001) runs it."""
    await load_county(harness)
    await sg01_staffed()
    async with session_scope() as session:
        await touch(session, Visitor(10003, "新农户"))
    for telegram_id, name in ((10001, "张大爷"), (20001, "李站长"), (30001, "王管理员")):
        harness.user(telegram_id, name)
    return harness


async def _station(external_id: str = "SG01") -> Station:
    async with session_scope() as session:
        station = await session.scalar(select(Station).where(Station.external_id == external_id))
        assert station is not None
        return station


async def _question(question_id: int) -> OpenQuestion:
    async with session_scope() as session:
        question = await session.get(OpenQuestion, question_id)
        assert question is not None
        return question


async def test_a_voice_question_is_heard_by_staff_and_answered_aloud(county: Harness) -> None:
    station = await _station()
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    await direct_booking(10001, "SG01", product="西红柿", kg=1000)

    told = await farmer.send_voice(5)
    assert told.texts == [t("zh", "voice.forwarded", station=station.name)]

    # Staff hear the voice itself, with who sent it, the farmer's recent context and a button.
    heard = staff.messages[-1]
    assert heard.kind == "voice" and heard.media["voice"]["duration"] == 5
    assert "张大爷" in heard.content and "🎤 语音 5秒" in heard.content
    assert "西红柿 1000公斤（已预约）" in heard.content  # the booking
    (button,) = heard.buttons
    question_id = int(heard.callback_data[0].removeprefix("qa:re:"))
    assert button == t("zh", "questions.reply_button", id=question_id)
    farmer_voice = county.server.api.chats[10001].messages[-2].media["voice"]["file_id"]
    assert heard.media["voice"]["file_id"] == farmer_voice  # the farmer's own recording
    assert "[语音 5秒]" in str(heard)  # what the terminal sandbox shows

    # The same reply flow as typed questions: press, then speak.
    prompt = await staff.press(button)
    assert prompt.last.text.startswith(t("zh", "questions.type_reply", id=question_id, text="")[:8])
    done = await staff.send_voice(8)
    assert done.texts == [t("zh", "voice.reply_sent")]

    answer = farmer.last
    assert answer.kind == "voice" and answer.media["voice"]["duration"] == 8
    staff_voice = county.server.api.chats[20001].messages[-2].media["voice"]["file_id"]
    assert answer.media["voice"]["file_id"] == staff_voice
    assert answer.caption is not None and answer.caption.startswith("🧑‍🌾")
    q = await _question(question_id)
    assert q.status is QuestionStatus.answered and q.answer_file_id == staff_voice
    # Pressed again, the reply is more for the farmer: a second voice reaches them too, and
    # the first answer stays the one stored (blind test: a second reply was refused).
    more = await staff.press_data(f"qa:re:{question_id}")
    assert (more.last.text or "").startswith(f"问题 #{question_id} 已经回复过了")
    assert (await staff.send_voice(4)).texts == [t("zh", "voice.reply_sent")]
    again = farmer.last
    assert again.kind == "voice" and again.media["voice"]["duration"] == 4
    q = await _question(question_id)
    assert q.answer_file_id == staff_voice and q.answer is not None
    assert q.answer.endswith("\n➕ " + t("zh", "voice.answer_label", seconds=4))


async def test_a_video_note_takes_the_same_path(county: Harness) -> None:
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    told = await farmer.send_video_note(7)
    # Said to be a video message, not a voice (sandbox walk: "收到您的语音了 🎤").
    assert told.texts == [t("zh", "voice.forwarded_video", station=(await _station()).name)]
    assert "视频留言" in told.texts[0] and "语音" not in told.texts[0]
    # A video note has no caption: the line with the button first, then the video itself.
    line, video = staff.messages[-2:]
    assert "📹 视频留言 7秒" in line.text and "张大爷" in line.text
    assert video.kind == "video_note" and video.media["video_note"]["duration"] == 7
    assert "[视频留言 7秒]" in str(video)
    # Another one soon after joins the question, and is called a video there too.
    more = await farmer.send_video_note(4)
    assert more.last.text.startswith("收到，这段视频留言已经补充到您")
    # A text answer to it reaches the farmer as text, with no offer to save a voice as an entry.
    await staff.press(line.buttons[0], message=line)
    sent = await staff.send("是缺水，早晚各浇一次")
    assert sent.texts == [t("zh", "voice.reply_sent_text")]
    assert "是缺水" in farmer.last.text


async def test_more_voices_within_two_hours_join_the_question(county: Harness) -> None:
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    await farmer.send_voice(4)
    first = staff.last
    question_id = int(first.callback_data[0].removeprefix("qa:re:"))
    more = await farmer.send_voice(4)  # the same length: still more of the same question
    async with session_scope() as session:
        asked = await session.get(OpenQuestion, question_id)
        assert asked is not None
        said = ask_view.follow_up_added(
            asked, "zh", ZoneInfo("Asia/Shanghai"), "voice.follow_up_added"
        )
    assert more.texts == [said]
    assert f"#{question_id}「" in said  # which question it joined, by its first words
    added = staff.last
    assert added is not first and added.kind == "voice"
    assert f"#{question_id}" in added.content and added.callback_data == first.callback_data
    async with session_scope() as session:
        count = len(list(await session.scalars(select(OpenQuestion.id))))
    assert count == 1
    # /questions plays the question's voice with its button.
    listing = await staff.send("/questions")
    # (and 🗑 不用回复 beside it).
    assert listing.last.kind == "voice" and listing.last.callback_data[0] == first.callback_data[0]
    assert len(listing.last.callback_data) == 2


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_voice_after_an_unanswered_question_joins_it_and_asks(
    county: Harness, lang: str
) -> None:
    # 羊拉稀 typed, not answered, not forwarded; then the farmer speaks: one problem. Blind
    # test: it went to the station at once with the typed words; the farmer chooses now.
    await speaks(lang)
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    told_staff = len(staff.messages)
    asked = await farmer.send("我家羊拉稀好几天了")
    assert asked.last.text == t(lang, "kb.declined")
    told = await farmer.send_voice(6)
    assert told.texts == [t(lang, "voice.joined")]
    assert told.last.buttons == [
        t(lang, "kb.ask_station_button"),
        t(lang, "kb.no_thanks"),
    ]
    assert len(staff.messages) == told_staff  # nothing sent without the farmer's say
    async with session_scope() as session:
        (only,) = list(await session.scalars(select(OpenQuestion)))
    assert only.text.startswith("我家羊拉稀好几天了\n➕ ") and only.media_file_id is not None
    assert only.status is QuestionStatus.unanswered
    # Sent: staff get the typed words, then the recording, as one question.
    sent = await farmer.press(t(lang, "kb.ask_station_button"), message=told.last)
    assert sent.texts == [t(lang, "kb.forwarded")]
    # Sent: staff hear the recording with the typed words above it, as one question.
    (heard,) = staff.messages[told_staff:]
    assert heard.kind == "voice" and "羊拉稀好几天了" in heard.content
    # The ask-the-station button under the typed question finds it forwarded already.
    again = await farmer.press(t(lang, "kb.ask_station_button"), message=asked.last)
    assert again.texts == []
    assert again.answer is not None and again.answer.text == t(lang, "kb.already_forwarded")


async def test_a_farmer_without_a_station_reaches_the_admins(county: Harness) -> None:
    newcomer = county.user(10003, "新农户")
    admin = county.user(30001, "王管理员")
    told = await newcomer.send_voice(3)
    assert told.texts == [t("zh", "voice.forwarded_no_station")]
    assert admin.last.kind == "voice" and "新农户" in admin.last.content
    assert "之前没有提问或预约" in admin.last.content


async def test_staff_voice_outside_a_reply_is_pointed_to_the_button(county: Harness) -> None:
    staff = county.user(20001, "李站长")
    assert (await staff.send_voice(2)).texts == [t("zh", "voice.staff_hint")]


async def test_other_media_still_get_a_helpful_reply(county: Harness) -> None:
    farmer = county.user(10001, "张大爷")
    assert (await farmer.send_sticker()).texts == [t("zh", "media.sticker")]
    assert (await farmer.send_document(b"hello", "a.txt")).texts == [t("zh", "media.document")]
    assert (await farmer.share_contact()).texts == [t("zh", "media.contact")]
    # Nothing was sent to the station for any of them.
    assert county.user(20001, "李站长").messages == []


# ---- groups ---------------------------------------------------------------------------


async def test_in_a_group_the_bot_answers_only_what_is_addressed_to_it(county: Harness) -> None:
    # A bot that is a group admin sees every message: the gate, not privacy mode, decides.
    county.server.api.privacy_mode = False
    group = county.group(GROUP, "东村种植群")
    farmer = county.user(10001, "张大爷").at(group)
    neighbour = county.user(10002, "李大姐").at(group)
    assert await farmer.send("今天下雨，明天去地里") == []
    assert await neighbour.send("西红柿多少钱") == []
    assert await neighbour.send_sticker() == []
    assert await neighbour.send("/start@other_bot") == []
    # A mention is answered, as the question without the mention.
    asked = await farmer.send("@farmhub_sandbox_bot 西红柿多少钱一斤")
    assert asked and "西红柿" in asked.last.content
    # A reply to the bot is answered too.
    again = await neighbour.send("土豆呢？多少钱", reply_to=asked.last)
    assert again and "土豆" in again.last.content
    # The mention alone: the bot says how to ask.
    hello = await neighbour.send("@farmhub_sandbox_bot")
    assert hello.texts == [t("zh", "groups.hello", bot="farmhub_sandbox_bot")]


async def test_staff_link_their_group_and_farmers_cannot(county: Harness) -> None:
    station = await _station()
    group = county.group(GROUP, "东村种植群")
    farmer = county.user(10001, "张大爷").at(group)
    staff = county.user(20001, "李站长").at(group)

    refused = await farmer.send("/linkgroup")
    assert refused.texts == [t("zh", "guard.staff_only")]
    async with session_scope() as session:
        assert await station_group(session, station.id) is None

    linked = await staff.send("/linkgroup@farmhub_sandbox_bot")
    assert linked.texts == [t("zh", "groups.linked", station=station.name)]
    again = await staff.send("/linkgroup")
    assert again.texts == [t("zh", "groups.already_linked", station=station.name)]
    async with session_scope() as session:
        assert await station_group(session, station.id) == GROUP
        (line,) = [e for e in await entries(session) if e.action == "station.link_group"]
    assert line.actor_id == 20001 and line.after == {"group_chat_id": GROUP}

    # In a private chat the command says where to send it.
    private = await county.user(20001, "李站长").send("/linkgroup")
    assert private.texts == [t("zh", "groups.private_only")]


async def test_still_not_solved_can_be_told_aloud(county: Harness) -> None:
    async with session_scope() as session:
        await upsert_entries(session, ENTRIES, engine(), by="test")
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    answered = await farmer.send("洋芋老是发芽咋办")
    assert answered.last.text.startswith("📖 土豆怎么储存不发芽\n放阴凉黑暗处")
    # The question typed goes to the station; the voice told after it is more of it.
    await farmer.press(t("zh", "kb.ask_station_button"))
    told = await farmer.send_voice(9)
    async with session_scope() as session:
        [question] = list(await session.scalars(select(OpenQuestion)))
        added = ask_view.follow_up_added(
            question, "zh", ZoneInfo("Asia/Shanghai"), "voice.follow_up_added"
        )
    assert told.texts == [added]
    assert question.text.startswith("洋芋老是发芽咋办\n➕ 🎤")
    assert staff.last.kind == "voice" and staff.last.media["voice"]["duration"] == 9
    # The description step is over: the next text is a question of its own again.
    assert (await farmer.send("洋芋老是发芽咋办")).last.text.startswith(
        "📖 土豆怎么储存不发芽\n放阴凉黑暗处"
    )


async def test_a_place_in_the_ocean_is_answered_too(county: Harness) -> None:
    farmer = county.user(10001, "张大爷")
    replies = await farmer.share_location(0.0, -150.0)
    # Thousands of kilometres from every station: said so, and not kept as the farmer's home.
    assert "不在我们的服务范围里" in replies[0].text


async def test_a_voice_for_the_bot_in_a_group_is_sent_privately(county: Harness) -> None:
    group = county.group(GROUP, "东村种植群")
    farmer = county.user(10001, "张大爷").at(group)
    hello = await farmer.send("@farmhub_sandbox_bot")
    told = await farmer.send_voice(4, reply_to=hello.last)
    assert told.texts == [t("zh", "groups.voice_private")]
    async with session_scope() as session:
        assert list(await session.scalars(select(OpenQuestion.id))) == []


async def test_a_group_that_becomes_a_supergroup_stays_linked(county: Harness) -> None:
    county.server.api.privacy_mode = False  # service messages reach the bot anyway
    station = await _station()
    group = county.group(-4001, "东村种植群", kind="group")
    staff = county.user(20001, "李站长").at(group)
    await staff.send("/linkgroup")
    supergroup = -1004001
    # Telegram's service message in the old group names the new chat.
    county.server.api.user_message(staff.person, group, media={"migrate_to_chat_id": supergroup})
    await county.delivered()
    await staff.send("/start")  # one more update through the same chat: the one before is done
    async with session_scope() as session:
        assert await station_group(session, station.id) == supergroup
