"""A daily alert asked for again without a time keeps its own; a part of the day at ✏️.

Sandbox walk: with 土豆 every day at 08:30, 🔔 订阅价格 under the 土豆 price (or 订阅土豆价格
again) set it to 07:00 and said 改好了; ✏️ 修改 then 晚上 asked for a time like 7点.
"""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.alerts import parsing
from bot.alerts import service as alerts
from bot.alerts.model import AlertError, AlertSpec, AlertView
from bot.alerts.parsing import Request
from bot.alerts.text import describe
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.prices import local_today
from bot.models.alerts import AlertKind, AlertStatus
from handlers.alert_subscribe import said_back
from handlers.render import alerts as alerts_view
from tests.markets_util import seed_markets
from tests.test_alerts import TZ, farmers

SEVEN, HALF_EIGHT = time(7, 0), time(8, 30)


# ---------------------------------------------------------------- a time said, or not


@pytest.mark.parametrize(
    ("text", "said", "at"),
    [
        ("订阅土豆价格", False, SEVEN),
        ("每天告诉我土豆价格", False, SEVEN),
        ("subscribe to potato prices", False, SEVEN),
        ("订阅土豆价格 晚上8点", True, time(20, 0)),
        ("每天晚上告诉我土豆价格", True, parsing.EVENING_DIGEST),
        ("subscribe to potato prices at 8 pm", True, time(20, 0)),
    ],
)
def test_a_request_says_whether_its_time_was_said(text: str, said: bool, at: time) -> None:
    request = parsing.read_request(text, SEVEN)
    assert (request.kind, request.time_said, request.at_time) == (AlertKind.daily, said, at)


def test_product_buttons_carry_a_time_only_when_one_was_said() -> None:
    default = Request(("土豆",), AlertKind.daily, at_time=SEVEN, time_said=False)
    assert alerts_view.request_code(default) == ""
    said = Request(("土豆",), AlertKind.daily, at_time=time(6, 30))
    assert alerts_view.request_code(said) == "d0630"


@pytest.fixture
async def market_data(db: str) -> date:
    today = local_today(TZ)
    async with session_scope() as session:
        await seed_markets(session, today)
    return today


async def test_no_time_said_keeps_the_alerts_own(market_data: date) -> None:
    await farmers(10001)
    async with session_scope() as session:
        made, state = await alerts.subscribe(
            session, 10001, AlertSpec("土豆", AlertKind.daily, at_time=HALF_EIGHT)
        )
        assert state == "added"
        # 🔔 under the price, 订阅土豆价格: the default hour, nobody's word.
        again = AlertSpec("土豆", AlertKind.daily, at_time=SEVEN, time_said=False)
        kept, state = await alerts.subscribe(session, 10001, again)
        assert (state, kept.id, kept.at_time) == ("unchanged", made.id, HALF_EIGHT)
        # 订阅土豆价格 晚上8点: a time said changes it.
        changed, state = await alerts.subscribe(
            session, 10001, AlertSpec("土豆", AlertKind.daily, at_time=time(20, 0))
        )
        assert (state, changed.at_time) == ("updated", time(20, 0))
        # Paused, then asked for again without a time: on again, at its own time.
        await alerts.set_paused(session, 10001, made.id, True)
        resumed, state = await alerts.subscribe(session, 10001, again)
        assert (state, resumed.at_time, resumed.status) == (
            "updated",
            time(20, 0),
            AlertStatus.active,
        )
        # A first alert without a time said comes at the default hour.
        new, state = await alerts.subscribe(
            session, 10001, AlertSpec("西红柿", AlertKind.daily, at_time=SEVEN, time_said=False)
        )
        assert (state, new.at_time) == ("added", SEVEN)


def _potato(kind: AlertKind, at: time | None, threshold: float | None = None) -> AlertView:
    return AlertView(1, 10001, "土豆", kind, threshold, at, None, None, AlertStatus.active)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_daily_alert_already_had_says_its_time_and_how_to_change_it(lang: str) -> None:
    daily = _potato(AlertKind.daily, HALF_EIGHT)
    said = said_back(lang, daily, "unchanged")
    assert said == t(lang, "alerts.unchanged_daily", desc=describe(lang, daily))
    assert "08:30" in said and "/alerts" in said
    below = _potato(AlertKind.below, None, 1.0)
    assert said_back(lang, below, "unchanged").startswith(
        t(lang, "alerts.unchanged", desc="").strip()
    )
    assert said_back(lang, daily, "updated").startswith(t(lang, "alerts.updated", desc=""))


# ---------------------------------------------------------------- ✏️: a part of the day


@pytest.mark.parametrize(
    ("said", "at"),
    [
        ("晚上", parsing.EVENING_DIGEST),
        ("中午", parsing.NOON_DIGEST),
        ("下午", parsing.AFTERNOON_DIGEST),
        ("早上", SEVEN),
        ("改成晚上吧", parsing.EVENING_DIGEST),
        ("evening", parsing.EVENING_DIGEST),
        ("in the evening", parsing.EVENING_DIGEST),
        ("noon", time(12, 0)),
        ("afternoon", parsing.AFTERNOON_DIGEST),
        ("晚上8点", time(20, 0)),
    ],
)
def test_the_change_step_reads_a_part_of_the_day_as_a_subscription_does(
    said: str, at: time
) -> None:
    assert parsing.read_value(AlertKind.daily, said, default_time=SEVEN) == (None, at)
    # The same hour as right after subscribing (one reading, time_alone).
    assert parsing.time_alone(said, SEVEN) == at
    assert parsing.is_value(said)


def test_the_morning_is_the_default_morning_digest_hour() -> None:
    six = time(6, 0)
    assert parsing.read_value(AlertKind.daily, "早上", default_time=six) == (None, six)
    assert parsing.read_value(AlertKind.daily, "早上", default_time=time(18, 0)) == (None, SEVEN)


@pytest.mark.parametrize("said", ["明天晚上再说", "随便", "晚点"])
def test_a_part_of_the_day_in_other_words_is_no_time(said: str) -> None:
    with pytest.raises(AlertError) as refused:
        parsing.read_value(AlertKind.daily, said, default_time=SEVEN)
    assert refused.value.code == "time"


@pytest.mark.parametrize(
    ("said", "chosen"),
    [("晚上", True), ("中午", True), ("evening", True), ("晚上8点", False), ("18:00", False),
     ("7点", False), ("25点", False)],
)  # fmt: skip
def test_an_hour_chosen_for_the_farmer_is_told(said: str, chosen: bool) -> None:
    assert parsing.hour_chosen(said) is chosen


async def test_a_change_to_a_part_of_the_day_is_stored(market_data: date) -> None:
    await farmers(10001)
    async with session_scope() as session:
        made, _ = await alerts.subscribe(
            session, 10001, AlertSpec("土豆", AlertKind.daily, at_time=HALF_EIGHT)
        )
        changed = await alerts.change_value(session, 10001, made.id, "晚上")
        assert changed is not None and changed.at_time == parsing.EVENING_DIGEST
