"""Past days a price is asked for (昨天, 12月1号, 上周三, yesterday), never read as a place, and
charts asked in words (辣椒走势, potato price chart) (sandbox walk)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.markets.places import MarketInfo, find_place, may_name_a_village
from knowledge.text.intent import CHART, Kind, classify
from knowledge.text.periods import past_day, past_period, period_days, without_when

TODAY = date(2026, 12, 6)  # a Sunday
SHOUGUANG = MarketInfo(1, "山东寿光农产品物流园", "寿光", "山东", "潍坊", 36.86, 118.73)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("昨天寿光黄瓜啥价", date(2026, 12, 5)),
        ("昨儿个黄瓜多少钱", date(2026, 12, 5)),
        ("前天白菜价格", date(2026, 12, 4)),
        ("大前天白菜价格", date(2026, 12, 3)),
        ("三天前土豆多少钱", date(2026, 12, 3)),
        ("12月1号土豆多少钱", date(2026, 12, 1)),
        ("12月1日土豆多少钱", date(2026, 12, 1)),
        ("十一月二十号土豆多少钱", date(2026, 11, 20)),
        ("6月1号土豆多少钱", date(2026, 6, 1)),
        ("1号土豆多少钱", date(2026, 12, 1)),
        ("上周三黄瓜啥价", date(2026, 11, 25)),
        ("上礼拜天黄瓜啥价", date(2026, 11, 29)),
        ("how much were potatoes yesterday", date(2026, 12, 5)),
        ("potato price on Dec 1", date(2026, 12, 1)),
        ("potato price on 1st December", date(2026, 12, 1)),
        ("potato price 2 days ago", date(2026, 12, 4)),
    ],
)
def test_a_past_day(text: str, day: date) -> None:
    assert past_day(text, TODAY) == day


@pytest.mark.parametrize(
    "text",
    [
        "今天土豆多少钱",  # today: the latest prices
        "土豆多少钱",
        "12月8号土豆多少钱",  # still ahead this year; a year ago is too long ago
        "10号土豆多少钱",  # still ahead this month
        "2月30号土豆多少钱",
        "5号楼旁边的地种啥",
        "上周西红柿多少钱",  # a period, not a day
    ],
)
def test_no_past_day(text: str) -> None:
    assert past_day(text, TODAY) is None


def test_late_last_year_is_a_past_day_in_january() -> None:
    assert past_day("12月20号白菜多少钱", date(2027, 1, 5)) == date(2026, 12, 20)


@pytest.mark.parametrize(
    "text", ["上周西红柿多少钱", "上礼拜西红柿啥价", "上个礼拜西红柿啥价", "上个星期西红柿啥价"]
)
def test_last_week_is_a_period_and_no_place(text: str) -> None:
    assert past_period(text) == "last_week"
    place = find_place(text, [SHOUGUANG])
    assert (place.kind, place.missing) == ("national", "")
    assert not may_name_a_village(text)  # no gazetteer lookup for 上礼拜


@pytest.mark.parametrize(
    ("text", "kind", "label"),
    [
        ("昨天寿光黄瓜啥价", "market", "寿光"),
        ("12月1号土豆多少钱", "national", ""),
        ("上周三黄瓜啥价", "national", ""),
        ("how much were potatoes yesterday", "national", ""),
    ],
)
def test_a_day_is_never_a_place(text: str, kind: str, label: str) -> None:
    place = find_place(text, [SHOUGUANG])
    assert (place.kind, place.label, place.missing) == (kind, label, "")


def test_only_the_when_is_taken_out() -> None:
    assert without_when("上周三寿光黄瓜啥价").strip() == "寿光黄瓜啥价"
    assert without_when("三元朱村土豆价格") == "三元朱村土豆价格"


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("辣椒走势", "辣椒"),
        ("看看土豆走势图", "土豆"),
        ("辣椒价格走势", "辣椒"),
        ("土豆行情图", "土豆"),
        ("土豆价格趋势", "土豆"),
        ("potato price chart", "土豆"),
        ("show me the tomato price trend", "西红柿"),
    ],
)
def test_a_chart_asked_in_words(text: str, product: str) -> None:
    intent = classify(text)
    assert (intent.kind, intent.products, CHART in intent.extras) == (Kind.price, (product,), True)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("西红柿多少钱", Kind.price),  # the price, no chart
        ("辣椒病害的发展趋势", Kind.knowledge),  # a farming question
        ("走势图怎么看", Kind.knowledge),  # no product: how to read one
    ],
)
def test_what_is_no_chart(text: str, kind: Kind) -> None:
    intent = classify(text)
    assert intent.kind is kind and CHART not in intent.extras


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # 上上周三 is a week before 上周三 (it was read as last week's).
        ("上上周三黄瓜啥价", date(2026, 11, 18)),
        ("上上礼拜天黄瓜啥价", date(2026, 11, 22)),
        # A weekday alone in a price question: the latest such day.
        ("周一寿光黄瓜啥价", date(2026, 11, 30)),
        ("礼拜三黄瓜啥价", date(2026, 12, 2)),
        ("这周五黄瓜价格", date(2026, 12, 4)),
        ("cucumber price on Monday", date(2026, 11, 30)),
        ("cucumber price last Sunday", date(2026, 11, 29)),
    ],
)
def test_a_weekday_is_the_latest_such_day(text: str, day: date) -> None:
    assert past_day(text, TODAY) == day


@pytest.mark.parametrize(
    "text",
    [
        "星期天黄瓜价格",  # today, a Sunday: the latest prices
        "下周一黄瓜价格",  # ahead
        "每周一黄瓜价格",
        "两周一次黄瓜价格",
        "周一到周五黄瓜价格",  # a span, not one day
        "cucumber price next Monday",
    ],
)
def test_a_weekday_that_is_no_past_day(text: str) -> None:
    assert past_day(text, TODAY) is None


def test_a_weekday_this_week_still_ahead_is_no_past_day() -> None:
    assert past_day("这周五黄瓜价格", date(2026, 12, 2)) is None  # a Wednesday


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("上上周黄瓜啥价", "week_before_last", date(2026, 11, 16), date(2026, 11, 22)),
        ("上上个礼拜黄瓜啥价", "week_before_last", date(2026, 11, 16), date(2026, 11, 22)),
        ("cucumber price the week before last", "week_before_last", date(2026, 11, 16), None),
        ("上周黄瓜啥价", "last_week", date(2026, 11, 23), date(2026, 11, 29)),
        ("上上个月黄瓜啥价", "month_before_last", date(2026, 10, 1), date(2026, 10, 31)),
        ("上个月黄瓜啥价", "last_month", date(2026, 11, 1), date(2026, 11, 30)),
    ],
)
def test_the_week_and_month_before_last(
    text: str, kind: str, start: date, end: date | None
) -> None:
    assert past_period(text) == kind
    period = period_days(kind, TODAY)
    assert period.start == start and period.end == (end or period.end)
    assert without_when(text).strip() in ("黄瓜啥价", "cucumber price")


@pytest.mark.parametrize("text", ["chili", "chili price", "how much is chili", "chillies price"])
def test_chili_alone_is_the_product(text: str) -> None:
    intent = classify(text)
    assert (intent.kind, intent.products) == (Kind.price, ("辣椒",))
