"""Words that go on about the price just shown (knowledge/text/price_follow.py), and the next
product asked as speech does (那大葱呢: knowledge/text/intent.py)."""

from __future__ import annotations

import pytest

from knowledge.text.intent import Kind, classify
from knowledge.text.price_follow import PLACE, PRICE, asks_buyers_only, follow_up_kind


@pytest.mark.parametrize(
    "text",
    [
        "跟上个礼拜比涨了没",
        "涨了还是跌了",
        "比上周呢",
        "那公斤呢",
        "按公斤算呢",
        "最近行情咋样",
        "这几天是涨还是跌",
        "上个月呢",
        "去年这时候呢",
        "多少钱",
        "一公斤多少钱",
        "did it go up?",
        "per kg?",
        "and last week?",
    ],
)
def test_more_of_the_same_price(text: str) -> None:
    assert follow_up_kind(text) == PRICE


@pytest.mark.parametrize("text", ["新发地呢", "寿光那边呢", "what about xinfadi?"])
def test_maybe_another_place(text: str) -> None:
    assert follow_up_kind(text) == PLACE


@pytest.mark.parametrize(
    "text",
    [
        "蒜薹啥价",  # another product the lexicon lacks: not the one shown
        "为啥跌了",  # a reason, for the base
        "跌成这样咋办",
        "why did it fall",
        "我家玉米叶子上有红色的小点点一摸一手红粉",  # a new question
    ],
)
def test_not_a_follow_up(text: str) -> None:
    assert follow_up_kind(text) is None


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("那大葱呢", "大葱"),
        ("那个土豆呢", "土豆"),
        ("还有大蒜呢", "大蒜"),
        ("那大葱咋样", "大葱"),
        ("what about onions", "洋葱"),
        ("and garlic?", "大蒜"),
        ("how about potatoes", "土豆"),
    ],
)
def test_the_next_product_is_a_price_question(text: str, product: str) -> None:
    intent = classify(text)
    assert intent.kind is Kind.price and intent.products == (product,)


@pytest.mark.parametrize("text", ["那大葱怎么种", "那土豆发芽了还能吃吗"])
def test_the_next_product_with_a_question_is_no_price(text: str) -> None:
    assert classify(text).kind is not Kind.price


@pytest.mark.parametrize(
    ("text", "product", "yuan"),
    [("苹果到5块钱告诉我", "苹果", 5.0), ("大蒜到了三块就通知俺", "大蒜", 3.0)],
)
def test_a_price_to_reach_is_an_alert(text: str, product: str, yuan: float) -> None:
    intent = classify(text)
    assert intent.kind is Kind.subscribe and intent.products == (product,)
    assert intent.price is not None and intent.price.yuan == yuan


@pytest.mark.parametrize("text", ["谁收", "哪里收呢", "有人要吗", "who buys it", "who's buying?"])
def test_who_buys_without_naming_what(text: str) -> None:
    assert asks_buyers_only(text)


@pytest.mark.parametrize("text", ["谁收玉米", "谁收购农产品", "收购站在哪"])
def test_who_buys_something_named(text: str) -> None:
    assert not asks_buyers_only(text)


@pytest.mark.parametrize(
    "text",
    [
        "看走势图",
        "走势呢",
        "chart please",
        "好多钱一公斤",
        "compared to last month?",
        "is it going up?",
    ],
)
def test_more_follow_ups_of_a_blind_walk(text: str) -> None:
    assert follow_up_kind(text) == PRICE
