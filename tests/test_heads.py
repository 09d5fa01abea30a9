"""Live animals for sale by the head (knowledge/text/heads.py): a head count, its animal and a
selling word are a listing of the animal's product; a count alone, or a price asked, is none."""

from __future__ import annotations

import pytest

from knowledge.text.heads import each_weight, herd_for_sale, herd_told, measure_of, said_herd
from knowledge.text.intent import HEADS, HERD_TOLD, Kind, classify
from knowledge.text.normalise import normalise


@pytest.mark.parametrize(
    ("text", "heads", "high", "meat"),
    [
        ("我有20只羊要卖", 20, None, "羊肉"),
        ("有5头牛想卖", 5, None, "牛肉"),
        ("家里30只鸡要出手", 30, None, "鸡肉"),
        ("十几头猪要卖 谁收", 10, 19, "猪肉"),
        ("卖两头肥猪", 2, None, "猪肉"),
        ("我要卖三口猪", 3, None, "猪肉"),
        ("我有二三十只羊要卖", 20, 30, "羊肉"),
        ("二十多只羊要卖", 20, 29, "羊肉"),
        ("一百多只鸡要卖", 100, 199, "鸡肉"),
        ("20来只羊想卖", 20, None, "羊肉"),
        ("三到五头牛要卖", 3, 5, "牛肉"),
        ("20-30只羊要卖", 20, 30, "羊肉"),
        ("I have 20 sheep to sell", 20, None, "羊肉"),
        ("selling 5 cattle", 5, None, "牛肉"),
        ("I want to sell five cows", 5, None, "牛肉"),
        ("a dozen hens for sale", 12, None, "鸡肉"),
        ("selling 20-odd sheep", 20, 29, "羊肉"),
    ],
)
def test_a_head_count_for_sale_is_a_listing_of_its_meat(
    text: str, heads: int, high: int | None, meat: str
) -> None:
    herd = herd_for_sale(normalise(text))
    assert herd is not None and (herd.heads, herd.high, herd.meat) == (heads, high, meat)
    intent = classify(text)
    assert intent.kind is Kind.supply and intent.products == (meat,)
    assert intent.extras[HEADS] == str(heads) and intent.quantity is None


@pytest.mark.parametrize(
    "text",
    [
        "一头牛多少钱",  # the meat's price, by the head (per_head.py)
        "两头牛能卖多少钱",
        "已经卖了20只羊",
        "我要买20只羊",
        "20只鸡蛋要卖",  # eggs, not hens
        "卖3匹马",  # no product markets quote
        "how much are 20 sheep worth",
        # knowledge questions that mention selling (the eval's, a blind walk's)
        "今年第一次养猪，抓了二十头小猪崽，卖猪的说要打疫苗",
        "我家养了三十几头肥猪 昨天有两头不吃 发烧 是不是非洲猪瘟 能不能赶紧卖掉",
        "20只羊想育肥卖 怎么喂",
    ],
)
def test_no_listing_of_animals(text: str) -> None:
    assert herd_for_sale(normalise(text)) is None
    assert HEADS not in classify(text).extras


def test_a_count_alone_is_read_but_not_listed() -> None:
    herd = said_herd(normalise("我有20只羊"))
    assert herd is not None and herd.heads == 20
    assert herd_for_sale(normalise("我有20只羊")) is None


@pytest.mark.parametrize(
    ("text", "heads", "high", "meat"),
    [
        ("我有20只羊", 20, None, "羊肉"),
        ("俺家养了十几头猪", 10, 19, "猪肉"),
        ("家里有二十头牛呢", 20, None, "牛肉"),
        ("我们养着三百只鸡", 300, None, "鸡肉"),
        ("I have 20 sheep", 20, None, "羊肉"),
        ("we keep 5 cows.", 5, None, "牛肉"),
    ],
)
def test_a_count_told_alone_is_asked_about(
    text: str, heads: int, high: int | None, meat: str
) -> None:
    herd = herd_told(normalise(text))
    assert herd is not None and (herd.heads, herd.high, herd.meat) == (heads, high, meat)
    intent = classify(text)
    # Read as an offer to ask about (handlers/supply.py asks whether to sell), not listed.
    assert intent.kind is Kind.supply and intent.products == (meat,)
    assert intent.extras == {HEADS: str(heads), HERD_TOLD: "1"}


@pytest.mark.parametrize(
    "text",
    [
        "我有20只羊要卖",  # a listing: no question
        "我有20只羊拉稀",  # a problem told
        "我有20只羊吗",
        "我有20只鸡蛋",
        "20只羊",
        "I have 20 sheep to sell",
        "I have 20 sheep, how do I feed them",
        "家里养了两头牛，一头母牛前天刚下了犊子，今儿早上就卧着起不来",
    ],
)
def test_no_count_told_alone(text: str) -> None:
    assert HERD_TOLD not in classify(text).extras


def test_a_weight_with_the_count_is_kept() -> None:
    intent = classify("我有20只羊1600斤要卖")
    assert intent.kind is Kind.supply and intent.quantity is not None
    assert intent.quantity.value == 1600


@pytest.mark.parametrize(
    ("text", "each"),
    [
        ("每只80斤", True),
        ("一头300斤左右", True),
        ("80斤一只", True),
        ("80 jin each", True),
        ("300 jin per head", True),
        ("一共1600斤", False),
        ("1600斤", False),
        ("1600 jin in all", False),
    ],
)
def test_a_weight_per_head(text: str, each: bool) -> None:
    assert each_weight(normalise(text)) is each


def test_measure_words() -> None:
    assert [measure_of(m) for m in ("牛肉", "猪肉", "羊肉", "鸡肉")] == ["头", "头", "只", "只"]
