"""Folk and regional names of crop pests and diseases, third round (issue 12, round 11).

Weevils (象鼻子), flea beetles (地蹦子, a small black beetle on cabbages), thrips on onions
and beans (小黑虫), whiteflies in 西北 words (尕蛾子), aphids written by sound (牙虫),
spider mites (黄蜘蛛), the armyworm's old name (虸蚄); 钻心虫 and 吊丝虫 read by the crop
(cotton, soybean, cowpea, millet, trees); smuts (乌麦, 乌米 of sorghum), rust (黄疸 on
crops, not jaundice of an animal), sunflower head rot (烂盘), fire blight (火烧病),
wilt by crop (死秧, 死棵), a crop's 瘟, zokors gnawing tree roots and birds (雀子).
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import KnowledgeSearch
from knowledge.text.tokenize import tokenizer
from tests.words import assert_found, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("象鼻子虫怎么治", "象甲"),  # weevils
        ("米里有象鼻子", "储粮害虫"),
        ("地蹦子咬白菜苗", "黄条跳甲"),  # flea beetles
        ("白菜上有小黑虫", "黄条跳甲"),
        ("大葱上小黑虫", "蓟马"),  # thrips
        ("豇豆花里有小黑虫", "蓟马"),
        ("牙虫怎么打", "蚜虫"),  # the aphid by its sound
        ("大棚里尕蛾子多", "白粉虱"),  # 尕 is small (西北)
        ("橘子树上黄蜘蛛", "红蜘蛛"),
        ("虸蚄来了咋办", "黏虫"),
        ("棉花钻心虫", "棉铃虫"),  # borers by crop
        ("大豆钻心虫", "大豆食心虫"),
        ("豇豆钻心虫", "豆野螟"),
        ("谷子钻心虫", "螟虫"),
        ("槐树上吊丝虫", "尺蠖"),  # a looper on a tree
        ("大豆造桥虫", "尺蠖"),
        ("乌麦咋治", "黑穗病"),  # smuts
        ("高粱乌米", "丝黑穗病"),
        ("麦子黄疸", "锈病"),  # rust
        ("玉米黄疸", "锈病"),
        ("烂盘咋办", "菌核病"),
        ("梨树火烧病", "火疫病"),  # fire blight
        ("洋芋火烧病", "晚疫病"),
        ("麦子火疯", "干热风"),
        ("棉花死秧", "黄萎病"),  # wilt by crop
        ("花生死棵", "青枯病"),
        ("大豆死秧", "根腐病"),
        ("烟叶死棵", "黑胫病"),
        ("西瓜发瘟", "枯萎病"),  # a crop's 瘟
        ("魔芋瘟", "软腐病"),
        ("花生瘟", "青枯病"),
        ("苹果树根被老鼠啃了", "鼢鼠"),  # zokors
        ("雀子吃谷子", "鸟害"),
    ],
)
def test_folk_pest_names_point_at_standard_terms(question: str, term: str) -> None:
    assert says(question, term)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("牛有黄疸", "锈病"),  # jaundice of an animal is no rust
        ("猪发瘟", "枯萎病"),
        ("菇房里小黑虫", "黄条跳甲"),  # fungus gnats
        ("菇房里小黑虫", "蓟马"),
        ("仓库里尕蛾子", "白粉虱"),  # a moth in the store
        ("白菜吊丝虫", "尺蠖"),  # on cabbage it is the cabbage moth
        ("花生米价格", "青枯病"),
        ("棉花价格", "棉铃虫"),
        ("苹果树根被啃了", "鼢鼠"),  # grubs gnaw roots too: the rodent must be named
    ],
)
def test_folk_pest_names_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong)


def test_smut_is_no_rice() -> None:
    # 乌米 (head smut) is a word of its own, not 乌 + 米 (rice).
    assert "大米" not in tokenizer().tokens("高粱长乌米")


def _entry(entry_id: str, question: str, tags: list[str]) -> Entry:
    return Entry(entry_id, question, "见农技站说明。", [], tags, "planting")


BASE = [
    _entry("f-1", "小麦散黑穗病怎么防治", ["小麦", "散黑穗病", "黑穗病"]),
    _entry("f-2", "小麦条锈病怎么防治", ["小麦", "条锈病", "锈病"]),
    _entry("f-3", "向日葵菌核病怎么防治", ["向日葵", "菌核病"]),
    _entry("f-4", "棉花枯萎病和黄萎病怎么防治", ["棉花", "枯萎病", "黄萎病"]),
    _entry("f-5", "棉铃虫怎么防治", ["棉花", "棉铃虫"]),
    _entry("f-6", "白粉虱怎么防治", ["白粉虱", "大棚"]),
    _entry("f-7", "黄条跳甲怎么防治", ["黄条跳甲", "大白菜"]),
    _entry("f-8", "梨火疫病怎么防控", ["梨", "火疫病"]),
    _entry("f-9", "鼢鼠怎么防治", ["鼢鼠", "鼠害"]),
    _entry("f-10", "魔芋软腐病怎么防治", ["魔芋", "软腐病"]),
]


@pytest.fixture
def base() -> KnowledgeSearch:
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("麦地里乌麦多咋治", "f-1"),
        ("麦子得了黄疸打啥药", "f-2"),  # not the smut entry, also of wheat
        ("葵花烂盘咋办", "f-3"),
        ("棉花死秧咋回事", "f-4"),
        ("棉花钻心虫打啥药", "f-5"),  # not the wilt entry, also of cotton
        ("大棚里尕蛾子多咋办", "f-6"),
        ("地蹦子把白菜苗咬了", "f-7"),
        ("香梨火烧病咋治", "f-8"),
        ("瞎瞎把苹果树根啃了", "f-9"),
        ("魔芋瘟咋治", "f-10"),
    ],
)
def test_farmer_words_find_the_pest_entry(base: KnowledgeSearch, query: str, expected: str) -> None:
    assert_found(base, query, expected)
