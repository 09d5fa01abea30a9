"""A time said right after subscribing is the new alert's time (sandbox walk).

订阅白菜价格 got ✅ 订好了！…每天 07:00…, then 每天早上8点 got "这个问题我暂时答不上来" (or, with a
forwarded question open, was joined to it as more of that question). Now the very next
message, if it says a time alone, sets the daily alert just made, as ✏️ 修改 would; anything
between (another question), a threshold alert or a while later: as before.
"""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from sqlalchemy import select

from bot.core.clock import PinnedClock
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.prices import local_today
from bot.models.alerts import AlertSubscription
from bot.models.markets import Product
from bot.sandbox.harness import Harness
from handlers import just_subscribed
from tests.e2e.questions_util import speaks, station_county, stored_questions
from tests.markets_util import seed_markets

pytestmark = pytest.mark.e2e

FARMER, STAFF = 10001, 20001
SUBSCRIBE = {"zh": "订阅土豆价格", "en": "subscribe to potato prices"}
PRODUCT = {"zh": "土豆", "en": "potato"}


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """Markets with 西红柿 and 土豆 prices; 张大爷 of station 1, which 李站长 staffs."""
    async with session_scope() as session:
        await seed_markets(session, local_today(harness.app.bot_data["settings"].tz))
    return await station_county(harness)


async def daily_times() -> dict[str, time | None]:
    """The farmer's alerts: product → its time (None: a threshold alert)."""
    async with session_scope() as session:
        rows = await session.execute(
            select(Product.name, AlertSubscription.at_time)
            .join(Product, Product.id == AlertSubscription.product_id)
            .where(AlertSubscription.user_id == FARMER)
        )
        return {name: at for name, at in rows}


def _line(lang: str, at: str) -> str:
    """The potato alert's line at `at`, as /alerts and the confirmations say it."""
    rule = t(lang, "alerts.kind.daily", time=at)
    return t(lang, "alerts.describe", product=PRODUCT[lang], where=t(lang, "alerts.where.national"),
             rule=rule)  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "said", "at"),
    [
        ("zh", "每天早上8点", "08:00"),
        ("zh", "改成晚上7点", "19:00"),
        ("zh", "早上八点推", "08:00"),
        ("zh", "中午12点吧", "12:00"),
        ("zh", "晚上发", "19:00"),
        ("en", "at 8 am", "08:00"),
        ("en", "make it 7pm", "19:00"),
    ],
)
async def test_a_time_right_after_subscribing_is_the_alerts_time(
    county: Harness, lang: str, said: str, at: str
) -> None:
    await speaks(lang)
    farmer = county.user(FARMER, "张大爷")
    made = (await farmer.send(SUBSCRIBE[lang])).texts[0]
    assert made.startswith(t(lang, "alerts.subscribed", desc=_line(lang, "07:00")))
    changed = (await farmer.send(said)).last
    assert changed.text == "\n".join(
        [t(lang, "alerts.updated", desc=_line(lang, at)), t(lang, "alerts.time_hint")]
    )
    assert changed.buttons == [t(lang, "alerts.buttons.manage")]
    listed = (await farmer.send("/alerts")).last.text or ""
    assert listed.splitlines()[1] == t(lang, "alerts.list_item", n=1, desc=_line(lang, at))
    assert await daily_times() == {"土豆": time.fromisoformat(at)}
    # Its digest job runs at the new time.
    assert county.app.job_queue.get_jobs_by_name(f"alert_digest {at}")


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_time_that_does_not_exist_is_said_so_and_the_next_may_fix_it(
    county: Harness, lang: str
) -> None:
    await speaks(lang)
    farmer = county.user(FARMER, "张大爷")
    await farmer.send(SUBSCRIBE[lang])
    refused = (await farmer.send("25点" if lang == "zh" else "at 25:00")).last.text or ""
    problem = t(lang, "alerts.error.time")
    assert refused == t(lang, "alerts.time_not_changed", problem=problem, desc=_line(lang, "07:00"))
    assert await daily_times() == {"土豆": time(7, 0)}
    fixed = (await farmer.send("8点" if lang == "zh" else "at 8 am")).last.text or ""
    assert fixed.startswith(t(lang, "alerts.updated", desc=_line(lang, "08:00")))


@pytest.mark.parametrize(
    ("lang", "between", "said"),
    [("zh", "西红柿多少钱", "每天早上8点"), ("en", "tomato price", "make it 8am")],
)
async def test_only_the_very_next_message(
    county: Harness, lang: str, between: str, said: str
) -> None:
    await speaks(lang)
    farmer = county.user(FARMER, "张大爷")
    before = (await farmer.send(said)).last.text  # what the time says with no alert just made
    await farmer.send(SUBSCRIBE[lang])
    await farmer.send(between)
    after = (await farmer.send(said)).last.text or ""
    assert after == before and not after.startswith(t(lang, "alerts.updated", desc=""))
    assert await daily_times() == {"土豆": time(7, 0)}


async def test_not_after_a_while(county: Harness, clock: PinnedClock) -> None:
    farmer = county.user(FARMER, "张大爷")
    await farmer.send(SUBSCRIBE["zh"])
    clock.advance(just_subscribed.WINDOW + timedelta(minutes=1))
    await farmer.send("每天早上8点")
    assert await daily_times() == {"土豆": time(7, 0)}


async def test_a_threshold_alert_has_no_time(county: Harness) -> None:
    farmer = county.user(FARMER, "张大爷")
    made = (await farmer.send("土豆跌到1块提醒我")).last.text or ""
    assert "跌到 1.00 元/斤 以下时提醒" in made
    replied = (await farmer.send("8点")).last.text or ""
    assert not replied.startswith(t("zh", "alerts.updated", desc=""))
    assert await daily_times() == {"土豆": None}


@pytest.mark.parametrize(
    ("lang", "asked", "said"),
    [
        ("zh", "大棚草莓叶子边缘焦枯是什么原因", "每天早上8点"),
        ("en", "my strawberry leaves have burnt edges, why?", "make it 7pm"),
    ],
)
async def test_with_a_forwarded_question_open_the_time_is_the_alerts(
    county: Harness, lang: str, asked: str, said: str
) -> None:
    await speaks(lang)
    farmer, staff = county.user(FARMER, "张大爷"), county.user(STAFF, "李站长")
    offer = (await farmer.send(asked)).last
    await farmer.press(t(lang, "kb.ask_station_button"), message=offer)
    [question] = await stored_questions()
    told = len(staff.messages)
    await farmer.send(SUBSCRIBE[lang])
    changed = (await farmer.send(said)).last.text or ""
    assert changed.startswith(t(lang, "alerts.updated", desc=""))
    assert (await daily_times())["土豆"] != time(7, 0)
    # Not joined to the question: its text is as asked, and staff heard nothing more.
    [same] = await stored_questions()
    assert same.id == question.id and same.text == question.text
    assert len(staff.messages) == told
