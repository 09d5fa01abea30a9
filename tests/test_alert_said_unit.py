"""An alert speaks in the unit the farmer said (blind walk, 施甸): 咖啡跌到三十块一公斤告诉我
was confirmed as 跌到 15.00 元/斤 and fired as "跌到了您设的 15.00 元/斤 • 甸阳：14.00 元/斤"
while the market quotes per 公斤. The threshold stays in 元/斤 (what alerts compare); the
unit said is kept and every text says 30.00 元/公斤, in Chinese and in English."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.alerts import firing, parsing
from bot.alerts import service as alerts
from bot.alerts import text as alert_text
from bot.alerts.model import AlertSpec, AlertView, Hit
from bot.core.db import session_scope
from bot.models.alerts import AlertKind, AlertStatus
from handlers.render import alerts as view
from tests.test_alerts import farmers, market_data, observe, queued

__all__ = ["market_data"]

SEVEN = time(7, 0)
DAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("text", "threshold", "unit"),
    [
        ("咖啡跌到三十块一公斤告诉我", 15.0, "公斤"),
        ("西红柿一公斤超过五块告诉我", 2.5, "公斤"),
        ("西红柿涨到三块一斤提醒我", 3.0, "斤"),
        ("西红柿涨到三块提醒我", 3.0, None),
        ("alert me when tomatoes are over 5 yuan per kg", 2.5, "公斤"),
    ],
)
def test_the_request_keeps_the_unit_said(text: str, threshold: float, unit: str | None) -> None:
    request = parsing.read_request(text, SEVEN)
    assert (request.threshold, request.unit) == (threshold, unit)


def _view(unit: str) -> AlertView:
    return AlertView(
        1,
        10001,
        "西红柿",
        AlertKind.below,
        15.0,
        None,
        "新发地",
        None,
        AlertStatus.active,
        unit=unit,
    )


def test_the_rule_and_the_push_say_the_unit_said() -> None:
    assert alert_text.rule("zh", _view("公斤")) == "跌到 30.00 元/公斤 以下时提醒"
    assert alert_text.rule("en", _view("公斤")) == "alert when it falls to 30.00 yuan/kg or less"
    assert alert_text.rule("zh", _view("斤")) == "跌到 15.00 元/斤 以下时提醒"
    hits = [Hit("甸阳", DAY, 14.0)]
    zh = alert_text.alert("zh", "西红柿", AlertKind.below, 15.0, hits, "公斤")
    assert zh.startswith("🔔 价格提醒：西红柿跌到了您设的 30.00 元/公斤\n• 甸阳：28.00 元/公斤")
    en = alert_text.alert("en", "西红柿", AlertKind.below, 15.0, hits, "公斤")
    assert en.startswith("🔔 Price alert: tomato fell to your 30.00 yuan/kg\n• 甸阳: 28.00 yuan/kg")
    assert "14.00 元/斤" in alert_text.alert("zh", "西红柿", AlertKind.below, 15.0, hits)


def test_a_change_keeps_the_alerts_unit_unless_another_is_said() -> None:
    # The alert says 元/公斤: 改成25 is 25 元/公斤 (12.5 元/斤); 两块一斤 is per 斤.
    assert parsing.read_value(AlertKind.below, "25", unit="公斤") == (12.5, None)
    assert parsing.read_value(AlertKind.below, "25块", unit="公斤") == (12.5, None)
    assert parsing.read_value(AlertKind.below, "两块一斤", unit="公斤") == (2.0, None)
    assert parsing.read_value(AlertKind.below, "25") == (25.0, None)
    assert parsing.value_unit("25", "公斤") == "公斤"
    assert parsing.value_unit("两块一斤", "公斤") == "斤"
    assert parsing.value_unit("三十块一公斤") == "公斤"
    # The button's code carries it: b12.5k is 12.5 元/斤 said per 公斤.
    code = view.value_code(AlertKind.below, 12.5, None, "公斤")
    assert code == "b12.5k"
    assert view.read_code(code) == (AlertKind.below, 12.5, None)
    assert view.code_unit(code) == "公斤"
    assert view.code_unit(view.value_code(AlertKind.below, 12.5, None)) is None
    assert view.value_code(AlertKind.move, 10.0, None, "公斤") == "m10"


async def test_the_unit_is_stored_and_the_fired_alert_speaks_in_it(market_data: date) -> None:
    today = market_data
    await farmers(10001)
    async with session_scope() as session:
        made, state = await alerts.subscribe(
            session, 10001, AlertSpec("西红柿", AlertKind.below, 1.5, place="新发地", unit="公斤")
        )
        assert (state, made.threshold, made.unit) == ("added", 1.5, "公斤")
        # The same line said per 斤 is a change of words: it says 元/斤 from now on.
        again, state = await alerts.subscribe(
            session, 10001, AlertSpec("西红柿", AlertKind.below, 1.5, place="新发地")
        )
        assert (state, again.unit) == ("updated", "斤")
        await alerts.subscribe(
            session, 10001, AlertSpec("西红柿", AlertKind.below, 1.5, place="新发地", unit="公斤")
        )
    async with session_scope() as session:
        news = await observe(session, "西红柿", "新发地", today, 1.4)
        assert await firing.on_new_prices(session, news, today) == 1
    (push,) = await queued()
    assert "西红柿跌到了您设的 3.00 元/公斤" in push.text
    assert "新发地：2.80 元/公斤" in push.text
    async with session_scope() as session:
        changed = await alerts.change_value(session, 10001, made.id, "改成2块5")
        assert changed is not None and (changed.threshold, changed.unit) == (1.25, "公斤")
        changed = await alerts.change_value(session, 10001, made.id, "一块一斤")
        assert changed is not None and (changed.threshold, changed.unit) == (1.0, "斤")
