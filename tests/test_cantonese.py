"""Written Cantonese is read as Mandarin before search (issue 12: farmers' own words)."""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.text.cantonese import as_mandarin
from knowledge.text.normalise import normalise
from tests.words import searched


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("禾心枯黄咗，一拔就出嚟", "禾心枯黄了，一拔就出来"),
        ("你哋磅秤准唔准，扣几多杂", "你们磅秤准不准，扣多少杂"),
        ("啲蕉肉熟咗皮仲系青嘅，系咩原因", "些蕉肉熟了皮还是青的，是什么原因"),
        ("荔枝可唔可以放你哋冷库", "荔枝可不可以放你们冷库"),
        ("边度收番薯", "哪里收番薯"),  # 边度 and 边个 are Cantonese words with no particle
        ("边个收蕉", "谁收蕉"),
        # 屙 (to pass stool) and 窿 (a hole) are southern words wherever they are typed.
        ("小鸡屙血屎", "小鸡拉血屎"),
        ("茎度有个窿", "茎度有个洞"),
        # 系 inside a Mandarin word stays.
        ("联系唔到站长，系统坏咗", "联系不到站长，系统坏了"),
    ],
)
def test_a_cantonese_message_is_read_in_mandarin(typed: str, read: str) -> None:
    assert as_mandarin(typed) == read


@pytest.mark.parametrize(
    "text",
    [
        "水稻根系发黑",  # no Cantonese particle: 系 is the root system
        "今天白菜啥价",
        "食心虫几时打药",
        "晒田晒到什么程度",
        "然而家里没人",  # 而家 only with a Cantonese word
        "寄一点样品",
    ],
)
def test_a_mandarin_message_is_left_as_it_is(text: str) -> None:
    assert as_mandarin(text) == text


def test_a_cantonese_question_finds_the_mandarin_entry_as_surely() -> None:
    stem = Entry("borer", "水稻二化螟怎么防治？", "枯心期喷氯虫苯甲酰胺。", [], ["水稻"])
    flood = Entry("store", "荔枝采后怎么保鲜？", "预冷后放冷库，0-3℃。", [], ["荔枝"])
    base = searched([stem, flood])
    cantonese = base.search("荔枝可唔可以放你哋冷库")
    mandarin = base.search("荔枝可不可以放你们冷库")
    assert normalise("荔枝可唔可以放你哋冷库") == normalise("荔枝可不可以放你们冷库")
    assert cantonese.best is not None and cantonese.best.entry_id == "store"
    assert cantonese.best.confidence == pytest.approx(mandarin.best.confidence)  # type: ignore[union-attr]
