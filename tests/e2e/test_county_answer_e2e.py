"""Who answered, as the farmer is told, and the farmer's language, as staff see it (sandbox
walk: a county admin's answer arrived as the station's; /questions gave no sign the farmer
reads English)."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.users import Role
from bot.sandbox.harness import Harness
from bot.users import Visitor, set_role, touch
from tests.e2e.questions_util import farmer_and_staff

pytestmark = pytest.mark.e2e

QUESTIONS = {
    "en": "my strawberry leaves have burnt brown edges, why",
    "zh": "大棚草莓叶子边缘焦枯是什么原因",
}


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """Farmers 10001 (station 1) and 10003 (no station), staff of station 1, an admin."""
    async with session_scope() as session:
        await farmer_and_staff(session)
        await touch(session, Visitor(10003, "Tom"))
        await touch(session, Visitor(30001, "王管理员"))
        await set_role(session, 30001, Role.admin)
    harness.user(20001, "李站长")
    harness.user(30001, "王管理员")
    return harness


async def _forwarded(harness: Harness, farmer_id: int, name: str, lang: str) -> int:
    farmer = harness.user(farmer_id, name)
    if lang == "en":
        await farmer.send("/language")
        await farmer.press("English")
    offer = (await farmer.send(QUESTIONS[lang])).last
    data = next(d for d in offer.callback_data if d.startswith("kb:fw:"))
    await farmer.press_data(data, message=offer)
    return int(data.removeprefix("kb:fw:"))


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_an_answer_from_the_county_says_so(county: Harness, lang: str) -> None:
    question_id = await _forwarded(county, 10003, "Tom", lang)
    admin = county.user(30001, "王管理员")
    listed = await admin.send("/questions")
    reads = t("zh", "questions.reads_english", name="Tom")
    assert (reads in listed.last.text) == (lang == "en")
    await admin.press_data(f"qa:re:{question_id}", message=listed.last)
    await admin.send("Cut off the burnt leaves and water less." if lang == "en" else "少浇水。")
    farmer = county.user(10003, "Tom")
    answer = farmer.last.text
    who = t(lang, "questions.county_admin")
    said = t(lang, "questions.reply_to_farmer_county", county=who, question="", answer="")
    assert answer.startswith(said.split("\n")[0])
    assert t(lang, "questions.reply_to_farmer").split("\n")[0] not in answer


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_an_answer_from_the_station_still_says_the_station(
    county: Harness, lang: str
) -> None:
    question_id = await _forwarded(county, 10001, "张大爷", lang)
    staff = county.user(20001, "李站长")
    # Told of the question as it came in, and in the list: whether the farmer reads English.
    reads = t("zh", "questions.reads_english", name="张大爷")
    assert (reads in staff.last.text) == (lang == "en")
    listed = await staff.send("/questions")
    assert (reads in listed.last.text) == (lang == "en")
    await staff.press_data(f"qa:re:{question_id}", message=listed.last)
    await staff.send("Water less." if lang == "en" else "少浇水。")
    answer = county.user(10001, "张大爷").last.text
    assert answer.startswith(t(lang, "questions.reply_to_farmer").split("\n")[0])
