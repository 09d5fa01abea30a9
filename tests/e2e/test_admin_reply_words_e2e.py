"""A county admin answers a question forwarded to the county by its number (blind test: 回复13
这是红蜘蛛… was searched in the knowledge base and the answer never sent): 回复13 …, 回复 13 …,
reply 13 … answer it as staff's do, through the outbox; a number not theirs (missing, or a
station's question) is said to be none of theirs with how to list them, never searched."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.knowledge import OpenQuestion, QuestionStatus
from bot.models.users import Role
from bot.sandbox.harness import Harness
from bot.users import Visitor, set_role, touch

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


async def test_a_station_question_is_not_the_county_admins(county: Harness) -> None:
    # A question of a staffed station is its staff's: the county admin is told it is none of
    # theirs, and how to list their own (none waiting here).
    async with session_scope() as session:
        farmer, _ = await touch(session, Visitor(10002, "王大妈"))
        farmer.station_id = 1
    asker = county.user(10002, "王大妈")
    offer = (await asker.send(QUESTION)).last
    assert offer.text == t("zh", "kb.declined")
    question_id = int(offer.callback_data[0].removeprefix("kb:fw:"))
    await asker.press(t("zh", "kb.ask_station_button"), message=offer)
    admin = county.user(ADMIN, "王管理员")
    refused = (await admin.send(f"回复{question_id} 喷螺螨酯")).last
    assert refused.text == (
        t("zh", "questions.words_no_such", id=question_id) + "\n" + t("zh", "questions.none_open")
    )
    assert (await _question(question_id)).answer is None


async def test_the_admin_answers_by_number_in_english(county: Harness) -> None:
    question_id = await _forwarded(county)
    admin = county.user(ADMIN, "王管理员")
    await admin.send("/language")
    await admin.press("English")
    done = (await admin.send(f"reply {question_id} red spider mites: spray spirodiclofen")).last
    assert done.text == f'↩️ Question #{question_id}: "{QUESTION}"\n' + t(
        "en", "questions.reply_sent"
    )
    assert (await _question(question_id)).answer == "red spider mites: spray spirodiclofen"
    assert _to_farmer(county, "spray spirodiclofen")
    missing = question_id + 86
    unknown = (await admin.send(f"reply {missing} ok")).last
    assert unknown.text == (
        t("en", "questions.words_no_such", id=missing) + "\n" + t("en", "questions.none_open")
    )
