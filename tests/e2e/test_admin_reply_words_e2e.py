"""A county admin answers a question forwarded to the county by its number (blind test: 回复13
这是红蜘蛛… was searched in the knowledge base and the answer never sent): 回复13 …, 回复 13 …,
reply 13 … answer it as staff's do, through the outbox; a number not theirs (missing) is said
to be none of theirs with how to list them, never searched. Admins may answer a station's
question too, by its number or its ✍️ button (an admin who is also of the station was refused)."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.knowledge import OpenQuestion, QuestionStatus
from bot.models.users import Role
from bot.sandbox.harness import Harness
from bot.users import Visitor, get_user, set_role, touch
from handlers.render import fit
from handlers.render.knowledge import as_asked
from tests.stations_util import make_station

pytestmark = pytest.mark.e2e

QUESTION = "椪柑树上有红色的小虫虫咋个搞"
FARMER, STAFF, ADMIN = 10001, 20001, 30001


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """张大爷 (10001) of station 2, which has nobody on FarmHub; 李站长 (20001) staff of station
    1; the admin 王管理员 (30001) with no station of their own."""
    async with session_scope() as session:
        farmer, _ = await touch(session, Visitor(FARMER, "张大爷"))
        farmer.station_id = 2
        for telegram_id, name, role, station in (
            (STAFF, "李站长", Role.staff, 1),
            (ADMIN, "王管理员", Role.admin, None),
        ):
            await touch(session, Visitor(telegram_id, name))
            await set_role(session, telegram_id, role, station_id=station)
    for telegram_id, name in ((STAFF, "李站长"), (ADMIN, "王管理员")):
        harness.user(telegram_id, name)  # each has a chat with the bot
    return harness


async def _forwarded(harness: Harness) -> int:
    """The farmer's question, which the base cannot answer, forwarded to the county."""
    farmer = harness.user(FARMER, "张大爷")
    offer = (await farmer.send(QUESTION)).last
    assert offer.text == t("zh", "kb.declined_unstaffed")
    question_id = int(offer.callback_data[0].removeprefix("kb:fw:"))
    await farmer.press(t("zh", "kb.ask_admins_button"), message=offer)
    assert (await _question(question_id)).station_id is None  # the county's admins have it
    return question_id


async def _question(question_id: int) -> OpenQuestion:
    async with session_scope() as session:
        q = await session.get(OpenQuestion, question_id)
        assert q is not None
        return q


def _to_farmer(harness: Harness, words: str) -> list[str]:
    return [m.content for m in harness.user(FARMER, "张大爷").messages if words in m.content]


@pytest.mark.parametrize(
    "said",
    [
        "回复{id} 这是红蜘蛛，喷螺螨酯，叶子正反面都喷",
        "回复 {id} 这是红蜘蛛，喷螺螨酯，叶子正反面都喷",
    ],
)
async def test_the_admin_answers_a_county_question_by_its_number(
    county: Harness, said: str
) -> None:
    question_id = await _forwarded(county)
    admin = county.user(ADMIN, "王管理员")
    listed = await admin.send("/questions")
    assert (listed.last.text or "").endswith(t("zh", "questions.words_hint", id=question_id))
    done = (await admin.send(said.format(id=question_id))).last
    assert done.text == f"↩️ 问题 #{question_id}「{QUESTION}」\n" + t("zh", "questions.reply_sent")
    q = await _question(question_id)
    assert q.status is QuestionStatus.answered and q.answered_by == ADMIN
    assert q.answer == "这是红蜘蛛，喷螺螨酯，叶子正反面都喷"
    # Delivered through the outbox, in the county admin's frame.
    [reply] = _to_farmer(county, "喷螺螨酯")
    assert "县里" in reply and reply.endswith("叶子正反面都喷")
    # Closed: nothing waits for the admin any more.
    assert (await admin.send("/questions")).last.text == t("zh", "questions.none_open")
    # Said again: more for the farmer, joined to the answer.
    more = (await admin.send(f"回复{question_id} 七天后再喷一次")).last
    assert more.text == f"↩️ 问题 #{question_id}「{QUESTION}」\n" + t("zh", "questions.more_sent")
    assert _to_farmer(county, "七天后再喷一次")


async def test_a_number_not_the_admins_is_said_never_searched(county: Harness) -> None:
    question_id = await _forwarded(county)
    admin = county.user(ADMIN, "王管理员")
    missing = question_id + 86
    refused = (await admin.send(f"回复{missing} 这是红蜘蛛，喷螺螨酯")).last
    # No knowledge-base answer, no "not sent to your station": no such question for them,
    # with the ones they can answer.
    assert refused.text == (
        t("zh", "questions.words_no_such", id=missing)
        + "\n"
        + t("zh", "questions.words_open", ids=f"#{question_id}", first=question_id)
    )
    assert "/questions" in (refused.text or "")
    assert (await _question(question_id)).answer is None
    # The number alone: how to say the answer with it, not a search for "回复13".
    bare = (await admin.send(f"回复{question_id}")).last
    assert bare.text == t("zh", "questions.words_how", id=question_id)


async def _station_question(harness: Harness, farmer_id: int, name: str, station: int = 1) -> int:
    """王大妈 of `station` (staffed by 李站长) forwards the question to her station."""
    async with session_scope() as session:
        farmer, _ = await touch(session, Visitor(farmer_id, name))
        farmer.station_id = station
    asker = harness.user(farmer_id, name)
    offer = (await asker.send(QUESTION)).last
    assert offer.text == t("zh", "kb.declined")
    question_id = int(offer.callback_data[0].removeprefix("kb:fw:"))
    await asker.press(t("zh", "kb.ask_station_button"), message=offer)
    assert (await _question(question_id)).station_id == station
    return question_id


async def test_an_admin_answers_a_station_question(county: Harness) -> None:
    # Admins may answer any station's question (it was "none of yours"): by its number.
    question_id = await _station_question(county, 10002, "王大妈")
    admin = county.user(ADMIN, "王管理员")
    done = (await admin.send(f"回复{question_id} 喷螺螨酯")).last
    assert done.text == f"↩️ 问题 #{question_id}「{QUESTION}」\n" + t("zh", "questions.reply_sent")
    q = await _question(question_id)
    assert q.status is QuestionStatus.answered and q.answered_by == ADMIN
    assert [m for m in county.user(10002, "王大妈").messages if "喷螺螨酯" in m.content]


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_station_admin_answers_with_the_reply_button(county: Harness, lang: str) -> None:
    # 李站长, staff of station 1, made an admin too: the station's question pushed to them
    # while staff keeps its ✍️ button, which takes their answer (it was refused).
    async with session_scope() as session:
        station, _ = await make_station(session, external_id="T1", name="东关站")
        await set_role(session, STAFF, Role.staff, station_id=station)
    staff = county.user(STAFF, "李站长")
    if lang == "en":
        await staff.send("/language")
        await staff.press("English")
    question_id = await _station_question(county, 10002, "王大妈", station)
    pushed = [m for m in staff.messages if m.callback_data and f"{question_id}" in m.content]
    assert pushed, "the station's staff got the question with its reply button"
    # Made an admin of their station (/grant ID admin STATION keeps them of it).
    admin = county.user(ADMIN, "王管理员")
    await admin.send(f"/grant {STAFF} admin T1")
    await admin.press(t("zh", "roles.grant_yes"))
    async with session_scope() as session:
        promoted = await get_user(session, STAFF)
        assert promoted is not None and promoted.role is Role.admin
        assert promoted.station_id == station
    reply_button = t(lang, "questions.reply_button", id=question_id)
    prompt = (await staff.press(reply_button, message=pushed[-1])).last
    assert prompt.text == fit(
        t(lang, "questions.type_reply", id=question_id, text=as_asked(QUESTION, lang))
    )
    assert not staff.presses[-1].show_alert
    await staff.send("喷螺螨酯，叶子正反面都喷")
    q = await _question(question_id)
    assert q.status is QuestionStatus.answered and q.answered_by == STAFF
    assert q.answer == "喷螺螨酯，叶子正反面都喷"
    # /questions lists their station's waiting questions too: none left.
    listed = (await staff.send("/questions")).last
    assert listed.text == t(lang, "questions.none_open")


async def test_the_admin_answers_by_number_in_english(county: Harness) -> None:
    question_id = await _forwarded(county)
    admin = county.user(ADMIN, "王管理员")
    await admin.send("/language")
    await admin.press("English")
    held = (await admin.send(f"reply {question_id} red spider mites: spray spirodiclofen")).last
    which = f'↩️ Question #{question_id}: "{QUESTION}"\n'
    assert held.text.startswith(which + "⚠️")  # the farmer reads Chinese: asked first
    done = (await admin.press(t("en", "questions.lang_send"), message=held)).last
    assert done.text == which + t("en", "questions.reply_sent")
    assert (await _question(question_id)).answer == "red spider mites: spray spirodiclofen"
    assert _to_farmer(county, "spray spirodiclofen")
    missing = question_id + 86
    unknown = (await admin.send(f"reply {missing} ok")).last
    assert unknown.text == (
        t("en", "questions.words_no_such", id=missing) + "\n" + t("en", "questions.none_open")
    )
