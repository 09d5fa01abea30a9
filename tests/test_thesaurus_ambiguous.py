"""Thesaurus words that meant one thing in one trade and another elsewhere (issue 12).

Each pair below: a farmer's word that belongs to one topic gains that topic's term,
and the same word in another setting (a fainting person, a broody hen, pond water,
a fish that does not grow, land measured, a parcel insured) gains nothing from it.
"""

from __future__ import annotations

import pytest

from tests.words import added_words


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("玉米倒了", "倒伏"),
        ("麦子全趴了还能长吗", "倒伏"),
        ("麦苗不长", "僵苗"),
        ("给羊打虫用啥药", "驱虫"),
        ("种子补贴怎么领", "良种补贴"),
        ("想测测土壤缺啥", "测土配方"),
        ("快递摔坏了", "损坏"),
        ("鱼塘水坏了", "水质"),
        ("早稻保价", "最低收购价"),
        ("秧子插了二十天还不长", "僵苗"),
    ],
)
def test_the_word_in_its_own_trade_gains_the_term(question: str, term: str) -> None:
    assert term in added_words(question)


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("老人晕倒了怎么办", "倒伏"),  # a person, not a crop
        ("母鸡趴窝不下蛋", "倒伏"),  # a broody hen
        ("鱼不长怎么办", "僵苗"),  # a fish, not a seedling
        ("果子打虫用啥药", "驱虫"),  # spraying an orchard, not deworming
        ("土壤改良补贴怎么申请", "良种补贴"),  # 改良补贴 holds 良补
        ("测一下土地面积", "测土配方"),  # measuring land, not testing soil
        ("鱼塘水坏了", "损坏"),  # pond water, not a broken thing
        ("纸箱保价怎么弄", "最低收购价"),  # insuring a parcel, not the grain floor price
        ("葡萄上架", "发布"),  # vines on the trellis, not goods put online
    ],
)
def test_the_same_word_elsewhere_gains_nothing_from_it(question: str, term: str) -> None:
    assert term not in added_words(question)
