"""Livestock, poultry, fish and bee words in the shipped thesaurus and synonym table."""

from __future__ import annotations

import pytest

from knowledge.text.lexicon import lexicon
from knowledge.text.tokenize import tokenizer
from tests.words import added_words


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("小猪打蔫不吃奶", "精神沉郁"),  # a sick animal in a farmer's words → the admin's term
        ("母猪吃小猪咋办", "食仔癖"),
        ("小猪拉血", "仔猪红痢"),
        ("鸡冠发白是啥病", "住白细胞虫病"),
        ("鸡劈叉站不起来", "马立克病"),
        ("牛流口水不吃草", "口蹄疫"),
        ("羊下巴肿了个水袋", "肝片吸虫病"),
        ("羊羔拉稀", "羔羊痢疾"),
        ("龙虾都爬上岸了", "缺氧"),
        ("螃蟹爪子抖", "颤抖病"),
        ("螃蟹抖抖病", "颤抖病"),  # 抖抖病 names two diseases, by the animal
        ("小猪抖抖病", "先天性震颤"),
        ("蜜蜂起盗了", "盗蜂"),
        ("劁羊什么时候好", "去势"),  # husbandry verbs
        ("猪怀多久下崽", "妊娠期"),
        ("鸡苗打苗打几次", "免疫接种"),
        ("骚胡啥时候配种", "公羊"),  # regional names of animals
        ("黄辣丁好养不", "黄颡鱼"),
        ("花鲢浮头", "鳙鱼"),
    ],
)
def test_livestock_words_point_at_standard_terms(question: str, term: str) -> None:
    tok = tokenizer()
    assert set(tok.tokens(term)) <= added_words(question) | set(tok.tokens(question))


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("烂肺病", "传染性胸膜肺炎"),  # folk names of animal diseases
        ("鸡霍乱", "禽霍乱"),
        ("白冠病", "住白细胞虫病"),
        ("附红体", "附红细胞体病"),
        ("百叶干", "瓣胃阻塞"),
        ("喉气管炎", "传染性喉气管炎"),
        ("针虫病", "锚头鳋"),
    ],
)
def test_folk_names_of_animal_diseases_are_folded(name: str, canonical: str) -> None:
    assert lexicon().term_of[name] == canonical


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("鸡拉血", "猪痢疾"),  # a pig's bloody scours are not a chicken's
        ("鸡拉血", "羔羊痢疾"),
        ("土豆苗打蔫了", "精神沉郁"),  # a wilting crop is not a listless animal
        ("上了鸡粪苗打蔫了", "精神沉郁"),
        ("马铃薯多久生根", "妊娠期"),  # 马 of 马铃薯 is no horse
        ("窖里放马铃薯", "放牧"),
        ("螃蟹在抖音上卖", "颤抖病"),
        ("自己配猪饲料", "配种"),
        ("马铃薯叶子喘不过气一样卷起来", "呼吸道病"),  # 马 of 马铃薯 again
        ("放养鸡一只能卖多少钱", "投苗"),  # free-range chickens are no fish stocking
        ("牛吃东西卡脖子了", "猝倒病"),  # a choking cow is no damping-off
        ("鸡粪发酵有臭味", "粪污处理"),
        ("羊流口水", "新城疫"),  # a poultry disease only for poultry
        ("小猪抖抖病", "颤抖病"),
    ],
)
def test_livestock_words_do_not_overreach(question: str, wrong: str) -> None:
    tok = tokenizer()
    assert not set(tok.tokens(wrong)) <= added_words(question) | set(tok.tokens(question))
