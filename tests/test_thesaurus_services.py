"""Station and rural e-commerce services in farmers' words find the admin's terms (issue 12)."""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import Decision, KnowledgeSearch
from knowledge.text.tokenize import tokenizer
from tests.words import added_words, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("能不能到地头收玉米", "预约收货"),  # pick-up where the crop is
        ("喊个车拉粮食", "预约收货"),
        ("收货能不能晚两天", "修改预约"),
        ("快递到了没", "取包裹"),
        ("快递不送到村里咋办", "快递进村"),
        ("帮我带两袋化肥回来", "代购"),
        ("我的苹果能帮我卖不", "代销"),
        ("苹果卖不出去咋办", "滞销"),
        ("卖了货啥时候给钱", "到账"),
        ("扣秤扣得太狠了", "扣杂"),
        ("玉米水分大扣多少", "扣杂"),
        ("过磅准不准", "称重"),
        ("验货怎么定级", "分级"),
        ("天天发价格别再发了", "退订"),
        ("周末站上开不开", "营业时间"),
        ("离我最近的站在哪", "服务站"),
        ("想找人统一打药", "统防统治"),
        ("网上买的东西不满意能换一个吗", "售后"),
        ("签了合同到时候不收了咋办", "违约"),
        ("明天来不了了", "取消预约"),
        ("磅秤准不准", "称重"),
        ("怎么取消价格推送", "退订"),
    ],
)
def test_station_words_point_at_service_terms(question: str, term: str) -> None:
    tok = tokenizer()
    # A phrase adds its words, not the lone characters cut from it (取 of 取包裹).
    words = [w for w in tok.tokens(term) if len(w) > 1] or tok.tokens(term)
    assert set(words) <= added_words(question) | set(tok.tokens(question))


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("收割机来收麦子一亩多少钱", "预约收货"),  # a harvester at work is not a pick-up
        ("不想收价格提醒了", "收购价"),  # 收价 inside 收价格
        ("寄快递收多少钱", "收购价"),  # a fee, not a buying price
        ("寄生虫怎么治", "快递"),
        ("养老金国家给多少", "补贴"),  # pensions, 低保, 医保 are not farm subsidies
        ("合作医疗国家给多少", "补贴"),
        ("低保啥时候打钱", "到账"),
        ("保险怎么赔", "退换"),
        ("扣棚后湿度大怎么办", "扣杂"),  # covering a greenhouse is no deduction
        ("小麦播种推迟几天行不行", "修改预约"),  # a late sowing is no booking
        ("猪烧退了能吃东西了", "退换"),  # a fever going down is no return
        ("低保啥时候打钱", "结算"),  # money no station pays
        ("养老钱什么时候到账", "结算"),
        ("帮我取消明天的预约", "代取"),  # 取 inside 取消
        ("卖了粮什么时候给钱", "收费"),  # being paid is no fee
    ],
)
def test_station_words_do_not_overreach(question: str, wrong: str) -> None:
    assert not set(tokenizer().tokens(wrong)) <= added_words(question) | set(
        tokenizer().tokens(question)
    )


BASE = [
    Entry("s-1", "服务站上门收货是怎么个流程", "在菜单预约收货。", [], ["预约收货"], "stations"),
    Entry("s-2", "服务站收货怎么称重、怎么扣杂", "过磅后按水分扣杂。", [], ["称重"], "stations"),
    Entry("s-3", "卖给服务站的货款什么时候到账", "三天内结算到卡。", [], ["结算"], "stations"),
    Entry("s-4", "不想收价格提醒了怎么退订", "点菜单里的退订。", [], ["退订"], "help"),
    Entry("s-5", "服务站能代销农产品吗", "可以，按成交价收服务费。", [], ["代销"], "stations"),
    Entry("s-6", "服务站几点开门", "早八点到晚六点。", [], ["营业时间"], "stations"),
]


@pytest.fixture(scope="module")
def base() -> KnowledgeSearch:
    """The admin-style station entries above."""
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("扣秤太狠了", "s-2"),
        ("卖了粮啥时候打钱", "s-3"),
        ("天天发价格烦死了别再发了", "s-4"),
        ("我家的核桃能帮忙卖吗", "s-5"),
        ("站上开到几点", "s-6"),
    ],
)
def test_farmers_service_words_find_the_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    outcome = base.search(query)
    assert outcome.best is not None and outcome.best.entry_id == expected, outcome
    assert outcome.decision is not Decision.decline, outcome
