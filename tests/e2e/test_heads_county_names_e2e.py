"""Livestock by the head named as a 湘西 county names it (blind test): 黄牛, 土猪 counted with
Chinese numerals, the count said after the animal or alone at the amount step, a weight per
head multiplied (三头土猪，每头两百多斤: about 600斤, said so), a booking said with a herd, the
animal shown as said, and who takes a product listed even when no station is near."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.markets.prices import sync_products
from bot.models.users import User
from bot.sandbox.harness import Harness
from tests.e2e.county import load_county
from tests.e2e.test_listing_words_e2e import _farmer, county

pytestmark = pytest.mark.e2e

__all__ = ["county"]


async def test_three_pigs_at_two_hundred_odd_each_are_about_six_hundred(county: Harness) -> None:
    farmer = await _farmer(county, "zh")
    summary = (await farmer.send("屋里三头土猪要卖，每头两百多斤")).last.text or ""
    assert "土猪" in summary and "猪肉" not in summary.split("\n")[1]
    assert "3头 约600斤" in summary and "每头两百多斤" in summary


@pytest.mark.parametrize(
    ("lang", "listing", "asked", "weight", "shown"),
    [
        ("zh", "我有两头黄牛要卖", "2头黄牛大概一共多少斤", "每头800斤", "黄牛"),
        ("zh", "我要卖土猪，3头", "3头土猪大概一共多少斤", "一共600斤", "土猪"),
        ("en", "I have two cows to sell", "your 2 cows weigh", "800 jin each", "cows"),
    ],
)
async def test_a_herd_is_weighed_and_shown_as_said(
    county: Harness, lang: str, listing: str, asked: str, weight: str, shown: str
) -> None:
    farmer = await _farmer(county, lang)
    question = (await farmer.send(listing)).last.text or ""
    assert asked in question
    summary = (await farmer.send(weight)).last.text or ""
    product_line = summary.split("\n")[1]
    assert shown in product_line
    assert "牛肉" not in product_line and "beef" not in product_line


@pytest.mark.parametrize(
    ("lang", "listing", "heads", "asked"),
    [
        ("zh", "我要卖牛肉", "两头", "2头牛大概一共多少斤"),
        ("en", "I want to sell beef", "2 head", "2 cattle weigh"),
    ],
)
async def test_a_head_count_at_the_amount_asks_the_weight(
    county: Harness, lang: str, listing: str, heads: str, asked: str
) -> None:
    farmer = await _farmer(county, lang)
    await farmer.send(listing)
    reply = (await farmer.send(heads)).last.text or ""
    assert asked in reply


async def test_a_booking_said_with_a_herd_asks_its_weight(county: Harness) -> None:
    farmer = await _farmer(county, "zh")
    reply = await farmer.send("明天上午送两头黄牛到站里")
    assert any("2头黄牛大概一共多少斤" in text for text in reply.texts)
    # Asked once: not also the plain amount question about 牛肉 under it.
    assert not any("牛肉大概有多少" in text for text in reply.texts)


@pytest.fixture
async def nowhere(harness: Harness) -> Harness:
    """The sample county; 张大爷 has told no place and chosen no station."""
    await load_county(harness)
    async with session_scope() as session:
        await sync_products(session)
        farmer = await session.get(User, 10001)
        assert farmer is not None
        farmer.station_id, farmer.home_lat, farmer.home_lon = None, None, None
    return harness


@pytest.mark.parametrize(
    ("lang", "asked", "header"),
    [("zh", "哪里收黄牛", "收黄牛的服务站"), ("en", "who buys beef", "Service stations that take")],
)
async def test_who_takes_it_lists_the_stations(
    nowhere: Harness, lang: str, asked: str, header: str
) -> None:
    farmer = await _farmer(nowhere, lang)
    reply = await farmer.send(asked)
    text = "\n".join(reply.texts)
    assert header in text and "0536-5000113" in text
    assert "暂时没有人在收" not in text and "Nobody" not in text


async def test_a_booked_herd_is_confirmed_as_said(harness: Harness) -> None:
    await load_county(harness)
    async with session_scope() as session:
        await sync_products(session)
        farmer_row = await session.get(User, 10001)
        assert farmer_row is not None
        farmer_row.home_lat, farmer_row.home_lon = 37.0497, 118.9312  # by SG13, which takes 牛肉
    farmer = harness.user(10001, "张大爷")
    await farmer.send("明天上午送两头黄牛到站里")
    reply = await farmer.send("每头800斤")
    for _ in range(3):  # the station, then the time: the first of each
        if any(
            "请确认您的预约" in text for text in reply.texts + [m.text or "" for m in reply.edited]
        ):
            break
        reply = await farmer.press(farmer.chat.bot_messages[-1].buttons[0])
    shown = "\n".join(reply.texts + [m.text or "" for m in reply.edited])
    assert "2头黄牛 约1600斤" in shown and "牛肉" not in shown
