"""A farmer's words for a price per unit and for produce on offer (blind walk).

洋芋一公斤多少 (钱 left unsaid) got a lesson on units, not the price in 元/公斤; 俺家有五百斤地瓜
was 答不上来 though it offers produce, as 我有两千斤玉米要卖 does.
"""

from __future__ import annotations

import pytest

from knowledge.text.intent import PEAK, PRICE_ASKED, Kind, classify
from knowledge.text.lexicon import lexicon


@pytest.mark.parametrize(
    ("text", "product", "unit"),
    [
        ("洋芋一公斤多少", "土豆", "公斤"),
        ("洋芋一斤多少", "土豆", "斤"),
        ("苞米多少一斤", "玉米", "斤"),
        ("土豆一斤几毛", "土豆", "斤"),
        ("西红柿一公斤卖多少？", "西红柿", "公斤"),
        ("大葱现在一斤多少呀", "大葱", "斤"),
    ],
)
def test_a_price_per_unit_without_money_words_is_a_price(
    text: str, product: str, unit: str
) -> None:
    intent = classify(text)
    assert (intent.kind, intent.product, intent.unit) == (Kind.price, product, unit)


@pytest.mark.parametrize(
    "text", ["一公斤多少斤", "玉米一亩产多少斤", "土豆一斤有多少个", "一公斤多少"]
)
def test_an_amount_or_a_unit_is_no_price(text: str) -> None:
    assert classify(text).kind is not Kind.price


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("俺家有五百斤地瓜", "红薯"),
        ("我有三千斤大葱", "大葱"),
        ("家里有两吨苹果", "苹果"),
        ("我这有800斤洋芋", "土豆"),
        ("俺家今年收了三千斤苞谷", "玉米"),
        ("咱家还有两千斤白菜呢", "大白菜"),
    ],
)
def test_an_amount_of_ones_produce_is_an_offer(text: str, product: str) -> None:
    intent = classify(text)
    assert (intent.kind, intent.product) == (Kind.supply, product)
    assert intent.quantity is not None


@pytest.mark.parametrize(
    "text",
    [
        "我家有三千斤大葱能卖吗",
        "我有两千斤玉米能卖多少钱",
        "我家有五百斤地瓜烂了",
        "我家有十亩玉米",
    ],
)
def test_a_question_or_a_problem_about_ones_produce_is_no_offer(text: str) -> None:
    assert classify(text).kind is not Kind.supply


def test_whether_the_station_takes_it_and_its_price() -> None:
    intent = classify("站里收不收红薯 啥价")
    assert intent.kind is Kind.demand and intent.extras.get(PRICE_ASKED)
    assert PRICE_ASKED not in classify("站里收不收红薯").extras


@pytest.mark.parametrize(
    ("name", "product"),
    [("洋葱头", "洋葱"), ("皮牙子", "洋葱"), ("土豆子", "土豆"), ("洋芋蛋", "土豆"),
     ("玉米棒子", "玉米"), ("黄芽白", "大白菜"), ("大蒜头", "大蒜")],
)  # fmt: skip
def test_folk_names_said_whole_are_the_product(name: str, product: str) -> None:
    # Blind walk: 洋葱头 was 不认识的产品 where a name is looked up whole (an alert, a price).
    found = lexicon().product(name)
    assert found is not None and found.name == product
    assert classify(f"{name}多少钱").product == product


@pytest.mark.parametrize(
    ("text", "peak"),
    [("土豆哪天价最高", "high"), ("西红柿啥时候最便宜", "low"), ("大蒜什么时候卖最贵", "high"),
     ("which day were potatoes most expensive", "high"), ("when were tomatoes cheapest", "low")],
)  # fmt: skip
def test_the_dearest_or_cheapest_day_is_a_price_question(text: str, peak: str) -> None:
    intent = classify(text)
    assert intent.kind is Kind.price and intent.extras.get(PEAK) == peak


@pytest.mark.parametrize("text", ["土豆什么品种产量最高", "玉米哪个品种最好", "土豆最高能长多大"])
def test_the_best_variety_is_no_price(text: str) -> None:
    assert classify(text).kind is not Kind.price
