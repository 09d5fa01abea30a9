"""A language switch in the middle of /kb add and of a staff reply keeps the step: asked again
in the new language ("English please" was the entry's answer, or sent to the farmer as the
staff's reply; /language dropped the draft)."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.knowledge import QuestionStatus
from bot.sandbox.harness import Harness
from bot.users import Visitor, touch
from tests.e2e.test_kb_add_e2e import stored
from tests.e2e.test_voice_e2e import _question, county

pytestmark = pytest.mark.e2e
__all__ = ["county"]


async def _admin(harness: Harness) -> None:
    async with session_scope() as session:
        await touch(session, Visitor(30001, "县管理员"), admin_ids=[30001])


async def test_english_please_in_kb_add_asks_the_step_again(harness: Harness) -> None:
    await _admin(harness)
    admin = harness.user(30001, "县管理员")
    await admin.send("/kb add")
    assert (await admin.send("玉米什么时候追肥")).last.text == t("zh", "kbadmin.ask_answer")
    switched = await admin.send("English please")
    assert switched.texts[0] == t("en", "language.switched")
    assert switched.last.text == t("en", "kbadmin.ask_answer")
    step3 = await admin.send("拔节期追一次尿素，每亩10公斤。", within=30)
    assert step3.last.text == t("en", "kbadmin.ask_tags")
    # Back to Chinese by /language: the tags step again, in Chinese, the draft kept.
    assert (await admin.send("/language")).texts == [t("zh", "language.choose")]
    chosen = await admin.press("中文")
    assert chosen.last.text == t("zh", "kbadmin.ask_tags")
    assert chosen.last.buttons == [t("zh", "kbadmin.skip")]
    await admin.press(t("zh", "kbadmin.skip"))
    category = admin.last
    skip = t("zh", "kbadmin.skip")
    await admin.press(skip if skip in category.buttons else "种植")
    await admin.press("✅ 确认保存")
    entry = await stored("玉米什么时候追肥")
    assert entry.answer == "拔节期追一次尿素，每亩10公斤。"


async def test_english_please_while_a_reply_is_typed_is_not_the_reply(county: Harness) -> None:
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    await farmer.send_voice(3)
    question_id = int(staff.messages[-1].callback_data[0].removeprefix("qa:re:"))
    asked = await staff.press_data(f"qa:re:{question_id}")
    assert (asked.last.text or "").startswith(f"请直接输入对问题 #{question_id} 的回复")
    before = len(farmer.messages)
    switched = await staff.send("English please")
    assert switched.texts[0] == t("en", "language.switched")
    assert (switched.last.text or "").startswith(f"Type your answer to question #{question_id}")
    assert len(farmer.messages) == before  # nothing sent to the farmer
    assert (await _question(question_id)).status is not QuestionStatus.answered
    # Still waiting for the reply: the next words are it.
    await staff.send("剪掉病叶，再喷一次药")
    q = await _question(question_id)
    assert q.status is QuestionStatus.answered and q.answer == "剪掉病叶，再喷一次药"
    assert "剪掉病叶" in (farmer.last.text or "")
