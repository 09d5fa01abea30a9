"""Orchard, greenhouse, tea, tobacco, herb and fungus words in the shipped thesaurus (issue 12)."""

from __future__ import annotations

import pytest

from knowledge.text.tokenize import tokenizer
from tests.words import added_words


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("苹果树冬剪怎么剪", "修剪"),  # orchard work in farmers' words
        ("苹果啥时候套纸袋", "套袋"),
        ("桃树流胶刮掉后抹啥药", "刮治"),
        ("大棚风口开多大", "放风"),  # greenhouse
        ("黄瓜秧子长到顶了怎么落秧", "落蔓"),
        ("番茄蘸花浓度高果子尖头", "激素药害"),
        ("香菇菌棒长绿霉了咋办", "杂菌污染"),  # edible fungi
        ("平菇菌袋不出菇", "出菇"),
        ("潞党怎么种", "党参"),  # a herb by its trade name
        ("烟苗怎么育", "烟叶"),
        ("邻居打的除草剂飘过来了", "飘移"),  # herbicide drift
        ("辣椒光长秧不结果", "徒长"),
        ("葡萄叶子晒焦了", "日灼"),
        ("冲肥用啥肥好", "冲施肥"),  # farmers' verbs
        ("玉米点播一穴几粒", "播种"),
        ("小麦浇返青水", "浇水"),
        ("刨土豆用啥机器", "收获"),
    ],
)
def test_crop_words_point_at_standard_terms(question: str, term: str) -> None:
    tok = tokenizer()
    assert set(tok.tokens(term)) <= added_words(question) | set(tok.tokens(question))


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("苹果掉价了", "落果"),  # a price falling is not fruit drop
        ("木耳物流怎么发", "流耳"),  # 流 of 物流 is not a melting ear
        ("猪舍冲粪用多少水", "冲施肥"),  # flushing manure is not fertigation
        ("水稻落秧后怎么管", "落蔓"),  # 落秧 lowers vines only in a greenhouse crop
        ("烟台苹果多少钱一斤", "烟叶"),  # 烟 alone is no tobacco
        ("鱼塘抽干水", "抽条"),  # draining a pond is not winter dieback
    ],
)
def test_crop_words_do_not_overreach(question: str, wrong: str) -> None:
    tok = tokenizer()
    assert not set(tok.tokens(wrong)) <= added_words(question) | set(tok.tokens(question))
