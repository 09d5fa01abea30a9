"""Alerts stopped and listed in a farmer's own words (sandbox walk, issue 12's twelfth round)."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import func, select

from bot.alerts import digests, firing
from bot.alerts import service as alerts
from bot.alerts.model import AlertError, AlertSpec, AlertView
from bot.alerts.parsing import read_value
from bot.alerts.service import named
from bot.alerts.text import describe
from bot.core.db import session_scope
from bot.models.alerts import AlertKind, AlertStatus, DeliveryRun
from knowledge.text.alert_words import CHANGE, PAUSE, RESUME, new_value
from knowledge.text.intent import ALERT_LIST, Kind, classify
from tests.test_alerts import SEVEN, TZ, farmers, market_data, observe, queued

__all__ = ["market_data"]  # the fixture, used by name
ACTIVE = AlertStatus.active


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


# ------------------------------------------------- alerts changed, paused, resumed in words


@pytest.mark.parametrize(
    ("text", "action", "products", "value"),
    [
        ("洋芋的提醒改成一块八", CHANGE, ("土豆",), "一块八"),
        ("潍坊大蒜的提醒改成2块8", CHANGE, ("大蒜",), "2块8"),
        ("把土豆提醒改成每天早上6点", CHANGE, ("土豆",), "每天早上6点"),
        ("大蒜提醒改一下", CHANGE, ("大蒜",), ""),
        ("change my garlic alert to 2.8", CHANGE, ("大蒜",), "2.8"),
        ("暂停大蒜提醒", PAUSE, ("大蒜",), ""),
        ("大蒜提醒先别发了", PAUSE, ("大蒜",), ""),  # for now: paused, not deleted
        ("pause my garlic alert", PAUSE, ("大蒜",), ""),
        ("恢复大蒜提醒", RESUME, ("大蒜",), ""),
        ("resume my garlic alert", RESUME, ("大蒜",), ""),
        ("turn my garlic alert back on", RESUME, ("大蒜",), ""),
    ],
)
def test_an_alert_changed_paused_or_resumed_in_words(
    text: str, action: str, products: tuple[str, ...], value: str
) -> None:
    intent = classify(text)
    assert (intent.kind, intent.extras, intent.products) == (
        Kind.alert_edit,
        {"alert": action},
        products,
    )
    assert new_value(intent.text) == value


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("退订大蒜", Kind.unsubscribe),
        ("别发了", Kind.unsubscribe),  # not "for now": stopped
        ("大蒜涨到3块提醒我", Kind.subscribe),
        ("暂停施肥", Kind.knowledge),  # no alert named
        ("恢复长势怎么办", Kind.knowledge),
    ],
)
def test_what_is_no_change_of_an_alert(text: str, kind: Kind) -> None:
    assert classify(text).kind is kind


@pytest.mark.parametrize(
    ("kind", "said", "value"),
    [
        (AlertKind.below, "一块八", (1.8, None)),
        (AlertKind.below, "2块8", (2.8, None)),
        (AlertKind.above, "2.8", (2.8, None)),
        (AlertKind.above, "一公斤5块", (2.5, None)),  # the project's price words: 公斤 said
        (AlertKind.move, "10%", (10.0, None)),
        (AlertKind.move, "8", (8.0, None)),
        (AlertKind.daily, "早上6点半", (None, time(6, 30))),
    ],
)
def test_a_new_value_in_words(kind: AlertKind, said: str, value: tuple[object, object]) -> None:
    assert read_value(kind, said, strict=True) == value


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        (AlertKind.move, "2块8"),  # a price is no 2% move
        (AlertKind.below, "10%"),  # a percentage is no price
        (AlertKind.daily, "一块八"),
        (AlertKind.below, "负3块"),
    ],
)
def test_a_value_that_does_not_fit_the_alert(kind: AlertKind, said: str) -> None:
    with pytest.raises(AlertError):
        read_value(kind, said, strict=True)


def test_the_alerts_named_by_product_and_place() -> None:
    def alert(i: int, product: str, **where: str) -> AlertView:
        return AlertView(i, 1, product, AlertKind.below, 3.0, None, None, None, ACTIVE, **where)

    home, weifang = alert(1, "大蒜"), alert(2, "大蒜", near="潍坊")
    xinfadi = AlertView(3, 1, "大蒜", AlertKind.below, 3.0, None, "新发地", None, ACTIVE)
    potato = alert(4, "土豆")
    views = [home, weifang, xinfadi, potato]
    assert named(views, ["大蒜"]) == [home, weifang, xinfadi]
    assert named(views, ["大蒜"], "潍坊") == [weifang]
    assert named(views, ["大蒜"], "新发地") == [xinfadi]
    assert named(views, [], "潍坊") == [weifang]
    assert named(views, ["白菜"]) == []


async def test_a_paused_alert_sends_nothing_and_stays_paused(market_data: date) -> None:
    # Paused in words: what was queued for it goes, new prices and digests skip it, and
    # the jobs rebuilt from the tables at a restart (digest_times) leave it out; resumed,
    # it sends again.
    today = market_data
    await farmers(10001)
    async with session_scope() as session:
        above, _ = await alerts.subscribe(session, 10001, AlertSpec("西红柿", AlertKind.above, 3.0))
        daily, _ = await alerts.subscribe(
            session, 10001, AlertSpec("土豆", AlertKind.daily, at_time=SEVEN)
        )
        assert await firing.on_new_prices(
            session, await observe(session, "西红柿", "新发地", today, 3.1), today
        )
    assert [p.key.split(":")[:2] for p in await queued()] == [["alert", str(above.id)]]
    async with session_scope() as session:
        for alert in (above, daily):
            await alerts.set_paused(session, 10001, alert.id, True)
    assert await queued() == []  # the queued alert went with the pause
    async with session_scope() as session:
        assert await digests.digest_times(session) == []
        assert await digests.enqueue_digests(session, SEVEN, today, TZ) == 0
        news = await observe(session, "西红柿", "新发地", today, 3.2)
        assert await firing.on_new_prices(session, news, today) == 0
        listed = await alerts.list_alerts(session, 10001)
    assert all(v.status is AlertStatus.paused for v in listed)
    assert describe("zh", listed[0]).endswith("（已暂停）")
    async with session_scope() as session:
        for alert in (above, daily):
            await alerts.set_paused(session, 10001, alert.id, False)
    async with session_scope() as session:
        assert await digests.digest_times(session) == [SEVEN]
        assert await firing.on_new_prices(session, news, today) == 1
        assert await digests.enqueue_digests(session, SEVEN, today, TZ) == 1


async def test_a_deleted_alerts_queued_push_goes_with_it(market_data: date) -> None:
    today = market_data
    await farmers(10001)
    async with session_scope() as session:
        above, _ = await alerts.subscribe(session, 10001, AlertSpec("西红柿", AlertKind.above, 3.0))
        await firing.on_new_prices(
            session, await observe(session, "西红柿", "新发地", today, 3.1), today
        )
    async with session_scope() as session:
        await alerts.delete_alert(session, 10001, above.id)
        runs = await session.scalar(select(func.count()).select_from(DeliveryRun))
    assert await queued() == [] and runs == 0


async def test_set_value_checks_the_kind_and_the_owner(market_data: date) -> None:
    await farmers(10001, 10002)
    async with session_scope() as session:
        below, _ = await alerts.subscribe(session, 10001, AlertSpec("大蒜", AlertKind.below, 3.0))
        assert await alerts.set_value(session, 10002, below.id, 2.8, None) is None
        assert await alerts.set_value(session, 10001, below.id, 2.8, None, AlertKind.move) is None
        changed = await alerts.set_value(session, 10001, below.id, 2.8, None, AlertKind.below)
    assert changed is not None and changed.threshold == 2.8


def test_dont_in_dialect_pauses_an_alert() -> None:
    # Blind walk: 海椒的提醒先莫发了 got the general how-to-unsubscribe text.
    from knowledge.text.intent import Kind, classify

    assert classify("海椒的提醒先莫发了").kind is Kind.alert_edit
