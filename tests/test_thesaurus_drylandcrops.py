"""Crops of the north-west and Inner Mongolia in farmers' words (issue 12, round 11).

Sunflower (葵花螟, wilt, rust, broomrape, side heads, the head called 盘子), sugar beet as
糖菜 (brown spot, weevils, flea beetles, rotting roots, sugar content, delivery to the
mill), processing tomato (早疫 / 晚疫 said without 病, bacterial speck, the tomato mill),
the seed melons 籽瓜 / 打瓜 and the seed gourd, goji (psyllid, gall mite, black fruit,
drying, the first flush), potato as 山药, the herbs of 甘肃 (当归's 麻口病 and bolting,
党参 on its trellis), 高原夏菜 (baby cabbage, broccoli) and the land of the north-west
(film laid early, 秋浇 and 压盐, salt coming back, old film picked up). Every sign is
bound to its crop: a 黑果 of peanut is no goji anthracnose, 盘子 of a kitchen no head.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import KnowledgeSearch
from tests.words import assert_found, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("葵花螟怎么防治", "向日葵螟"),  # the moth by the sunflower's other name
        ("葵花盘子里有虫", "向日葵螟"),
        ("食葵籽里有虫吃籽", "向日葵螟"),
        ("葵花叶子发黄萎蔫", "黄萎病"),
        ("葵花叶子上锈", "锈病"),
        ("葵花地里长兔子拐棍", "列当"),
        ("油葵根上长东西", "列当"),
        ("葵花好几个头要不要掰", "打杈"),
        ("葵花盘子不饱", "花盘"),
        ("葵盘多大能收", "向日葵"),
        ("糖菜叶子上有褐斑", "褐斑病"),  # sugar beet as 糖菜
        ("甜菜叶子焦枯", "褐斑病"),
        ("甜菜苗被虫咬断", "象甲"),
        ("糖菜叶子上全是小洞", "跳甲"),
        ("甜菜块根烂了", "根腐病"),
        ("糖菜含糖多少", "含糖量"),
        ("糖菜啥时候削顶", "收获"),
        ("糖菜交糖厂", "收购"),
        ("番茄早疫咋治", "早疫病"),  # said without 病
        ("番茄晚疫", "晚疫病"),
        ("细菌性斑点怎么防", "细菌性斑点病"),
        ("番茄果子上有小黑点", "细菌性斑点病"),
        ("交番茄厂", "订单收购"),
        ("加工番茄订单", "订单收购"),
        ("打瓜种植技术", "籽瓜"),  # the seed melon's two names
        ("籽瓜叶子上一层白", "白粉病"),
        ("籽瓜叶子皱缩花叶", "病毒病"),
        ("籽瓜淘瓜子", "采收"),
        ("葫芦籽白粉病", "籽用葫芦"),
        ("枸杞虱子", "木虱"),
        ("枸杞叶子黏手", "木虱"),
        ("枸杞叶子上起疙瘩", "瘿螨"),
        ("枸杞黑果病", "炭疽病"),
        ("枸杞果子发黑", "炭疽病"),
        ("枸杞怎么制干", "制干"),
        ("枸杞头茬果", "采收"),
        ("山药黑脚病", "土豆"),  # potato as 山药
        ("当归麻口病", "茎线虫病"),
        ("当归根上裂口", "麻口病"),
        ("当归根腐", "根腐病"),
        ("当归抽薹", "早期抽薹"),
        ("党参爬蔓", "搭架"),
        ("娃娃菜烂疙瘩", "软腐病"),
        ("娃娃菜干烧心", "缺钙"),
        ("娃娃菜霜霉", "霜霉病"),
        ("黄瓜霜霉", "霜霉病"),
        ("西兰花花球烂了", "软腐病"),
        ("西兰花毛球", "采收期"),
        ("高原夏菜", "蔬菜"),
        ("顶凌覆膜", "覆膜"),
        ("秋浇啥时候浇", "冬灌"),
        ("秋灌", "秋浇"),
        ("冬灌压盐", "洗盐"),
        ("秋浇压碱", "盐碱地"),
        ("地里泛碱", "盐碱地"),
        ("捡残膜", "废旧地膜"),
    ],
)
def test_drylandcrops_words_point_at_standard_terms(question: str, term: str) -> None:
    assert says(question, term)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("花生黑果", "炭疽病"),  # black pods of peanut are pod rot
        ("盘子里的菜", "花盘"),  # a plate is no sunflower head
        ("兔子拉稀", "列当"),  # 兔子 alone is the rabbit
        ("甘蔗交糖厂", "含糖量"),  # a cane mill is no beet sugar content
        ("红薯叶子上锈", "锈病"),  # rust on a sunflower only
        ("娃娃菜价格", "软腐病"),
        ("党参价格", "搭架"),
        ("山药切块种植", "土豆"),  # the Chinese yam is cut too
        ("冬灌小麦", "洗盐"),  # winter water without salt named
    ],
)
def test_drylandcrops_words_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong)


def _entry(entry_id: str, question: str, tags: list[str]) -> Entry:
    return Entry(entry_id, question, "见农技站说明。", [], tags, "planting")


BASE = [
    _entry("d-1", "向日葵螟怎么防治", ["向日葵", "向日葵螟"]),
    _entry("d-2", "向日葵菌核病怎么防治", ["向日葵", "菌核病"]),
    _entry("d-3", "甜菜褐斑病怎么防治", ["甜菜", "褐斑病"]),
    _entry("d-4", "枸杞炭疽病怎么防治", ["枸杞", "炭疽病"]),
    _entry("d-5", "枸杞瘿螨怎么防治", ["枸杞", "瘿螨"]),
    _entry("d-6", "当归麻口病怎么防治", ["当归", "麻口病"]),
    _entry("d-7", "盐碱地秋浇压盐有什么要求", ["盐碱地", "秋浇", "压盐"]),
    _entry("d-8", "大白菜软腐病怎么防治", ["大白菜", "软腐病"]),
]


@pytest.fixture
def base() -> KnowledgeSearch:
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("葵花盘子里有虫吃籽咋办", "d-1"),  # not the rotten head
        ("葵花烂盘了咋办", "d-2"),  # not the moth
        ("糖菜叶子上有褐斑咋治", "d-3"),
        ("枸杞果子发黑咋回事", "d-4"),  # not the mite
        ("枸杞叶子上起疙瘩", "d-5"),  # not the black fruit
        ("当归根上裂口发麻", "d-6"),
        ("秋灌洗盐浇多少水", "d-7"),
    ],
)
def test_farmer_words_find_the_drylandcrops_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    assert_found(base, query, expected)
