"""还是不行 / 没用 / 不对 / 都不是 right after a knowledge answer: it did not help.

Blind test: 西红柿叶子发黄怎么办 got its 📖 answer; 这个问题还是不行 was then searched as a new
question ("答不上来…要转吗?"), and accepted, the station got 这个问题还是不行, not the question.
Now the farmer is told sorry and offered to send the question first asked, with what they
said and which answer did not help joined for staff; 叶子颜色不对怎么办 is still a question.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.knowledge import OpenQuestion, QuestionStatus
from bot.models.users import Role
from bot.sandbox.harness import Harness
from bot.users import Visitor, set_role, touch
from handlers.render import knowledge as view
from knowledge.kb import threads
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine
from tests.e2e.test_knowledge_e2e import ENTRIES

pytestmark = pytest.mark.e2e

ASKED = "西红柿叶子发黄怎么办"  # ENTRIES answer it (pest-1)
FARMER, STAFF = 10001, 20001


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """A small base (pest-1 in English too); 张大爷 of station 1 and its staff 李站长."""
    english = replace(
        ENTRIES[0],
        question_en="Why are tomato leaves turning yellow?",
        answer_en="Lower leaves yellowing evenly is mostly nitrogen shortage: top-dress urea.",
    )
    async with session_scope() as session:
        await upsert_entries(session, [english, *ENTRIES[1:]], engine(), by="test")
        farmer, _ = await touch(session, Visitor(FARMER, "张大爷"))
        farmer.station_id = 1
        await touch(session, Visitor(STAFF, "李站长"))
        await set_role(session, STAFF, Role.staff, station_id=1)
    harness.user(STAFF, "李站长")  # the staff member has a chat with the bot
    return harness


async def _questions() -> list[OpenQuestion]:
    async with session_scope() as session:
        return list(await session.scalars(select(OpenQuestion).order_by(OpenQuestion.id)))


def _to_staff(harness: Harness, words: str) -> list[str]:
    return [m.content for m in harness.user(STAFF, "李站长").messages if words in m.content]


@pytest.mark.parametrize(
    "said",
    [
        "这个问题还是不行",
        "没用",
        "还是不懂",
        "说的不对",
        "不是这个",
        "试过了，打了药还是黄",
        # 云南 blind test: 莫得用 was searched as a new question.
        *("莫得用", "没得用", "不管用", "冇用", "没球用"),
    ],
)
async def test_not_helped_offers_the_question_first_asked(county: Harness, said: str) -> None:
    farmer = county.user(FARMER, "张大爷")
    answer = (await farmer.send(ASKED)).last
    assert (answer.text or "").startswith(f"📖 {ASKED}\n")
    offer = (await farmer.send(said)).last
    # Sorry, and the question first asked, never "答不上来" for the complaint.
    assert offer.text == t("zh", "kb.not_helped", asked=view.quote(ASKED))
    assert offer.buttons[:2] == [t("zh", "kb.ask_station_button"), t("zh", "kb.no_thanks")]
    await farmer.press(t("zh", "kb.ask_station_button"), message=offer)
    [question] = await _questions()
    assert question.status is QuestionStatus.open and question.station_id == 1
    # The question is what was asked; the farmer's words and the answer's title go with it.
    note = t("zh", "kb.not_helped_note", said=said, entry=ASKED, id="pest-1")
    assert threads.parts(question.text) == [ASKED, note]
    assert threads.asked(question.text) == ASKED
    [pushed] = _to_staff(county, f"#{question.id}")
    assert ASKED in pushed and said in pushed and "pest-1" in pushed


@pytest.mark.parametrize("said", ["that didn't help", "Not what I asked.", "still not working"])
async def test_not_helped_in_english(county: Harness, said: str) -> None:
    farmer = county.user(FARMER, "张大爷")
    await farmer.send("/language")
    await farmer.press("English")
    asked = "why are my tomato leaves turning yellow"
    answer = (await farmer.send(asked)).last
    assert (answer.text or "").startswith("📖 Why are tomato leaves turning yellow?\n")
    offer = (await farmer.send(said)).last
    assert offer.text == t("en", "kb.not_helped", asked=view.quote(asked))
    await farmer.press(t("en", "kb.ask_station_button"), message=offer)
    [question] = await _questions()
    assert question.status is QuestionStatus.open
    note = t("en", "kb.not_helped_note", said=said, entry="Why are tomato leaves turning yellow?",
             id="pest-1")  # fmt: skip
    assert threads.parts(question.text) == [asked, note]


@pytest.mark.parametrize(
    ("lang", "asked", "said"),
    [("zh", "土豆储存", "都不是"), ("en", "potato storage", "none of these")],
)
async def test_none_of_the_suggestions_offers_the_question(
    county: Harness, lang: str, asked: str, said: str
) -> None:
    farmer = county.user(FARMER, "张大爷")
    if lang == "en":
        await farmer.send("/language")
        await farmer.press("English")
    listed = (await farmer.send(asked)).last
    assert listed.text == t(lang, "kb.did_you_mean")
    offer = (await farmer.send(said)).last
    assert offer.text == t(lang, "kb.not_helped", asked=view.quote(asked))
    await farmer.press(t(lang, "kb.ask_station_button"), message=offer)
    # The question recorded for the list is the one sent, the entries offered named for staff.
    [question] = await _questions()
    assert question.status is QuestionStatus.open
    first, note = threads.parts(question.text)
    assert first == asked and note.startswith(said)
    assert "土豆怎么储存不发芽" in note or "store-1" in note or "potato" in note.lower()


async def test_a_question_with_budui_is_still_a_question(county: Harness) -> None:
    farmer = county.user(FARMER, "张大爷")
    await farmer.send(ASKED)
    replied = (await farmer.send("叶子颜色不对怎么办")).last
    assert replied.text != t("zh", "kb.not_helped", asked=view.quote(ASKED))
    assert all(ASKED not in q.text for q in await _questions())


async def test_only_right_after_the_answer(county: Harness) -> None:
    # Something else between (a greeting): 没用 no longer speaks of the answer.
    farmer = county.user(FARMER, "张大爷")
    await farmer.send(ASKED)
    await farmer.send("你好")
    replied = (await farmer.send("没用")).last
    assert replied.text != t("zh", "kb.not_helped", asked=view.quote(ASKED))
    assert all(ASKED not in q.text for q in await _questions())
