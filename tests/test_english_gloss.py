"""An entry's Chinese question glossed in English for English readers' buttons (issue 12)."""

from __future__ import annotations

import pytest

from knowledge.text.english import gloss


@pytest.mark.parametrize(
    ("question", "english"),
    [
        ("黄瓜霜霉病怎么防治？", "cucumber · downy mildew · prevent"),
        ("鸡新城疫怎么预防？", "chicken · newcastle disease"),
        ("小猪拉稀怎么办", "baby pig · diarrhea"),
    ],
)
def test_a_question_is_glossed_in_its_english_words(question: str, english: str) -> None:
    assert gloss(question) == english


def test_question_words_are_not_glossed() -> None:
    # 怎么 and 什么时候 shape the question; they say nothing of what it is about.
    assert "how" not in gloss("小麦什么时候追肥，怎么追")
    assert gloss("怎么办") == ""


def test_an_animal_is_glossed_as_the_animal_and_can_i_as_nothing() -> None:
    # The price list sells 猪 as pork; an entry about keeping pigs warm is about pigs.
    # 能 ("can i") says nothing of what a question is about (walk: "station · can i · ...").
    assert gloss("冬天猪牛羊和鸡怎么保暖") == "winter · pig · cow · sheep"
    assert gloss("在服务站买的东西能退货吗") == "station · buy · return"
