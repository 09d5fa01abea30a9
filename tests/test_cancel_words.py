"""A booking called off in words (knowledge.text.cancelling) and a typed yes or no
(knowledge.text.yesno) at a confirmation."""

from __future__ import annotations

import pytest

from knowledge.text.cancelling import cancelled_products, says_cancel
from knowledge.text.yesno import says_no, says_yes


@pytest.mark.parametrize(
    "text",
    [
        "取消白菜的预约",
        "白菜那个不送了，取消吧",
        "我的白菜预约取消",
        "取消预约",
        "帮我把玉米那个预约取消了",
        "cancel my corn booking",
        # Blind test (Heilongjiang): the produce, 预约, 不去了, and whom it is done for.
        "苞米那个预约不去了 给俺取消",
        "苞米那个预约不去了，帮俺取消了吧",
        "土豆预约不去了 替我取消",
        # Bringing called off, nothing named (staff busy-day walk: 答不上来): for a farmer with
        # a booking only (handlers.bookings.cancelling).
        "不送了，取消吧",
        "我不去了",
        "not coming, cancel it",
    ],
)
def test_a_cancel_of_a_booking(text: str) -> None:
    assert says_cancel(text)


@pytest.mark.parametrize(
    "text",
    [
        "取消",  # the step's own ✖️, or "nothing to cancel"
        "不约了",
        "取消吧",
        "取消大蒜提醒",  # an alert, not a booking
        "白菜怎么取消",  # a question
        "我不想种白菜了",
        "白菜不卖了",  # a listing withdrawn (我的卖货登记)
        "取消玉米的卖货登记",
        "给俺取消",  # names no booking
        "不要了",  # any step's, no bringing called off
        "不来了吗",  # asked
        "不去赶集了",
        "苞米那个预约不去了 给俺的猪打针",  # something else said
    ],
)
def test_not_a_cancel_of_a_booking(text: str) -> None:
    assert not says_cancel(text)


def test_the_produce_named_picks_the_booking() -> None:
    assert cancelled_products("取消白菜的预约") == {"大白菜"}
    assert cancelled_products("取消预约") == set()


@pytest.mark.parametrize(
    "text",
    [
        "是",
        "是的",
        "确认",
        "对",
        "好的",
        "可以",
        "yes",
        "Yes, withdraw it",
        "是，取消吧",
        "确认预约",
        # Dialect assent, and a yes said twice.
        "要得不",
        "要得",
        "要得要得",
        "得行",
        "中",
        "中嘞",
        "行嘛",
        "好嘞",
        "可以噻",
        "没得问题",
        "嗯嗯",
        "对头",
        "yep",
        "ok",
        "sure",
        "alright",
    ],
)
def test_a_clear_yes(text: str) -> None:
    assert says_yes(text) and not says_no(text)


@pytest.mark.parametrize(
    "text",
    [
        *("不", "不用了", "算了", "No, keep it", "不取消", "不要了"),
        *("莫得", "不得行", "不中", "要不得", "莫要了", "nope", "nah"),
    ],
)
def test_a_clear_no(text: str) -> None:
    assert says_no(text) and not says_yes(text)


@pytest.mark.parametrize(
    "text",
    [
        *("是不是要带袋子", "可以送玉米吗", "好的白菜多少钱", "1", "对了问一下"),
        # Questions back, not answers: 行不, 中不中, 可以不; 中午 is no 中; 莫名其妙 no 莫.
        *("行不", "中不中", "可以不", "中午来", "莫名其妙"),
    ],
)
def test_no_clear_answer(text: str) -> None:
    assert not says_yes(text) and not says_no(text)


@pytest.mark.parametrize("text", ["包谷莫送了", "玉米别送了", "白菜莫拉了"])
def test_dont_in_dialect_calls_a_booking_off(text: str) -> None:
    # Blind walk: 莫 is "don't" in south-western speech; 包谷莫送了 was 答不上来.
    from knowledge.text.intent import classify

    assert says_cancel(classify(text).text)


def test_莫_in_a_name_is_no_dont() -> None:
    from knowledge.text.intent import classify

    assert classify("莫言的书").text == "莫言的书"
