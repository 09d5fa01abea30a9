"""Prices asked for a past day, and charts asked in words, as the farmer sees them (sandbox walk).

昨天寿光黄瓜啥价, 12月1号土豆多少钱: that day's stored prices, or plainly none and the
latest with their days; 上周 and 上礼拜 are never a place. 辣椒走势, 看看土豆走势图:
the 30-day chart the 📈 button draws, not a knowledge answer. The markets
(tests/markets_util.py) have 40 days of prices up to today, Wednesday 10 June 2026:
西红柿 at 新发地 rises 0.05 a day to 2.70, 土豆 there is 1.20 every day.
"""

from __future__ import annotations

import pytest

from bot.sandbox.harness import Harness
from bot.sandbox.state import Message
from tests.e2e.test_price_history_e2e import market

pytestmark = pytest.mark.e2e

__all__ = ["market"]


def png(harness: Harness, photo: Message) -> bytes:
    """The picture a photo message carries, as the server stored it."""
    file_id = photo.media["photo"][-1]["file_id"]
    return harness.server.api.files.get(file_id).content


async def test_a_past_day_is_answered_from_its_stored_prices(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    yesterday = await farmer.send("昨天新发地西红柿啥价")
    assert yesterday.texts == ["📅 西红柿 6月9日的批发价（元/斤）\n📍 新发地\n   均价 2.65"]
    day = await farmer.send("5月20号土豆多少钱")
    assert day.texts == ["📅 土豆 5月20日的批发价（元/斤）\n📍 新发地\n   均价 1.20"]
    wednesday = (await farmer.send("上周三西红柿啥价")).last.text
    assert wednesday.startswith("📅 西红柿 6月3日的批发价（元/斤）\n📍 新发地\n   均价 2.35")
    before = (await farmer.send("前天西红柿多少钱")).last.text
    assert before.startswith("📅 西红柿 6月8日的批发价")


async def test_a_day_without_prices_says_so_then_the_latest_with_its_day(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    [answer] = list(await farmer.send("3月1号土豆多少钱"))
    lines = answer.text.splitlines()
    assert lines[:4] == [
        "没有3月1日土豆的价格记录，查不到那天的行情。",
        "下面是现在知道的最新价格，每个市场都写了是哪天的：",
        "",
        "💰 土豆 批发价（元/斤）",
    ]
    assert "6月10日" in answer.text and "均价 1.20" in answer.text
    assert answer.buttons == ["📈 看走势图", "🔔 订阅价格"]


@pytest.mark.parametrize(
    "question", ["上周西红柿多少钱", "上礼拜西红柿啥价", "上个礼拜新发地土豆啥价"]
)
async def test_last_week_is_no_place(market: Harness, question: str) -> None:
    farmer = market.user(10001, "张大爷")
    text = (await farmer.send(question)).texts[0]
    assert text.startswith("📅 ") and "上周的批发价" in text
    assert "没找到" not in text and "地方" not in text


async def test_a_past_day_in_english(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    await farmer.send("/language")
    await farmer.press("English")
    yesterday = await farmer.send("how much were tomatoes at Xinfadi yesterday")
    assert yesterday.texts == [
        "📅 tomato wholesale price on Jun 9 (yuan/jin)\n📍 新发地 (Xinfadi)\n   average 2.65"
    ]
    [none] = list(await farmer.send("potato price on March 1"))
    assert none.text.splitlines()[:2] == [
        "There is no stored price for potato on Mar 1, so I can't say what it cost that day.",
        "Here are the latest prices known, each with its day:",
    ]
    assert "Jun 10" in none.text


@pytest.mark.parametrize(
    "asked", ["西红柿走势", "看看西红柿走势图", "西红柿价格走势", "西红柿行情图"]
)
async def test_a_chart_asked_in_words_is_the_buttons_chart(market: Harness, asked: str) -> None:
    farmer = market.user(10001, "张大爷")
    await farmer.send("西红柿多少钱")
    pressed = (await farmer.press("📈 看走势图", within=30)).last
    typed = await farmer.send(asked, within=30)
    assert [m.kind for m in typed] == ["photo"]  # the chart alone: no knowledge answer
    assert typed.last.caption == pressed.caption == "📈 西红柿 近30天批发价（元/斤）"
    assert png(market, typed.last) == png(market, pressed)


async def test_a_chart_of_a_product_without_prices_and_in_english(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    empty = await farmer.send("辣椒走势")
    assert empty.texts == ["最近30天没有辣椒的价格，画不出走势图。"]
    await farmer.send("/language")
    await farmer.press("English")
    chart = await farmer.send("potato price chart", within=30)
    assert chart.last.kind == "photo"
    assert chart.last.caption == "📈 potato, last 30 days (yuan/jin)"


async def test_the_week_before_last_and_a_weekday_alone(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    # 上上周 was read as last week (6月1日–6月7日).
    before_last = (await farmer.send("上上周新发地西红柿啥价")).texts[0]
    assert before_last.startswith("📅 西红柿 上上周的批发价（元/斤，5月25日–5月31日）")
    wednesday = (await farmer.send("上上周三西红柿啥价")).last.text
    assert wednesday.startswith("📅 西红柿 5月27日的批发价（元/斤）\n📍 新发地\n   均价 2.00")
    # 周一 alone, asked on Wednesday 10 June: Monday 8 June, not today's latest price.
    monday = await farmer.send("周一新发地西红柿啥价")
    assert monday.texts == ["📅 西红柿 6月8日的批发价（元/斤）\n📍 新发地\n   均价 2.60"]


async def test_the_week_before_last_a_weekday_and_chili_in_english(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    await farmer.send("/language")
    await farmer.press("English")
    week = (await farmer.send("tomato price at Xinfadi the week before last")).texts[0]
    assert week.startswith(
        "📅 tomato wholesale price the week before last (yuan/jin, May 25–May 31)"
    )
    monday = await farmer.send("tomato price at Xinfadi on Monday")
    assert monday.texts == [
        "📅 tomato wholesale price on Jun 8 (yuan/jin)\n📍 新发地 (Xinfadi)\n   average 2.60"
    ]
    # "chili" alone is 辣椒 (there are no prices for it here): not an unknown product.
    chili = (await farmer.send("chili price")).last.text
    assert "chili pepper" in chili and "I don't know prices for" not in chili
