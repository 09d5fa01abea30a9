"""Fertilisers and nutrient problems in farmers' words, second round (issue 12, round 10).

Shop names of fertilisers point at their class; a deficiency the farmer wants mended
points at the fertiliser that mends it (on a crop, not on a pig); signs told in
farmers' words gain the deficiency and the disease that looks the same; lime and
sulphur on the field, alkaline soil, the soil's pH, fertiliser on the leaf or
against the seed, top-dressing for the fruit, real or fake, using less.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import KnowledgeSearch
from tests.words import added_words, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("磷酸一铵怎么用", "磷肥"),  # shop names point at their class
        ("一铵和二铵有啥区别", "磷酸一铵"),
        ("硝酸钾能冲施吗", "钾肥"),
        ("黄腐酸钾好用不", "钾肥"),
        ("海藻肥喷几次", "叶面肥"),
        ("腐殖酸肥料", "腐植酸"),  # written both ways
        ("黑矾能治黄叶吗", "铁肥"),  # ferrous sulphate by its folk name
        ("硫酸镁一亩用多少", "缺镁"),
        ("钼酸铵拌种", "钼肥"),
        ("微肥怎么用", "微量元素"),
        ("茶枯能当肥料吗", "饼肥"),  # tea-seed cake on the field
        ("茶麸沤肥要多久", "有机肥"),
        ("沼渣能上果树吗", "有机肥"),
        ("玉米缺锌怎么补", "锌肥"),  # a deficiency to its fertiliser, crop named
        ("苹果缺铁黄叶用什么", "硫酸亚铁"),
        ("西红柿缺钙打什么", "钙肥"),
        ("油菜缺硼怎么办", "硼肥"),
        ("小麦缺氮追什么", "氮肥"),
        ("果树补硼啥时候喷", "叶面肥"),
        ("这是缺素症吗", "缺素"),
        ("庄稼发黄是缺什么肥", "缺氮"),  # signs in farmers' words
        ("叶色淡不绿", "缺氮"),
        ("叶片失绿", "缺铁"),
        ("苗子黄瘦不长", "缺氮"),
        ("番茄脐腐病", "缺钙"),
        ("苹果水心病", "缺钙"),
        ("花生黄化", "缺铁"),
        ("油菜红叶", "缺磷"),
        ("玉米叶子一条一条的白", "缺锌"),
        ("叶子从下往上黄", "缺氮"),
        ("心叶先黄", "缺铁"),
        ("田里打石灰", "酸性土"),  # lime and acid soil
        ("水稻田撒石灰", "土壤改良"),
        ("土壤发酸", "土壤酸化"),
        ("土壤碱性太大", "盐碱地"),  # alkaline and saline soil
        ("碱滩地种啥", "盐碱地"),
        ("硫磺粉调酸", "土壤改良"),
        ("土壤ph值多少合适", "土壤检测"),  # soil testing
        ("复合肥袋子上15-15-15是啥意思", "养分含量"),
        ("氮磷钾比例怎么看", "养分含量"),
        ("高钾肥什么时候用", "复合肥"),
        ("化肥怎么辨真假", "假劣肥料"),
        ("有机肥代替化肥", "化肥减量"),
        ("膨果用什么肥", "追肥"),
        ("柑橘春梢肥", "追肥"),
        ("化肥撒到叶子上了", "肥害"),
        ("尿素能喷叶面吗", "叶面肥"),
        ("种子和化肥挨着行不行", "种肥"),
        ("大棚里撒碳铵", "氨害"),
        ("下雨前撒尿素", "追肥"),
        ("复合肥撒了好几天不化", "缓释肥"),
        ("肥料离苗多远", "烧根"),
        ("种紫云英", "绿肥"),
    ],
)
def test_nutrient_words_point_at_standard_terms(question: str, term: str) -> None:
    assert says(question, term)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("仔猪缺铁怎么补", "铁肥"),  # a piglet's iron is an injection, not fertiliser
        ("牛缺磷怎么办", "磷肥"),
        ("鸡缺钙怎么补", "钙肥"),
        ("猪瘦弱不长", "缺氮"),  # thin animals are no hungry crop
        ("幼苗细菌性病害", "缺氮"),  # 苗细 inside 苗细菌
        ("鱼塘用茶枯清塘", "饼肥"),  # tea-seed cake in a pond cleans it
        ("圈舍地面撒石灰消毒", "酸性土"),  # lime on a pen floor
        ("果园树干刷石灰", "土壤改良"),  # whitewash on the trunk
        ("鱼塘水ph值低", "土壤检测"),  # a pond's pH is water quality
        ("玉米大豆条带种植", "缺锌"),  # strip cropping is no stripe
        ("玉米大喇叭口追尿素", "肥害"),  # the stage, not fertiliser in the whorl
        ("一亩地化肥补贴减少了", "化肥减量"),  # a smaller subsidy is no reduction
        ("育肥猪饲料配比", "养分含量"),  # 肥 of 育肥猪
        ("小孩肥胖", "施肥"),
        ("普洱茶饼价格", "饼肥"),
    ],
)
def test_nutrient_words_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong)


def test_a_sign_lists_the_disease_that_looks_the_same() -> None:
    # Pale leaves are a hungry crop or a virus; stripes on maize are zinc or magnesium.
    assert {"缺氮", "病毒病"} <= added_words("叶片失绿")
    assert {"缺锌", "缺镁"} <= added_words("玉米叶子一条一条的白")


def _entry(entry_id: str, question: str, tags: list[str]) -> Entry:
    return Entry(entry_id, question, "见农技站说明。", [], tags, "planting")


BASE = [
    _entry("n-1", "玉米缺锌怎么补救", ["玉米", "缺锌", "锌肥"]),
    _entry("n-2", "番茄缺钙有什么症状", ["西红柿", "缺钙"]),
    _entry("n-3", "酸性土壤如何施用石灰", ["酸性土", "石灰"]),
    _entry("n-4", "盐碱地怎么改良", ["盐碱地", "土壤改良"]),
    _entry("n-5", "怎样鉴别真假化肥", ["假劣肥料", "鉴别"]),
    _entry("n-6", "复合肥包装上的养分含量怎么看", ["复合肥", "养分含量"]),
    _entry("n-7", "大棚如何预防氨气危害", ["大棚", "氨害"]),
    _entry("n-8", "果实膨大期怎么追肥", ["追肥", "膨大期"]),
    _entry("n-9", "饼肥怎么腐熟施用", ["饼肥", "腐熟"]),
    _entry("n-10", "种植绿肥有什么好处", ["绿肥"]),
    _entry("s-1", "测土配方施肥服务怎么申请", ["测土配方"]),
    _entry("s-2", "小麦返青期怎么追肥", ["小麦", "追肥"]),
]


@pytest.fixture
def base() -> KnowledgeSearch:
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("苞谷缺锌上啥肥", "n-1"),
        ("西红柿烂屁股是咋回事", "n-2"),
        ("田里打石灰一次打多少", "n-3"),
        ("地里起碱白花花一层咋整", "n-4"),
        ("化肥咋认真假", "n-5"),
        ("三个十五是啥意思", "n-6"),
        ("棚里撒了碳铵苗子发黄", "n-7"),
        ("西瓜膨瓜冲什么肥", "n-8"),
        ("茶麸沤肥咋弄", "n-9"),
        ("种紫云英划算不", "n-10"),
        ("想测测土壤的ph值", "s-1"),
    ],
)
def test_farmer_words_find_the_nutrient_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    outcome = base.search(query)
    assert outcome.best is not None and outcome.best.entry_id == expected, outcome
