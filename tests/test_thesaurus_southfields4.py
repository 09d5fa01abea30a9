"""Farming words of southern China's rice and upland fields (issue 12, round 12).

The paddy and the hill field as farmers of 湘, 赣, 鄂, 皖南, 闽, 客家, 川渝, 贵州 and 云南
say them: the seedbed (秧母田, 秧盘, 撒谷种), the seedlings (秧子 of 西南 beside a rice
word, 禾秧, old seedlings 老秧), pulling and setting them out (扯秧, 插禾, 栽禾, the
插秧机), preparing the paddy (打田, 耖田), draining it (炕田), tillering and stunting
(不发蔸, 分叉, 缩苗, 死蔸), lodging of 禾, empty grains, two crops and the ratoon, straw
left in the field, fields idle or flooded over winter (冬板田, 冬泡田), rapeseed sown
straight or set out (撒菜籽, 栽菜秧), sweet potato (栽苕, 苕母), potato under straw,
maize in soil balls (营养坨), konjac seed corms, terraces (梯地), the bund (田坎, 田塍,
田基), ditches (水圳) and the pump (抽水机).
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import KnowledgeSearch
from tests.words import assert_ranked_first, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("秧母田怎么做", "秧田"),  # the seedbed
        ("秧盘多少钱一张", "育秧"),
        ("撒谷种撒多厚", "育秧"),
        ("秧田里秧子发黄", "秧苗"),  # 秧子 beside a rice word
        ("禾秧长得慢", "秧苗"),
        ("老秧还能插吗", "秧龄"),  # seedling age
        ("超龄秧咋办", "秧龄"),
        ("扯秧要注意啥", "起秧"),  # pulling seedlings
        ("插禾要注意啥", "插秧"),
        ("栽禾怎么栽", "插秧"),
        ("插秧机好不好用", "机插"),
        ("打田打几遍", "整地"),  # preparing the paddy
        ("耖田要耖平", "整地"),
        ("啥时候炕田", "晒田"),  # draining
        ("谷子不发蔸", "分蘖"),  # tillering
        ("禾不分叉", "分蘖"),
        ("插完秧缩苗咋办", "僵苗"),
        ("田里死蔸多", "死苗"),
        ("禾倒了一大片", "倒伏"),
        ("谷子空壳多", "结实率"),
        ("水稻一年种两季", "双季稻"),
        ("谷子割了还发", "再生稻"),
        ("稻草翻到田里行不行", "秸秆还田"),
        ("稻草不烂咋办", "腐熟剂"),
        ("冬板田种点啥", "冬闲田"),  # winter fields
        ("冬天田空着种什么好", "冬闲田"),
        ("冬泡田能养鱼吗", "冬水田"),
        ("稻板田种油菜", "免耕"),
        ("撒菜籽要多少", "直播"),  # rapeseed
        ("油菜起苗要注意啥", "移栽"),
        ("栽菜秧要浇水吗", "移栽"),
        ("栽苕怎么栽", "栽插"),  # sweet potato
        ("苕母怎么选", "种薯"),
        ("洋芋用稻草盖", "免耕"),  # potato under straw
        ("苞谷做营养坨", "育苗"),
        ("魔芋籽多少钱一斤", "种芋"),
        ("梯地种什么好", "梯田"),  # terraces
        ("田坎垮了", "水毁"),
        ("田坎上长草", "田埂"),  # the bund
        ("田塍漏水", "田埂"),
        ("水圳堵了", "清淤"),  # ditches
        ("抽水灌田", "灌溉"),
        ("抽水机坏了", "水泵"),
    ],
)
def test_southern_field_words_point_at_standard_terms(question: str, term: str) -> None:
    assert says(question, term)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("土豆秧子发黄", "秧苗"),  # the vines of a potato
        ("西瓜秧子下面铺稻草", "秧苗"),  # 稻 of 稻草 is no rice
        ("西瓜秧子烂了", "烂秧"),
        ("打田埂的草", "整地"),  # spraying the bund
        ("冬天大棚种什么", "冬闲田"),  # a greenhouse, not a field left idle
        ("红苕种植技术", "种薯"),  # 苕种 inside 红苕种植
        ("魔芋种植", "种芋"),
        ("冬天抽水浇麦", "冬水田"),
        ("插红薯秧子", "秧苗"),
    ],
)
def test_southern_field_words_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong)


def _entry(entry_id: str, question: str, tags: list[str]) -> Entry:
    return Entry(entry_id, question, "见农技站说明。", [], tags, "planting")


BASE = [
    _entry("sf-1", "水稻育秧怎么做秧田？", ["稻谷", "育秧", "秧田"]),
    _entry("sf-2", "水稻秧龄多长适合插秧？", ["稻谷", "秧龄"]),
    _entry("sf-3", "水稻什么时候晒田？", ["稻谷", "晒田"]),
    _entry("sf-4", "水稻分蘖少怎么办？", ["稻谷", "分蘖"]),
    _entry("sf-5", "水稻倒伏怎么补救？", ["稻谷", "倒伏"]),
    _entry("sf-6", "冬闲田种什么好？", ["冬闲田", "绿肥"]),
    _entry("sf-7", "油菜直播怎么种？", ["油菜籽", "直播"]),
    _entry("sf-8", "红薯怎么栽插？", ["红薯", "栽插"]),
    _entry("sf-9", "魔芋种芋怎么选？", ["魔芋", "种芋"]),
    _entry("sf-10", "农田沟渠怎么清淤？", ["沟渠", "清淤"]),
    _entry("sf-11", "秸秆还田怎么做？", ["秸秆还田", "稻谷"]),
    _entry("sf-12", "再生稻怎么留桩？", ["再生稻"]),
    _entry("sf-13", "水稻整地有什么要求？", ["稻谷", "整地"]),
    # Near misses: the same crop, or the same everyday words, on another topic.
    _entry("d-1", "水稻插秧后怎么管理？", ["稻谷", "插秧"]),
    _entry("d-2", "水稻稻瘟病怎么防治？", ["稻谷", "稻瘟病"]),
    _entry("d-3", "油菜菌核病怎么防治？", ["油菜籽", "菌核病"]),
    _entry("d-4", "红薯黑斑病怎么防治？", ["红薯", "黑斑病"]),
    _entry("d-5", "魔芋软腐病怎么防治？", ["魔芋", "软腐病"]),
    _entry("d-6", "农机购置补贴怎么申请？", ["农机", "补贴"]),
    _entry("d-7", "稻谷收购价格是多少？", ["稻谷", "价格"]),
    _entry("d-8", "冬季大棚蔬菜种什么好？", ["大棚", "蔬菜"]),
    _entry("d-9", "早稻什么时候插秧？", ["稻谷", "插秧"]),
    _entry("d-10", "水稻烂秧怎么办？", ["稻谷", "烂秧"]),
    _entry("d-11", "油菜什么时候育苗移栽？", ["油菜籽", "移栽"]),
    _entry("d-12", "辣椒苗怎么栽？", ["辣椒", "移栽"]),
    _entry("d-13", "稻田养鱼好不好？", ["稻谷", "稻田养鱼"]),
    _entry("d-14", "水稻纹枯病咋整？", ["稻谷", "纹枯病"]),
    _entry("d-15", "田里种点啥好卖？", ["种植"]),
]


@pytest.fixture
def base() -> KnowledgeSearch:
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("秧母田咋弄", "sf-1"),
        ("老秧还能插不", "sf-2"),  # not the entry on setting out
        ("炕田炕几天", "sf-3"),
        ("要不要炕田", "sf-3"),
        ("谷子不发蔸咋办", "sf-4"),  # not the rotting seedbed's 怎么办
        ("撒菜籽还是栽", "sf-7"),  # sown straight, not raised and set out
        ("栽苕咋栽", "sf-8"),  # not the pepper seedlings
        ("水圳堵了咋办", "sf-10"),
        ("稻草沤田行不行", "sf-11"),
        ("稻草翻到田里咋样", "sf-11"),  # not fish in the paddy
        ("打田要打几遍", "sf-13"),
        ("谷子割了还发一季咋管", "sf-12"),
    ],
)
def test_farmer_words_find_the_field_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    assert_ranked_first(base, query, expected)
