"""A vehicle-load said as the amount (一车葱要卖, 一三轮土豆, 半车白菜): a sale listing of the
product, whose weight is asked (knowledge/text/loads.py)."""

from __future__ import annotations

import pytest

from knowledge.text.intent import Kind, classify
from knowledge.text.loads import said_load


@pytest.mark.parametrize(
    ("text", "product", "load"),
    [
        ("一车葱要卖", "大葱", "一车"),
        ("有一车葱", "大葱", "一车"),
        ("葱一车", "大葱", "一车"),
        ("一车大葱想卖", "大葱", "一车"),
        ("俺家有一车葱", "大葱", "一车"),
        ("我有一车玉米", "玉米", "一车"),
        ("一车葱", "大葱", "一车"),
        ("大葱一车子", "大葱", "一车子"),
        ("一三轮土豆要卖", "土豆", "一三轮"),
        ("一拖拉机玉米要卖", "玉米", "一拖拉机"),
        ("半车白菜要卖", "大白菜", "半车"),
        ("两车蒜想出手", "大蒜", "两车"),
        ("I have a truckload of garlic to sell", "大蒜", "a truckload of"),
    ],
)
def test_a_load_of_produce_is_a_listing(text: str, product: str, load: str) -> None:
    intent = classify(text)
    assert (intent.kind, intent.products) == (Kind.supply, (product,)), text
    assert intent.quantity is None  # a load is no weight: it is asked
    assert said_load(intent.text) == load


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("一车葱多少钱", Kind.price),  # what a load fetches is asked, nothing offered
        ("火车站在哪", Kind.knowledge),
        ("葱一斤多少钱", Kind.price),
    ],
)
def test_a_load_asked_about_is_no_listing(text: str, kind: Kind) -> None:
    assert classify(text).kind is kind, text


@pytest.mark.parametrize("text", ["一车间", "十一车", "车站", "开车去", "two trucks"])
def test_no_load_is_read_where_none_is_said(text: str) -> None:
    assert said_load(text) is None, text


def test_an_amount_before_a_one_character_name_with_what_is_said_of_it() -> None:
    # 葱 after 两千斤 and before 要卖 was no product: the listing asked what to sell.
    intent = classify("两千斤葱要卖")
    assert (intent.kind, intent.products) == (Kind.supply, ("大葱",))
