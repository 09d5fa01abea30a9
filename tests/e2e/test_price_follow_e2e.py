"""A farmer goes on about the price just shown without naming the product again (sandbox walk:
跟上个礼拜比涨了没 got 「我还不知道「跟」的价格」, 那大葱呢 got 「答不上来」).

The markets (tests/markets_util.py) have 40 days of prices up to today, Wednesday 10 June
2026: 西红柿 at 新发地 rises 0.05 a day to 2.70, 土豆 there is 1.20 every day.
"""

from __future__ import annotations

import pytest

from bot.sandbox.harness import Harness
from tests.e2e.test_price_history_e2e import market

pytestmark = pytest.mark.e2e

__all__ = ["market"]


async def test_the_next_words_go_on_about_the_products_shown(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    first = (await farmer.send("西红柿今天啥价")).texts[0]
    assert first.startswith("💰 西红柿 批发价（元/斤）")
    week = (await farmer.send("跟上个礼拜比涨了没")).texts[0].split("\n")
    # Whether it rose, said first (云南 blind test), then last week's card.
    assert week[0].startswith("📈 西红柿比上周（6月1日–6月7日）涨了 0.30 元/斤")
    assert week[2] == "📅 西红柿 上周的批发价（元/斤，6月1日–6月7日）"
    per_kg = (await farmer.send("那公斤呢")).texts[0]
    assert per_kg.startswith("💰 西红柿 批发价（元/公斤）") and "5.40" in per_kg
    there = (await farmer.send("新发地呢")).texts[0]
    assert there.startswith("💰 西红柿 批发价（元/公斤）· 新发地")  # the unit asked stays
    potato = (await farmer.send("那土豆呢")).texts[0]
    assert potato.startswith("💰 土豆 批发价（元/公斤）")


async def test_a_button_between_keeps_them_a_question_forgets_them(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    await farmer.send("土豆多少钱")
    await farmer.press("📈 看走势图")
    after_chart = (await farmer.send("涨了没")).texts[0]
    assert after_chart.startswith("➖ 土豆比7天前（6月3日）没怎么变")
    assert "\n\n💰 土豆 批发价" in after_chart
    await farmer.send("你是谁")
    asked = (await farmer.send("涨了没")).texts[0]
    # Nothing shown just before: which product? (never 「没」 taken for one)
    assert "土豆 批发价" not in asked and "「没」" not in asked


async def test_another_product_or_a_reason_is_not_the_one_shown(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    await farmer.send("西红柿多少钱")
    other = (await farmer.send("蒜薹啥价")).texts[0]
    assert "西红柿 批发价" not in other and "蒜薹" in other
    await farmer.send("西红柿多少钱")
    why = await farmer.send("为啥跌了")
    assert not any(text.startswith("💰") for text in why.texts)
    await farmer.send("西红柿多少钱")
    nowhere = await farmer.send("你呢")
    assert not any(text.startswith("💰") for text in nowhere.texts)


async def test_in_english(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    await farmer.send("/language")
    await farmer.press("English")
    await farmer.send("tomato price")
    week = (await farmer.send("and last week?")).texts[0]
    assert week.startswith("📅 tomato wholesale price last week")
    kg = (await farmer.send("per kg?")).texts[0]
    assert kg.startswith("💰 tomato wholesale price (yuan/kg)")
    potato = (await farmer.send("what about potatoes")).texts[0]
    assert potato.startswith("💰 potato wholesale price (yuan/kg)")


async def test_who_buys_after_a_price_is_about_that_product(market: Harness) -> None:
    # Sandbox walk: 谁收 after a price got every buyer, none of them for the product.
    farmer = market.user(10001, "张大爷")
    await farmer.send("西红柿多少钱")
    buyers = " ".join((await farmer.send("谁收")).texts)
    assert "西红柿" in buyers and "涨得最多" not in buyers
    price = (await farmer.send("啥价")).texts[0]  # and back to its price
    assert price.startswith("💰 西红柿 批发价")


async def test_a_chart_asked_after_a_price_is_drawn(market: Harness) -> None:
    # Blind walk: 看走势图, 走势呢 and "chart please" after a price sent the price again.
    farmer = market.user(10001, "张大爷")
    await farmer.send("西红柿多少钱")
    chart = await farmer.send("看走势图", within=30)
    assert chart.last.kind == "photo"
    await farmer.send("西红柿多少钱")
    again = await farmer.send("走势呢", within=30)
    assert again.last.kind == "photo"


async def test_a_new_question_is_in_jin_again(market: Harness) -> None:
    # Blind walk: after 土豆多少钱一公斤, 西红柿多少钱 came back per 公斤.
    farmer = market.user(10001, "张大爷")
    await farmer.send("土豆多少钱一公斤")
    new = (await farmer.send("西红柿多少钱")).texts[0]
    assert new.startswith("💰 西红柿 批发价（元/斤）")
    await farmer.send("土豆多少钱一公斤")
    next_one = (await farmer.send("那西红柿呢")).texts[0]
    assert next_one.startswith("💰 西红柿 批发价（元/公斤）")
    per_kg = (await farmer.send("好多钱一公斤")).texts[0]
    assert per_kg.startswith("💰 西红柿 批发价（元/公斤）")


async def test_english_follow_ups(market: Harness) -> None:
    farmer = market.user(10001, "张大爷")
    await farmer.send("/language")
    await farmer.press("English")
    await farmer.send("tomato price")
    month = (await farmer.send("compared to last month?")).texts[0]
    assert month.startswith("📅 tomato wholesale price last month")
    await farmer.send("tomato price")
    there = (await farmer.send("Xinfadi?")).texts[0]
    assert there.startswith("💰 tomato wholesale price") and "Xinfadi" in there


async def test_a_market_in_pinyin_after_a_price(market: Harness) -> None:
    # A place follow-up is read as classified: xinfadi? is 新发地?.
    farmer = market.user(10001, "张大爷")
    await farmer.send("西红柿多少钱")
    there = (await farmer.send("xinfadi?")).texts[0]
    assert there.startswith("💰 西红柿 批发价（元/斤）· 新发地")
