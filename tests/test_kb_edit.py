"""`/kb edit`'s draft changes, field by field (bot.admindata.entries)."""

from __future__ import annotations

import pytest

from bot.admindata.entries import BadValue, change, draft_of, drop_phrasing, entry_of
from knowledge.kb.entries import MAX_QUESTION, Entry

ENTRY = Entry("t1", "羊拉稀怎么办", "喂口服补液盐", ["羊拉肚子"], ["羊"], "livestock")


def test_each_field_changes_alone() -> None:
    assert change(ENTRY, "question", "  山羊 腹泻|怎么治 ").question == "山羊 腹泻 怎么治"
    assert change(ENTRY, "answer", "停喂精料\n喂补液盐\n").answer == "停喂精料\n喂补液盐"
    assert change(ENTRY, "tags", "羊、腹泻, 拉稀 羊").tags == ["羊", "腹泻", "拉稀"]
    assert change(ENTRY, "tags", "-").tags == []
    added = change(ENTRY, "alt_add", "羊跑肚")
    assert added.alt_questions == ["羊拉肚子", "羊跑肚"]
    assert change(added, "alt_add", "羊跑肚") == added  # already there
    assert change(ENTRY, "alt_add", "羊拉稀怎么办") == ENTRY  # the question itself
    assert change(ENTRY, "answer_en", "Give ORS.").answer_en == "Give ORS."
    assert change(ENTRY, "question", "x").answer == ENTRY.answer


def test_bad_values_are_refused() -> None:
    with pytest.raises(BadValue) as empty:
        change(ENTRY, "question", "   ")
    assert empty.value.limit == 0
    with pytest.raises(BadValue) as long:
        change(ENTRY, "question", "问" * (MAX_QUESTION + 1))
    assert long.value.limit == MAX_QUESTION
    with pytest.raises(ValueError):
        change(ENTRY, "id", "t2")


def test_phrasings_removed_by_number_and_drafts_round_trip() -> None:
    assert drop_phrasing(ENTRY, 0).alt_questions == []
    assert drop_phrasing(ENTRY, 5) == ENTRY
    assert entry_of(draft_of(ENTRY)) == ENTRY
