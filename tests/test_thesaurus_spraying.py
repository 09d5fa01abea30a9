"""Spraying words in the shipped thesaurus (issue 12): mixing and dosing, when to spray,
sprayers and drones, pesticide damage and drift, poisoning, residues, banned
pesticides, resistance, fake pesticide and empty bottles."""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import Decision, KnowledgeSearch
from knowledge.text.tokenize import tokenizer
from tests.words import added_words, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("一喷雾器兑多少吡虫啉", "用药量"),  # dosing per knapsack sprayer
        ("一桶水放多少药", "用药量"),
        ("15公斤水放几瓶盖", "稀释"),
        ("一亩地用多少药", "用药量"),
        ("这个药兑多少水", "兑水"),
        ("吡虫啉兑多少倍", "稀释倍数"),
        ("先用小桶化开再倒进去对不对", "二次稀释"),
        ("除草剂和杀虫剂能混着打吗", "混用"),  # tank mixes
        ("叶面肥和杀虫剂能一起打吗", "混用"),
        ("打完药下雨了要不要重打", "补喷"),  # rain after spraying
        ("小麦打药下雨了", "补喷"),
        ("中午太阳大能打药吗", "施药时间"),
        ("晌午头能打药不", "高温"),  # noon heat, rain before
        ("下雨前能打除草剂吗", "施药时间"),
        ("除草剂打着玉米苗了咋办", "药害"),  # herbicide on the crop
        ("打药打着旁边的菜了", "药害"),
        ("邻居无人机打药飘到我地里了", "飘移"),
        ("去年打的莠去津今年能种大豆吗", "后茬"),  # carry-over
        ("打了药害怎么缓过来", "缓解"),
        ("打药后头疼想吐", "农药中毒"),  # the sprayer poisoned
        ("药溅到眼睛里了", "急救"),
        ("打完药几天能摘黄瓜", "安全间隔期"),  # residues, safe interval
        ("打过药的菜多久能吃", "农药残留"),
        ("黄瓜打药几天能卖", "安全间隔期"),
        ("呋喃丹是不是禁用了", "禁用农药"),  # banned, highly toxic
        ("百草枯还能用吗", "禁用农药"),
        ("3911拌种行不行", "高毒农药"),
        ("蚜虫打了好几遍药还是打不死", "抗药性"),  # resistance
        ("杀虫剂老用一种不管用了", "轮换用药"),
        ("怎么辨别假农药", "农药登记证"),  # buying real pesticide
        ("农药瓶子用完了往哪扔", "包装废弃物"),  # empty bottles
        ("背壶喷头堵了", "喷雾器"),  # sprayers in farmers' words
        ("电动喷壶不出水", "堵塞"),
        ("打过除草剂的喷雾器怎么洗", "清洗"),
        ("飞机喷药一亩多少钱", "植保无人机"),
        ("打药穿什么防护好", "安全防护"),
        ("除草剂打多了", "药害"),  # overdosing, damage right after a spray
        ("一打药就掉叶子", "药害"),
        ("羊吃了打过农药的草", "农药中毒"),
        ("蔬菜上哪些药不能用", "禁用农药"),
        ("一亩地打几桶水", "用水量"),
        ("药兑稀点行不行", "稀释倍数"),
        ("打药几天打一次", "间隔"),
        ("除草的药用哪种", "除草剂"),
        ("过期农药还能用吗", "过期农药"),  # storing, leftovers, licences, complaints
        ("剩下的药液怎么处理", "剩余药液"),
        ("开农药店要什么证", "农药经营许可证"),
        ("买到假农药找谁", "举报"),
        ("打草药打玉米地", "除草剂"),
        ("草甘磷打玉米地行不", "草甘膦"),  # misspelt and northern words
        ("吡虫琳兑多少水", "吡虫啉"),
        ("蚜虫打皮了换啥药", "抗药性"),
        ("黄瓜安全期几天", "安全间隔期"),
        ("农残怎么检测", "农药残留"),
        ("阿特拉津打多了", "莠去津"),
    ],
)
def test_spraying_words_point_at_standard_terms(question: str, term: str) -> None:
    tok = tokenizer()
    assert set(tok.tokens(term)) <= added_words(question) | set(tok.tokens(question))


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("玉米被冰雹打着了咋办", "药害"),  # hail, not a spray
        ("打草机打着手了", "药害"),
        ("羔羊奶粉一桶水放多少", "用药量"),  # milk powder, not pesticide
        ("一亩地用多少复合肥", "用药量"),
        ("一亩地打多少斤麦子", "用药量"),  # 打 of the harvest
        ("新城疫和法氏囊疫苗能一起打吗", "混用"),  # vaccines
        ("鸡鸭能混在一起养吗", "混用"),
        ("猪打完针几天能卖", "安全间隔期"),  # a drug's withdrawal period
        ("疫苗打了不管用", "抗药性"),
        ("伤口换药怎么换", "轮换用药"),
        ("地膜残留明年能种吗", "后茬"),  # plastic, not herbicide
        ("前茬种玉米后茬能种啥", "药害"),  # plain rotation
        ("药材价格涨了几倍", "稀释倍数"),
        ("兽药是不是假的", "农药登记证"),
        ("化肥袋子怎么处理", "包装废弃物"),
        ("中午几点开门", "施药时间"),
        ("用灭草剂打地边", "鸡肉"),  # 灭草剂 is one word, not 草鸡 misspelt
        ("除草剂打多了", "草药"),  # 打草药 is one word: no herbal medicine
        ("羊驱虫打了药", "农药中毒"),  # the animal's own medicine
        ("羊身上虱子用敌敌畏", "农药中毒"),
        ("药材放久了怎么办", "过期农药"),
        ("中药材打什么药", "用药量"),
        ("抗性品种有哪些", "抗药性"),  # a resistant variety is no resistant pest
        ("安全期避孕", "安全间隔期"),
    ],
)
def test_spraying_words_do_not_overreach(question: str, wrong: str) -> None:
    tok = tokenizer()
    assert not set(tok.tokens(wrong)) <= added_words(question) | set(tok.tokens(question))


@pytest.mark.parametrize(
    "question",
    ["打药后头晕恶心怎么办", "药溅到眼睛里了", "打过药的菜多久能吃", "打药穿什么防护"],
)
def test_pesticide_safety_adds_no_disease(question: str) -> None:
    """Poisoning and residue questions are about the sprayer and the food, not a crop disease."""
    tok = tokenizer()
    diseases = {"病", "病害", "疫病", "霜霉病", "赤霉病", "病毒病", "炭疽病"}
    added = added_words(question) - set(tok.tokens(question))
    assert not {w for w in added if w in diseases or w.endswith("病")}, added


BASE = [
    Entry("s-1", "农药如何稀释，一喷雾器加多少药", "按标签用量，先二次稀释。", [], ["用药"]),
    Entry("s-2", "不同农药能否混用", "先看标签，碱性药不与酸性药混用。", [], ["用药"]),
    Entry("s-3", "喷药后遇雨是否需要补喷", "药后4小时内遇雨应补喷。", [], ["用药"]),
    Entry(
        "s-4", "一天中什么时间喷药效果好", "宜在上午露水干后或傍晚，避开中午高温。", [], ["用药"]
    ),
    Entry("s-5", "除草剂药害如何缓解", "喷芸苔素内酯加叶面肥。", [], ["药害"]),
    Entry("s-6", "除草剂飘移到邻近作物怎么办", "取证后协商，喷清水缓解。", [], ["药害"]),
    Entry(
        "s-7", "喷药时出现农药中毒症状如何急救", "立即离开现场，脱去污染衣物，送医。", [], ["安全"]
    ),
    Entry(
        "s-8",
        "蔬菜喷药后多少天可以采收（安全间隔期）",
        "按标签标注的安全间隔期采收。",
        [],
        ["安全"],
    ),
    Entry("s-9", "哪些农药是国家禁用农药", "甲胺磷、克百威等禁用或限用。", [], ["安全"]),
    Entry("s-10", "害虫产生抗药性怎么办", "轮换用药，不同作用机理交替使用。", [], ["用药"]),
    Entry("s-11", "如何识别假农药，查看农药登记证", "查农药登记证号和二维码。", [], ["购药"]),
    Entry("s-12", "农药包装废弃物怎么回收", "交回村回收点，不得随意丢弃。", [], ["环保"]),
    Entry("s-13", "植保无人机飞防作业怎么预约", "找乡镇植保站或服务组织预约。", [], ["植保"]),
]


@pytest.fixture(scope="module")
def base() -> KnowledgeSearch:
    """An admin-style spraying base: one standard question each."""
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("一桶水放多少药", "s-1"),
        ("15公斤水放几瓶盖", "s-1"),
        ("叶面肥和杀虫剂能掺着打不", "s-2"),
        ("刚打完药就下雨了咋整", "s-3"),
        ("晌午头打药行不行", "s-4"),
        ("除草剂打着苗了能救过来不", "s-5"),
        ("邻居打的除草剂飘到我地里了", "s-6"),
        ("打药打得头晕恶心咋办", "s-7"),
        ("黄瓜打完药几天能摘", "s-8"),
        ("呋喃丹还让不让用", "s-9"),
        ("蚜虫越打越多换啥药", "s-10"),
        ("买的药是不是假的", "s-11"),
        ("农药瓶子往哪扔", "s-12"),
        ("兑药先用小桶化开吗", "s-1"),
        ("飞机喷药咋预约", "s-13"),
    ],
)
def test_farmers_spraying_words_find_the_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    outcome = base.search(query)
    assert outcome.best is not None and outcome.best.entry_id == expected, (
        query,
        [r.entry_id for r in outcome.results[:3]],
    )
    assert outcome.decision is not Decision.decline, outcome


@pytest.mark.parametrize("query", ["母猪产后不吃食怎么办", "贷款怎么申请", "苹果树怎么修剪"])
def test_questions_outside_a_spraying_base_are_not_answered(
    base: KnowledgeSearch, query: str
) -> None:
    assert base.search(query).decision is Decision.decline
