"""Soil, fertiliser and plant nutrition in farmers' words (issue 12, round 6).

Fertiliser names and slang, manures and cakes, the stage a top-dressing is named
after, fertiliser burn, deficiency signs by crop (with every likely cause), soil
problems, composting and soil testing point at the words a county's entry uses.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import Decision, KnowledgeSearch
from tests.words import added_words, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("二氨一亩上多少斤", "磷酸二铵"),  # a misspelling of 二铵
        ("碳铵怎么用", "碳酸氢铵"),  # fertiliser names that are one fertiliser
        ("肥田粉还有卖的吗", "硫酸铵"),
        ("红钾和白钾哪个好", "氯化钾"),
        ("普钙能做底肥吗", "过磷酸钙"),
        ("喷二氢钾啥时候喷", "磷酸二氢钾"),
        ("尿素一次上多少", "氮肥"),  # a kind points at its class
        ("硼砂怎么兑水", "硼肥"),
        ("三元肥是啥", "复合肥"),
        ("一炮轰的肥好用吗", "缓释肥"),
        ("油枯怎么沤", "饼肥"),  # Sichuan's rapeseed cake
        ("灶灰能当肥吗", "草木灰"),
        ("羊板粪一亩上多少方", "农家肥"),  # north-west sheep-pen manure
        ("羊粪要发酵多久", "腐熟"),  # composting
        ("鸡粪咋个沤肥", "堆肥"),
        ("生鸡粪能直接用吗", "肥害"),  # raw manure burns
        ("肥上多了把苗烧了", "肥害"),
        ("小麦返青肥什么时候上", "追肥"),  # a top-dressing by its stage
        ("苹果月子肥上啥", "基肥"),
        ("种肥同播烧不烧种", "种肥"),
        ("玉米一亩上几袋复合肥", "施肥量"),  # how much
        ("玉米苗发紫咋回事", "缺磷"),  # deficiency signs, crop named
        ("黄瓜叶子镶金边", "缺钾"),
        ("花菜花球空心", "缺硼"),
        ("地发白长不了庄稼", "盐碱地"),  # soil problems
        ("大棚土表发红长青苔", "次生盐渍化"),
        ("地里的土硬邦邦锄不动", "板结"),
        ("土壤偏酸怎么调", "酸性土"),
        ("地越种越瘦咋办", "土壤肥力"),
        ("用棉隆熏土", "土壤消毒"),
        ("想化验一下土壤缺啥", "测土配方"),  # soil testing
        ("配方肥哪里买", "测土配方"),
        ("尿素和碳铵能一起用吗", "混用"),  # mixing, placing, timing
        ("尿素撒地面要不要埋", "深施"),
        ("牛粪一亩地上几车", "施肥量"),
        ("小麦后期脱肥", "追肥"),
        ("水稻贪青晚熟", "徒长"),
        ("番茄转色不匀", "缺钾"),
        ("喷二氢钾烧叶了", "肥害"),
        ("农肥一亩上多少", "农家肥"),  # north-east
        ("清粪水提苗", "追肥"),  # Sichuan's thin manure water
        ("甲肥怎么用", "钾肥"),  # a pinyin typo
        ("镉超标的田咋办", "土壤污染"),
    ],
)
def test_soil_words_point_at_standard_terms(question: str, term: str) -> None:
    assert says(question, term)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("鸡粪便发绿是啥病", "农家肥"),  # a droppings sign is a disease question
        ("鸡舍鸡粪怎么清理", "有机肥"),
        ("育肥猪饲料发酵剂", "堆肥"),  # fermenting feed is not composting
        ("一亩地化肥补贴多少", "施肥量"),  # a subsidy per mu is no dose
        ("圈舍地面撒石灰消毒", "酸性土"),  # lime on a pen floor
        ("番茄叶背紫色霉层", "缺磷"),  # a mould is not a deficiency
        ("玉米叶脉上有紫褐色小点", "缺磷"),
        ("大白菜烂心发臭", "缺钙"),  # soft rot, not tipburn
        ("大棚土豆叶子发白", "次生盐渍化"),  # 土 of 土豆 is no soil
        ("药打多了叶子焦了", "施肥量"),
        ("玉米大喇叭口肥上啥", "种肥"),  # 口肥 inside 喇叭口肥 is no seed fertiliser
        ("农药能混吗", "化肥混用"),  # mixing pesticides is not mixing fertilisers
        ("甲鱼怎么养", "钾肥"),
    ],
)
def test_soil_words_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong)


def test_a_shared_sign_lists_several_causes() -> None:
    # 叶子发黄 and a scorched leaf edge on cabbage each have more than one cause.
    words = added_words("大白菜叶边焦了")
    assert {"缺钙", "黑腐病"} <= words


def _entry(entry_id: str, question: str, tags: list[str]) -> Entry:
    return Entry(entry_id, question, "见农技站说明。", [], tags, "planting")


BASE = [
    _entry("f-1", "小麦返青期怎么追肥", ["小麦", "追肥"]),
    _entry("f-2", "磷酸二铵每亩用量是多少", ["磷酸二铵", "用量"]),
    _entry("f-3", "农家肥为什么要腐熟后施用", ["农家肥", "腐熟"]),
    _entry("f-4", "施肥过量造成肥害怎么补救", ["肥害"]),
    _entry("f-5", "叶面肥怎么喷效果好", ["叶面肥"]),
    _entry("f-6", "缓释肥怎么施用", ["缓释肥"]),
    _entry("f-7", "如何堆制有机肥", ["堆肥", "有机肥"]),
    _entry("s-1", "土壤板结怎么改良", ["板结", "土壤改良"]),
    _entry("s-2", "酸性土壤如何改良", ["酸性土", "土壤改良"]),
    _entry("s-3", "盐碱地怎么改良", ["盐碱地"]),
    _entry("s-4", "测土配方施肥服务怎么申请", ["测土配方"]),
    _entry("s-5", "大棚土壤消毒方法", ["土壤消毒", "大棚"]),
    _entry("n-1", "玉米缺磷有什么症状", ["玉米", "缺磷"]),
    _entry("n-2", "油菜缺硼花而不实怎么办", ["油菜籽", "缺硼"]),
]


@pytest.fixture
def base() -> KnowledgeSearch:
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("麦子起身肥啥时候上", "f-1"),
        ("二氨一亩上几袋", "f-2"),
        ("羊粪没发酵能直接撒地里吗", "f-3"),
        ("施肥多了烧苗了咋办", "f-4"),
        ("喷肥用啥好", "f-5"),
        ("一炮轰的肥咋上", "f-6"),
        ("鸡粪咋个沤肥", "f-7"),
        ("土太酸了撒石灰行不", "s-2"),
        ("地里返碱起白霜", "s-3"),
        ("土样送哪里化验", "s-4"),
        ("棚里重茬用棉隆熏土", "s-5"),
        ("苞谷苗发紫咋回事", "n-1"),
        ("油菜只开花不结籽", "n-2"),
    ],
)
def test_farmer_words_find_the_soil_entry(base: KnowledgeSearch, query: str, expected: str) -> None:
    outcome = base.search(query)
    assert outcome.best is not None and outcome.best.entry_id == expected, outcome
    assert outcome.decision is not Decision.decline, outcome


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("地里的土硬邦邦锄不动咋弄", "s-1"),  # one lead alone: ranked first, maybe not sure
        ("地瘦了咋整", "f-7"),  # organic manure builds a thin soil
    ],
)
def test_farmer_words_rank_the_soil_entry_first(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    outcome = base.search(query)
    assert outcome.best is not None and outcome.best.entry_id == expected, outcome


@pytest.mark.parametrize("query", ["葡萄霜霉病怎么防治", "母猪产后不吃食"])
def test_a_question_the_base_does_not_have_is_declined(base: KnowledgeSearch, query: str) -> None:
    assert base.search(query).decision is Decision.decline
