"""An English price question naming a product no price list has ("how much is 三七", "ginseng
price") asks a price, as 三七多少钱 does; the English names of 三七 are the glossary's, so a
county whose price list has it finds it by them too."""

from __future__ import annotations

import pytest

from bot.markets.places import unknown_product_word
from knowledge.text.county_products import CountyProduct
from knowledge.text.english import to_chinese_query
from knowledge.text.intent import Kind, classify
from knowledge.text.lexicon import Lexicon


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("how much is 三七", "三七"),
        ("ginseng price", "ginseng"),
        ("how much is ginseng", "ginseng"),
        ("what is the price of ginseng", "ginseng"),
        ("how much can I get for ginseng", "ginseng"),
        ("notoginseng price", "notoginseng"),
        ("how much is sanqi", "sanqi"),
    ],
)
def test_a_crop_without_prices_asked_in_english_is_a_price_question(text: str, word: str) -> None:
    intent = classify(text)
    assert intent.kind is Kind.price and intent.products == ()
    # The word the answer names: "The price list has no "ginseng"".
    assert unknown_product_word(intent.text) == word


@pytest.mark.parametrize(
    "text",
    [
        "how much is it",
        "how much does a pickup cost",
        "how much does a vaccine cost",
        "how much is a vet visit",
        "chongqing price wrong",
        "how much milk does a cow give",
        "how much money can i make from ginseng",
        "how much ginseng can I grow on one mu",
        "how much is 我家的驴子不吃草",
    ],
)
def test_other_english_questions_with_how_much_stay_as_they_were(text: str) -> None:
    # Only one crop or animal named besides the question's own words asks its price.
    assert classify(text).kind is not Kind.price


@pytest.mark.parametrize("text", ["maize price", "how much is corn", "price of maize"])
def test_maize_and_corn_are_the_product_corn(text: str) -> None:
    intent = classify(text)
    assert intent.kind is Kind.price and intent.products == ("玉米",)


def test_notoginseng_is_sanqi_in_the_glossary() -> None:
    for english in ("notoginseng", "sanqi", "tienchi ginseng", "panax notoginseng"):
        assert to_chinese_query(english) == "三七"
    assert to_chinese_query("ginseng") == "人参"


def test_a_county_pricing_sanqi_finds_it_by_its_english_names() -> None:
    lex = Lexicon(county=[CountyProduct("三七", "药材", "notoginseng", ("田七",), 1)])
    for text in ("sanqi price", "how much is notoginseng", "tienchi price", "how much is 三七"):
        assert [m.canonical for m in lex.mentions(text, "product")] == ["三七"], text
