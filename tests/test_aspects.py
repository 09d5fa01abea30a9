"""What is asked of a crop or a policy, against what an entry is about (issue 12)."""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import KnowledgeSearch
from knowledge.kb.subjects import aspects_of, policy_objects
from tests.words import searched


@pytest.mark.parametrize(
    ("words", "aspects"),
    [
        (["蓝莓", "修剪"], {"prune"}),
        (["灰霉病", "防治"], {"protect"}),
        (["青稞", "割"], {"harvest"}),  # 割 as a word of its own
        (["割胶"], {"harvest"}),
        (["母猪", "发情"], {"mate"}),  # mating is not farrowing
        (["产前", "产后"], {"birth"}),
        (["育肥猪"], set()),  # fattening, not fertilising
        (["复合肥"], {"fertilise"}),
        (["喂药"], {"protect"}),  # medicine given, not feed
        (["罗非鱼", "喂", "料"], {"feed"}),
        (["梨树", "人工授粉"], {"flower"}),
        (["叶子", "发黄"], set()),  # a sign names no task: its causes may be of several
    ],
)
def test_the_task_a_question_asks(words: list[str], aspects: set[str]) -> None:
    assert aspects_of(words) == aspects


@pytest.mark.parametrize(
    ("words", "objects"),
    [
        (["农机购置补贴"], {"machinery"}),
        (["耕地地力保护补贴"], {"land"}),
        (["基础", "母牛", "补贴"], {"livestock"}),
        (["大棚", "补贴"], {"facility"}),
        (["残膜", "回收", "补贴"], {"film"}),
    ],
)
def test_what_a_policy_is_for(words: list[str], objects: set[str]) -> None:
    assert policy_objects(words) == objects


BASE = [
    Entry("b-1", "蓝莓灰霉病怎么防治？", "花期喷腐霉利，棚内通风降湿。", [], ["蓝莓"], "crop"),
    Entry("b-2", "蓝莓怎么施肥？", "喜酸，施硫酸铵和有机肥。", [], ["蓝莓"], "crop"),
    Entry("b-3", "农机购置补贴怎么申请？", "先买机，再到农机站申请。", [], ["农机"], "policy"),
    Entry(
        "b-4", "母猪产前产后怎么管？", "产前一周减料，产后三天慢慢加料。", [], ["母猪"], "livestock"
    ),
]


@pytest.fixture(scope="module")
def base() -> KnowledgeSearch:
    """The four entries above."""
    return searched(BASE)


def _evidence(base: KnowledgeSearch, query: str, entry_id: str) -> dict[str, float]:
    found = {eid: ev for eid, _, ev in base.rank(query)}
    assert entry_id in found, list(found)
    return vars(found[entry_id])


@pytest.mark.parametrize(
    ("query", "other", "right"),
    [
        ("蓝莓咋修剪", "b-1", None),  # the crop's entries are about other tasks
        ("蓝莓灰霉病打啥药", "b-2", "b-1"),
        ("基础母牛补贴咋申请", "b-3", None),  # a subsidy for another thing
        ("母猪不发情咋办", "b-4", None),  # mating asked, farrowing answered
    ],
)
def test_an_entry_about_another_task_is_marked(
    base: KnowledgeSearch, query: str, other: str, right: str | None
) -> None:
    assert _evidence(base, query, other)["other_aspect"] == 1.0
    if right is not None:
        assert _evidence(base, query, right)["other_aspect"] == 0.0
