"""A cancel said with why (洋芋不卖了 把预约取消掉): still only "cancel <the produce's booking>";
why alone, or with another subject, is no cancel."""

from __future__ import annotations

import pytest

from knowledge.text.cancelling import cancelled_products, says_cancel
from knowledge.text.intent import classify


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("洋芋不卖了 把预约取消掉", "土豆"),
        ("苞谷已经卖了，预约取消吧", "玉米"),
        ("土豆卖掉了 那个预约不要了", "土豆"),
        ("西红柿都烂了 取消预约", "西红柿"),
        ("the potatoes are sold, cancel the booking", "土豆"),
        ("corn is sold out, cancel my pickup", "玉米"),
    ],
)
def test_why_beside_a_cancel_adds_nothing(text: str, product: str) -> None:
    said = classify(text).text
    assert says_cancel(said)
    assert cancelled_products(said) == {product}


@pytest.mark.parametrize("text", ["洋芋不卖了", "洋芋怎么储存 取消", "取消"])
def test_why_alone_is_no_cancel(text: str) -> None:
    assert not says_cancel(classify(text).text)
