"""Asking the station after an answer, after a photo, and what an addition is called.

Sandbox walk: "问服务站" under an answer asked the farmer to type the question again;
the description the bot asked for after a wordless photo became a search, never reaching
staff; a voice joined to a photo was called 「（照片）」 and "the station" though the
county's admin had it; keys mashed at random were added to the forwarded question.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.knowledge import OpenQuestion
from bot.models.users import Role, User
from bot.sandbox.harness import Harness
from bot.users import Visitor, set_role, touch
from handlers.render import knowledge as ask_view
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine
from tests.e2e.questions_util import stored_questions
from tests.e2e.test_knowledge_e2e import ENTRIES

pytestmark = pytest.mark.e2e

TZ = ZoneInfo("Asia/Shanghai")
ANSWERED = "洋芋老是发芽咋办"  # ENTRIES answer it (store-1)


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """A small base; 张大爷 (10001) of station 1 and its staff 李站长 (20001); 新农户 (10003)
    without a station; the admin 王管理员 (30001)."""
    async with session_scope() as session:
        await upsert_entries(session, ENTRIES, engine(), by="test")
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        farmer.station_id = 1
        await touch(session, Visitor(10003, "新农户"))
        for telegram_id, name, role, station in (
            (20001, "李站长", Role.staff, 1),
            (30001, "王管理员", Role.admin, None),
        ):
            await touch(session, Visitor(telegram_id, name))
            await set_role(session, telegram_id, role, station_id=station)
    for telegram_id, name in ((20001, "李站长"), (30001, "王管理员")):
        harness.user(telegram_id, name)  # each has a chat with the bot
    return harness


async def _added(question_id: int, lang: str = "zh", key: str = "kb.follow_up_added") -> str:
    async with session_scope() as session:
        q = await session.get(OpenQuestion, question_id)
        assert q is not None
        return ask_view.follow_up_added(q, lang, TZ, key)


async def test_ask_the_station_under_an_answer_sends_what_was_asked(county: Harness) -> None:
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    answered = await farmer.send(ANSWERED)
    assert (answered.last.text or "").startswith("📖 土豆怎么储存不发芽\n放阴凉黑暗处")
    sent = await farmer.press(t("zh", "kb.ask_station_button"), message=answered.last)
    assert sent.last.text == (
        f"{t('zh', 'kb.forwarded')}\n{t('zh', 'kb.add_details', text=ANSWERED)}"
    )
    [question] = await stored_questions()
    assert question.text == ANSWERED and question.status == "open"
    assert f"问题：{ANSWERED}" in (staff.last.text or "")
    # The details the farmer was invited to add join that question and reach staff.
    more = await farmer.send("放在屋里半个月就发芽了")
    assert more.last.text == await _added(question.id)
    assert "补充：放在屋里半个月就发芽了" in (staff.last.text or "")
    [question] = await stored_questions()
    assert question.text == f"{ANSWERED}\n➕ 放在屋里半个月就发芽了"
    # A second press is the same question: not sent twice.
    again = await farmer.press(t("zh", "kb.ask_station_button"), message=answered.last)
    assert again.answer is not None and again.answer.text == t("zh", "kb.already_forwarded")
    assert len(await stored_questions()) == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_under_an_answer_a_farmer_without_a_station_is_offered_the_county(
    county: Harness, lang: str
) -> None:
    # Blind test: "🙋 问服务站" under an answer, though the question goes to the county.
    farmer, admin = county.user(10003, "新农户"), county.user(30001, "王管理员")
    if lang == "en":
        await farmer.send("/language")
        await farmer.press("English")
    answered = await farmer.send(ANSWERED)
    button = t(lang, "kb.ask_station_button_county")
    assert answered.last.buttons == (
        [button] if lang == "zh" else [t("en", "kb.show_chinese"), button]
    )
    said = answered.last.text or ""
    footer = t(lang, "kb.answer_footer_county" if lang == "zh" else "kb.chinese_only_county")
    footer = footer.split("{topic}")[-1]  # what follows the entry named
    assert said.endswith(footer) and t(lang, "kb.ask_station_button") not in said
    await farmer.press(button, message=answered.last)
    [question] = await stored_questions()
    assert question.station_id is None and ANSWERED in (admin.last.text or "")


async def test_a_photo_sent_without_words_takes_the_next_text_as_its_description(
    county: Harness,
) -> None:
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    offer = (await farmer.send_photo()).last
    sent = await farmer.press(t("zh", "kb.ask_station_button"), message=offer)
    assert sent.last.text == f"{t('zh', 'kb.forwarded')}\n{t('zh', 'kb.describe_photo')}"
    [question] = await stored_questions()
    # Words the base has an answer for: still the photo's description, and the answer is
    # offered besides, with no second "ask the station".
    described = await farmer.send(ANSWERED)
    assert described.texts[0] == await _added(question.id)
    assert described.last.text == t("zh", "kb.meanwhile")
    assert described.last.buttons and t("zh", "kb.none_of_these") not in described.last.buttons
    assert f"补充：{ANSWERED}" in (staff.last.text or "")
    [question] = await stored_questions()
    assert question.text == f"{t('zh', 'questions.photo_question')}\n➕ {ANSWERED}"
    assert question.photo_file_id is not None
    listed = await staff.send("/questions")
    assert ANSWERED in listed.last.content and "photo" in listed.last.media
    # Only the one description: the next question the base answers is answered as usual.
    assert ((await farmer.send(ANSWERED)).last.text or "").startswith(
        "📖 土豆怎么储存不发芽\n放阴凉黑暗处"
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_bare_photo_is_named_in_the_staff_members_language(
    county: Harness, lang: str
) -> None:
    # An English staff member read 「Question: （照片）」: the farmer's placeholder, no words of
    # theirs, in Chinese.
    async with session_scope() as session:
        member = await session.get(User, 20001)
        assert member is not None
        member.language, member.language_chosen = lang, True
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    offer = (await farmer.send_photo()).last
    await farmer.press(t("zh", "kb.ask_station_button"), message=offer)
    photo = t(lang, "questions.photo_question")
    pushed = staff.last.content
    assert t(lang, "questions.new_for_staff").split("{id}")[0] in pushed, pushed
    assert f"{photo}\n" in pushed, pushed
    await farmer.send(ANSWERED)
    listed = (await staff.send("/questions")).last.content
    assert photo in listed and f"➕ {ANSWERED}" in listed, listed
    if lang == "en":
        assert "照片" not in pushed + listed
    # Stored as the farmer sent it: the farmer's own list still says （照片）.
    [question] = await stored_questions()
    assert question.text.startswith(t("zh", "questions.photo_question"))


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_voice_added_to_a_photo_is_named_as_a_voice_and_who_has_it(
    county: Harness, lang: str
) -> None:
    async with session_scope() as session:
        newcomer = await session.get(User, 10003)
        assert newcomer is not None
        newcomer.language, newcomer.language_chosen = lang, True
    farmer = county.user(10003, "新农户")
    offer = (await farmer.send_photo()).last
    # No station yet: the offer says the county's admin would get it.
    assert offer.text == t(lang, "kb.photo_received_no_station")
    await farmer.press(t(lang, "kb.ask_admins_button"), message=offer)
    await farmer.send_voice(3)
    [question] = await stored_questions()
    assert question.station_id is None  # no station: the county's admin has it
    more = await farmer.send("两天了越来越多")
    told = more.last.text
    assert told == await _added(question.id, lang)
    assert t(lang, "questions.photo_question") not in told and "🎤" in told
    assert ("县里管理员" if lang == "zh" else "county admin") in told
    # Keys mashed at random are nothing the admin could read: not added, not offered to
    # anyone either (sandbox walk: asdfgh was offered to the station), but the friendly
    # word of what the bot can do.
    mashed = await farmer.send("asdfghjkl")
    assert mashed.last.text == t(lang, "kb.chatter.noise")
    [question] = await stored_questions()
    assert "asdfghjkl" not in question.text


async def test_ask_the_station_under_a_picked_suggestion_sends_the_question_recorded(
    county: Harness,
) -> None:
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    offered = (await farmer.send("土豆储存")).last
    assert offered.text == t("zh", "kb.did_you_mean")
    picked = await farmer.press("土豆储存怎么防冻", message=offered)
    sent = await farmer.press(t("zh", "kb.ask_station_button"), message=picked.last)
    assert t("zh", "kb.add_details", text="土豆储存") in (sent.last.text or "")
    [question] = await stored_questions()  # the question recorded for the suggestions, not a copy
    assert question.text == "土豆储存" and question.status == "open"
    assert "问题：土豆储存" in (staff.last.text or "")


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_staff_members_photo_is_not_offered_to_their_own_station(
    county: Harness, lang: str
) -> None:
    # Blind test: a staff member's photo got the farmers' "要不要转给服务站" offer.
    staff = county.user(20001, "李站长")
    if lang == "en":
        await staff.send("/language")
        await staff.press("English")
    sent = await staff.send_photo()
    assert sent.texts == [t(lang, "questions.staff_photo")] and sent.last.buttons == []
    assert await stored_questions() == []


async def _invited(county: Harness, lang: str) -> OpenQuestion:
    """张大爷, in `lang`, asks the station under an answer: invited to add details."""
    async with session_scope() as session:
        farmer_row = await session.get(User, 10001)
        assert farmer_row is not None
        farmer_row.language, farmer_row.language_chosen = lang, True
    farmer = county.user(10001, "张大爷")
    answered = await farmer.send(ANSWERED)
    await farmer.press(t(lang, "kb.ask_station_button"), message=answered.last)
    [question] = await stored_questions()
    return question


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_pinyin_at_the_details_step_is_judged_as_the_search_reads_it(
    county: Harness, lang: str
) -> None:
    # Typed in pinyin without choosing characters, another animal's question (ji ke sou zen
    # me ban: 鸡咳嗽怎么办) was judged as typed, found no subject, and joined the potato
    # question; read in characters it is a question of its own, as after any forward.
    question = await _invited(county, lang)
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    other = await farmer.send("ji ke sou zen me ban")
    assert other.last.text != await _added(question.id, lang)
    assert "ji ke sou" not in (staff.last.text or "")
    first = (await stored_questions())[0]
    assert first.id == question.id and "ji ke sou" not in first.text


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_detail_typed_in_pinyin_still_joins(county: Harness, lang: str) -> None:
    question = await _invited(county, lang)
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    more = await farmer.send("fang le ban ge yue le")  # 放了半个月了
    assert more.last.text == await _added(question.id, lang)
    assert "fang le ban ge yue le" in (staff.last.text or "")


async def test_the_farmer_reads_the_question_back_without_the_threads_marks(
    county: Harness,
) -> None:
    # Blind walk: 「（照片）➕ 这个西红柿叶子 是啥子病」 came back with the staff's answer.
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    offer = (await farmer.send_photo()).last
    await farmer.press(t("zh", "kb.ask_station_button"), message=offer)
    await farmer.send("这个西红柿叶子是啥子病")
    [question] = await stored_questions()
    listed = await staff.send("/questions")
    await staff.press_data(f"qa:re:{question.id}", message=listed.last)
    await staff.send("是叶霉病，通风降湿。")
    answer = farmer.last.text or ""
    assert (
        "「这个西红柿叶子是啥子病」" in answer and "➕" not in answer and "（照片）" not in answer
    )
