"""What a farmer's next message or recording belongs to: the latest thing that happened.

Blind walk: the station answered question #11, the farmer typed 好的 谢谢李站长 下午几点来 and
was asked whether to add it to #2, an old video note still waiting; right after setting a
price alert, a voice got "已经和您刚才问的放在一起" (a question typed long before).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.knowledge import OpenQuestion, QuestionStatus
from bot.models.stations import Station
from bot.sandbox.harness import Harness
from tests.e2e.county import load_county, sg01_staffed
from tests.e2e.questions_util import speaks, stored_questions

pytestmark = pytest.mark.e2e

ASKED = {"zh": "我家羊拉稀好几天了", "en": "my sheep have had diarrhoea for days"}
ACK = {
    "zh": ["好的，明天上午我带过去", "好的 谢谢李站长", "谢谢站长 我下午去拿"],
    "en": ["ok, I will bring it tomorrow morning", "okay thanks, will do"],
}


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """The sample county; 张大爷 (10001) farms by SG01, 李站长 (20001) runs it."""
    await load_county(harness)
    await sg01_staffed()
    harness.user(20001, "李站长")
    return harness


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_after_an_answer_nothing_joins_an_older_waiting_question(
    county: Harness, lang: str
) -> None:
    await speaks(lang, chosen=False)
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    await farmer.send_video_note(3)  # question #1, waiting
    offer = (await farmer.send(ASKED[lang])).last
    await farmer.press(t(lang, "kb.ask_station_button"), message=offer)
    first, second = await stored_questions()
    line = staff.last
    assert f"#{second.id}" in (line.text or "")
    await staff.press(f"qa:re:{second.id}")
    held = await staff.send("先停喂一天，下午来站里拿药")
    if lang == "en":  # a Chinese answer to an English reader is asked about first
        await staff.press(t("zh", "questions.lang_send"), message=held.last)
    # A reply to the answer is about the answer: never "add it to #1?".
    for said in ACK[lang]:
        replies = await farmer.send(said)
        assert replies.texts == [t(lang, "kb.after_answer")], said
    asked = await farmer.send(
        "好的 谢谢李站长 下午几点来" if lang == "zh" else "ok thanks, what time?"
    )
    assert not any(f"#{first.id}" in text for text in asked.texts)
    assert t(lang, "kb.join_button", id=first.id) not in asked.last.buttons
    async with session_scope() as session:
        waiting = await session.get(OpenQuestion, first.id)
        assert waiting is not None and waiting.status is QuestionStatus.open
        assert "➕" not in waiting.text  # nothing joined the video note


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_recording_or_photo_after_something_else_is_its_own(
    county: Harness, lang: str
) -> None:
    await speaks(lang, chosen=False)
    farmer = county.user(10001, "张大爷")
    assert (await farmer.send(ASKED[lang])).last.text == t(lang, "kb.declined")
    alert = "土豆涨到2块提醒我" if lang == "zh" else "alert me when potatoes go above 2 yuan"
    await farmer.send(alert)
    # Not "joined with what you asked": that was before the alert.
    voice = await farmer.send_voice(5)
    async with session_scope() as session:
        station = await session.scalar(select(Station).where(Station.external_id == "SG01"))
        assert station is not None
    assert voice.texts == [t(lang, "voice.forwarded", station=station.name)]
    photo = await farmer.send_photo()
    assert photo.last.text != t(lang, "kb.photo_joined")
    typed = next(q for q in await stored_questions() if q.text == ASKED[lang])
    assert typed.media_file_id is None and typed.photo_file_id is None


async def test_a_voice_photo_and_video_note_right_after_a_question_all_join_it(
    county: Harness,
) -> None:
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    await farmer.send_voice(4)  # an older forward: the next question is newer
    told = len(staff.messages)
    assert (await farmer.send("羊咳嗽咋办")).last.text == t("zh", "kb.declined")
    assert (await farmer.send_voice(6)).texts == [t("zh", "voice.joined")]
    assert (await farmer.send_photo()).last.text == t("zh", "kb.photo_joined")
    # A video note follows the voice rule: joined and asked, not sent at once.
    assert (await farmer.send_video_note(3)).texts == [t("zh", "voice.joined_video")]
    assert len(staff.messages) == told
    typed = next(q for q in await stored_questions() if q.text.startswith("羊咳嗽咋办"))
    assert typed.status is QuestionStatus.unanswered and typed.text.count("➕") == 2
    assert typed.photo_file_id is not None and typed.media_kind == "voice"
