"""`/kb edit`'s draft changes, field by field (bot.admindata.entries); what admins read."""

from __future__ import annotations

import pytest

from bot.admindata.entries import BadValue, change, draft_of, drop_phrasing, entry_of
from bot.admindata.previews import Preview
from bot.admindata.review import flags
from bot.imports import ImportResult
from handlers.render.admin_data import preview_text
from knowledge.kb.entries import MAX_QUESTION, Entry

ENTRY = Entry("t1", "羊拉稀怎么办", "喂口服补液盐", ["羊拉肚子"], ["羊"], "livestock")


def test_each_field_changes_alone() -> None:
    assert change(ENTRY, "question", "  山羊 腹泻|怎么治 ").question == "山羊 腹泻 怎么治"
    assert change(ENTRY, "answer", "停喂精料\n喂补液盐\n").answer == "停喂精料\n喂补液盐"
    assert change(ENTRY, "tags", "羊、腹泻, 拉稀 羊").tags == ["羊", "腹泻", "拉稀"]
    assert change(ENTRY, "tags", "-").tags == []
    # Typed in English: the base's Chinese product names (and glossary words), a phrase
    # as one tag, an unknown word as typed (blind test: "tomato" tied the entry to nothing).
    english = change(ENTRY, "tags", "Tomato, sweet potatoes, pigs diarrhea, shearing")
    assert english.tags == ["西红柿", "红薯", "猪", "拉稀", "shearing"]
    assert change(ENTRY, "tags", "corn、玉米 maize").tags == ["玉米"]
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


def test_english_wording_for_one_day_or_visit_is_flagged() -> None:
    found = flags("Maybe nitrogen; come to the station tomorrow, or bring a leaf to our station.")
    # "come to the station" is general advice (a place, like 到站里); bringing something is a visit.
    assert [(f.word, f.reason) for f in found] == [
        ("tomorrow", "time"),
        ("bring a leaf to our station", "visit"),
    ]
    assert flags("Water evenly; a station technician can look at it.") == []


def test_a_preview_names_the_importers_counts_in_the_admins_language() -> None:
    result = ImportResult(added=0, updated=1, unchanged=0)
    result.extra["sample prices removed"] = 5
    result.extra["markets added"] = 1
    preview = Preview(1, "p.csv", "prices", rows=1, result=result)
    said = preview_text("zh", preview)
    assert "新增市场：1" in said
    assert "⚠️ 确认后，示例（演示）价格 5 条全部删除" in said
    english = preview_text("en", preview)
    assert "Confirming deletes all 5 sample (demo) prices" in english and "1 row" in english
