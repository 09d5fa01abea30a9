"""Crops, trees, herbs, flowers, fungi, fish, shellfish and stock a base may lack (issue 12, round 11).

A question naming a species is about it: when no entry of the county's base mentions
it, search declines instead of offering another crop's entry (桉树怎么修剪 is not
苹果树怎么修剪). Here the thesaurus learns the species farmers grow or raise that it
did not name (herbs like 玉竹 and 红景天, flowers and timber trees, Yunnan's wild
fungi, pond and sea fish, shellfish, 牦牛 and 乌龟), and the other names of a species
(桂鱼 is 鳜鱼, 婆婆丁 蒲公英, 金柑 金橘, 杉树 杉木), so that a base naming it one way
answers a farmer naming it another. Names that are also words of their own, or sit
inside other words (雪菜 in 下雪菜冻了, 田七 in 稻田七月, 金鱼 in 金鱼藻), are left out.
"""

from __future__ import annotations

from functools import cache

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import Decision, KnowledgeSearch
from knowledge.text.normalise import normalise
from knowledge.text.thesaurus import THESAURUS_FILE, Thesaurus
from tests.words import assert_found, says, searched


@cache
def _shipped() -> Thesaurus:
    return Thesaurus.read(THESAURUS_FILE)


def _named(question: str) -> set[str]:
    return _shipped().subjects_in(normalise(question))


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("玉竹怎么种", "玉竹"),  # herbs
        ("红景天种子哪里买", "红景天"),
        ("元胡什么时候挖", "元胡"),
        ("延胡索亩产多少", "延胡索"),
        ("瓜蒌搭架子", "瓜蒌"),
        ("藏红花球茎怎么储存", "藏红花"),
        ("肉苁蓉接种梭梭", "肉苁蓉"),
        ("五指毛桃怎么种", "五指毛桃"),  # 桃 inside it is no peach
        ("牛大力几年能挖", "牛大力"),  # 牛 inside it is no cow
        ("薰衣草怎么修剪", "薰衣草"),  # flowers and trees
        ("茉莉花几月施肥", "茉莉"),
        ("桉树怎么施肥", "桉树"),
        ("杉树苗多少钱一棵", "杉树"),
        ("泡桐丛枝病", "泡桐"),
        ("牛肝菌怎么保鲜", "牛肝菌"),  # fungi
        ("鸡油菌多少钱一斤", "鸡油菌"),  # 鸡 inside it is no chicken
        ("松露怎么找", "松露"),
        ("蟹味菇菌包", "蟹味菇"),
        ("鳜鱼不吃食", "鳜鱼"),  # fish, shrimp, crab, shellfish and seaweed
        ("桂鱼苗哪里有", "桂鱼"),
        ("黄辣丁好养不", "黄辣丁"),
        ("加州鲈饲料", "加州鲈"),
        ("大闸蟹蜕壳", "大闸蟹"),
        ("罗氏沼虾苗", "罗氏沼虾"),
        ("生蚝怎么养", "生蚝"),
        ("海带苗夹苗", "海带"),
        ("牦牛补饲", "牦牛"),  # stock and pets
        ("乌龟冬眠", "乌龟"),
        ("鹦鹉拉稀", "鹦鹉"),
        ("婆婆丁怎么种", "婆婆丁"),  # other names of species the thesaurus knew
        ("毛嗑什么时候收", "毛嗑"),
        ("苦荞怎么种", "苦荞"),
        ("芭乐点样剪枝", "芭乐"),
        ("金柑掉果子", "金柑"),
        ("金桔落果", "金桔"),
    ],
)
def test_a_species_is_named(question: str, subject: str) -> None:
    assert subject in _named(question)


@pytest.mark.parametrize(
    "question",
    [
        "下雪菜冻了怎么办",  # 雪菜 (芥菜) across two words
        "大棚盖菜地用什么膜",  # 盖菜 likewise
        "如何提高笋的产量",  # 高笋 (茭白)
        "果园参加保险吗",  # 园参 (人参)
        "稻田七月打什么药",  # 田七 (三七)
        "武汉菜价多少",  # 汉菜 (苋菜)
        "塘里种金鱼藻",  # 金鱼 in a water weed
        "香附子用什么除草剂",  # 附子 in a sedge
        "玫瑰香葡萄怎么修剪",  # a grape, no rose
        "果面发白果肉发软",  # 白果 (银杏)
        "西瓜用葫芦砧木嫁接",  # a grafting stock
    ],
)
def test_words_of_their_own_name_no_species(question: str) -> None:
    assert not _named(question)


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("桂鱼不吃食", "鳜鱼"),
        ("胖头鱼浮头", "鳙鱼"),
        ("武昌鱼怎么养", "鳊鱼"),
        ("黑鱼饲料", "乌鳢"),
        ("大闸蟹蜕壳", "河蟹"),
        ("生蚝怎么养", "牡蛎"),
        ("河虾苗", "青虾"),
        ("婆婆丁怎么种", "蒲公英"),
        ("鸡头米怎么种", "芡实"),
        ("芦蒿怎么追肥", "藜蒿"),
        ("鳄梨怎么种", "牛油果"),
        ("金柑掉果子", "金橘"),
        ("金桔落果", "金橘"),
        ("栝楼搭架", "瓜蒌"),
        ("西红花球茎", "藏红花"),
        ("杉树怎么抚育", "杉木"),
        ("舞茸菌包", "灰树花"),
        ("蟹味菇出菇", "真姬菇"),
    ],
)
def test_another_name_adds_the_species(question: str, term: str) -> None:
    assert says(question, term)


# A county's entries on a few crops, a fish and a fungus, one standard question each.
BASE = [
    Entry("s-1", "苹果树怎么修剪", "冬季疏除过密枝，回缩下垂枝。", [], ["修剪"], "planting"),
    Entry("s-2", "玉米怎么追肥", "大喇叭口期每亩追尿素二十斤。", [], ["追肥"], "planting"),
    Entry("s-3", "薰衣草怎么修剪", "花后剪去花穗，秋季轻剪成半球形。", [], ["修剪"], "planting"),
    Entry("s-4", "鳜鱼不吃食怎么办", "查水质和溶氧，投喂适口活饵鱼。", [], ["不吃食"], "livestock"),
    Entry("s-5", "蒲公英怎么种植", "春秋撒播，浅覆土，保持湿润。", [], ["种植"], "planting"),
    Entry("s-6", "金桔落果怎么办", "花期控梢，喷保果剂，均衡水肥。", [], ["落果"], "planting"),
    Entry("s-7", "杉木林怎么抚育", "造林后头三年每年锄草松土两次。", [], ["抚育"], "planting"),
    Entry(
        "s-8", "牛肝菌采回来怎么保存", "当天切片晾晒或烘干，密封存放。", [], ["储存"], "planting"
    ),
]


@pytest.fixture(scope="module")
def base() -> KnowledgeSearch:
    """The admin-style entries above."""
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("薰衣草咋剪枝", "s-3"),  # the base has the species: answered
        ("桂鱼不吃食", "s-4"),  # by another name of it
        ("季花鱼不开口", "s-4"),
        ("婆婆丁怎么种", "s-5"),
        ("金橘落果", "s-6"),
        ("金柑掉果子", "s-6"),
        ("杉树怎么抚育", "s-7"),
        ("牛肝菌放不住咋办", "s-8"),
    ],
)
def test_a_species_in_the_base_finds_its_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    assert_found(base, query, expected)


def test_a_species_in_the_base_is_answered(base: KnowledgeSearch) -> None:
    assert base.search("薰衣草怎么修剪").decision is Decision.answer
    assert base.search("桂鱼不吃食").decision is Decision.answer


@pytest.mark.parametrize(
    "query",
    [
        "桉树怎么修剪",  # not the apple tree's or the lavender's pruning
        "茉莉怎么修剪",
        "柳树怎么修剪",
        "桉树林怎么抚育",  # not the fir plantation's
        "藜蒿怎么追肥",  # not the maize's top-dressing
        "玉竹怎么种植",  # not the dandelion's sowing
        "鸡油菌采回来怎么保存",  # not the bolete's
        "红毛丹落果怎么办",  # not the kumquat's
    ],
)
def test_a_species_the_base_lacks_is_declined(base: KnowledgeSearch, query: str) -> None:
    assert base.search(query).decision is Decision.decline
