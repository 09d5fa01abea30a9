"""Several asks in one message split into clauses (knowledge/text/multiask.py)."""

from __future__ import annotations

import pytest

from knowledge.text.intent import Kind, classify
from knowledge.text.multiask import split_asks


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        # The sandbox walk's message: five asks, the farming one told in two clauses.
        (
            "俺家鸡这两天不爱吃食还咳嗽，是不是天冷了，对了蒜现在啥价，俺还想问问站里明天收"
            "不收葱，俺家那口子说要卖两千斤葱，还有那个价格提醒咋弄来着",
            [
                ("俺家鸡这两天不爱吃食还咳嗽，是不是天冷了", Kind.knowledge),
                ("蒜现在啥价", Kind.price),
                ("站里明天收不收葱", Kind.demand),
                ("俺家那口子说要卖两千斤葱", Kind.supply),
                ("那个价格提醒咋弄来着", Kind.subscribe),
            ],
        ),
        ("鸡咳嗽 还有蒜价多少", [("鸡咳嗽", Kind.knowledge), ("蒜价多少", Kind.price)]),
        (
            "苹果树长虫了咋办，另外苹果现在多少钱",
            [("苹果树长虫了咋办", Kind.knowledge), ("苹果现在多少钱", Kind.price)],
        ),
        # No joining word: clauses of different kinds, each whole.
        (
            "玉米叶子发黄是缺啥肥？土豆啥价？",
            [("玉米叶子发黄是缺啥肥", Kind.knowledge), ("土豆啥价", Kind.price)],
        ),
        (
            "鸡咳嗽 还有蒜价多少 另外我有两千斤玉米要卖",
            [
                ("鸡咳嗽", Kind.knowledge),
                ("蒜价多少", Kind.price),
                ("我有两千斤玉米要卖", Kind.supply),
            ],
        ),
        (
            "大蒜涨到3块告诉我，顺便问问土豆啥价",
            [("大蒜涨到3块告诉我", Kind.subscribe), ("土豆啥价", Kind.price)],
        ),
    ],
)
def test_several_asks_are_split_in_order(text: str, asks: list[tuple[str, Kind]]) -> None:
    found = split_asks(text)
    assert found is not None
    assert [(a.text, a.intent.kind) for a in found] == asks


@pytest.mark.parametrize(
    "text",
    [
        "玉米叶子发黄，下面的老叶先黄，是缺啥肥",  # one question told in clauses
        "我有两千斤玉米，想卖，多少钱一斤",  # one offer with its detail
        "我有两千斤玉米要卖，一块二一斤",
        "预约明天来收玉米，两千斤，土豆啥价",  # a flow's sentence is never split by commas
        "俺家鸡不吃食，还咳嗽，咋办",
        "玉米还有救吗",  # 还有 inside a clause joins nothing
        "西红柿多少钱一斤",
        "蒜啥价 葱啥价",  # two prices: the price feature answers both already
        "你好，西红柿多少钱",  # a greeting is no ask
    ],
)
def test_one_ask_is_left_whole(text: str) -> None:
    assert split_asks(text) is None


def test_price_asked_without_money_word() -> None:
    # 蒜价多少 (钱 left out) asks a price, as 蒜价格多少 does.
    assert classify("蒜价多少").kind is Kind.price
