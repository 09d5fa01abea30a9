"""Who buys a farmer's produce: the stations near them first, then far buyers (blind walk).

附近谁收土豆 and 山药蛋收不收 listed buyers in Beijing (389 km) and Wuhan, never the farmer's
own station that takes potatoes; 站里收不收红薯 啥价 said 收的 ✅ and left the price out;
俺家有五百斤地瓜 was 答不上来 though it offers produce for sale, as 我有两千斤玉米要卖 does.
"""

from __future__ import annotations

import pytest
from sqlalchemy import update

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.users import User
from bot.sandbox.harness import Harness
from knowledge.text.lexicon import product_label
from tests.e2e.county import farmer_of_sg01

pytestmark = pytest.mark.e2e

SHENGCHENG = "圣城街道邮政便民服务站"  # SG01: takes 土豆 and 红薯


@pytest.mark.parametrize(
    # The header names the word said beside the product (洋芋（土豆）), as price cards do.
    ("lang", "text", "said"),
    [
        ("zh", "附近谁收土豆", ""),
        ("zh", "山药蛋收不收", "山药蛋（土豆）"),
        ("zh", "哪里收洋芋", "洋芋（土豆）"),
        ("en", "who buys potatoes near me", ""),
    ],
)
async def test_stations_near_the_farmer_that_take_it_come_first(
    harness: Harness, lang: str, text: str, said: str
) -> None:
    await farmer_of_sg01(harness, lang)
    farmer = harness.user(10001, "张大爷")
    replies = await farmer.send(text)
    product = said or product_label(lang, "土豆")
    first = replies.texts[0].split("\n")
    assert first[0] == t(lang, "demand.takers_header", product=product)
    # The farmer's own station (⭐) first, then the others near by.
    own = SHENGCHENG if lang == "zh" else ""
    assert "⭐" in first[1] and own in first[1]
    assert first[-1] == t(lang, "demand.takers_book")
    # Buyers' listings (far away, none in this county) would follow: none is no answer.
    assert len(replies.texts) == 1


@pytest.mark.parametrize(
    # The price line names the word said beside the product (地瓜（红薯）), as price cards do.
    ("text", "said"),
    [("站里收不收红薯 啥价", "红薯"), ("你们收不收地瓜，啥价钱", "地瓜（红薯）")],
)
async def test_does_the_station_take_it_and_at_what_price(
    harness: Harness, text: str, said: str
) -> None:
    await farmer_of_sg01(harness)
    farmer = harness.user(10001, "张大爷")
    replies = await farmer.send(text)
    assert replies.texts[0] == t("zh", "demand.station_takes", station=SHENGCHENG, product="红薯")
    # And its price, as 红薯多少钱 answers it (this county's markets have none today).
    assert replies.texts[1:] == [t("zh", "prices.no_data", product=said)]


@pytest.mark.parametrize(
    ("lang", "stations"),
    [("zh", "收番茄（西红柿）的服务站"), ("en", "take tomato (番茄)")],
)
async def test_who_buys_names_the_product_as_said(
    harness: Harness, lang: str, stations: str
) -> None:
    # 边度收番茄 (Cantonese) was headed 收西红柿的服务站: the word said was gone (the
    # buyers' header, tests/test_price_render.py).
    await farmer_of_sg01(harness, lang)
    async with session_scope() as session:
        # English chosen: a Chinese word typed keeps the replies English.
        await session.execute(
            update(User).where(User.telegram_id == 10001).values(language_chosen=True)
        )
    replies = await harness.user(10001, "张大爷").send("边度收番茄")
    assert stations in replies.texts[0].split("\n")[0], replies.texts


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("俺家有五百斤地瓜", "地瓜（红薯）"),  # the word said, then the product (said-word)
        ("家里有两千斤苞谷", "苞谷（玉米）"),
        ("我这有800斤洋芋", "洋芋（土豆）"),
    ],
)
async def test_an_amount_of_ones_produce_is_an_offer_to_sell(
    harness: Harness, text: str, product: str
) -> None:
    await farmer_of_sg01(harness)
    farmer = harness.user(10001, "张大爷")
    replies = await farmer.send(text)
    assert t("zh", "supply.confirm_button") in replies.last.buttons
    assert f"品种：{product}" in replies.last.text
