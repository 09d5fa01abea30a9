"""A county admin's `/kb find` in English and Chinese, and /kb add's category guess from the
entries sharing its tags, through the local Bot API server (blind tester: /kb find lamb said
no entry; 羊什么时候剪毛 tagged 羊 剪毛 looked like 种植 beside five 养殖 entries about 羊)."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.sandbox.harness import Harness
from bot.users import Visitor, touch
from knowledge.kb.entries import Entry
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine

pytestmark = pytest.mark.e2e
ADMIN = 30001
BASE = [
    Entry("live-1", "羊怎么驱虫，用什么药", "春秋各驱一次。", [], ["羊", "驱虫"], "livestock"),
    Entry("live-2", "牛羊拉稀怎么办", "先停料。", [], ["牛", "羊", "拉稀"], "livestock"),
    Entry(
        "live-3",
        "小鸡不吃食",
        "看温度。",
        [],
        ["鸡"],
        "livestock",
        question_en="Chicks will not eat",
        answer_en="Check the brooder temperature.",
    ),
    Entry("plant-1", "果树什么时候剪枝", "冬季修剪。", [], ["果树", "剪枝"], "planting"),
]


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """The admin and a small base."""
    async with session_scope() as session:
        await touch(session, Visitor(ADMIN, "县管理员"), admin_ids=[ADMIN])
        await upsert_entries(session, BASE, engine(), by="test")
    return harness


async def test_kb_find_in_english_and_chinese(county: Harness) -> None:
    admin = county.user(ADMIN, "县管理员")
    found = str((await admin.send("/kb find 羊", within=30)).last.text).splitlines()
    assert found[0] == "找到 2 条："
    assert {line.split("：")[0].strip(" •") for line in found[1:]} == {"live-1", "live-2"}
    await admin.send("/language")
    await admin.press("English")
    for words in ("lamb", "Sheep"):
        found = str((await admin.send(f"/kb find {words}")).last.text).splitlines()
        assert found[0] == "2 found:", words
        assert {line.split(":")[0].strip(" •") for line in found[1:]} == {"live-1", "live-2"}
    found = str((await admin.send("/kb find CHICKS")).last.text).splitlines()
    assert found[:2] == ["1 found:", "• live-3: 小鸡不吃食"]


@pytest.mark.parametrize(
    ("lang", "tags", "looks_like"),
    [
        ("zh", "羊 剪毛", "看着像「养殖」"),
        ("en", "羊, 剪毛", 'It looks like "livestock"'),
    ],
)
async def test_kb_add_guesses_the_category_of_the_entries_sharing_its_tags(
    county: Harness, lang: str, tags: str, looks_like: str
) -> None:
    admin = county.user(ADMIN, "县管理员")
    if lang == "en":
        await admin.send("/language")
        await admin.press("English")
    await admin.send("/kb add")
    await admin.send("什么时候剪毛")  # alone, as near 剪枝 (planting) as anything
    await admin.send("春末夏初剪。")
    step4 = (await admin.send(tags, within=30)).last
    assert looks_like in str(step4.text)
    assert [b for b in step4.buttons if b.startswith("✓")] == [
        "✓ 养殖" if lang == "zh" else "✓ livestock"
    ]
