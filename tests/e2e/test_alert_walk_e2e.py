"""A blind tester's walk through alerts, through the local Bot API server: ✏️ then 3块5 (the
prompt's own example), English "goes below 2.5", 涨过3块5, a change that would fire at once,
大蒜跌的那个提醒."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from bot.core.db import session_scope
from bot.core.i18n import day_label, t
from bot.markets.prices import local_today
from bot.models.users import Role
from bot.sandbox.harness import Harness
from handlers.alert_jobs import digest_job
from tests.e2e.test_alert_manage_e2e import FARMER, statuses
from tests.e2e.test_alert_places_e2e import county
from tests.e2e.test_english_e2e import english
from tests.stations_util import make_user

pytestmark = pytest.mark.e2e

__all__ = ["county", "english"]
ADMIN = 30001


@pytest.mark.parametrize("typed", ["3块5", "2块5"])
async def test_the_change_prompts_own_example_is_a_price(county: Harness, typed: str) -> None:
    farmer = county.user(FARMER, "张大爷")
    await farmer.send("西红柿跌到2块提醒我")
    listing = (await farmer.send("/alerts")).last
    prompt = await farmer.press(listing.callback_data[1], message=listing)  # ✏️
    assert (prompt.last.text or "").endswith(t("zh", "alerts.change_price"))
    said = (await farmer.send(typed)).last
    if typed == "3块5":
        # Tomatoes are 2.70 today: 跌到 3.50 以下 would alert at once, so it is asked first.
        assert (said.text or "").startswith("⚠️ 西红柿现在已经是 2.70 元/斤，比 3.50 元/斤 还低")
        said = (await farmer.press(said.buttons[0], message=said)).last
    done = said.text or ""
    assert done.startswith("✅")
    assert f"跌到 {typed.replace('块', '.')}0 元/斤 以下时提醒" in done
    assert await statuses() == [(float(typed.replace("块", ".")), "active")]


async def test_the_change_prompts_example_in_english(english: Harness) -> None:
    farmer = english.user(FARMER, "张大爷")
    await farmer.send("alert me when tomatoes fall below 2 yuan")
    listing = (await farmer.send("/alerts")).last
    prompt = await farmer.press(listing.callback_data[1], message=listing)  # ✏️
    assert (prompt.last.text or "").endswith(t("en", "alerts.change_price"))
    said = (await farmer.send("3块5")).last  # read as a price: above today's 2.70
    assert (said.text or "").startswith("⚠️ tomato is already 2.70 yuan/jin, below 3.50")
    done = (await farmer.press(said.buttons[0], message=said)).last.text or ""
    assert done.startswith("✅")
    assert await statuses() == [(3.5, "active")]


@pytest.mark.parametrize(
    "said",
    [
        "tell me when tomatoes go below 2.5",
        "alert me when tomatoes drop below 2.5",
        "alert me when tomatoes drop to 2.5",
    ],
)
async def test_an_english_line_without_yuan(english: Harness, said: str) -> None:
    farmer = english.user(FARMER, "张大爷")
    done = (await farmer.send(said)).last.text or ""
    assert done.startswith("✅")
    assert "falls to 2.50 yuan/jin or less" in done
    assert await statuses() == [(2.5, "active")]


@pytest.mark.parametrize(
    ("said", "line"),
    [
        ("西红柿涨过3块5告诉我", "涨到 3.50 元/斤 以上时提醒"),
        ("潍坊西红柿涨过3块5告诉我", "涨到 3.50 元/斤 以上时提醒"),
        ("西红柿高过3块5告诉我", "涨到 3.50 元/斤 以上时提醒"),
        ("西红柿跌破2块告诉我", "跌到 2.00 元/斤 以下时提醒"),
        ("西红柿低过2块告诉我", "跌到 2.00 元/斤 以下时提醒"),
        ("西红柿跌到2.5提醒我", "跌到 2.50 元/斤 以下时提醒"),
    ],
)
async def test_risen_past_or_fallen_through_a_price(county: Harness, said: str, line: str) -> None:
    farmer = county.user(FARMER, "张大爷")
    done = (await farmer.send(said)).last.text or ""
    assert done.startswith("✅ 订好了！西红柿")
    assert line in done.splitlines()[0]


async def test_a_change_that_would_alert_at_once_is_asked_first(county: Harness) -> None:
    farmer = county.user(FARMER, "张大爷")
    await farmer.send("潍坊西红柿涨到3块5提醒我")  # tomatoes are 2.70 today
    asked = (await farmer.send("潍坊西红柿的提醒改成2块5")).last
    assert (asked.text or "").startswith(
        "⚠️ 西红柿现在已经是 2.70 元/斤，比 2.50 元/斤 还高：改成涨到 2.50 元/斤 以上，"
        "一有新价格就会马上提醒您。"
    )
    assert asked.buttons == [t("zh", "alerts.words.change_anyway")]
    assert await statuses() == [(3.5, "active")]
    done = (await farmer.press(asked.buttons[0], message=asked)).last.text or ""
    assert done == "✅ 改好了！西红柿（潍坊附近的市场）：涨到 2.50 元/斤 以上时提醒"
    assert await statuses() == [(2.5, "active")]
    # A line still ahead of the price: changed at once.
    done = (await farmer.send("潍坊西红柿的提醒改成3块")).last.text or ""
    assert done == "✅ 改好了！西红柿（潍坊附近的市场）：涨到 3.00 元/斤 以上时提醒"


async def test_a_change_that_would_alert_at_once_in_english(english: Harness) -> None:
    farmer = english.user(FARMER, "张大爷")
    await farmer.send("alert me when tomatoes fall below 2 yuan")
    asked = (await farmer.send("change my tomato alert to 3")).last
    assert (asked.text or "").startswith("⚠️ tomato is already 2.70 yuan/jin, below 3.00")
    assert asked.buttons == [t("en", "alerts.words.change_anyway")]
    assert await statuses() == [(2.0, "active")]


async def test_the_falling_one_named_by_its_direction(county: Harness) -> None:
    farmer = county.user(FARMER, "张大爷")
    await farmer.send("西红柿跌到2块提醒我")
    await farmer.send("西红柿涨到3块5提醒我")
    done = (await farmer.send("西红柿跌的那个提醒改成1块5")).last.text or ""
    assert done == "✅ 改好了！西红柿（全国各地市场）：跌到 1.50 元/斤 以下时提醒"
    done = (await farmer.send("西红柿涨的那个提醒改成4块")).last.text or ""
    assert done == "✅ 改好了！西红柿（全国各地市场）：涨到 4.00 元/斤 以上时提醒"
    assert await statuses() == [(1.5, "active"), (4.0, "active")]


@pytest.mark.parametrize(
    ("said", "days"),
    [("to sell next week", None), ("to sell tomorrow", 1), ("to sell in 3 days", 3)],
)
async def test_an_english_offer_says_when_it_is_ready(
    english: Harness, said: str, days: int | None
) -> None:
    today = local_today(english.app.bot_data["settings"].tz)
    if days is None:  # next week: its Monday, as 下周
        days = 7 - today.weekday()
    farmer = english.user(FARMER, "张大爷")
    draft = (await farmer.send(f"I have 3000 jin of scallions {said}")).last.text or ""
    assert f"📅 Ready: {day_label('en', today + timedelta(days=days))}" in draft


async def test_a_digest_caught_up_at_each_start_is_one_run_that_finishes(county: Harness) -> None:
    async with session_scope() as session:
        await make_user(session, ADMIN, "王管理员", role=Role.admin)
    farmer, admin = county.user(FARMER, "张大爷"), county.user(ADMIN, "王管理员")
    await farmer.send("每天早上7点告诉我新发地西红柿价格")
    # The 07:00 job, then two restarts' catch-up of the same slot (as handlers/jobs.py runs it).
    assert county.app.job_queue is not None
    for _ in range(3):
        await county.app.job_queue.run_once(digest_job, 3600, data=time(7, 0)).run(county.app)
    await county.delivered()
    digests = [m for m in farmer.messages if (m.text or "").startswith("🌅 今日行情 · 西红柿")]
    assert len(digests) == 1  # sent once
    lines = (await admin.send("/deliveries")).last.text or ""
    assert lines.count("每日行情") == 1
    assert "共 1 条：已发 1，失败 0，屏蔽 0" in lines
    assert "正在发送" not in lines


async def test_a_value_typed_after_the_pencil_that_would_alert_at_once_is_asked_first(
    county: Harness,
) -> None:
    # Blind walk: the warning came for a change in words only, not for ✏️ then 2块5.
    farmer = county.user(FARMER, "张大爷")
    await farmer.send("潍坊西红柿涨到3块5提醒我")  # tomatoes are 2.70 today
    listing = (await farmer.send("/alerts")).last
    await farmer.press(listing.callback_data[1], message=listing)  # ✏️
    asked = (await farmer.send("2块5")).last
    assert (asked.text or "").startswith("⚠️ 西红柿现在已经是 2.70 元/斤，比 2.50 元/斤 还高")
    assert asked.buttons == [t("zh", "alerts.words.change_anyway")]
    assert await statuses() == [(3.5, "active")]
    done = (await farmer.press(asked.buttons[0], message=asked)).last.text or ""
    assert done == "✅ 改好了！西红柿（潍坊附近的市场）：涨到 2.50 元/斤 以上时提醒"
    assert await statuses() == [(2.5, "active")]
    # A line still ahead: changed at once, as before.
    listing = (await farmer.send("/alerts")).last
    await farmer.press(listing.callback_data[1], message=listing)
    assert ((await farmer.send("4块")).last.text or "").startswith("✅ 改好了！")


async def test_an_alert_chosen_among_several_that_would_alert_at_once_is_asked_first(
    english: Harness,
) -> None:
    farmer = english.user(FARMER, "张大爷")
    await farmer.send("alert me when tomatoes fall below 2 yuan")
    await farmer.send("alert me when tomatoes go above 4 yuan")
    which = (await farmer.send("change my tomato alert to 3")).last
    falling = next(b for b in which.buttons if "falls to" in b)
    asked = (await farmer.press(falling, message=which)).last
    assert (asked.text or "").startswith("⚠️ tomato is already 2.70 yuan/jin, below 3.00")
    assert asked.buttons == [t("en", "alerts.words.change_anyway")]
    assert sorted(await statuses()) == [(2.0, "active"), (4.0, "active")]
    done = (await farmer.press(asked.buttons[0], message=asked)).last.text or ""
    assert done.startswith("✅")
    assert sorted(await statuses()) == [(3.0, "active"), (4.0, "active")]
