"""站里收不收鸡蛋 asks the farmer's station; 大葱种子哪里买 asks where to buy an input."""

from __future__ import annotations

from datetime import time

import pytest

from bot.core.i18n import t
from bot.models.stations import StationKind
from bot.stations.catalogue import StationInfo
from bot.stations.finder import StationAsked
from bot.stations.routing import OfferRoute, RouteKind
from handlers.render.stations import LISTED_PRODUCTS, products_text, station_list_text, takes_text
from knowledge.text.english import name_label
from knowledge.text.intent import Kind, classify


@pytest.mark.parametrize(
    "text",
    [
        "站里收不收鸡蛋",
        "服务站收鸡蛋吗",
        "你们收不收鸡蛋",
        "站上要不要土豆",
        "does the station take eggs",
    ],
)
def test_asking_whether_the_station_takes_a_product(text: str) -> None:
    intent = classify(text)
    assert intent.kind is Kind.demand and intent.extras == {"asks": "station"}


@pytest.mark.parametrize("text", ["哪里收鸡蛋", "谁买土豆", "有人收苞谷吗"])
def test_asking_for_buyers_is_not_about_the_station(text: str) -> None:
    intent = classify(text)
    assert intent.kind is Kind.demand and "asks" not in intent.extras


@pytest.mark.parametrize(
    "text",
    [
        "大葱种子哪里买",
        "化肥在哪买",
        "哪里能买到玉米种子",
        "鸡苗哪里有卖",
        "where can I buy tomato seeds",
    ],
)
def test_buying_inputs_is_a_question_for_the_base(text: str) -> None:
    assert classify(text).kind is Kind.knowledge


@pytest.mark.parametrize(
    "text",
    [
        "站里收的白菜要不要去根去老叶，要捆吗",
        "带泥的土豆收不收",
        "鸡蛋要分级吗",
        "大葱洗不洗",
        "站里收白菜要捆吗",
        "Do you accept sweet potatoes with mud still on them?",
        "do the potatoes need to be washed",
        "how should I pack eggs for the station",
    ],
)
def test_how_to_ready_produce_is_a_question_not_yes_we_take_it(text: str) -> None:
    # Staff busy-day walk: answered "收的 ✅ 您的服务站…收大白菜", as if it were answered.
    intent = classify(text)
    assert intent.kind is Kind.knowledge and "asks" not in intent.extras


def test_readying_words_leave_a_price_and_a_plain_takes_question_alone() -> None:
    assert classify("带泥的土豆什么价").kind is Kind.price
    assert classify("站里收白菜吗").extras == {"asks": "station"}
    assert classify("do you take sweet potatoes").extras == {"asks": "station"}


def test_a_station_price_or_how_it_works_stays_a_price_or_a_question() -> None:
    assert classify("站里收鸡蛋多少钱一斤").kind is Kind.price
    assert classify("服务站收鸡蛋是怎么个流程").kind is Kind.knowledge


def _station(name: str, products: set[str]) -> StationInfo:
    return StationInfo(
        1, "SG01", name, StationKind.postal, 36.9, 118.7, "", "", time(8), time(18),
        False, frozenset(products),
    )  # fmt: skip


def test_what_the_station_takes_is_said_from_its_list() -> None:
    usual = _station("圣城站", {"鸡蛋", "西红柿"})
    yes = OfferRoute(RouteKind.usual, 1, usual=usual)
    assert takes_text("zh", "鸡蛋", yes) == t(
        "zh", "demand.station_takes", station="圣城站", product="鸡蛋"
    )
    other = _station("洛城站", {"玉米"})
    no = OfferRoute(RouteKind.nearest, 2, usual=usual, buyer=other, km=9.34)
    assert takes_text("zh", "玉米", no).split("\n") == [
        t(
            "zh",
            "demand.station_not_takes",
            station="圣城站",
            product="玉米",
            products="西红柿、鸡蛋",
        ),
        t("zh", "demand.station_nearest", product="玉米", station="洛城站", km="9.3"),
    ]
    nowhere = OfferRoute(RouteKind.unassigned, None)
    assert takes_text("en", "玉米", nowhere).split("\n") == [
        t("en", "demand.station_no_station"),
        t("en", "demand.station_where", product="corn"),
    ]


def test_a_long_list_names_the_first_few_and_counts_the_rest() -> None:
    many = frozenset(f"品种{i:02d}" for i in range(LISTED_PRODUCTS + 3))
    said = products_text("zh", many)
    assert said.endswith(t("zh", "demand.more_products", count=3))
    assert said.count("、") == LISTED_PRODUCTS - 1


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("孙家集京东服务站收什么", "孙家集京东服务站"),
        ("洛城供销社收购站收啥", "洛城供销社收购站"),
        ("孙家集京东服务站都收哪些东西", "孙家集京东服务站"),
        ("我们站收什么", ""),
        ("站里都收些什么", ""),
        ("你们收什么", ""),
        ("what does my station buy", ""),
        ("What does the station take?", ""),
    ],
)
def test_asking_what_a_station_takes_at_all(text: str, who: str) -> None:
    # Blind test: 孙家集京东服务站收什么 got a knowledge entry, not the station's list.
    intent = classify(text)
    assert intent.kind is Kind.demand and not intent.products
    assert intent.extras == {"asks": "station_list", "station": who}


@pytest.mark.parametrize("text", ["服务站收什么费", "你们收什么钱", "我们站收什么价"])
def test_a_fee_or_a_price_is_no_list_of_products(text: str) -> None:
    assert classify(text).extras.get("asks") != "station_list"


def test_the_list_asked_for_is_the_whole_list() -> None:
    many = frozenset(f"品种{i:02d}" for i in range(LISTED_PRODUCTS + 3))
    usual = _station("圣城站", set(many))
    said = station_list_text("zh", "", StationAsked(usual, own=True))
    assert said == t(
        "zh", "demand.station_list_own", station="圣城站", products=products_text("zh", many, 99)
    )
    assert "品种10" in said and t("zh", "demand.more_products", count=3) not in said
    named = station_list_text("en", "圣城站", StationAsked(usual, own=False))
    assert named.startswith(name_label("en", "圣城站") + " takes: ")
    assert station_list_text("zh", "", StationAsked(None, own=True)) == "\n".join(
        [t("zh", "demand.station_no_station"), t("zh", "demand.station_list_find")]
    )
    assert station_list_text("zh", "张家站", StationAsked(None, own=False)) == t(
        "zh", "demand.station_list_unknown", name="张家站"
    )
    two = (_station("古城京东站", {"土豆"}), _station("田柳京东站", {"玉米"}))
    which = station_list_text("zh", "京东站", StationAsked(None, own=False, choices=two))
    assert which == t(
        "zh", "demand.station_list_which", name="京东站", stations="古城京东站、田柳京东站",
        first="古城京东站",
    )  # fmt: skip
