"""The name a farmer asked a price by, on the card (椪柑（柑橘）, 洋芋（土豆）, "Ponkan (citrus)"),
and the worth questions said in Cantonese and in English (两千斤粟米卖得几多钱, "what are 2 tons
of tomatoes worth") read as price questions, never "what is this worth doing" or 值不值得种."""

from __future__ import annotations

from datetime import date

import pytest

from bot.markets.prices import Place, PriceAnswer, PriceRow
from handlers.render import prices as view
from knowledge.text.cantonese import as_mandarin
from knowledge.text.intent import Kind, classify
from knowledge.text.lexicon import names_said
from knowledge.text.numbers import Quantity, amount_asked

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("椪柑多少钱", {"柑橘": "椪柑"}),  # a shipped name of 柑橘
        ("芦柑什么价", {"柑橘": "芦柑"}),
        ("洋芋多少钱", {"土豆": "洋芋"}),
        ("苞谷啥价", {"玉米": "苞谷"}),
        ("我有500斤洋芋能卖几个钱", {"土豆": "洋芋"}),
        ("呢个番茄几多钱一斤", {"西红柿": "番茄"}),
        # Cantonese: 粟米 is maize where the price is asked the Cantonese way.
        ("两千斤粟米卖得几多钱", {"玉米": "粟米"}),
        ("兩千斤粟米賣得幾多錢", {"玉米": "粟米"}),
        # The product's own name, a typo or pinyin of it, a name holding it: nothing said.
        ("西红柿多少钱", {}),
        ("西红事多少钱", {}),
        ("蕃茄多少钱", {}),
        ("xihongshi jiage", {}),
        ("土豆儿多少钱", {}),
        ("potato price", {}),
        # The product's own name said first: the card is by it.
        ("土豆和洋芋多少钱", {}),
    ],
)
def test_the_name_asked_by_is_known_when_not_the_products_own(
    text: str, said: dict[str, str]
) -> None:
    assert names_said(text) == said


def _answer(product: str) -> PriceAnswer:
    row = PriceRow(1, "新发地", "北京", None, TODAY, 2.1, 1.9, 2.3, "斤", 2.1, 1.0, 0)
    return PriceAnswer(product, 9, "斤", Place("national"), TODAY, [row])


@pytest.mark.parametrize(
    ("product", "said", "zh", "en"),
    [
        # English where the glossary names the word said, else the product's and the word.
        (
            "柑橘",
            "椪柑",
            "💰 椪柑（柑橘） 批发价（元/斤）",
            "💰 Ponkan (citrus) wholesale price (yuan/jin)",
        ),
        (
            "柑橘",
            "芦柑",
            "💰 芦柑（柑橘） 批发价（元/斤）",
            "💰 citrus (芦柑) wholesale price (yuan/jin)",
        ),
        (
            "土豆",
            "洋芋",
            "💰 洋芋（土豆） 批发价（元/斤）",
            "💰 potato (洋芋) wholesale price (yuan/jin)",
        ),
        (
            "玉米",
            "苞谷",
            "💰 苞谷（玉米） 批发价（元/斤）",
            "💰 corn (苞谷) wholesale price (yuan/jin)",
        ),
        (
            "玉米",
            "粟米",
            "💰 粟米（玉米） 批发价（元/斤）",
            "💰 corn (粟米) wholesale price (yuan/jin)",
        ),
        ("西红柿", None, "💰 西红柿 批发价（元/斤）", "💰 tomato wholesale price (yuan/jin)"),
        ("西红柿", "西红柿", "💰 西红柿 批发价（元/斤）", "💰 tomato wholesale price (yuan/jin)"),
    ],
)
def test_the_card_says_the_name_asked_by_beside_the_product(
    product: str, said: str | None, zh: str, en: str
) -> None:
    answer = _answer(product)
    assert view.price_text("zh", answer, said=said).splitlines()[0] == zh
    assert view.price_text("en", answer, said=said).splitlines()[0] == en


def test_a_product_with_no_prices_is_named_as_asked_too() -> None:
    empty = PriceAnswer("柑橘", 9, "斤", Place("national"), TODAY, [])
    assert (
        view.price_text("zh", empty, said="芦柑")
        == "暂时还没有芦柑（柑橘）的市场价格，过几天再来看看。"
    )


@pytest.mark.parametrize(
    ("text", "product", "amount"),
    [
        ("两千斤粟米卖得几多钱", "玉米", Quantity(2000, "斤")),
        ("两千斤包谷能卖好多钱", "玉米", Quantity(2000, "斤")),
        ("what are 2 tons of tomatoes worth", "西红柿", Quantity(2, "吨")),
        ("what are 2 tons of tomatoes worth?", "西红柿", Quantity(2, "吨")),
        ("how much would 500 jin of corn fetch", "玉米", Quantity(500, "斤")),
        ("what would 500 jin of corn fetch", "玉米", Quantity(500, "斤")),
        ("what is 800 jin of potatoes worth now", "土豆", Quantity(800, "斤")),
    ],
)
def test_what_an_amount_is_worth_is_a_price_question(
    text: str, product: str, amount: Quantity
) -> None:
    intent = classify(text)
    assert intent.kind is Kind.price and intent.products == (product,)
    asked = amount_asked(text)
    assert asked is not None and asked.low == amount


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("呢个番茄几多钱一斤", "西红柿"),
        ("what are tomatoes worth", "西红柿"),
        ("粟米几多钱", "玉米"),
    ],
)
def test_a_price_asked_without_an_amount(text: str, product: str) -> None:
    intent = classify(text)
    assert intent.kind is Kind.price and intent.products == (product,)
    assert amount_asked(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "what is this worth doing",
        "is it worth growing tomatoes",
        "is 2 tons of tomatoes worth it",
        "what are tomatoes worth growing for",
        "值不值得种",
        "番茄值不值得种",
        "种西红柿值不值",
    ],
)
def test_worth_doing_is_no_price_question(text: str) -> None:
    assert classify(text).kind is not Kind.price


def test_millet_said_in_mandarin_stays_unread() -> None:
    # 粟米 is millet in the north: only a Cantonese message's is maize.
    assert classify("粟米多少钱").products == ()
    assert as_mandarin("粟米有虫食叶") == "粟米有虫食叶"
    assert as_mandarin("粟米几多钱") == "玉米几多钱"
    assert as_mandarin("啲粟米几多钱") == "些玉米多少钱"


def test_a_countys_own_name_is_said_too(monkeypatch: pytest.MonkeyPatch) -> None:
    from knowledge.text import lexicon as lexicon_module
    from knowledge.text.county_products import CountyProduct
    from knowledge.text.lexicon import Lexicon

    county = Lexicon(county=[CountyProduct("柑橘", "", "", ("冰糖柑",), 1, extends=True)])
    monkeypatch.setattr(lexicon_module, "lexicon", lambda: county)
    assert names_said("冰糖柑多少钱") == {"柑橘": "冰糖柑"}
    assert names_said("椪柑多少钱") == {"柑橘": "椪柑"}
    assert names_said("柑橘多少钱") == {}
