"""An entry's Chinese question glossed in English for English readers' buttons (issue 12), as
a short English label (review: "turning yellow · deficiency" read as joined raw tags): what it
is about, then its topics, then what it asks."""

from __future__ import annotations

import pytest

from knowledge.text.english import gloss


@pytest.mark.parametrize(
    ("question", "english"),
    [
        ("黄瓜霜霉病怎么防治？", "cucumber: downy mildew, prevent"),
        ("鸡新城疫怎么预防？", "chicken: newcastle disease"),
        ("小猪拉稀怎么办", "baby pig: diarrhea"),
        ("下面老叶发黄是缺什么", "turning yellow, deficiency"),
        ("水稻纹枯病怎么治", "rice: sheath blight"),  # a disease is no crop
        ("西红柿屁股发黑烂是什么病", "tomato: turning black, rotting — what disease?"),
        ("羊怎么驱虫，用什么药", "sheep: deworm — what medicine?"),
        ("大田作物一亩用多少种子", "seed — how much?"),
        ("牛羊猪嘴和蹄子起水疱，是不是口蹄疫", "cow, sheep and pig: hoof"),
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
    assert gloss("冬天猪牛羊和鸡怎么保暖") == "pig, cow and sheep: winter"
    assert gloss("在服务站买的东西能退货吗") == "station, buy, return"


def test_a_label_of_fewer_words_for_a_button() -> None:
    assert (
        gloss("黄瓜中午蔫晚上又好了是什么病") == "cucumber: noon, wilting, evening — what disease?"
    )
    assert gloss("黄瓜中午蔫晚上又好了是什么病", 2) == "cucumber: noon — what disease?"
    assert "·" not in gloss("苹果冷库储存温度多少")
