"""A county's everyday words (blind tester, 田阳): 收购站 is a station, 每日推送 an alert, and a
booking's product buttons are the county's, a draft listing no 登记."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.bookings.products import (
    farmers_products,
    last_listing,
    product_choices,
    stations_products,
)
from bot.core.db import session_scope
from bot.markets.places import find_place
from bot.markets.prices import product_named, sync_products
from bot.models.markets import OfferStatus, SupplyOffer
from knowledge.text.intent import Kind, classify
from knowledge.text.places import unknown_place_word
from tests.stations_util import MORNING, make_station, make_user


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # 收购站/收购点/收购部 is a place: its hours, phone, where it is.
        ("收购站几点开门", Kind.station),
        ("收购站电话几多", Kind.station),
        ("收购点在哪", Kind.station),
        ("收购部电话多少", Kind.station),
        ("附近有收购站吗", Kind.station),
        ("哪里有收购点", Kind.station),
        # ... and what it takes is its list.
        ("收购站收芒果吗", Kind.demand),
        ("收购点收什么", Kind.demand),
        # 收购 with no place after it still asks for buyers.
        ("谁在收购", Kind.demand),
        ("哪里收购芒果", Kind.demand),
        ("有人收购甘蔗吗", Kind.demand),
        ("收购", Kind.demand),
    ],
)
def test_a_buying_station_is_a_place_not_buying(text: str, kind: Kind) -> None:
    assert classify(text).kind is kind


@pytest.mark.parametrize(
    "text",
    [
        "每日推送甘蔗价格",
        "每日推送糖蔗价格俾我",
        "每天推送甘蔗价格给我",
        "天天推送芒果价格",
        "每早推送香蕉价格",
        "推送甘蔗价格给我",
        "甘蔗行情推送给我",
    ],
)
def test_a_price_pushed_daily_is_an_alert(text: str) -> None:
    assert classify(text).kind is Kind.subscribe


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("每日推送甘蔗价格", "每日推送 价格"),
        ("每天甘蔗价格", "每天 价格"),
        ("天天甘蔗价格", "天天 价格"),
        ("每早芒果行情", "每早 行情"),
    ],
)
def test_how_often_is_no_place(text: str, rest: str) -> None:
    assert unknown_place_word(text, rest) == ""
    assert find_place(text, []).missing == ""
    # A place nobody knows is still said.
    assert unknown_place_word("火星甘蔗价格", "火星 价格") == "火星"


async def test_the_booking_offers_the_countys_products(db: str) -> None:
    async with session_scope() as session:
        await sync_products(session)
        mango, _ = await make_station(session, products="芒果|香蕉|甘蔗")
        await make_station(session, external_id="T2", name="百育收购站", products="芒果|番茄")
        await make_user(session, 10001, "农户", station_id=mango)
        await make_user(session, 10002, "新农户")
        sugarcane = await product_named(session, "甘蔗")
        assert sugarcane is not None
        session.add(
            SupplyOffer(
                farmer_id=10001,
                product_id=sugarcane.id,
                status=OfferStatus.draft,
                created_at=MORNING,
                text="我想卖两车糖蔗",
            )
        )
        await session.flush()
        # A draft is the latest listing, but not a listed one.
        latest = await last_listing(session, 10001, MORNING + timedelta(hours=1))
        assert latest is not None and (latest.product, latest.listed) == ("甘蔗", False)
        assert await last_listing(session, 10001, MORNING + timedelta(days=2)) is None
        # A draft is nothing the farmer has listed.
        assert await farmers_products(session, 10001) == []
        own = await stations_products(session, mango)
        # The farmer's station's first (the lexicon's order), then the county's.
        assert own == ["香蕉", "芒果", "甘蔗", "西红柿"]
        county = await stations_products(session, None)
        assert county[0] == "芒果"  # two stations take it
        assert set(county) == {"芒果", "香蕉", "甘蔗", "西红柿"}
    assert product_choices("甘蔗", [], own, ["土豆"]) == ["甘蔗", "香蕉", "芒果", "西红柿"]
    assert product_choices(None, ["沙棘?", "大葱"], [], ["土豆"]) == ["大葱"]
    assert product_choices(None, [], [], ["土豆", "玉米"]) == ["土豆", "玉米"]
