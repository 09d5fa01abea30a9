"""/review of a staff-saved entry the base already answers (blind tester: 烤烟叶子花花的皱起来
咋个整 saved as station-q3 beside sd-009 烤烟花叶病怎么防治？, after which 烤烟花叶病 only got
"did you mean"): the similar entry is shown, ➕ makes the farmer's words its phrasing, 🆕 saves
a new entry tagged with the products both are about."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models import KbEntry
from bot.sandbox.harness import Harness
from bot.sandbox.state import Message
from bot.users import Visitor, touch
from knowledge.kb.entries import Entry
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine
from tests.e2e.questions_util import farmer_and_staff, speaks

pytestmark = pytest.mark.e2e

WORDING = "烤烟叶子花花的皱起来咋个整"
MOSAIC = Entry(
    "sd-009",
    "烤烟花叶病怎么防治？",
    "症状：叶片出现黄绿相间的花叶，叶面皱缩，叶片畸形。用无病壮苗，防好蚜虫。",
    [],
    ["烤烟", "花叶病"],
    "pests_diseases",
)
OTHERS = [
    Entry("sd-020", "玉米怎么追肥？", "大喇叭口期追施尿素每亩15公斤。", [], ["玉米"], "fertiliser"),
    Entry("sd-030", "羊拉稀怎么办？", "停喂精料，喂口服补液盐。", [], ["羊"], "livestock"),
]
REPLY = "这是花叶病，拔掉病株，喷宁南霉素，防蚜虫。"


async def _waiting(harness: Harness, lang: str) -> Message:
    """The farmer's question forwarded, answered and saved (📚) by staff; sd-009 imported
    meanwhile; the admin's /review of the draft."""
    async with session_scope() as session:
        await upsert_entries(session, OTHERS, engine(), by="test")
        await farmer_and_staff(session)
        await touch(session, Visitor(30001, "县管理员"), admin_ids=[30001])
    await speaks(lang, 20001)
    await speaks(lang, 30001)
    farmer, staff = harness.user(10001, "张大爷"), harness.user(20001, "李站长")
    assert (await farmer.send(WORDING)).last.text == t("zh", "kb.declined")
    await farmer.press(t("zh", "kb.ask_station_button"))
    item = (await staff.send("/questions")).last
    await staff.press(item.buttons[0], message=item)
    sent = (await staff.send(REPLY)).last
    saved = await staff.press(t(lang, "questions.save_button"), message=sent)
    assert saved.last.text == t(lang, "review.proposed")
    async with session_scope() as session:
        await upsert_entries(session, [MOSAIC], engine(), by="test")
    return (await harness.user(30001, "县管理员").send("/review")).last


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_added_as_a_phrasing_both_wordings_get_the_entry(harness: Harness, lang: str) -> None:
    admin, staff = harness.user(30001, "县管理员"), harness.user(20001, "李站长")
    farmer = harness.user(10001, "张大爷")
    waiting = await _waiting(harness, lang)
    shown = t(lang, "review.similar.answer", entry_id="sd-009", entry_question=MOSAIC.question)
    assert shown in (waiting.text or "")
    merge = t(lang, "review.merge", entry_question=MOSAIC.question)
    assert waiting.buttons == [
        merge,
        t(lang, "review.save_new"),
        t(lang, "review.edit"),
        t(lang, "review.reject"),
    ]
    merge_data = waiting.callback_data[0]
    done = await admin.press(merge, message=waiting)
    assert done.texts[-2] == t(
        lang, "review.merged", question=WORDING, entry_question=MOSAIC.question, entry_id="sd-009"
    )
    assert done.last.text == t(lang, "review.empty")
    await harness.delivered()
    assert staff.last.text == t(
        lang,
        "review.told_merged",
        question=WORDING,
        entry_question=MOSAIC.question,
        entry_id="sd-009",
    )
    # A second press (another admin, a double tap): already decided, nothing twice.
    again = await admin.press_data(merge_data, message=waiting)
    assert again.answer is not None and again.answer.text == t(lang, "review.gone")
    for asked in ("烤烟花叶病", WORDING):
        answer = (await farmer.send(asked)).last.text or ""
        assert answer.startswith(f"📖 {MOSAIC.question}\n症状"), (asked, answer)
    async with session_scope() as session:
        ids = set(await session.scalars(select(KbEntry.id)))
    assert ids == {"sd-009", "sd-020", "sd-030"}  # no second entry


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_saved_as_new_it_is_tagged_with_the_shared_product(
    harness: Harness, lang: str
) -> None:
    admin = harness.user(30001, "县管理员")
    waiting = await _waiting(harness, lang)
    assert t(lang, "review.new_tags", tags="烤烟") in (waiting.text or "")
    saved = await admin.press(t(lang, "review.save_new"), message=waiting)
    assert saved.texts[-2].startswith(t(lang, "review.approved", entry_id="station-q")[:8])
    async with session_scope() as session:
        new = list(await session.scalars(select(KbEntry).where(KbEntry.id.like("station-q%"))))
    assert [(e.question, e.tags) for e in new] == [(WORDING, ["烤烟"])]


async def test_nothing_close_looks_as_before(harness: Harness) -> None:
    async with session_scope() as session:
        await upsert_entries(session, OTHERS, engine(), by="test")
        await farmer_and_staff(session)
        await touch(session, Visitor(30001, "县管理员"), admin_ids=[30001])
    farmer, staff = harness.user(10001, "张大爷"), harness.user(20001, "李站长")
    await farmer.send(WORDING)
    await farmer.press(t("zh", "kb.ask_station_button"))
    item = (await staff.send("/questions")).last
    await staff.press(item.buttons[0], message=item)
    sent = (await staff.send(REPLY)).last
    await staff.press(t("zh", "questions.save_button"), message=sent)
    waiting = (await harness.user(30001, "县管理员").send("/review")).last
    assert "🔎" not in (waiting.text or "")
    assert waiting.buttons == ["✅ 通过", "✏️ 修改", "✖ 不要"]
