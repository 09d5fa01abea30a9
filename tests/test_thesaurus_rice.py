"""Rice in farmers' words, in the shipped thesaurus (issue 12, round 9).

Folk names of rice pests and diseases (吊颈瘟, 丰收果, 禾虱, 冒穿, 禾钻, 包叶虫, 金宝螺),
the seedbed and planting (烂秧, 落谷, 抛栽, 直播稻), fertiliser and water by the stage of
the crop (分蘖肥, 穗肥, 断水, 露田), cold at heading, paddy weeds, ratoon rice, rice with
crayfish, harvest, and the south's own words for the crop (禾, 谷子 of the south-west,
早造 and 晚造): a farmer's words gain the standard term a county's entry uses. 谷子 is
millet in the north and 禾 sits inside longer words: neither is a lead by itself.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import Decision, KnowledgeSearch
from tests.words import added_words, assert_found, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("谷子得了吊颈瘟", "稻瘟病"),  # blast: the neck rots, the ear hangs
        ("禾穗吊颈了", "稻瘟病"),
        ("禾苗发瘟了", "稻瘟病"),
        ("禾叶上有梭形斑", "稻瘟病"),
        ("禾蔸烂了", "纹枯病"),  # sheath blight at the foot of the plant
        ("禾打了乌米谷", "稻曲病"),  # false smut by its folk names
        ("谷子长丰收果了", "稻曲病"),
        ("稻子有乌粉谷", "稻曲病"),
        ("稻谷有假黑穗", "稻曲病"),
        ("禾虱好多", "稻飞虱"),  # planthoppers and hopper burn
        ("禾上有火蠓子", "稻飞虱"),
        ("禾冒穿了", "稻飞虱"),
        ("禾蔸下好多小虫", "稻飞虱"),
        ("禾钻怎么打", "螟虫"),  # stem borers
        ("谷子枯心了", "二化螟"),
        ("禾有卷叶虫", "稻纵卷叶螟"),  # leaf folder
        ("禾包叶了", "稻纵卷叶螟"),
        ("纵卷叶螟打什么药", "稻纵卷叶螟"),
        ("禾苞虫", "稻苞虫"),
        ("田里好多金宝螺", "福寿螺"),  # apple snail and its eggs
        ("田里好多粉红色的卵", "福寿螺"),
        ("秧田里好多公禾", "恶苗病"),
        ("秧盘里的秧烂根了", "烂秧"),  # the seedbed
        ("早稻秧遇倒春寒", "烂秧"),
        ("落谷多少", "播种量"),
        ("谷种撒多少", "播种量"),
        ("抛栽怎么弄", "抛秧"),
        ("直播稻怎么管", "直播"),
        ("早造禾什么时候插", "插秧"),
        ("插秧后多少天追肥", "分蘖"),  # fertiliser by stage
        ("禾打苞了施啥肥", "穗肥"),
        ("禾施壮尾肥", "穗肥"),
        ("收割前几天禾田放干水", "断水"),  # water
        ("禾够苗了要露田", "晒田"),
        ("秋天冷禾抽不出穗", "寒露风"),  # cold at heading
        ("稻谷高温逼熟", "热害"),
        ("禾苗长不起来", "僵苗"),
        ("稻田有稗子", "稗草"),  # weeds
        ("稻田里的水稗", "稗草"),
        ("稻田三棱草", "莎草"),
        ("稻田水花生怎么除", "阔叶杂草"),
        ("稻田野稻怎么除", "杂草稻"),
        ("稻田杂草怎么打", "除草剂"),
        ("割了头季留桩多高", "再生稻"),  # ratoon rice
        ("抱蔸谷怎么蓄", "再生稻"),
        ("稻田里养龙虾", "稻虾共作"),  # rice with crayfish
        ("打谷机", "脱粒"),  # harvest
        ("收割机割稻子", "收获"),
        ("谷子倒伏发芽了", "穗发芽"),
        ("晚造禾", "稻谷"),  # the south's words for the crop
        ("一季稻", "稻谷"),
        ("两季稻怎么安排", "双季稻"),
        ("谷子田里放田水", "稻谷"),
        ("禾蔸发黑", "稻谷"),
    ],
)
def test_rice_words_point_at_standard_terms(question: str, term: str) -> None:
    assert says(question, term), added_words(question)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("谷子怎么间苗", "稻谷"),  # millet of the north
        ("谷子成熟了", "断水"),
        ("谷子卷叶了是旱的吗", "稻纵卷叶螟"),  # drought, not a leaf folder
        ("精喹禾灵打了花生叶子发黄", "稻谷"),  # 禾 inside a herbicide
        ("禾本科杂草用什么药", "稻谷"),
        ("禾虫多少钱一斤", "稻谷"),  # a Cantonese food
        ("丰收果园的苹果多少钱", "稻曲病"),  # an orchard's name
        ("上吊颈部勒痕", "稻瘟病"),
        ("玉米攻苞肥什么时候施", "穗肥"),  # maize's own ear fertiliser
        ("小麦分蘖期追肥", "分蘖"),
        ("韭菜头茬割了留茬多高", "再生稻"),
        ("茶树留桩多高", "再生稻"),
        ("红薯秧什么时候插", "插秧"),
        ("晚造花生什么时候下种", "稻谷"),
        ("早造荔枝", "稻谷"),
        ("稻田水花生怎么除", "花生"),  # a weed, no peanut
        ("谷子发芽了", "穗发芽"),  # seed sprouting
        ("稻草怎么处理", "除草"),
        ("猪圈塌了", "稻飞虱"),
        ("鱼塘放水", "断水"),
    ],
)
def test_rice_words_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong), added_words(question)


# A county's rice entries, one standard question each.
BASE = [
    Entry("r-1", "水稻穗颈瘟怎么防治", "破口期和齐穗期各喷一次三环唑或稻瘟灵。", [], ["稻瘟病"]),
    Entry("r-2", "水稻纹枯病怎么防治", "分蘖末期至孕穗期喷井冈霉素或噻呋酰胺。", [], ["纹枯病"]),
    Entry("r-3", "稻曲病怎么预防", "破口前7到10天喷戊唑醇或苯醚甲环唑。", [], ["稻曲病"]),
    Entry("r-4", "稻飞虱怎么防治", "打在稻丛基部，用吡蚜酮或烯啶虫胺。", [], ["稻飞虱"]),
    Entry("r-5", "二化螟造成枯心白穗怎么防治", "卵孵高峰期喷氯虫苯甲酰胺。", [], ["螟虫"]),
    Entry("r-6", "稻纵卷叶螟怎么防治", "低龄幼虫期喷茚虫威或甲维盐。", [], ["稻纵卷叶螟"]),
    Entry("r-7", "稻田福寿螺怎么防治", "插秧后撒四聚乙醛，人工摘除卵块。", [], ["福寿螺"]),
    Entry("r-8", "水稻什么时候晒田", "够苗时排水晒田，晒到田边开细裂。", [], ["晒田"]),
    Entry("r-9", "水稻穗肥什么时候施", "幼穗分化期施尿素和钾肥。", [], ["穗肥"]),
    Entry("r-10", "晚稻寒露风怎么防御", "选早熟品种，抽穗期灌深水保温。", [], ["冷害"]),
    Entry("r-11", "稻田稗草怎么防除", "插秧后5到7天用丁草胺拌肥撒施。", [], ["除草"]),
    Entry("r-12", "再生稻头季留桩多高", "头季收割留桩40厘米左右。", [], ["再生稻"]),
    Entry("r-13", "水稻收割前什么时候断水", "黄熟期前7天左右断水。", [], ["断水"]),
]


@pytest.fixture(scope="module")
def base() -> KnowledgeSearch:
    """The admin-style rice entries above."""
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("谷子得了吊颈瘟咋办", "r-1"),
        ("禾蔸烂了是啥病", "r-2"),
        ("禾长了好多丰收果", "r-3"),
        ("禾虱好多怎么打", "r-4"),
        ("禾苗被禾钻钻了枯心", "r-5"),
        ("禾有卷叶虫打什么药", "r-6"),
        ("田里好多金宝螺咋办", "r-7"),
        ("禾苗够了要露田不", "r-8"),
        ("禾打苞了施啥肥", "r-9"),
        ("稻田有稗子怎么除", "r-11"),
        ("割了头季留桩多高", "r-12"),
    ],
)
def test_farmers_rice_words_find_the_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    assert_found(base, query, expected)


@pytest.mark.parametrize("query", ["猪拉稀咋办", "快递到了没", "低保啥时候发"])
def test_questions_outside_the_rice_base_are_not_answered(
    base: KnowledgeSearch, query: str
) -> None:
    assert base.search(query).decision is Decision.decline
