"""Staple crops through the season: farmers' words for stages, sowing, thinning and harvest (issue 12)."""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import Decision, KnowledgeSearch
from tests.words import added_words, assert_found, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("麦子啥时候种合适", "播种期"),  # sowing time, depth, seed rate, density
        ("苞谷种多深好", "播种深度"),
        ("一亩地下几斤麦种", "播种量"),
        ("苞谷一亩留多少棵", "种植密度"),
        ("一窝留几棵苗", "定苗"),
        ("地里的苗要匀苗吗", "间苗"),
        ("苞米地铲头遍", "中耕"),
        ("洋芋壅蔸啥时候", "培土"),
        ("开春了压麦有用吗", "镇压"),  # wheat
        ("谷子地拉砘子", "镇压"),
        ("麦苗开春转青了要浇水吗", "返青"),
        ("麦子起节了浇不浇水", "拔节"),
        ("麦子挑旗了打啥药", "孕穗"),
        ("麦子后期喷磷酸二氢钾", "一喷三防"),
        ("麦子几成熟割最好", "收获期"),
        ("泡谷种泡几天", "浸种"),  # rice
        ("秧苗几叶插最好", "秧龄"),
        ("机器插秧要注意啥", "机插"),
        ("稻子苗够了要不要放干水", "晒田"),
        ("稻田开鸡爪裂了", "晒田"),
        ("禾打苞了要追肥吗", "孕穗"),
        ("稻田干干湿湿怎么管水", "水层管理"),
        ("苞谷长到齐腰深追什么肥", "喇叭口"),  # maize
        ("苞谷出天花了", "抽雄"),
        ("苞谷出缨了不结棒", "吐丝"),
        ("棒子秃尖缺粒", "授粉"),
        ("玉米拔天花增产吗", "去雄"),
        ("苞谷看奶线啥时候收", "乳线"),
        ("苞谷多站几天再收", "适时"),
        ("黄豆摇着响该割了", "收获期"),  # soybean, rapeseed
        ("油菜角果黄了能割吗", "收获期"),
        ("洋芋种怎么切块", "切块"),  # potato
        ("洋芋种怎么切", "切块"),
        ("地膜下滴灌土豆咋种", "膜下滴灌"),
        ("土豆收前要不要杀秧", "杀秧"),
        ("地瓜咋炕苗", "育苗"),  # sweet potato
        ("红苕咋栽藤", "扦插"),
        ("花生扎针了还能锄地吗", "下针"),  # peanut
        ("种子是红的能吃吗", "包衣"),  # seed
        ("麦种拌药用啥药", "拌种"),
        ("挑种子有啥讲究", "选种"),
        ("春麦啥时候种", "春小麦"),
        ("秧子一蔸插几根", "种植密度"),
        ("稻子割头季留桩多高", "再生稻"),
        ("苞谷苗捂在膜里了", "放苗"),
        ("谷子间谷苗", "间苗"),
        ("麦种发芽试验咋做", "发芽率"),
        ("苞谷自己留的种能种吗", "留种"),
    ],
)
def test_season_words_point_at_standard_terms(question: str, term: str) -> None:
    assert says(question, term), added_words(question)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("树苗埋多深", "播种深度"),  # planting a tree is no sowing
        ("猪打针扎针在哪", "下针"),  # an injection, not a peanut peg
        ("鸡出天花了", "抽雄"),  # fowl pox, not a maize tassel
        ("晒谷子要晒几天", "晒田"),  # drying grain is no draining a paddy
        ("苹果几成熟摘", "收获期"),  # fruit ripeness has its own words
        ("鱼塘水层多深", "水层管理"),  # a pond is no paddy
        ("西红柿打杈", "去分蘖"),  # suckers of maize only
        ("种子多少钱一斤", "播种量"),  # a price, not a seed rate
        ("土豆秧子黄了", "收获期"),  # yellow haulm alone may be blight
        ("红薯怎么储存", "扦插"),
        ("鱼塘啥时候放苗", "地膜"),  # stocking fry, not freeing seedlings from film
        ("种子发芽了还能吃吗", "发芽率"),
        ("茶叶留茬多高", "再生稻"),
    ],
)
def test_season_words_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong), added_words(question)


# A county's crop-management entries, one standard question each.
BASE = [
    Entry("g-1", "冬小麦的适宜播种期是什么时候", "日平均气温16至18摄氏度时播种。", [], ["小麦"]),
    Entry("g-2", "小麦返青后为什么要镇压", "镇压可以压碎坷垃、提墒保墒、控制旺长。", [], ["小麦"]),
    Entry("g-3", "小麦一喷三防怎么做", "灌浆期杀虫剂、杀菌剂和磷酸二氢钾混合喷施。", [], ["小麦"]),
    Entry("g-4", "水稻什么时候晒田", "够苗时排水晒田，控制无效分蘖。", [], ["稻谷"]),
    Entry("g-5", "水稻机插秧的秧龄多大合适", "秧龄15至20天、叶龄3至4叶。", [], ["稻谷"]),
    Entry("g-6", "玉米种植密度多少合适", "一般每亩4000至4500株。", [], ["玉米"]),
    Entry("g-7", "玉米大喇叭口期如何追肥", "大喇叭口期重施攻穗肥。", [], ["玉米"]),
    Entry(
        "g-8",
        "玉米籽粒乳线消失再收获有什么好处",
        "乳线消失、黑层出现时收获产量最高。",
        [],
        ["玉米"],
    ),
    Entry("g-9", "马铃薯种薯如何切块", "每块带一至两个芽眼，切刀用酒精消毒。", [], ["土豆"]),
    Entry("g-10", "甘薯怎样扦插栽苗", "剪取壮苗斜插或水平插，插后浇水。", [], ["红薯"]),
    Entry("g-11", "花生下针期怎么管理", "下针期不要中耕，保持土壤湿润。", [], ["花生"]),
    Entry("g-12", "种子包衣有什么作用", "包衣种子可防地下害虫和苗期病害，不能食用。", [], ["种子"]),
]


@pytest.fixture(scope="module")
def base() -> KnowledgeSearch:
    """The admin-style crop-management entries above."""
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("麦子啥时候种合适", "g-1"),
        ("开春压麦有用吗", "g-2"),
        ("麦子后期喷磷酸二氢钾", "g-3"),
        ("稻子苗够了要不要放干水", "g-4"),
        ("机器插秧秧苗几叶插", "g-5"),
        ("苞谷一亩留多少棵", "g-6"),
        ("苞谷长到齐腰深追什么肥", "g-7"),
        ("苞谷看奶线啥时候收", "g-8"),
        ("洋芋种怎么切", "g-9"),
        ("红苕咋栽藤", "g-10"),
        ("花生扎针了还能锄地吗", "g-11"),
        ("种子是红的能吃吗", "g-12"),
    ],
)
def test_farmers_season_words_find_the_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    assert_found(base, query, expected)


@pytest.mark.parametrize("query", ["猪拉稀咋办", "快递到了没", "荞麦啥时候种", "燕麦种多深"])
def test_questions_outside_the_season_base_are_not_answered(
    base: KnowledgeSearch, query: str
) -> None:
    assert base.search(query).decision is Decision.decline
