"""What an amount of produce fetches (两千斤包谷能卖好多钱): the amount read from the question,
never a place, converted into the prices' unit and priced at the first market."""

from __future__ import annotations

from datetime import date

import pytest

from bot.markets.places import find_place, may_name_a_village, unknown_product_word
from bot.markets.prices import Place, PriceAnswer, PriceRow
from bot.markets.worth import in_unit, round_yuan, worth_of
from handlers.render.worth import worth_lines
from knowledge.text.normalise import normalise
from knowledge.text.numbers import AmountRange, Quantity, amount_asked, without_amounts

TODAY = date(2026, 12, 6)


def one(value: float, unit: str) -> AmountRange:
    """One figure, as amount_asked gives it."""
    return AmountRange(Quantity(value, unit), Quantity(value, unit))


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("两千斤包谷能卖好多钱", (2000, "斤"), (2000, "斤")),
        ("3吨玉米能卖多少钱", (3, "吨"), (3, "吨")),
        ("我有500斤土豆能卖几个钱", (500, "斤"), (500, "斤")),
        ("两三千斤苞米值多少钱", (2000, "斤"), (3000, "斤")),
        ("潍坊两千斤土豆能卖多少", (2000, "斤"), (2000, "斤")),
        ("how much will 800 jin of apples get me", (800, "斤"), (800, "斤")),
        ("300公斤白菜值多少钱", (300, "公斤"), (300, "公斤")),
        ("300千克白菜值多少钱", (300, "公斤"), (300, "公斤")),
        ("5百斤苹果能卖多少", (500, "斤"), (500, "斤")),
        ("2万斤白菜能卖多少钱", (20000, "斤"), (20000, "斤")),
        ("3担谷子值多少钱", (3, "担"), (3, "担")),
        ("一吨半玉米值多少钱", (1.5, "吨"), (1.5, "吨")),
        ("3-5吨玉米能卖多少钱", (3, "吨"), (5, "吨")),
        ("一千多斤苞谷能卖好多钱", (1000, "斤"), (1000, "斤")),
        ("how much for 2 tons of corn", (2, "吨"), (2, "吨")),
        ("20 kg of garlic, how much money", (20, "公斤"), (20, "公斤")),
        # The unit a price is per is no amount; an amount after it still is.
        ("玉米一斤多少钱，我有两千斤", (2000, "斤"), (2000, "斤")),
        # 一吨 is a load worth pricing (玉米一吨多少钱 is the price of a 吨).
        ("一吨玉米多少钱", (1, "吨"), (1, "吨")),
    ],
)
def test_the_amount_asked(text: str, low: tuple[float, str], high: tuple[float, str]) -> None:
    assert amount_asked(text) == AmountRange(Quantity(*low), Quantity(*high))


@pytest.mark.parametrize(
    "text",
    [
        "玉米多少钱一斤",
        "一斤玉米多少钱",
        "玉米每公斤多少钱",
        "玉米价格",
        "土豆3块钱一公斤",
        "potato price per kg",
        "how much is a jin of potatoes",
        "西红柿2.5元/斤贵不贵",
    ],
)
def test_no_amount(text: str) -> None:
    assert amount_asked(text) is None


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("两千斤包谷能卖好多钱", "包谷能卖好多钱"),
        ("两三千斤苞米", "苞米"),
        ("一千多斤苞谷", "苞谷"),
        ("一吨半玉米", "玉米"),
        ("3-5吨玉米", "玉米"),
        ("800 jin of apples", "of apples"),
        ("三元朱村大蒜", "三元朱村大蒜"),
    ],
)
def test_without_amounts(text: str, left: str) -> None:
    assert without_amounts(normalise(text)).strip() == left


@pytest.mark.parametrize(
    "text",
    [
        "两千斤包谷能卖好多钱",
        "我有500斤土豆能卖几个钱",
        "两三千斤苞米值多少钱",
        "俺家有两千来斤洋芋能卖多少钱",
        "一吨半玉米值多少钱",
    ],
)
def test_an_amount_is_never_a_place(text: str) -> None:
    place = find_place(text, [])
    assert place.kind == "national" and place.missing == ""


def test_a_place_with_an_amount_is_still_found() -> None:
    assert find_place("潍坊两千斤土豆能卖多少", []).label == "潍坊"
    # A place found nowhere is still named back.
    assert find_place("火星两千斤土豆能卖多少", []).missing == "火星"
    # The amount asks the gazetteer nothing.
    assert not may_name_a_village("两三千斤苞米值多少钱")
    # ...and is no product's name either.
    assert "两千" not in unknown_product_word("两千斤蒜薹能卖多少")


@pytest.mark.parametrize(
    ("amount", "unit", "expected"),
    [
        (Quantity(1, "吨"), "斤", 2000),
        (Quantity(1, "吨"), "公斤", 1000),
        (Quantity(2000, "斤"), "公斤", 1000),
        (Quantity(3, "担"), "斤", 300),
        (Quantity(500, "公斤"), "斤", 1000),
    ],
)
def test_in_unit(amount: Quantity, unit: str, expected: float) -> None:
    assert in_unit(amount, unit) == expected


@pytest.mark.parametrize(
    ("value", "rounded"),
    [(3000, 3000), (2563.4, 2560), (154321, 154000), (99.6, 100), (45.3, 45), (0.84, 0.8)],
)
def test_round_yuan(value: float, rounded: float) -> None:
    assert round_yuan(value) == rounded


def row(
    market: str, price: float, unit_low: float | None, unit_high: float | None, age: int = 0
) -> PriceRow:
    """One market's price per the answer's unit."""
    return PriceRow(
        market_id=1,
        market=market,
        city="",
        distance_km=None,
        day=TODAY,
        price=price,
        low=unit_low,
        high=unit_high,
        quoted_unit="斤",
        quoted_price=price,
        change_7d=None,
        age_days=age,
    )


def answer(unit: str, *rows: PriceRow) -> PriceAnswer:
    """A price answer of 玉米 per `unit`."""
    return PriceAnswer("玉米", 1, unit, Place("national"), TODAY, list(rows))


def test_worth_at_the_first_market() -> None:
    worth = worth_of(answer("斤", row("新发地", 1.5, 1.28, 1.73)), one(2000, "斤"))
    assert worth is not None
    assert (worth.market, worth.total, worth.cheapest, worth.dearest) == (
        "新发地",
        (3000, 3000),
        2560,
        3460,
    )
    assert worth_lines("zh", worth) == [
        "🧮 按新发地均价 1.50 元/斤，2000 斤约 3000 元（最低 2560 – 最高 3460）",
        "   只是按批发市场价估的，收购商、服务站给的价和批发价不一样，仅供参考。",
    ]


def test_tonnes_at_a_price_per_kilo() -> None:
    worth = worth_of(answer("公斤", row("江桥", 3.0, None, None)), one(3, "吨"))
    assert worth is not None and worth.total == (9000, 9000) and worth.cheapest is None
    assert worth_lines("zh", worth)[0] == "🧮 按江桥均价 3.00 元/公斤，3 吨（3000 公斤）约 9000 元"
    assert worth_lines("en", worth)[0] == (
        "🧮 At the 江桥 (Jiangqiao) average of 3.00 yuan/kg, 3 t (3,000 kg) comes to about "
        "9,000 yuan"
    )


def test_a_range_and_big_sums() -> None:
    amount = AmountRange(Quantity(20000, "斤"), Quantity(30000, "斤"))
    worth = worth_of(answer("斤", row("新发地", 1.5, 1.2, 1.8)), amount)
    assert worth is not None and worth.ranged and worth.cheapest is None
    assert (
        worth_lines("zh", worth)[0] == "🧮 按新发地均价 1.50 元/斤，2万 – 3万 斤约 3万 – 4.5万 元"
    )
    assert "20,000–30,000 jin comes to about 30,000–45,000 yuan" in worth_lines("en", worth)[0]


def test_a_fresh_price_first_and_none_without_prices() -> None:
    worth = worth_of(
        answer("斤", row("哈达", 1.0, None, None, age=5), row("新发地", 2.0, None, None)),
        one(100, "斤"),
    )
    assert worth is not None and worth.market == "新发地" and worth.total == (200, 200)
    assert worth_of(answer("斤"), one(100, "斤")) is None
    assert worth_lines("zh", None) == []
