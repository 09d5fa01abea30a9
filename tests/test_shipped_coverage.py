"""Everyday questions the shipped base answers (my own sandbox walk met dead ends on them).

The sample county's base is what a new install answers with: yellowing maize and wheat
seedlings, sheep and chicken diarrhoea and selling a named fruit online are questions every
county's farmers ask. Each is answered or offered, never a dead end.
"""

from __future__ import annotations

import pytest

from knowledge.kb.decision import Decision
from knowledge.kb.entries import read_shipped
from knowledge.kb.search import KnowledgeSearch


@pytest.fixture(scope="module")
def shipped() -> KnowledgeSearch:
    search = KnowledgeSearch()
    search.load((e.id, search.doc_tokens(e)) for e in read_shipped())
    return search


@pytest.mark.parametrize(
    ("question", "expect"),
    [
        ("玉米苗发黄咋回事", "fert-017"),
        ("苞米苗黄了", "fert-017"),
        ("麦子叶子发黄", "fert-018"),
        ("羊拉稀不吃草", "live-021"),
        ("牛拉肚子", "live-021"),
        ("鸡拉白稀", "live-022"),
        ("小鸡糊屁股", "live-022"),
        ("鸡咳嗽", "live-023"),
        ("俺家鸡咳嗽流鼻涕打呼噜", "live-023"),
        ("俺家鸡这两天不爱吃食还咳嗽，是不是天冷了", "live-023"),
        ("羊晚上咳嗽", "live-024"),
        ("猪咳嗽", "live-025"),
    ],
)
def test_everyday_questions_are_answered(
    shipped: KnowledgeSearch, question: str, expect: str
) -> None:
    outcome = shipped.search(question)
    assert outcome.decision is Decision.answer and outcome.results[0].entry_id == expect


def test_selling_a_named_fruit_online_is_offered_the_general_entry(
    shipped: KnowledgeSearch,
) -> None:
    # 想在网上开店卖农产品 names 苞谷 among its phrasings as an example, not as its subject.
    outcome = shipped.search("怎么在网上卖苹果")
    assert outcome.decision is not Decision.decline
    assert "sell-001" in [r.entry_id for r in outcome.results[:3]]


@pytest.mark.parametrize("question", ["兔子拉稀死了好几只", "鸭子拉稀", "兔子咳嗽"])
def test_animals_the_base_has_no_entry_for_stay_declined(
    shipped: KnowledgeSearch, question: str
) -> None:
    assert shipped.search(question).decision is Decision.decline


def test_a_subsidy_question_is_not_answered_with_how_to_plant(shipped: KnowledgeSearch) -> None:
    # Blind walk: 今年种蒜有补贴吗 was answered with garlic planting steps.
    outcome = shipped.search("今年种蒜有补贴吗")
    assert outcome.decision is not Decision.answer
    assert any(r.entry_id.startswith("policy-") for r in outcome.results[:3])
