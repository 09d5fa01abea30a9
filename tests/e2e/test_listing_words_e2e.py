"""A listing said with a vehicle-load (一车葱要卖), and what follows a listing: a booking to
bring it offers the product just listed first (sandbox walk)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.prices import sync_products
from bot.models.markets import OfferStatus, SupplyOffer
from bot.models.stations import Station
from bot.models.users import User
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from tests.e2e.county import load_county

pytestmark = pytest.mark.e2e

HOME = (36.885, 118.736)  # 圣城街道, by SG01 (it takes vegetables)


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """The sample county; 张大爷 lives by SG01 and uses it."""
    await load_county(harness)
    async with session_scope() as session:
        await sync_products(session)
        sg01 = await session.scalar(select(Station.id).where(Station.external_id == "SG01"))
        farmer = await session.get(User, 10001)
        assert farmer is not None and sg01 is not None
        farmer.station_id = sg01
        farmer.home_lat, farmer.home_lon = HOME
    return harness


async def _farmer(harness: Harness, lang: str) -> SandboxUser:
    farmer = harness.user(10001, "张大爷")
    if lang == "en":
        await farmer.send("/language")
        await farmer.press("English")
    return farmer


async def _offers() -> list[SupplyOffer]:
    async with session_scope() as session:
        return list(await session.scalars(select(SupplyOffer).order_by(SupplyOffer.id)))


@pytest.mark.parametrize(
    ("lang", "text", "load", "product", "weight"),
    [
        ("zh", "一车葱要卖", "一车", "大葱", "三千斤"),
        ("zh", "俺家有一三轮土豆", "一三轮", "土豆", "八百斤"),
        ("zh", "葱一车", "一车", "大葱", "三千斤"),
        ("en", "I have a truckload of cabbage to sell", "a truckload of", "cabbage", "3000 jin"),
    ],
)
async def test_a_load_is_listed_and_its_weight_asked(
    county: Harness, lang: str, text: str, load: str, product: str, weight: str
) -> None:
    farmer = await _farmer(county, lang)
    asked = await farmer.send(text)
    # Was 「答不上来」: the load read as no amount, 葱 after it as no product.
    assert asked.last.text == t(lang, "supply.ask_quantity_load", load=load, product=product)
    summary = await farmer.send(weight)
    assert product in summary.last.text
    [offer] = await _offers()
    assert offer.status is OfferStatus.draft and offer.quantity is not None
    assert offer.quantity >= 800
