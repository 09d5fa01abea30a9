"""Staff and forwarded questions (blind test, Heilongjiang county): a long answer by number
(回复3：倒伏要是买了完全成本保险的能赔，…) was answered from the knowledge base, and 3号问题：…,
#3 …, 答3：… were not read; the staff member's own words were offered 「🙋 问服务站」 and, pressed,
became a question of their own station that nothing could take out of /questions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.audit import AuditEntry
from bot.models.knowledge import OpenQuestion, QuestionStatus
from bot.sandbox.harness import Harness
from handlers.render import knowledge as kb
from tests.e2e.test_knowledge_e2e import base
from tests.e2e.test_questions_e2e import QUESTION, _stored_answer, county
from tests.e2e.test_staff_reply_words_e2e import _forwarded, _to_farmer
from tests.e2e.test_staff_words_e2e import _english
from tests.stations_util import make_station

pytestmark = pytest.mark.e2e
__all__ = ["base", "county"]

LONG = "倒伏要是买了完全成本保险的能赔，赶紧拍照片，给村里和保险公司报案，别急着收。"


@pytest.mark.parametrize(
    "said",
    [
        "回复{id}：" + LONG,
        "{id}号问题：" + LONG,
        "#{id} " + LONG,
        "回{id} " + LONG,
        "答{id}：" + LONG,
    ],
)
async def test_an_answer_by_number_of_any_length_and_form(county: Harness, said: str) -> None:
    question_id = await _forwarded(county)
    staff = county.user(20001, "李站长")
    done = (await staff.send(said.format(id=question_id))).last
    assert done.text == f"↩️ 问题 #{question_id}「{QUESTION}」\n" + t("zh", "questions.reply_sent")
    assert await _stored_answer(question_id) == LONG
    [reply] = [c for c in _to_farmer(county) if "服务站回复" in c]
    assert reply.endswith(LONG)


async def test_an_answer_by_number_leaves_the_reply_step_of_another(county: Harness) -> None:
    first = await _forwarded(county)
    second = await _forwarded(county)
    staff = county.user(20001, "李站长")
    await staff.press(f"✍️ 回复 #{first}")
    # Typed at #first's step, the answer names #second: it goes to #second, not #first.
    await staff.send(f"回复{second}：{LONG}")
    assert await _stored_answer(second) == LONG
    assert await _stored_answer(first) is None


@pytest.mark.parametrize(("lang", "text"), [("zh", "洋芋老是发芽咋办"), ("en", "土豆储存")])
async def test_staff_are_not_offered_to_ask_their_own_station(
    base: Harness, lang: str, text: str
) -> None:
    staff = base.user(20001, "李站长")
    if lang == "en":
        await staff.send("/language")
        await staff.press("English")
    replies = await staff.send(text)
    said = replies.last
    asking = [t(lang, k) for k in ("kb.ask_station_button", "kb.none_of_these")]
    assert not set(said.buttons) & set(asking)
    assert t(lang, "kb.answer_footer") not in (said.text or "")
    if text == "土豆储存":  # the suggestions still come, without the forward row
        assert said.text == t(lang, "kb.did_you_mean") and len(said.buttons) >= 2


async def test_a_forward_button_pressed_by_staff_sends_nothing(county: Harness) -> None:
    # An old or forged 🙋 under the staff member's own words: their station gets nothing.
    staff = county.user(20001, "李站长")
    assert (await staff.send(QUESTION)).last.text == t("zh", "kb.declined_staff")
    async with session_scope() as session:
        [own] = list(await session.scalars(select(OpenQuestion)))
    refused = await staff.press_data(kb.Forward(own.id).encode())
    assert refused.answer is not None and refused.answer.text == t("zh", "kb.staff_no_forward")
    refused = await staff.press_data(kb.AskAfterAnswer("pest-1").encode())
    assert refused.answer is not None and refused.answer.text == t("zh", "kb.staff_no_forward")
    async with session_scope() as session:
        statuses = list(await session.scalars(select(OpenQuestion.status)))
    assert statuses == [QuestionStatus.unanswered]
    assert (await staff.send("/questions")).last.text == t("zh", "questions.none_open")


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_staff_dismiss_a_question_without_a_reply(county: Harness, lang: str) -> None:
    # Blind test: 🗑 closed at once, with no second thought, and the farmer heard nothing.
    staff = county.user(20001, "李站长")
    if lang == "en":
        await staff.send("/language")
        await staff.press("English")
    async with session_scope() as session:
        station_id, _ = await make_station(session)  # station 1: 测试服务站, 0536-5000000
    assert station_id == 1
    question_id = await _forwarded(county)
    if lang == "en":
        await _english(10001)
    await staff.send("/questions")
    # Another station's staff: refused, nothing changes, at each step.
    outsider = county.user(20002, "外站")
    await outsider.send("/questions")
    for forged in (kb.Dismiss, kb.DismissYes, kb.DismissNo):
        refused = await outsider.press_data(forged(question_id).encode())
        assert refused.answer is not None
        assert refused.answer.text == t("zh", "questions.not_allowed")
    asked = (await staff.press(t(lang, "questions.dismiss_button", id=question_id))).last
    assert asked.text == t(lang, "questions.dismiss_ask", id=question_id, text=QUESTION)
    assert asked.buttons == [t(lang, "questions.dismiss_yes"), t(lang, "questions.dismiss_no")]
    assert await _status(question_id) is QuestionStatus.open  # only asked so far
    kept = (await staff.press(t(lang, "questions.dismiss_no"), message=asked)).last
    assert kept.text == t(lang, "questions.dismiss_kept", id=question_id)
    assert await _status(question_id) is QuestionStatus.open
    asked = (await staff.press(t(lang, "questions.dismiss_button", id=question_id))).last
    closed = (await staff.press(t(lang, "questions.dismiss_yes"), message=asked)).last
    assert closed.text == t(lang, "questions.dismissed", id=question_id)
    assert (await staff.send("/questions")).last.text == t(lang, "questions.none_open")
    async with session_scope() as session:
        q = await session.get(OpenQuestion, question_id)
        assert q is not None and q.status is QuestionStatus.dismissed and q.answer is None
        actions = list(await session.scalars(select(AuditEntry.action)))
    assert "question.dismiss" in actions
    # The farmer is told once, politely, in their language, with the station's phone.
    told = [m.content for m in county.user(10001, "张大爷").messages if QUESTION in m.content]
    notes = [c for c in told if c.startswith(("您好", "Hello"))]
    assert len(notes) == 1, told
    assert ("不在这里回复" if lang == "zh" else "will not reply to it here") in notes[0]
    assert "0536-5000000" in notes[0] and ("测试服务站" in notes[0] or lang == "en")
    # A second ✅ (another phone, a double tap) closes nothing more and tells nobody again.
    again = await staff.press_data(kb.DismissYes(question_id).encode())
    assert again.answer is not None and again.answer.text == t(lang, "questions.already_closed")
    told = [m.content for m in county.user(10001, "张大爷").messages if QUESTION in m.content]
    assert len([c for c in told if c.startswith(("您好", "Hello"))]) == 1


async def _status(question_id: int) -> QuestionStatus:
    async with session_scope() as session:
        q = await session.get(OpenQuestion, question_id)
        assert q is not None
        return q.status
