"""Leaving the two question conversations (issue 13): a command or a menu button is answered.

The staff's reply (WAIT_REPLY) and the farmer's description for the station
(WAIT_QUESTION) take any text as the answer, so only a command or a main-menu
button leaves them (handlers/leave.py): with one line saying so, then the answer
the message gets outside.
"""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.knowledge import OpenQuestion
from bot.sandbox.harness import Harness
from handlers import asked
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine
from tests.e2e.questions_util import farmer_and_staff, stored_questions
from tests.e2e.test_knowledge_e2e import ENTRIES

pytestmark = pytest.mark.e2e

PRICE_BUTTON = "💰 查价格"


@pytest.fixture
async def base(harness: Harness) -> Harness:
    """A small knowledge base, farmer 10001 of station 1 and its staff member 20001."""
    async with session_scope() as session:
        await upsert_entries(session, ENTRIES, engine(), by="test")
        await farmer_and_staff(session)
    return harness


async def test_a_menu_button_or_command_leaves_the_staff_reply(base: Harness) -> None:
    async with session_scope() as session:
        session.add(OpenQuestion(farmer_id=10001, text="草莓叶子焦边", station_id=1, status="open"))
    staff = base.user(20001, "李站长")
    item = (await staff.send("/questions")).last
    prompt = await staff.press(item.buttons[0], message=item)
    assert "草莓叶子焦边" in prompt.last.text
    outside = (await base.user(10099, "王婶").send(PRICE_BUTTON)).texts
    left = await staff.send(PRICE_BUTTON)
    assert left.texts == [t("zh", "questions.reply_left"), *outside]
    # Nothing was answered, and the next text is no longer taken as the reply.
    [question] = await stored_questions()
    assert question.answer is None and question.status == "open"
    # A command leaves too, and is answered: /questions lists it again.
    item = (await staff.send("/questions")).last
    await staff.press(item.buttons[0], message=item)
    listed = await staff.send("/questions")
    assert listed.texts[0] == t("zh", "questions.reply_left")
    assert "草莓叶子焦边" in listed.last.text


def _forget_what_was_asked(harness: Harness, farmer_id: int) -> None:
    """As for an answer sent before the bot kept what was asked for it."""
    assert harness.app is not None
    harness.app.user_data[farmer_id].pop(asked.ASKED, None)


async def test_a_command_or_menu_button_leaves_the_description_for_the_station(
    base: Harness,
) -> None:
    farmer = base.user(10001, "张大爷")
    answered = await farmer.send("洋芋老是发芽咋办")
    _forget_what_was_asked(base, 10001)
    asked_for = await farmer.press(t("zh", "kb.ask_station_button"), message=answered.last)
    assert asked_for.last.text == t("zh", "kb.ask_prompt")
    outside = (await base.user(10099, "王婶").send("/help")).texts
    left = await farmer.send("/help")
    assert left.texts == [t("zh", "questions.describe_left"), *outside]
    assert await stored_questions() == []
    # The menu button leaves it as well; nothing goes to the station.
    await farmer.press(t("zh", "kb.ask_station_button"), message=answered.last)
    outside = (await base.user(10099, "王婶").send(PRICE_BUTTON)).texts
    left = await farmer.send(PRICE_BUTTON)
    assert left.texts == [t("zh", "questions.describe_left"), *outside]
    assert await stored_questions() == []


async def test_leaving_the_details_says_the_question_went(base: Harness) -> None:
    # After "问服务站" under an answer the question went: leaving only skips the details.
    base.user(20001, "李站长")  # the station's staff have a chat with the bot
    farmer = base.user(10001, "张大爷")
    answered = await farmer.send("洋芋老是发芽咋办")
    await farmer.press(t("zh", "kb.ask_station_button"), message=answered.last)
    # A price asked while details are awaited is a price question, not a detail.
    outside = (await base.user(10099, "王婶").send("玉米多少钱一斤")).texts
    left = await farmer.send("玉米多少钱一斤")
    assert left.texts == [t("zh", "questions.details_left"), *outside]
    [question] = await stored_questions()
    assert question.text == "洋芋老是发芽咋办" and question.status == "open"
    # Pressed again: sent already, and no step to leave.
    again = await farmer.press(t("zh", "kb.ask_station_button"), message=answered.last)
    assert again.answer is not None and again.answer.text == t("zh", "kb.already_forwarded")
    outside = (await base.user(10099, "王婶").send("/help")).texts
    assert (await farmer.send("/help")).texts == outside


async def test_no_thanks_at_the_photo_prompt_sends_nothing_to_the_station(base: Harness) -> None:
    # Sandbox walk: 不用了 after "type it, or send a photo" was forwarded as a question
    # and answered 问题已经记下了.
    base.user(20001, "李站长")  # the station's staff have a chat with the bot
    farmer = base.user(10001, "张大爷")
    answered = await farmer.send("洋芋老是发芽咋办")
    for no in ("不用了", "算了", "不用了，谢谢"):
        _forget_what_was_asked(base, 10001)
        asked_for = await farmer.press(t("zh", "kb.ask_station_button"), message=answered.last)
        assert asked_for.last.text == t("zh", "kb.ask_prompt")
        said = await farmer.send(no)
        assert said.texts == [t("zh", "kb.chatter.decline")]
        assert await stored_questions() == []
    # Outside any prompt, 不用了 is not a question either (nor more of an old one).
    said = await farmer.send("不用了")
    assert said.texts == [t("zh", "kb.chatter.decline")]
    assert await stored_questions() == []
    # The conversation is over: the next description is a question again.
    await farmer.press(t("zh", "kb.ask_station_button"), message=answered.last)
    await farmer.send("洋芋种下去一个月还没出苗")
    [question] = await stored_questions()
    assert question.text == "洋芋种下去一个月还没出苗" and question.status == "open"


async def test_no_thanks_to_more_details_keeps_the_question_as_it_went(base: Harness) -> None:
    base.user(20001, "李站长")  # the station's staff have a chat with the bot
    farmer = base.user(10001, "张大爷")
    answered = await farmer.send("洋芋老是发芽咋办")
    await farmer.press(t("zh", "kb.ask_station_button"), message=answered.last)
    said = await farmer.send("不用了")
    assert said.texts == [t("zh", "kb.details_none")]
    [question] = await stored_questions()
    assert question.text == "洋芋老是发芽咋办" and question.status == "open"


async def test_no_thanks_pressed_under_a_photo_is_acknowledged(base: Harness) -> None:
    farmer = base.user(10001, "张大爷")
    offer = (await farmer.send_photo()).last
    assert offer.text == t("zh", "kb.photo_received")
    kept = await farmer.press(t("zh", "kb.no_thanks"), message=offer)
    assert kept.last.text == t("zh", "kb.kept")
    assert "记下" not in kept.last.text  # "noted your question" was wrong for a "no"
    [question] = await stored_questions()
    assert question.status == "unanswered"  # not forwarded
