"""Staff answer a forwarded question in words (sandbox walk: 回复23 明天上午来站里拿药 was a
farmer's question to the knowledge base): 回复23 …, 回23 …, 答复 23 …, reply 23 … answer #23
as its ✍️ button and the typed answer do; a number not theirs is said to be no question
of theirs, with the numbers they can answer."""

from __future__ import annotations

import pytest

from bot.core.i18n import t
from bot.sandbox.harness import Harness
from tests.e2e.test_questions_e2e import QUESTION, _asked, _stored_answer, county

pytestmark = pytest.mark.e2e
__all__ = ["county"]


async def _forwarded(harness: Harness) -> int:
    question_id, _ = await _asked(harness, 10001, "张大爷")
    await harness.user(10001, "张大爷").press(t("zh", "kb.ask_station_button"))
    return question_id


def _to_farmer(harness: Harness) -> list[str]:
    return [m.content for m in harness.user(10001, "张大爷").messages if "服务站" in m.content]


@pytest.mark.parametrize("said", ["回复{id} 明天上午来站里拿药", "回{id} 明天上午来站里拿药"])
async def test_staff_answer_a_question_by_its_number(county: Harness, said: str) -> None:
    question_id = await _forwarded(county)
    staff = county.user(20001, "李站长")
    done = (await staff.send(said.format(id=question_id))).last
    # The question answered said first, then as the typed answer is confirmed, with its 📚.
    assert done.text == f"↩️ 问题 #{question_id}「{QUESTION}」\n" + t("zh", "questions.reply_sent")
    assert done.buttons == ["📚 存为知识条目"]
    assert await _stored_answer(question_id) == "明天上午来站里拿药"
    replies = [c for c in _to_farmer(county) if "服务站回复" in c]
    assert len(replies) == 1 and replies[0].endswith("明天上午来站里拿药")
    # Said again: more for the farmer, joined to the answer (as the button does then).
    more = (await staff.send(f"答复 {question_id} 记得带上病叶")).last
    assert more.text == f"↩️ 问题 #{question_id}「{QUESTION}」\n" + t("zh", "questions.more_sent")
    assert "记得带上病叶" in (await _stored_answer(question_id) or "")
    assert any("又补充" in c and c.endswith("记得带上病叶") for c in _to_farmer(county))


async def test_a_number_not_theirs_is_refused_with_the_open_ones(county: Harness) -> None:
    question_id = await _forwarded(county)
    # Another station's staff: refused as the button refuses it; nothing of it is said.
    outsider = county.user(20002, "外站")
    refused = (await outsider.send(f"回复{question_id} 好的")).last
    assert refused.text == (
        t("zh", "questions.words_no_such", id=question_id) + "\n" + t("zh", "questions.none_open")
    )
    assert QUESTION not in (refused.text or "") and await _stored_answer(question_id) is None
    # A number that is no question: the ones they can answer.
    staff = county.user(20001, "李站长")
    unknown = (await staff.send(f"回复{question_id + 50} 好的")).last
    assert unknown.text.startswith(t("zh", "questions.words_no_such", id=question_id + 50))
    assert f"您可以回复的问题：#{question_id}。" in unknown.text
    assert await _stored_answer(question_id) is None
    # The number alone: how to say the answer with it.
    bare = (await staff.send(f"回复{question_id}")).last
    assert bare.text == t("zh", "questions.words_how", id=question_id)


async def test_staff_answer_by_number_in_english(county: Harness) -> None:
    question_id = await _forwarded(county)
    staff = county.user(20001, "李站长")
    await staff.send("/language")
    await staff.press("English")
    # The farmer reads Chinese: asked first (blind walk: a mixed-language answer went unasked).
    held = (await staff.send(f"reply {question_id} spray potassium on the leaves")).last
    which = f'↩️ Question #{question_id}: "{QUESTION}"\n'
    assert held.text == which + t(
        "en", "questions.lang_check", id=question_id, reader="Chinese", written="English"
    )
    done = (await staff.press(t("en", "questions.lang_send"), message=held)).last
    assert done.text == which + t("en", "questions.reply_sent")
    assert await _stored_answer(question_id) == "spray potassium on the leaves"
    # The farmer reads it in their own language's frame, told it is in English.
    assert any(
        "spray potassium on the leaves" in c
        and c.endswith("看不懂可以请人帮忙看看，或者再问一次。）")
        for c in _to_farmer(county)
    )
    unknown = (await staff.send(f"reply {question_id + 50} ok")).last
    assert unknown.text == (
        t("en", "questions.words_no_such", id=question_id + 50)
        + "\n"
        + t("en", "questions.none_open")
    )


@pytest.mark.parametrize(
    ("lang", "said"), [("zh", "回复{id} 您的回答"), ("en", "reply {id} your answer")]
)
async def test_staff_are_told_they_may_answer_in_words(
    county: Harness, lang: str, said: str
) -> None:
    staff = county.user(20001, "李站长")
    if lang == "en":
        await staff.send("/language")
        await staff.press("English")
    question_id = await _forwarded(county)
    # The forwarded question's notice says so, once, with its own number.
    [notice] = [m for m in staff.messages if QUESTION in m.content]
    assert notice.content.endswith(said.format(id=question_id) + ("」。" if lang == "zh" else '".'))
    # And /questions, below the list.
    listed = await staff.send("/questions")
    hint = t(lang, "questions.words_hint", id=question_id)
    assert (listed.last.text or "").endswith(hint)
    assert sum(hint in (m.text or "") for m in listed) == 1
