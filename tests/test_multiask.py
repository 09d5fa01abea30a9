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
        # A conversation's sentence keeps its details; it is split off from an ask about
        # other produce (each part an ask of its own), with no joining word.
        (
            "预约明天来收玉米，两千斤，土豆啥价",
            [("预约明天来收玉米，两千斤", Kind.booking), ("土豆啥价", Kind.price)],
        ),
        (
            "我有一千斤白菜要卖，三百斤，大蒜多少钱一斤",
            [("我有一千斤白菜要卖，三百斤", Kind.supply), ("大蒜多少钱一斤", Kind.price)],
        ),
        (
            "土豆啥价，谁收玉米，明天能来收吗",
            [("土豆啥价", Kind.price), ("谁收玉米", Kind.demand), ("明天能来收吗", Kind.booking)],
        ),
        # English joining words: "and" between two questions, also / by the way / btw.
        (
            "garlic price and who buys corn",
            [("garlic price", Kind.price), ("who buys corn", Kind.demand)],
        ),
        (
            "garlic price, also who buys corn",
            [("garlic price", Kind.price), ("who buys corn", Kind.demand)],
        ),
        (
            "what's the potato price. By the way, who buys corn?",
            [("what's the potato price", Kind.price), ("who buys corn", Kind.demand)],
        ),
        (
            "my chickens are coughing btw how much is garlic",
            [("my chickens are coughing", Kind.knowledge), ("how much is garlic", Kind.price)],
        ),
        (
            "book a pickup of corn tomorrow, 2000 jin, and what is the garlic price",
            [
                ("book a pickup of corn tomorrow, 2000 jin", Kind.booking),
                ("what is the garlic price", Kind.price),
            ],
        ),
        (
            "对了，蒜啥价，鸡咳嗽咋办",
            [("蒜啥价", Kind.price), ("鸡咳嗽咋办", Kind.knowledge)],
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
        "我有两千斤玉米要卖，玉米啥价",  # what the offered produce fetches: one offer
        "送两千斤土豆到站里，明天上午，土豆多少钱一斤",
        "我有两千斤玉米要卖，想问问，多少钱一斤",
        # English "and" between things that are not each an ask.
        "tomato and cucumber leaves are yellow",
        "garlic and onion price",
        "my corn also has yellow leaves",
        "I have 2000 jin of corn and want to sell it",
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


@pytest.mark.parametrize("text", ["苞谷已经卖了，预约取消吧", "玉米卖掉了，明天的预约不要了"])
def test_a_reason_told_beside_a_flows_ask_is_no_ask_of_its_own(text: str) -> None:
    # The cancel with its reason goes to its confirmation (a merge split it into two asks).
    assert split_asks(text) is None
