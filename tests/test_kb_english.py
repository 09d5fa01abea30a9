"""English versions of knowledge entries (issue 13): import, export, and the database round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.db import session_scope
from bot.imports import ImportFailed
from knowledge.kb.entries import Entry, read_entries, write_entries
from knowledge.kb.repository import get_entries, upsert_entries
from knowledge.kb.search import engine

BOTH = Entry(
    "store-1",
    "土豆怎么储存不发芽",
    "放阴凉黑暗处。",
    ["洋芋发芽了"],
    ["土豆"],
    "storage",
    question_en="How do I store potatoes?",
    answer_en="Somewhere cool and dark.",
)
CHINESE = Entry("pest-1", "西红柿叶子发黄怎么办", "多为缺氮。", [], [], "pests_diseases")


@pytest.mark.parametrize("suffix", [".csv", ".yaml", ".json", ".xlsx"])
def test_english_columns_round_trip(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"kb{suffix}"
    write_entries(path, [BOTH, CHINESE])
    assert read_entries(path) == [BOTH, CHINESE]


def test_an_english_answer_needs_its_question(tmp_path: Path) -> None:
    path = tmp_path / "kb.csv"
    path.write_text(
        "id,question,answer,alt_questions,tags,category,answer_en\n"
        "a1,问题,答案,,,storage,An answer\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as failed:
        read_entries(path)
    assert "row 2, column question_en" in str(failed.value)


async def test_stored_and_read_back(db: str) -> None:
    async with session_scope() as session:
        await upsert_entries(session, [BOTH, CHINESE], engine(), by="test")
    async with session_scope() as session:
        found = await get_entries(session, ["store-1", "pest-1"])
    assert found["store-1"] == BOTH and found["pest-1"] == CHINESE
