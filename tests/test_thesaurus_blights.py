"""Black spots and mould on a potato leaf: early or late blight, the farmer chooses (walk).

A blind walk typed 洋芋叶子上有黑斑 发霉了 咋整 and was answered, with no choice, with
early blight; mould on a blackening leaf points rather to late blight. Where the message
does not say which (where the mould grows, rings on the spots), both are offered.
"""

from __future__ import annotations

from knowledge.kb.decision import Decision
from knowledge.kb.entries import Entry
from tests.words import searched


def _base():  # type: ignore[no-untyped-def]
    return searched(
        [
            Entry("early", "马铃薯早疫病怎么防治", "老叶上褐色病斑，有同心轮纹。", [], [], "pest"),
            Entry("late", "马铃薯晚疫病怎么防治", "叶背有白霉，连阴雨时暴发。", [], [], "pest"),
            Entry("aphid", "蚜虫怎么治", "用吡虫啉。", [], [], "pest"),
        ]
    )


def test_spots_and_mould_on_a_potato_leaf_offer_both_blights() -> None:
    base = _base()
    for question in (
        "洋芋叶子上有黑斑 发霉了 咋整",
        "土豆叶子上长了黑斑，还有白毛",
    ):
        outcome = base.search(question)
        offered = {r.entry_id for r in outcome.results[:3]}
        assert outcome.decision is Decision.suggest, question
        assert {"early", "late"} <= offered, question


def test_mould_under_the_leaf_is_still_late_blight() -> None:
    outcome = _base().search("土豆叶子背面长白毛")
    assert outcome.results[0].entry_id == "late"


def test_a_tomato_question_is_not_answered_from_potato_entries() -> None:
    # The rule covers tomatoes too, but a base without tomato entries has no answer.
    assert _base().search("西红柿叶子有黑点还发霉").decision is Decision.decline
