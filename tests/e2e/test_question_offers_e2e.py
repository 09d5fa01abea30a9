"""The offer to ask the station says where a question would go; "no thanks" closes a question;
staff see every part of a thread (sandbox walk).

Found by a blind walk: the offer said 转给您的服务站 to a farmer with no station; after
不用了 to a photo, a voice within half an hour joined the kept photo and sent it to the
station; /questions showed only the photo of a question with a photo and a voice.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.knowledge import QuestionStatus
from bot.models.stations import Station
from bot.models.users import User
from bot.sandbox.harness import Harness
from bot.sandbox.state import Message
from bot.users import Visitor, touch
from tests.e2e.county import load_county
from tests.e2e.questions_util import speaks, stored_questions

pytestmark = pytest.mark.e2e

QUESTION = "大棚草莓叶子边缘焦枯是什么原因"
SG01 = (36.8846, 118.7352)  # 圣城街道邮政便民服务站, which 李站长 staffs


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """The sample county: 张大爷 (10001) with no station yet, 李站长 (20001) runs SG01, the
    admin 王管理员 (30001); 王婶 (10004) farms by SG02, where nobody uses FarmHub."""
    await load_county(harness)
    async with session_scope() as session:
        sg02 = await session.scalar(select(Station.id).where(Station.external_id == "SG02"))
        other, _ = await touch(session, Visitor(10004, "王婶"))
        other.station_id = sg02
    for telegram_id, name in ((20001, "李站长"), (30001, "王管理员")):
        harness.user(telegram_id, name)  # each has a chat with the bot
    return harness


async def _station(external_id: str = "SG01") -> Station:
    async with session_scope() as session:
        station = await session.scalar(select(Station).where(Station.external_id == external_id))
        assert station is not None
        return station


async def _adopt(telegram_id: int, external_id: str = "SG01") -> None:
    station = await _station(external_id)
    async with session_scope() as session:
        user = await session.get(User, telegram_id)
        assert user is not None
        user.station_id = station.id


def _file_id(message: Message) -> str:
    media: Any = message.media[message.kind]
    return str((media[-1] if isinstance(media, list) else media)["file_id"])


def _sent_by(harness: Harness, chat_id: int, kind: str) -> list[str]:
    """The file ids of the photos (or voices) a person sent the bot, in order."""
    return [
        _file_id(m)
        for m in harness.server.api.chats[chat_id].messages
        if m.kind == kind and not m.from_bot
    ]


# ---- the offer says where the question would go ------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_farmer_without_a_station_is_told_the_county_admin_would_get_it(
    county: Harness, lang: str
) -> None:
    await touch_farmer(county, lang)
    farmer, admin = county.user(10001, "张大爷"), county.user(30001, "王管理员")
    # A photo is offered the same way.
    photo_offer = (await farmer.send_photo()).last
    assert photo_offer.text == t(lang, "kb.photo_received_no_station")
    assert photo_offer.buttons[0] == t(lang, "kb.ask_admins_button")
    await farmer.press(t(lang, "kb.no_thanks"), message=photo_offer)
    offer = (await farmer.send(QUESTION)).last
    assert offer.text == t(lang, "kb.declined_no_station")
    assert ("服务站的技术员" if lang == "zh" else "station near you") in offer.text
    assert offer.button_rows == [
        [t(lang, "kb.ask_admins_button"), t(lang, "kb.no_thanks")],
        [t(lang, "kb.station_first_button")],
    ]
    sent = await farmer.press(t(lang, "kb.ask_admins_button"), message=offer)
    assert sent.last.text == t(lang, "kb.forwarded_no_staff")
    assert QUESTION in admin.last.text and admin.last.buttons


async def touch_farmer(harness: Harness, lang: str) -> None:
    """张大爷 has written to the bot before, in `lang`."""
    await harness.user(10001, "张大爷").send("/start")
    await speaks(lang, 10001)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_station_nobody_answers_for_is_said_so(county: Harness, lang: str) -> None:
    farmer = county.user(10004, "王婶")
    await farmer.send("/start")
    await speaks(lang, 10004)
    offer = (await farmer.send(QUESTION)).last
    assert offer.text == t(lang, "kb.declined_unstaffed")
    assert offer.buttons == [t(lang, "kb.ask_admins_button"), t(lang, "kb.no_thanks")]
    sent = await farmer.press(t(lang, "kb.ask_admins_button"), message=offer)
    assert sent.last.text == t(lang, "kb.forwarded_unstaffed")


async def test_a_farmer_with_a_staffed_station_is_offered_the_station(county: Harness) -> None:
    await _adopt(10001)
    farmer = county.user(10001, "张大爷")
    offer = (await farmer.send(QUESTION)).last
    assert offer.text == t("zh", "kb.declined")
    assert offer.buttons == [t("zh", "kb.ask_station_button"), t("zh", "kb.no_thanks")]


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_picking_a_station_first_sends_the_question_there(county: Harness, lang: str) -> None:
    await touch_farmer(county, lang)
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    offer = (await farmer.send(QUESTION)).last
    asked = await farmer.press(t(lang, "kb.station_first_button"), message=offer)
    assert asked.last.text == t(lang, "stations.ask_place")
    assert farmer.keyboard[0] == t(lang, "stations.location_button")
    found = await farmer.share_location(*SG01)
    station = await _station()
    # The nearest station is theirs now, and the question waiting is offered to it.
    again = found.last
    assert again.text.startswith(t(lang, "kb.waiting_offer", text="", station="")[:6])
    assert QUESTION[:10] in again.text
    assert again.buttons == [t(lang, "kb.ask_station_button"), t(lang, "kb.no_thanks")]
    sent = await farmer.press(t(lang, "kb.ask_station_button"), message=again)
    assert sent.last.text == t(lang, "kb.forwarded")
    [question] = await stored_questions()
    assert question.station_id == station.id and question.status is QuestionStatus.open
    assert QUESTION in staff.last.text and staff.last.buttons
    assert county.user(30001, "王管理员").messages == []
    # "No thanks" under the first offer, pressed now: the question went already, not kept.
    late = await farmer.press(t(lang, "kb.no_thanks"), message=offer)
    assert late.answer is not None and late.answer.text == t(lang, "kb.already_forwarded")
    assert list(late) == []
    [question] = await stored_questions()
    assert question.kept_at is None and question.status is QuestionStatus.open


async def test_the_question_offered_again_is_the_one_the_station_was_picked_for(
    county: Harness,
) -> None:
    # Second blind walk: a line typed on the way to the place (pinyin the station search
    # did not read) was recorded as a question, and it, not the farmer's, was offered again.
    await touch_farmer(county, "zh")
    farmer = county.user(10001, "张大爷")
    offer = (await farmer.send(QUESTION)).last
    await farmer.press(t("zh", "kb.station_first_button"), message=offer)
    await farmer.send("我家羊也咳嗽流鼻涕咋办")  # leaves the search: a question of its own
    found = await farmer.share_location(*SG01)
    again = found.last
    assert QUESTION[:10] in again.text, again.text


# ---- "no thanks" closes a question -------------------------------------------------------


@pytest.mark.both_databases
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("how", ["button", "typed"])
async def test_a_voice_after_no_thanks_to_a_photo_is_a_question_of_its_own(
    county: Harness, lang: str, how: str
) -> None:
    await _adopt(10001)
    await touch_farmer(county, lang)
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    offer = (await farmer.send_photo()).last
    assert offer.text == t(lang, "kb.photo_received")
    if how == "button":
        kept = await farmer.press(t(lang, "kb.no_thanks"), message=offer)
        assert kept.last.text == t(lang, "kb.kept")
    else:
        await farmer.send("不用了" if lang == "zh" else "no thanks")
    told = await farmer.send_voice(3)
    assert told.texts == [t(lang, "voice.forwarded", station=(await _station()).name)]
    photo, voice = await stored_questions()
    # The photo stays with the farmer; only the voice reached the station.
    assert photo.kept_at is not None and photo.status is QuestionStatus.unanswered
    assert voice.status is QuestionStatus.open and voice.photo_file_id is None
    assert [m.kind for m in staff.messages] == ["voice"]
    listed = await staff.send("/questions")
    assert [m.kind for m in listed] == ["text", "voice"]


# ---- staff see every part of a thread ----------------------------------------------------


@pytest.mark.both_databases
async def test_staff_get_the_photo_and_the_voice_of_a_question(county: Harness) -> None:
    # Typed, a photo joined, then a voice joined: the farmer sends all three as one question
    # (blind test: the voice had sent them unasked).
    await _adopt(10001)
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    await farmer.send(QUESTION)
    joined = await farmer.send_photo(caption="叶子背面")
    assert joined.last.text == t("zh", "kb.photo_joined")
    spoken = await farmer.send_voice(5)
    assert spoken.last.text == t("zh", "voice.joined") and staff.messages == []
    await farmer.press(t("zh", "kb.ask_station_button"), message=spoken.last)
    photo_id = _sent_by(county, 10001, "photo")[0]
    voice_id = _sent_by(county, 10001, "voice")[0]
    # Pushed when it was forwarded: the typed words with the photo, then the voice.
    pushed = staff.messages
    assert [m.kind for m in pushed] == ["photo", "voice"]
    assert _file_id(pushed[0]) == photo_id and _file_id(pushed[1]) == voice_id
    assert QUESTION in pushed[0].content and "叶子背面" in pushed[0].content
    assert not pushed[0].buttons and pushed[1].buttons
    # And in /questions, in the same order, the reply button under the last.
    listed = await staff.send("/questions")
    header, *thread = listed
    [question] = await stored_questions()
    # Questions of photos and recordings only: the hint to answer in words goes with the header.
    hint = t("zh", "questions.words_hint", id=question.id)
    assert header.text == f"{t('zh', 'questions.list_header', count=1)}\n\n{hint}"
    assert [(m.kind, _file_id(m)) for m in thread] == [("photo", photo_id), ("voice", voice_id)]
    assert (
        thread[0].content.startswith(f"#{question.id} · 张大爷") and QUESTION in thread[0].content
    )
    assert "🎤 语音 5秒" in thread[1].content
    assert [m.buttons for m in thread] == [
        [],
        [
            t("zh", "questions.reply_button", id=question.id),
            t("zh", "questions.dismiss_button", id=question.id),
        ],
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_staff_list_shows_every_addition_in_order(county: Harness, lang: str) -> None:
    await _adopt(10001)
    async with session_scope() as session:
        await touch(session, Visitor(20001, "李站长"))
    await speaks(lang, 20001)
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    offer = (await farmer.send(QUESTION)).last
    await farmer.press(t("zh", "kb.ask_station_button"), message=offer)
    await farmer.send_photo()
    await farmer.send_voice(4)
    await farmer.send_photo(caption="这是今天的")
    await farmer.send("两天了，越来越多")
    photos = _sent_by(county, 10001, "photo")
    [voice] = _sent_by(county, 10001, "voice")
    listed = await staff.send("/questions")
    _, *thread = listed
    assert [(m.kind, _file_id(m)) for m in thread] == [
        ("photo", photos[0]),
        ("voice", voice),
        ("photo", photos[1]),
    ]
    [question] = await stored_questions()
    first, spoken, last = (m.content for m in thread)
    assert QUESTION in first and t(lang, "questions.photo_added") in first
    assert spoken == t(lang, "questions.thread_more", id=question.id, text="➕ 🎤 语音 4秒")
    # The words after the last photo are under it, with the button.
    assert last.endswith("➕ 这是今天的\n➕ 两天了，越来越多")
    assert thread[-1].buttons == [
        t(lang, "questions.reply_button", id=question.id),
        t(lang, "questions.dismiss_button", id=question.id),
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_voice_to_a_station_nobody_answers_for_is_not_told_it_has_no_station(
    county: Harness, lang: str
) -> None:
    # Sandbox walk: a farmer of SG02, where nobody uses FarmHub, was told they had no station.
    farmer, admin = county.user(10004, "王婶"), county.user(30001, "王管理员")
    await farmer.send("/start")
    await speaks(lang, 10004)
    told = await farmer.send_voice(3)
    assert told.texts == [t(lang, "voice.forwarded_unstaffed")]
    assert admin.last.kind == "voice"


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_question_the_farmer_moved_on_from_is_not_offered_again(
    county: Harness, lang: str
) -> None:
    # Blind walk: a location shared long after an unsent question (a booking, a price in
    # between) brought back 「您刚才的问题「…」还没转」.
    await touch_farmer(county, lang)
    farmer = county.user(10001, "张大爷")
    await farmer.send(QUESTION)
    await farmer.send("/pickups")
    found = await farmer.share_location(*SG01)
    assert not any(QUESTION[:10] in text for text in found.texts), found.texts
    # Right after the question, a location shared is the station it waited for.
    async with session_scope() as session:
        user = await session.get(User, 10001)
        assert user is not None
        user.station_id = None
    await farmer.send(QUESTION)
    again = await farmer.share_location(*SG01)
    assert QUESTION[:10] in again.last.text
