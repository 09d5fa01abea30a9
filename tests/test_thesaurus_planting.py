"""Sowing and planting in farmers' words: when to sow, seed, seedlings, film, field work, picking, straw (issue 12)."""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import Decision, KnowledgeSearch
from tests.words import added_words, assert_found, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("大蒜几月份种", "播种期"),  # when to sow: vegetables, regional ways of asking
        ("白菜啥时候种", "播种期"),
        ("萝卜好久种", "播种期"),
        ("黄瓜啥前儿种", "播种期"),
        ("苞谷多咱种", "播种期"),
        ("菠菜什么时候可以种", "播种期"),
        ("现在种苞谷还赶趟不", "播种期"),  # too late to sow
        ("六月了种黄豆还来得及吗", "播种期"),
        ("晚了还能种花生吗", "播种期"),
        ("清明前后种瓜点豆", "播种期"),  # solar terms, soil warmth
        ("白露种麦早不早", "播种期"),
        ("地温多少度可以种玉米", "播种期"),
        ("辣椒籽泡多久", "浸种"),  # seed
        ("温汤浸种水多热", "种子消毒"),
        ("黄瓜种子放湿毛巾里几天露白", "催芽"),
        ("种子要不要晒一晒种子", "晒种"),
        ("苗出得不齐怎么办", "缺苗"),  # seedlings
        ("缺窝了咋补", "补苗"),
        ("辣椒苗栽下去蔫了", "缓苗"),
        ("新栽的树死了不少", "成活率"),
        ("苗子黄瘦怎么育壮苗", "壮苗"),
        ("苗床咋做", "育苗"),
        ("营养钵怎么装土", "育苗"),
        ("种稀了还是种密了", "种植密度"),  # density
        ("桃树栽多密", "种植密度"),
        ("辣椒隔多远栽一棵", "种植密度"),
        ("红薯咋栽", "扦插"),  # planting out
        ("西红柿苗啥时候栽", "定植"),
        ("树苗咋栽能活", "栽植"),
        ("种果树挖多大坑", "定植"),
        ("葡萄剪枝条插能活吗", "扦插"),
        ("玉米大豆一起种几比几", "带状复合种植"),
        ("铺膜还是不铺膜", "覆膜"),  # film mulch
        ("半膜和全膜哪个好", "地膜"),
        ("一膜两年用咋种", "全膜"),
        ("花生啥时候揭膜", "地膜"),
        ("拾地膜有补助吗", "废旧地膜"),
        ("苞谷锄几遍", "中耕"),  # field work
        ("棉花啥时候打头", "打顶"),
        ("棉花打顶", "打顶"),
        ("棉花打群尖", "整枝"),
        ("西红柿留几穗", "整枝"),
        ("苹果留几个果", "疏花疏果"),
        ("葡萄掐穗尖", "疏花疏果"),
        ("苹果啥时候摘", "采收期"),  # picking time
        ("西瓜熟没熟咋看", "成熟度"),
        ("西瓜拍着嘭嘭响熟了吗", "成熟度"),
        ("麦子多咱割", "收获期"),
        ("掰苞谷啥时候", "收获期"),
        ("秸秆不让烧咋办", "禁烧"),  # straw
        ("烧麦茬罚款吗", "焚烧"),
        ("麦秆怎么处理", "秸秆还田"),
        ("苞谷秆翻到地里行不", "秸秆还田"),
    ],
)
def test_planting_words_point_at_standard_terms(question: str, term: str) -> None:
    assert says(question, term), added_words(question)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("几月份开会", "播种期"),  # a timing word alone is no sowing
        ("啥时候发补贴", "播种期"),
        ("母猪配种晚了怎么办", "播种期"),  # 配种 is breeding
        ("打药晚了还来得及吗", "播种期"),
        ("我种的苞谷啥时候追肥", "播种期"),  # 种的 is what was sown
        ("西瓜最晚熟的品种", "播种期"),  # 品种 is a variety
        ("这种药泡多久", "浸种"),  # 这种 is "this kind"
        ("鱼苗大小不一", "出苗不齐"),  # fry, not seedlings
        ("鸡苗大小不齐", "缺苗"),
        ("大棚啥时候揭膜", "地膜"),  # a greenhouse is aired
        ("西瓜拍个照片给你看", "成熟度"),  # a photo, not a ripe melon's sound
        ("站里啥时候收西瓜", "采收期"),  # the station buying, not picking
        ("苹果树下挖坑施肥", "栽植"),  # a fertiliser pit, not a planting pit
        ("稻草喂牛好不好", "秸秆还田"),  # feed, not straw returned to the field
        ("直播卖西瓜", "移栽"),  # live selling, not direct sowing
    ],
)
def test_planting_words_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong), added_words(question)


# A county's planting entries, one standard question each.
BASE = [
    Entry("p-1", "大蒜适宜的播种期是什么时候", "秋播区9月下旬至10月上旬播种。", [], ["大蒜"]),
    Entry("p-2", "玉米错过适播期晚播怎么办", "选早熟品种，抢墒播种，适当增加密度。", [], ["玉米"]),
    Entry(
        "p-3", "蔬菜种子如何浸种催芽", "温水浸种后在25至30摄氏度下催芽，露白即播。", [], ["种子"]
    ),
    Entry("p-4", "玉米出苗不齐、缺苗断垄怎么补救", "及时补种或移苗补栽。", [], ["玉米"]),
    Entry("p-5", "辣椒移栽后如何促进缓苗", "带土移栽，浇足定根水，适当遮阴。", [], ["辣椒"]),
    Entry("p-6", "果树苗木如何栽植", "挖定植穴，施足底肥，栽后浇透水。", [], ["果树"]),
    Entry("p-7", "全膜双垄沟播技术要点", "起垄覆膜，沟内播种，一膜可用两年。", [], ["地膜"]),
    Entry("p-8", "棉花什么时候打顶", "7月中旬前打顶，做到枝到不等时。", [], ["棉花"]),
    Entry(
        "p-9", "苹果疏花疏果怎么做", "花序分离期疏花，落花后疏果，每20厘米留一个果。", [], ["苹果"]
    ),
    Entry("p-10", "西瓜成熟度怎么判断", "卷须干枯，果皮发亮，拍打声音发闷。", [], ["西瓜"]),
    Entry("p-11", "秸秆禁烧有哪些规定", "禁止露天焚烧秸秆，违者依法处罚。", [], ["秸秆"]),
    Entry("p-12", "玉米秸秆还田怎么做", "收获后粉碎秸秆并深翻入土。", [], ["秸秆"]),
]


@pytest.fixture(scope="module")
def base() -> KnowledgeSearch:
    """The admin-style planting entries above."""
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("大蒜几月份种", "p-1"),
        ("苞谷现在种还赶趟不", "p-2"),
        ("种子泡多久放湿布里等露白", "p-3"),
        ("苞谷苗出得不齐咋弄", "p-4"),
        ("辣椒苗栽下去蔫了", "p-5"),
        ("果树苗咋栽能活", "p-6"),
        ("一膜两年用咋弄", "p-7"),
        ("棉花啥时候打头", "p-8"),
        ("苹果留几个果", "p-9"),
        ("西瓜熟没熟咋看", "p-10"),
        ("麦茬不让烧咋办", "p-11"),
        ("苞谷秆翻到地里行不", "p-12"),
    ],
)
def test_farmers_planting_words_find_the_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    assert_found(base, query, expected)


@pytest.mark.parametrize("query", ["猪拉稀咋办", "快递到了没", "荞麦啥时候种", "韭菜啥时候种"])
def test_questions_outside_the_planting_base_are_not_answered(
    base: KnowledgeSearch, query: str
) -> None:
    assert base.search(query).decision is Decision.decline
