"""A price asked per animal (knowledge/text/per_head.py): the meat's price, said to be per 斤."""

from __future__ import annotations

import pytest

from knowledge.text.intent import PER_HEAD, Kind, classify
from knowledge.text.per_head import per_head, without_animal


@pytest.mark.parametrize(
    ("text", "meat"),
    [
        ("羊娃子多钱一只", "羊肉"),
        ("羊娃子咋卖", "羊肉"),
        ("一头牛多少钱", "牛肉"),
        ("一只羊能卖多少钱", "羊肉"),
        ("牛犊多少钱", "牛肉"),
        ("猪崽子啥价", "猪肉"),
        ("how much is a sheep each", "羊肉"),
    ],
)
def test_an_animal_by_the_head_is_its_meats_price(text: str, meat: str) -> None:
    found = per_head(text)
    assert found is not None and found.meat == meat
    intent = classify(text)
    assert intent.kind is Kind.price and intent.products == (meat,)
    assert PER_HEAD in intent.extras


@pytest.mark.parametrize("text", ["羊肉多少钱一斤", "羊拉稀咋办", "羊多少钱", "鸭苗多少钱一只"])
def test_not_asked_by_the_head(text: str) -> None:
    assert PER_HEAD not in classify(text).extras


def test_羊娃子拉稀_is_still_a_farming_question() -> None:
    assert classify("羊娃子拉稀咋办").kind is Kind.knowledge


def test_the_animal_names_no_place() -> None:
    assert "牛" not in without_animal("新发地一头牛多少钱")
    assert "新发地" in without_animal("新发地一头牛多少钱")
