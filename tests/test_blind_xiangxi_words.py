"""Words of a blind user test in a 湘西 county: each read as the farmer meant (unit)."""

from __future__ import annotations

import pytest

from bot.bookings.typed_code import read_farmer_code
from knowledge.text.cancelling import read_cancel
from knowledge.text.intent import MY_STATION, Kind, classify
from knowledge.text.moving import says_move
from knowledge.text.normalise import normalise
from knowledge.text.staff_words import OVERVIEW


@pytest.mark.parametrize(
    "typed",
    ["莫给我发价格了", "莫要给我发价格了", "别再给我发椪柑价格了", "不要推了", "莫推了",
     "stop sending me prices", "stop sending me the tomato prices"],
)  # fmt: skip
def test_stop_sending_is_unsubscribe(typed: str) -> None:
    assert classify(typed).kind is Kind.unsubscribe


@pytest.mark.parametrize(
    "typed", ["猕猴桃涨了喊我一声", "椪柑价钱有变化跟我说一声", "土豆掉价了告诉我", "土豆跌了叫我"]
)
def test_a_rise_then_call_me_is_an_alert(typed: str) -> None:
    intent = classify(typed)
    assert intent.kind is Kind.subscribe and intent.products


@pytest.mark.parametrize(
    # 涨没涨 (sandbox walk: 这个月猪肉涨没涨 was answered with how to read the price chart)
    "typed",
    ["土豆涨了吗", "土豆涨了多少", "这个月猪肉涨没涨", "蒜价跌没跌", "土豆是涨是跌"],
)
def test_asking_about_a_rise_stays_a_price(typed: str) -> None:
    assert classify(typed).kind is Kind.price


@pytest.mark.parametrize(
    "typed", ["后天送不成了", "后天去不成了", "明天送不了了", "我屋头的椪柑后天送不成了"]
)
def test_cannot_bring_is_a_cancel(typed: str) -> None:
    assert read_cancel(typed) is not None


@pytest.mark.parametrize("typed", ["后天送不成了吗", "明天去不成了 赶集"])
def test_cannot_bring_with_more_is_no_cancel(typed: str) -> None:
    assert read_cancel(typed) is None


@pytest.mark.parametrize(
    "typed", ["我屋头的椪柑后天送不成了，改到大后天", "后天去不成了，大后天吧"]
)
def test_cannot_then_another_day_is_a_move(typed: str) -> None:
    assert says_move(normalise(typed))


@pytest.mark.parametrize(
    "typed",
    ["今天有么子事", "今天有么事", "今天有甚事", "今天有哪样事", "今天有啥子事", "今天忙么子"],
)
def test_regional_what_reads_the_overview(typed: str) -> None:
    assert OVERVIEW.search(normalise(typed))


@pytest.mark.parametrize(
    "typed", ["你们好厉害哦", "太棒了", "农事通真好用", "you're great", "good bot"]
)
def test_praise_is_chatter(typed: str) -> None:
    intent = classify(typed)
    assert intent.kind is Kind.chatter and intent.extras["topic"] == "praise"


@pytest.mark.parametrize("typed", ["好用吗", "靠谱不", "这个虫好厉害"])
def test_praise_words_asked_are_not_praise(typed: str) -> None:
    assert classify(typed).extras.get("topic") != "praise"


@pytest.mark.parametrize(
    "typed",
    [
        "你们站几点开门",
        "站里几点关门",
        "你们几点开门",
        "站上电话多少",
        "what time does the station open",
    ],
)
def test_the_station_asked_is_ones_own(typed: str) -> None:
    intent = classify(typed)
    assert intent.kind is Kind.station and intent.extras.get("asks") == MY_STATION


def test_a_bare_service_station_stays_the_search() -> None:
    assert classify("服务站几点开门").extras.get("asks") != MY_STATION


@pytest.mark.parametrize(
    ("typed", "code"),
    [("GSS7G6", "GSS7G6"), ("gss7g6", "GSS7G6"), ("我的预约 GSS7G6", "GSS7G6"),
     ("my booking GSS7G6", "GSS7G6"), ("TOMATO", None), ("GSS7G6 改到后天", None)],
)  # fmt: skip
def test_a_farmers_code(typed: str, code: str | None) -> None:
    assert read_farmer_code(typed) == code
