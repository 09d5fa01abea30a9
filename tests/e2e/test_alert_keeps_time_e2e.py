"""A daily alert keeps its time when asked for again; ✏️ takes a part of the day (sandbox walk).

With 土豆 every day at 08:30, 🔔 订阅价格 under the 土豆 price (or 订阅土豆价格 again) set it
to 07:00 and said ✅ 改好了. Now it stays at 08:30 and the farmer is told they have it, at
what time and how to change it; only a time said (订阅土豆价格 晚上9点) changes it. ✏️ 修改
then 晚上 asked for "a time like 7点"; now it is 19:00, as in a subscription, and said so.
"""

from __future__ import annotations

from datetime import time

import pytest

from bot.alerts import parsing
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.prices import local_today
from bot.sandbox.harness import Harness
from bot.users import Visitor, touch
from tests.e2e.questions_util import speaks
from tests.e2e.test_just_subscribed_e2e import daily_times
from tests.markets_util import seed_markets

pytestmark = pytest.mark.e2e

FARMER = 10001
PRODUCT = {"zh": "土豆", "en": "potato"}
AT_830 = {"zh": "每天早上8点半告诉我土豆价格", "en": "send me potato prices every day at 8:30"}
PRICE = {"zh": "土豆多少钱", "en": "potato price"}
AGAIN = {"zh": "订阅土豆价格", "en": "subscribe to potato prices"}
AGAIN_AT_9PM = {"zh": "订阅土豆价格 晚上9点", "en": "subscribe to potato prices at 9 pm"}
# A time said right after "you already have it" (as its hint says): the alert's new time.
THEN_8PM = {"zh": "晚上8点", "en": "make it 8pm"}


@pytest.fixture
async def farm(harness: Harness) -> Harness:
    """Markets with 土豆 prices up to today, and the farmer 张大爷."""
    async with session_scope() as session:
        await seed_markets(session, local_today(harness.app.bot_data["settings"].tz))
        await touch(session, Visitor(FARMER, "张大爷"))
    return harness


def _line(lang: str, at: str, where: str | None = None) -> str:
    """The potato alert's line at `at`, as /alerts and the confirmations say it."""
    rule = t(lang, "alerts.kind.daily", time=at)
    place = where or t(lang, "alerts.where.national")
    return t(lang, "alerts.describe", product=PRODUCT[lang], where=place, rule=rule)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_asked_again_without_a_time_the_alert_keeps_its_own(farm: Harness, lang: str) -> None:
    await speaks(lang)
    farmer = farm.user(FARMER, "张大爷")
    await farmer.send(AT_830[lang])
    assert await daily_times() == {"土豆": time(8, 30)}
    # 🔔 under the price answer: kept, and said so with its time and how to change it.
    answer = (await farmer.send(PRICE[lang])).last
    pressed = await farmer.press(t(lang, "alerts.buttons.subscribe_price"), message=answer)
    kept = t(lang, "alerts.unchanged_daily", desc=_line(lang, "08:30"))
    assert (pressed.last.text or "").startswith(kept)
    assert await daily_times() == {"土豆": time(8, 30)}
    # The hint's way works: a time said next is the alert's.
    changed = (await farmer.send(THEN_8PM[lang])).last.text or ""
    assert changed.startswith(t(lang, "alerts.updated", desc=_line(lang, "20:00")))
    # In words, as before: kept.
    again = (await farmer.send(AGAIN[lang])).last.text or ""
    assert again.startswith(t(lang, "alerts.unchanged_daily", desc=_line(lang, "20:00")))
    assert await daily_times() == {"土豆": time(20, 0)}
    # A time said in the request changes it, and says so.
    moved = (await farmer.send(AGAIN_AT_9PM[lang])).last.text or ""
    assert moved.startswith(t(lang, "alerts.updated", desc=_line(lang, "21:00")))
    assert await daily_times() == {"土豆": time(21, 0)}
    listed = (await farmer.send("/alerts")).last.text or ""
    assert listed.splitlines()[1:] == [t(lang, "alerts.list_item", n=1, desc=_line(lang, "21:00"))]


async def test_the_menus_product_button_and_a_places_price_keep_it_too(farm: Harness) -> None:
    farmer = farm.user(FARMER, "张大爷")
    await farmer.send(AT_830["zh"])
    # 🔔 价格提醒, then the 土豆 button.
    await farmer.send("🔔 价格提醒")
    pressed = (await farmer.press("土豆")).last.text or ""
    assert pressed.startswith(t("zh", "alerts.unchanged_daily", desc=_line("zh", "08:30")))
    # A market's: 🔔 under 新发地's price keeps 新发地's alert at its time.
    await farmer.send("每天早上6点半告诉我新发地土豆价格")
    answer = (await farmer.send("新发地土豆多少钱")).last
    pressed = (await farmer.press("🔔 订阅价格", message=answer)).last.text or ""
    assert t("zh", "alerts.unchanged_daily", desc=_line("zh", "06:30", "新发地")) in pressed
    listed = (await farmer.send("/alerts")).last.text or ""
    assert listed.splitlines()[1:] == [
        t("zh", "alerts.list_item", n=1, desc=_line("zh", "08:30")),
        t("zh", "alerts.list_item", n=2, desc=_line("zh", "06:30", "新发地")),
    ]


@pytest.mark.parametrize(
    ("lang", "said", "at"),
    [
        ("zh", "晚上", parsing.EVENING_DIGEST),
        ("zh", "中午", parsing.NOON_DIGEST),
        ("zh", "下午", parsing.AFTERNOON_DIGEST),
        ("en", "evening", parsing.EVENING_DIGEST),
        ("en", "afternoon", parsing.AFTERNOON_DIGEST),
    ],
)
async def test_a_part_of_the_day_at_change_is_its_hour_and_said_so(
    farm: Harness, lang: str, said: str, at: time
) -> None:
    await speaks(lang)
    farmer = farm.user(FARMER, "张大爷")
    await farmer.send(AT_830[lang])
    listing = (await farmer.send("/alerts")).last
    asked = (await farmer.press(t(lang, "alerts.buttons.change"), message=listing)).last
    assert (asked.text or "").endswith(t(lang, "alerts.change_daily"))
    hour = f"{at:%H:%M}"
    done = (await farmer.send(said)).last
    assert done.text == "\n".join(
        [
            t(lang, "alerts.updated", desc=_line(lang, hour)),
            t(lang, "alerts.hour_chosen", said=said, time=hour),
        ]
    )
    assert await daily_times() == {"土豆": at}
    assert farm.app.job_queue.get_jobs_by_name(f"alert_digest {hour}")


@pytest.mark.parametrize(("lang", "said"), [("zh", "晚上8点"), ("en", "8pm")])
async def test_a_clock_at_change_needs_no_word_on_the_hour(
    farm: Harness, lang: str, said: str
) -> None:
    await speaks(lang)
    farmer = farm.user(FARMER, "张大爷")
    await farmer.send(AT_830[lang])
    listing = (await farmer.send("/alerts")).last
    await farmer.press(t(lang, "alerts.buttons.change"), message=listing)
    done = (await farmer.send(said)).last
    assert done.text == t(lang, "alerts.updated", desc=_line(lang, "20:00"))
    assert await daily_times() == {"土豆": time(20, 0)}
