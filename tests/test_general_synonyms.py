"""Everyday synonyms (HIT 同义词词林) bridge a farmer's word that a base never uses (issue 12)."""

from __future__ import annotations

import pytest

from knowledge.kb import farmer_words
from knowledge.kb.entries import Entry
from knowledge.kb.search import KnowledgeSearch
from knowledge.text.cilin import general_synonyms, synonyms_of
from tests.words import searched

# A county's base in written words; the farmer's words below are in none of it.
BASE = [
    Entry(
        "p-1",
        "仔猪腹泻怎么治疗？",
        "补液，口服补液盐，严重时请兽医。",
        [],
        ["仔猪", "腹泻"],
        "livestock",
    ),
    Entry(
        "p-2", "仔猪咳嗽怎么治疗？", "保暖通风，按兽医处方用药。", [], ["仔猪", "咳嗽"], "livestock"
    ),
    Entry("p-3", "仔猪怎么补铁？", "出生三天内肌肉注射铁剂。", [], ["仔猪", "补铁"], "livestock"),
]


@pytest.fixture
def base() -> KnowledgeSearch:
    """The base above."""
    return searched(BASE)


def test_the_resource_is_installed() -> None:
    table = general_synonyms()
    assert len(table) > 30_000, "the cilin package ships about 55,000 grouped words"
    assert "腹泻" in synonyms_of("闹肚子")


def test_a_word_the_base_does_not_use_finds_its_everyday_synonym(base: KnowledgeSearch) -> None:
    ranked = base.rank("小猪闹肚子了")
    assert ranked[0][0] == "p-1"


def test_without_the_bridge_the_same_question_is_not_found(
    base: KnowledgeSearch, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The test above passes because of the bridge, not by luck of the ranking.
    monkeypatch.setattr(farmer_words, "synonyms_of", lambda word: ())
    ranked = base.rank("小猪闹肚子了")
    assert not ranked or ranked[0][0] != "p-1" or ranked[0][1] == pytest.approx(ranked[1][1])
