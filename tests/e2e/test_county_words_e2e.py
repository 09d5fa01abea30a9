"""A county's everyday words, as its farmers type them (blind tester, 田阳: mango, sugarcane,
banana): 收购站几点开门 asks a station, 每日推送甘蔗价格 subscribes, and a booking after an
unfinished listing offers the county's products and calls the listing no 登记."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.prices import sync_products
from bot.models.alerts import AlertSubscription
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from tests.stations_util import make_station, make_user

pytestmark = pytest.mark.e2e

FARMER = 10001


@pytest.fixture
async def tianyang(harness: Harness) -> Harness:
    """Two stations that take the county's fruit and cane; the farmer uses the first."""
    async with session_scope() as session:
        await sync_products(session)
        station, _ = await make_station(
            session, name="百育收购站", lat=23.7, lon=106.9, products="芒果|香蕉|甘蔗"
        )
        await make_station(
            session,
            external_id="T2",
            name="那坡收购点",
            lat=23.75,
            lon=106.95,
            products="芒果|西红柿",
        )
        await make_user(session, FARMER, "黄大叔", station_id=station)
    return harness


async def _farmer(harness: Harness, lang: str) -> SandboxUser:
    farmer = harness.user(FARMER, "黄大叔")
    if lang == "en":
        await farmer.send("/language")
        await farmer.press("English")
    return farmer


@pytest.mark.parametrize("text", ["收购站几点开门", "收购站电话几多", "收购点在哪"])
async def test_a_buying_station_is_asked_as_a_station(tianyang: Harness, text: str) -> None:
    farmer = await _farmer(tianyang, "zh")
    said = await farmer.send(text)
    # Was 「暂时没有人在收「站几点开门」」 and the buyers' list.
    assert not any("暂时没有人在收" in x for x in said.texts), said.texts
    station = await farmer.send("服务站几点开门")
    assert said.last.text == station.last.text


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("zh", "每日推送甘蔗价格"),
        ("zh", "每日推送糖蔗价格俾我"),
        ("zh", "天天推送甘蔗价格"),
        ("en", "send me sugarcane prices every day"),
    ],
)
async def test_a_price_pushed_daily_subscribes(tianyang: Harness, lang: str, text: str) -> None:
    farmer = await _farmer(tianyang, lang)
    said = await farmer.send(text)
    # Was 「🤔 没找到「每日」这个地方」 and a price answer, no alert.
    assert not any("每日" in x or "没找到" in x for x in said.texts), said.texts
    async with session_scope() as session:
        alerts = await session.scalar(
            select(func.count())
            .select_from(AlertSubscription)
            .where(AlertSubscription.user_id == FARMER)
        )
    assert alerts == 1, said.texts


@pytest.mark.parametrize(
    ("lang", "listing", "booking", "product"),
    [
        ("zh", "我想卖两车糖蔗", "预约收货", "甘蔗"),
        ("en", "I have a truckload of sugarcane to sell", "book a pickup", "sugarcane"),
    ],
)
async def test_a_booking_after_an_unfinished_listing(
    tianyang: Harness, lang: str, listing: str, booking: str, product: str
) -> None:
    farmer = await _farmer(tianyang, lang)
    await farmer.send(listing)  # the weight is asked; the farmer does not answer
    asked = await farmer.send(booking)
    # Was 「要送刚登记卖的甘蔗吗？」: nothing was listed.
    assert asked.last.text == "\n".join(
        [t(lang, "bookings.said_first", product=product), t(lang, "bookings.ask_product")]
    )
    buttons = asked.last.buttons
    assert buttons[0] == product
    # The county's products (what its stations take), not a national list.
    names = ("香蕉", "芒果", "西红柿") if lang == "zh" else ("banana", "mango", "tomato")
    assert buttons[1:4] == list(names), buttons
    assert not {"土豆", "大白菜", "potato", "napa cabbage"} & set(buttons), buttons
