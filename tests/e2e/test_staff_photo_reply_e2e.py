"""Staff answer a farmer's question with a photo (sandbox walk: after 「✍️ 回复 #6」 a photo got
「照片是给农户提问用的…」 and never reached the farmer).

In the reply step a photo, with or without a caption, is the answer: stored with the question
and queued through the outbox to the farmer as a photo with the words as its caption.
"""

from __future__ import annotations

import pytest
from sqlalchemy import update

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.knowledge import QuestionStatus
from bot.models.types import MediaKind
from bot.models.users import User
from bot.sandbox.harness import Harness
from tests.e2e.test_voice_e2e import _question, county

pytestmark = pytest.mark.e2e
__all__ = ["county"]


async def _asked(county: Harness) -> int:
    """The farmer asks aloud (forwarded at once); the staff press its ✍️ 回复."""
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    await farmer.send_voice(3)
    question_id = int(staff.messages[-1].callback_data[0].removeprefix("qa:re:"))
    await staff.press_data(f"qa:re:{question_id}")
    return question_id


def _photo_id(county: Harness, chat: int) -> str:
    return str(county.server.api.chats[chat].messages[-2].media["photo"][-1]["file_id"])


async def test_a_photo_with_a_caption_is_the_answer(county: Harness) -> None:
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    question_id = await _asked(county)
    done = await staff.send_photo(caption="像这样剪掉病叶，再喷一次药")
    assert done.texts == [t("zh", "questions.photo_reply_sent")]
    answer = farmer.last
    assert answer.kind == "photo" and answer.caption is not None
    assert answer.caption.startswith("🧑‍🌾") and "像这样剪掉病叶" in answer.caption
    staff_photo = _photo_id(county, 20001)
    assert answer.media["photo"][-1]["file_id"] == staff_photo
    q = await _question(question_id)
    assert q.status is QuestionStatus.answered and q.answer == "像这样剪掉病叶，再喷一次药"
    assert q.answer_file_id == staff_photo and q.answer_media_kind == MediaKind.photo.value
    # Pressed again, a photo alone is more for the farmer, in their language.
    async with session_scope() as session:
        await session.execute(update(User).where(User.telegram_id == 10001).values(language="en"))
    await staff.press_data(f"qa:re:{question_id}")
    assert (await staff.send_photo()).texts == [t("zh", "questions.photo_reply_sent")]
    more = farmer.last
    assert more.kind == "photo" and t("en", "questions.photo_answer_see") in (more.caption or "")


async def test_a_photo_alone_is_the_answer_and_english_staff_read_english(
    county: Harness,
) -> None:
    farmer, staff = county.user(10001, "张大爷"), county.user(20001, "李站长")
    question_id = await _asked(county)
    async with session_scope() as session:
        await session.execute(update(User).where(User.telegram_id == 20001).values(language="en"))
    done = await staff.send_photo()
    assert done.texts == [t("en", "questions.photo_reply_sent")]
    answer = farmer.last
    assert answer.kind == "photo" and t("zh", "questions.photo_answer_see") in (
        answer.caption or ""
    )
    q = await _question(question_id)
    assert q.status is QuestionStatus.answered
    assert q.answer == t("en", "questions.photo_answer_label")
