"""A listing said with a vehicle-load (一车葱要卖), and what follows a listing: a booking to
bring it offers the product just listed first (sandbox walk)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.markets import OfferStatus, SupplyOffer
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from tests.e2e.county import living_by_sg01

pytestmark = pytest.mark.e2e


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """The sample county; 张大爷 lives by SG01 and uses it."""
    return await living_by_sg01(harness)


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


@pytest.mark.parametrize(
    ("lang", "listing", "booking", "product"),
    [
        ("zh", "我有两千斤大葱要卖", "俺想约个时间送过去", "大葱"),
        ("zh", "一车葱要卖", "想约个时间把葱送过去", "大葱"),
        ("en", "I have 2000 jin of eggplant to sell", "book a pickup", "eggplant"),
    ],
)
async def test_a_booking_after_a_listing_offers_the_listed_product_first(
    county: Harness, lang: str, listing: str, booking: str, product: str
) -> None:
    farmer = await _farmer(county, lang)
    await farmer.send(listing)
    if not (await _offers())[0].quantity:
        await farmer.send("3000斤")
    await farmer.press(t(lang, "supply.confirm_button"))
    asked = await farmer.send(booking)
    # Was the generic "what do you want to sell?" with the station's list.
    assert asked.last.text == "\n".join(
        [t(lang, "bookings.listed_first", product=product), t(lang, "bookings.ask_product")]
    )
    assert asked.last.buttons[0] == product
    # 1 typed picks the first button: the listed product.
    picked = await farmer.send("1")
    assert picked.last.text.startswith(t(lang, "bookings.ask_quantity", product=product)[:4])


async def test_a_booking_with_no_listing_asks_as_before(county: Harness) -> None:
    farmer = await _farmer(county, "zh")
    asked = await farmer.send("俺想约个时间送过去")
    assert asked.last.text == t("zh", "bookings.ask_product")
