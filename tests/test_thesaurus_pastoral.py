"""Herding and plateau farming in farmers' words (issue 12, round 11).

The plateau's breeds (藏羊, 滩羊, 绒山羊, 犏牛) point at their kind; the herd thin by
winter's end (掉膘, 乏了, 冬瘦春乏) wants feed; herders' names for its diseases (出花,
烂嘴, a yak calf's scours, 肺疫), dipping (药淋) and the dog's deworming against 包虫;
wool, yak down, butter and curd and their sale; the grassland rules (草奖, 禁牧, 休牧,
超载 and 减畜, 围栏, 轮牧, 转场); the barley's stripe disease and its smut (乌麦).
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import KnowledgeSearch
from tests.words import assert_found, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("藏羊怎么养", "绵羊"),  # breeds point at their kind
        ("欧拉羊一只多少斤", "绵羊"),
        ("绒山羊抓绒", "山羊"),
        ("犏牛怎么养", "牦牛"),
        ("犊子不吃奶", "犊牛"),
        ("藏羊冬天掉膘了", "补饲"),  # thin by winter's end wants feed
        ("开春牛乏了", "补饲"),
        ("冬瘦春乏咋办", "掉膘"),
        ("青干草怎么晒", "干草"),
        ("燕麦草喂牛", "饲草"),
        ("盐块放哪", "舔砖"),
        ("暖圈怎么建", "棚圈"),
        ("暖棚养羊", "棚圈"),
        ("羊群出花了", "羊痘"),  # herders' names for the diseases
        ("羊烂嘴怎么治", "羊口疮"),
        ("小牦牛拉稀", "犊牛腹泻"),
        ("牦牛肺疫", "传染性胸膜肺炎"),
        ("羊肚子里有包虫", "包虫病"),
        ("羊药淋用啥药", "药浴"),
        ("犬犬投药", "包虫病"),
        ("狗粪要深埋吗", "包虫病"),
        ("牦牛绒谁收", "收购"),  # wool, down, butter and their sale
        ("酥油多少钱一斤", "价格"),
        ("草奖什么时候发", "草原生态"),  # grassland rules
        ("不让放牧了咋办", "禁牧"),
        ("春季休牧多久", "禁牧"),
        ("超载过牧要罚吗", "草畜平衡"),
        ("草场超载了要减畜吗", "草畜平衡"),
        ("草场拉铁丝网有补贴吗", "围栏"),
        ("轮换放牧怎么搞", "轮牧"),
        ("啥时候转场", "放牧"),
        ("青稞叶子一条一条的", "条纹病"),  # the barley's diseases
        ("乌麦怎么防", "黑穗病"),
        ("青稞穗子黑了", "黑穗病"),
    ],
)
def test_pastoral_words_point_at_standard_terms(question: str, term: str) -> None:
    assert says(question, term)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("货车超载罚多少", "草畜平衡"),  # an overloaded lorry is no overgrazed pasture
        ("面包虫怎么养", "包虫病"),  # the mealworm
        ("大棚冬天怎么保温", "棚圈"),  # a vegetable greenhouse is no livestock shed
        ("乌麦怎么防", "小麦"),  # the barley's smut names no wheat
        ("人春天犯困乏", "补饲"),
        ("小麦叶子一条一条黄", "条纹病"),  # wheat's stripes are rust or mosaic
        ("荔枝不出花", "羊痘"),
    ],
)
def test_pastoral_words_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong)


def _entry(entry_id: str, question: str, tags: list[str]) -> Entry:
    return Entry(entry_id, question, "见畜牧站说明。", [], tags, "livestock")


BASE = [
    _entry("p-1", "犊牛腹泻怎么防治", ["犊牛", "腹泻"]),
    _entry("p-2", "羊口疮怎么防治", ["羊口疮"]),
    _entry("p-3", "羊痘怎么防治", ["羊痘"]),
    _entry("p-4", "草原生态保护补助奖励政策", ["草原", "补奖"]),
    _entry("p-5", "冬春季节牛羊补饲技术", ["补饲", "冬春"]),
    _entry("p-6", "青稞条纹病怎么防治", ["青稞", "条纹病"]),
    _entry("p-7", "青稞黑穗病怎么防治", ["青稞", "黑穗病"]),
    _entry("p-8", "羊药浴驱除体外寄生虫", ["药浴"]),
]


@pytest.fixture
def base() -> KnowledgeSearch:
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("小牦牛拉稀咋整", "p-1"),
        ("羊烂嘴咋治", "p-2"),
        ("羊群出花了咋办", "p-3"),
        ("草奖啥时候发", "p-4"),
        ("开春牛羊掉膘了喂点啥", "p-5"),
        ("青稞叶子上一条一条的", "p-6"),  # the barley's stripe, not its smut
        ("乌麦咋防", "p-7"),
        ("羊药淋用啥药", "p-8"),
    ],
)
def test_farmer_words_find_the_pastoral_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    assert_found(base, query, expected)
