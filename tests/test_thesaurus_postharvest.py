"""After-harvest words in the shipped thesaurus (issue 12): storing, drying, home processing,
grading, packing and selling, in farmers' words, find the admin's standard terms."""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import Decision, KnowledgeSearch
from tests.words import added_words, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("土豆什么时候下窖", "窖藏"),  # cellars, north and north-west
        ("洋芋倒窖要注意啥", "贮藏"),
        ("红苕窖咋个挖", "窖藏"),  # south-west
        ("洋芋放着老是发芽咋办", "贮藏"),  # sprouting in store is storage
        ("土豆放窖里长芽了", "储存"),
        ("白菜咋存一冬", "贮藏"),
        ("红苕在窖里冻了", "贮藏"),
        ("地瓜能放多久", "储存"),
        ("土豆皮发绿了", "变绿"),
        ("苹果冷库里放着出现褐斑", "虎皮病"),  # storage disorders
        ("菜窖里人下去晕倒了", "通风"),  # a cellar's bad air
        ("玉米回潮了咋办", "受潮"),  # grain at home
        ("苞米在楼子里发霉了", "霉变"),
        ("晒坝上晒谷子", "晾晒"),  # drying, south-west
        ("连阴雨玉米晒不干", "烘干"),
        ("海椒怎么晒干", "干燥"),
        ("积酸菜放多少盐", "腌制"),  # home processing, north-east
        ("泡菜坛子怎么泡", "腌制"),
        ("做红薯粉条", "加工"),
        ("菜籽打油", "榨油"),
        ("种的苹果找不到买家", "销路"),  # selling
        ("网上卖苹果", "电商"),
        ("想摆摊零卖菜", "销售"),
        ("粮站啥时候收玉米", "收购"),
        ("玉米是存着还是现在卖", "储存"),
        ("白菜要倒垛吗", "贮藏"),  # north-east cabbage piles
        ("萝卜沟藏怎么弄", "贮藏"),
        ("漤柿子", "脱涩"),  # northern persimmons
        ("炕辣椒", "烘干"),
        ("干辣椒生虫了", "防虫"),
        ("残次果怎么卖", "销售"),
    ],
)
def test_after_harvest_words_point_at_standard_terms(question: str, term: str) -> None:
    assert says(question, term), added_words(question)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("大蒜种下去不发芽", "贮藏"),  # a clove that does not come up is emergence
        ("土豆切块晾干再种", "干燥"),  # cut seed pieces, not drying produce
        ("种子晒几天再种", "晾晒"),  # sunning seed before sowing
        ("水稻怎么晒田", "晾晒"),  # draining a paddy
        ("青贮窖怎么封", "窖藏"),  # a silage pit is no cellar
        ("玉米棒子在地里发霉了", "储存"),  # ear rot in the field
        ("大白菜在地里冻了", "贮藏"),  # frost on the crop
        ("苹果花期放蜂授粉", "贮藏"),
        ("拖拉机打油", "榨油"),  # oiling a machine
        ("镇上拿到快递了", "销售"),
        ("玉米卖给谁", "价格"),  # selling is not a price question
        ("苹果卖不出去咋办", "价格"),
        ("黄瓜叶子老是发黄", "退订"),
        ("核桃树上有虫", "储存"),  # a pest on the tree, not in store
        (
            "番茄催熟用什么",
            "脱涩",
        ),  # 柿子 is also the tomato: no persimmon without 涩  # 老是发 of 老是发黄 is no message
    ],
)
def test_after_harvest_words_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong), added_words(question)


BASE = [
    Entry(
        "p-01", "马铃薯贮藏期间如何防止发芽", "窖温保持2到4度，避光。", [], ["马铃薯"], "storage"
    ),
    Entry(
        "p-02", "马铃薯窖藏入窖前要做哪些准备", "清窖消毒，预贮散热。", [], ["马铃薯"], "storage"
    ),
    Entry("p-03", "大白菜冬季贮藏方法", "晾晒后码垛或沟藏。", [], ["大白菜"], "storage"),
    Entry("p-04", "苹果冷库贮藏保鲜技术", "预冷后入库，0度左右。", [], ["苹果"], "storage"),
    Entry("p-05", "大蒜如何贮藏", "晾干后挂藏或冷藏。", [], ["大蒜"], "storage"),
    Entry("p-06", "粮食储存如何防止霉变", "水分降到安全线以下再入仓。", [], ["粮食"], "storage"),
    Entry("p-07", "玉米收获后如何晾晒和烘干", "摊薄勤翻，阴雨天送烘干。", [], ["玉米"], "drying"),
    Entry("p-08", "酸菜腌制方法", "白菜晾一两天，一层菜一层盐。", [], ["酸菜"], "processing"),
    Entry("p-09", "红薯粉条加工技术", "磨浆、沉淀、打芡、漏粉。", [], ["红薯"], "processing"),
    Entry("p-10", "农产品销售渠道有哪些", "收购商、批发市场、电商。", [], ["销售"], "selling"),
    Entry("p-11", "马铃薯晚疫病的防治方法", "发病初期喷药。", [], ["马铃薯"], "disease"),
    Entry("p-12", "小麦条锈病怎么防治", "三唑酮喷雾。", [], ["小麦"], "disease"),
]


@pytest.fixture(scope="module")
def base() -> KnowledgeSearch:
    """The admin-style after-harvest entries above."""
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("洋芋放屋里老是长芽咋办", "p-01"),  # storage, not the potato's disease
        ("土豆啥时候下窖", "p-02"),
        ("白菜咋存一冬", "p-03"),
        ("苹果放冷库能放多久", "p-04"),
        ("蒜头怎么存放", "p-05"),
        ("苞米在楼子里发霉了", "p-06"),
        ("连阴雨玉米晒不干咋办", "p-07"),
        ("积酸菜放多少盐", "p-08"),
        ("做红苕粉条的手艺", "p-09"),
        ("种的东西找不到买家", "p-10"),
    ],
)
def test_farmers_after_harvest_words_find_the_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    outcome = base.search(query)
    assert outcome.best is not None and outcome.best.entry_id == expected, outcome
    assert outcome.decision is not Decision.decline, outcome


def test_a_sprouting_potato_in_store_is_not_its_disease(base: KnowledgeSearch) -> None:
    outcome = base.search("土豆放窖里长芽了")
    assert outcome.best is not None and outcome.best.entry_id != "p-11", outcome


def test_drying_a_crop_the_base_does_not_know_is_not_answered(base: KnowledgeSearch) -> None:
    outcome = base.search("羊肚菌怎么烘干")
    assert outcome.decision is Decision.decline, outcome
