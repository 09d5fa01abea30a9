"""Alerts stopped and listed in a farmer's own words (sandbox walk, issue 12's twelfth round)."""

from __future__ import annotations

import pytest

from knowledge.text.intent import ALERT_LIST, Kind, classify


@pytest.mark.parametrize(
    ("text", "products"),
    [
        ("不要再发西红柿的价格了", ("西红柿",)),
        ("西红柿的提醒不要了", ("西红柿",)),
        ("别给我发大蒜价格了", ("大蒜",)),
        ("stop tomato alerts", ("西红柿",)),
        ("别发了", ()),
    ],
)
def test_alerts_stopped_in_own_words(text: str, products: tuple[str, ...]) -> None:
    intent = classify(text)
    assert (intent.kind, intent.products) == (Kind.unsubscribe, products)


@pytest.mark.parametrize(
    "text", ["我订了啥", "我订了哪些提醒", "我都订了什么？", "my alerts", "what did I subscribe to"]
)
def test_asking_which_alerts_lists_them_and_subscribes_to_nothing(text: str) -> None:
    assert ALERT_LIST.match(text)
    assert classify(text).kind is not Kind.subscribe


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Still what they were.
        ("订阅西红柿价格", Kind.subscribe),
        ("提醒我西红柿涨到3块", Kind.subscribe),
        ("大蒜价格别跌了", Kind.price),
        ("要不要打药", Kind.knowledge),
        # An English sale: the produce is for sale, not the product of an alert.
        ("sell 2000 jin of corn", Kind.supply),
    ],
)
def test_neighbours_keep_their_kind(text: str, kind: Kind) -> None:
    assert classify(text).kind is kind
