"""Vegetable words in the shipped thesaurus (issue 12, round 7): what farmers see on
vegetables in the open and under cover, greenhouse work and seedlings."""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import Decision, KnowledgeSearch
from knowledge.text.tokenize import tokenizer
from tests.words import added_words, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("南瓜光开谎花不结瓜", "雄花"),  # flowers and fruit set
        ("黄瓜瓜码少咋回事", "雌花"),
        ("西葫芦小瓜长着长着就黄了掉了", "化瓜"),
        ("西瓜对花啥时候对", "人工授粉"),
        ("大棚西红柿放熊蜂行不行", "熊蜂授粉"),
        ("辣子老是掉花", "落花落果"),
        ("番茄长了好多猫脸果", "畸形果"),  # fruit
        ("茄子不着色发绿", "着色不良"),
        ("黄瓜瓜条上流胶", "黑星病"),
        ("西瓜瓤里有黄带", "黄带果"),
        ("草莓果子长成鸡冠样", "畸形果"),
        ("草莓走茎怎么留", "匍匐茎"),
        ("包菜裂球了", "裂球"),
        ("萝卜康心了", "糠心"),
        ("菠菜起薹了怎么办", "抽薹"),  # bolting
        ("大白菜还没包心就窜薹开花了", "先期抽薹"),
        ("西瓜死棵严重", "枯萎病"),  # dying plants
        ("黄瓜靠地面那块茎烂了", "疫病"),
        ("芹菜烂心了", "心腐病"),
        ("西瓜压蔓留几条", "整枝"),
        ("辣椒苗烂脖子倒了", "猝倒病"),  # seedlings
        ("茄子苗站着死", "立枯病"),
        ("辣椒苗长成线苗了", "徒长"),
        ("定植前怎么蹲苗", "炼苗"),
        ("黄瓜用黑籽南瓜嫁接", "砧木"),
        ("棚里吊袋肥有用吗", "二氧化碳"),
        ("黄瓜苗不发新根", "沤根"),  # roots, sun, hormones, ginger and onion work
        ("冬瓜晒伤了", "日灼"),
        ("西葫芦涂瓜胎用啥药", "蘸花"),
        ("大葱葱白短咋办", "培土"),
        ("生姜插姜草", "遮阴"),
        ("困姜要几天", "催芽"),
        ("番姜怎么育苗", "辣椒"),  # regional names of vegetables
        ("茭瓜白粉病咋治", "西葫芦"),
        ("胜瓜几时种", "丝瓜"),
        ("黄秧白不包心", "大白菜"),
        ("扁菜割几刀", "韭菜"),
    ],
)
def test_vegetable_words_point_at_standard_terms(question: str, term: str) -> None:
    tok = tokenizer()
    assert set(tok.tokens(term)) <= added_words(question) | set(tok.tokens(question))


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("大蒜抽薹了多少钱一斤", "先期抽薹"),  # a garlic scape is the harvest, not bolting
        ("蜜蜂分箱怎么分", "熊蜂授粉"),  # beekeeping is not pollination in a greenhouse
        ("芹菜斑潜蝇怎么打", "斑枯病"),  # a leafminer is not a leaf spot
        ("水稻秧苗怎么炼", "猝倒病"),
        ("苹果树小苗长得太高", "化瓜"),
        ("猪脖子肿了", "猝倒病"),  # 脖子 of a pig is no seedling's collar
        ("西葫芦价格多少", "蘸花"),
        ("冬天鸡舍熏消毒", "烟剂"),
    ],
)
def test_vegetable_words_do_not_overreach(question: str, wrong: str) -> None:
    tok = tokenizer()
    assert not set(tok.tokens(wrong)) <= added_words(question) | set(tok.tokens(question))


def test_a_shared_sign_lists_several_causes() -> None:
    # Cucumber leaves yellowing and plants dying have more than one cause.
    assert {"霜霉病", "缺镁", "沤根"} <= added_words("黄瓜叶子发黄")
    assert {"枯萎病", "疫病", "根腐病"} <= added_words("甜瓜死棵")


def _entry(entry_id: str, question: str, tags: list[str]) -> Entry:
    return Entry(entry_id, question, "见农技站说明。", [], tags, "planting")


BASE = [
    _entry("v-1", "黄瓜化瓜是什么原因", ["黄瓜", "化瓜"]),
    _entry("v-2", "西瓜怎样进行人工授粉", ["西瓜", "人工授粉"]),
    _entry("v-3", "大棚番茄如何使用熊蜂授粉", ["西红柿", "熊蜂授粉"]),
    _entry("v-4", "大白菜先期抽薹怎么预防", ["大白菜", "先期抽薹"]),
    _entry("v-5", "西瓜枯萎病怎么防治", ["西瓜", "枯萎病"]),
    _entry("v-6", "蔬菜苗期猝倒病怎么防治", ["猝倒病", "育苗"]),
    _entry("v-7", "番茄脐腐病怎么防治", ["西红柿", "脐腐病"]),
    _entry("v-8", "草莓匍匐茎怎么管理", ["草莓", "匍匐茎"]),
    _entry("v-9", "萝卜糠心的原因和预防", ["白萝卜", "糠心"]),
    _entry("v-10", "黄瓜嫁接选什么砧木", ["黄瓜", "嫁接", "砧木"]),
    _entry("v-11", "甘蓝裂球怎么防止", ["圆白菜", "裂球"]),
    _entry("v-12", "茄子着色不良怎么办", ["茄子", "着色不良"]),
]


@pytest.fixture
def base() -> KnowledgeSearch:
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("黄瓜小瓜纽长着就黄了", "v-1"),
        ("西瓜咋对花", "v-2"),
        ("柿子大棚里放熊蜂咋弄", "v-3"),
        ("白菜没包心就起薹了", "v-4"),
        ("西瓜死棵一片片的", "v-5"),
        ("菜苗烂脖子倒了一片", "v-6"),
        ("西红柿屁股黑了烂了", "v-7"),
        ("草莓走茎留不留", "v-8"),
        ("萝卜康心了咋整", "v-9"),
        ("黄瓜用黑籽南瓜接行不行", "v-10"),
        ("包菜炸球了", "v-11"),
        ("茄子不紫发绿", "v-12"),
    ],
)
def test_farmer_words_find_the_vegetable_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    outcome = base.search(query)
    assert outcome.best is not None and outcome.best.entry_id == expected, outcome


@pytest.mark.parametrize("query", ["葡萄霜霉病怎么防治", "母猪产后不吃食", "西葫芦白粉病怎么打药"])
def test_a_question_the_base_does_not_have_is_declined(base: KnowledgeSearch, query: str) -> None:
    assert base.search(query).decision is Decision.decline
