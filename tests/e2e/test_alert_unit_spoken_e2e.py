"""A farmer who speaks per 公斤 is answered per 公斤 after 跌了提醒我 (today's price, the prices
offered, a price typed) and in their morning digest, in Chinese and in English (before:
2.70 元/斤 and 跌到 2.60 元/斤 buttons after 西红柿多少钱一公斤)."""

from __future__ import annotations

import pytest

from bot.alerts import digests
from bot.core.config import Settings
from bot.core.db import session_scope
from bot.sandbox.harness import Harness
from tests.e2e.questions_util import speaks
from tests.e2e.test_alerts_e2e import market, today_of

pytestmark = pytest.mark.e2e

__all__ = ["market"]

SAID = {
    "zh": ("新发地西红柿多少钱一公斤", "新发地西红柿跌了提醒我", "订阅新发地西红柿价格"),
    "en": (
        "how much are tomatoes at 新发地 per kg",
        "alert me when tomatoes at 新发地 drop",
        "subscribe to tomato prices at 新发地",
    ),
}
ASKED = {
    "zh": "跌到多少提醒您？西红柿现在 5.40 元/公斤（新发地）",
    "en": "Alert you when tomato falls to what price? It is 5.40 yuan/kg now",
}
OFFERED = {
    "zh": ["跌到 5.20 元/公斤", "跌到 4.80 元/公斤", "跌到 4.40 元/公斤"],
    "en": ["below 5.20 yuan/kg", "below 4.80 yuan/kg", "below 4.40 yuan/kg"],
}
MADE = {
    "zh": ("跌到 5.20 元/公斤 以下时提醒", "跌到 5.00 元/公斤 以下时提醒"),
    "en": ("falls to 5.20 yuan/kg or less", "falls to 5.00 yuan/kg or less"),
}
DIGEST = {"zh": "新发地：5.40 元/公斤，比上周涨", "en": "新发地: 5.40 yuan/kg, up"}


async def _digest(harness: Harness) -> None:
    settings: Settings = harness.app.bot_data["settings"]
    async with session_scope() as session:
        await digests.enqueue_digests(
            session, settings.schedule.at("daily_digest"), today_of(harness), settings.tz
        )


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_per_kg_after_a_price_asked_per_kg(market: Harness, lang: str) -> None:
    await speaks(lang)
    farmer = market.user(10001, "张大爷")
    price, fall, daily = SAID[lang]
    await farmer.send(price)
    asked = (await farmer.send(fall)).last
    assert (asked.text or "").startswith(ASKED[lang]), asked.text
    assert asked.buttons[:3] == OFFERED[lang]
    made = await farmer.press(OFFERED[lang][0], message=asked)
    assert MADE[lang][0] in (made.last.text or "")
    # Asked again and answered by typing: 5 is per 公斤, as asked.
    asked = (await farmer.send(fall)).last
    assert (asked.text or "").startswith(ASKED[lang])
    assert MADE[lang][1] in ((await farmer.send("5")).last.text or "")
    # The morning digest of tomatoes speaks per 公斤 too.
    await farmer.send(daily)
    await _digest(market)
    push = await farmer.next_reply(within=5)
    assert DIGEST[lang] in (push.text or ""), push.text


async def test_per_jin_when_the_farmer_never_said_kg(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    asked = (await farmer.send("新发地西红柿跌了提醒我")).last
    assert (asked.text or "").startswith("跌到多少提醒您？西红柿现在 2.70 元/斤（新发地）")
    assert asked.buttons[:3] == ["跌到 2.60 元/斤", "跌到 2.40 元/斤", "跌到 2.20 元/斤"]
    await farmer.send("订阅新发地西红柿价格")
    await _digest(market)
    push = await farmer.next_reply(within=5)
    assert "新发地：2.70 元/斤，比上周涨" in (push.text or "")
