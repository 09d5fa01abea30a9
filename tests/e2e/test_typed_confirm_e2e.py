"""A typed yes / no as the ✅ / ❌ of a sale listing's summary and of 退订's stop-all; another
product typed at the amount step; 谁收X with X of one's own listed (sandbox walk)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.markets.prices import sync_products
from bot.models.markets import OfferStatus, SupplyOffer
from bot.sandbox.harness import Harness
from tests.e2e.county import load_county

pytestmark = pytest.mark.e2e


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """The sample county, its products known."""
    await load_county(harness)
    async with session_scope() as session:
        await sync_products(session)
    return harness


async def _statuses() -> list[OfferStatus]:
    async with session_scope() as session:
        return list(await session.scalars(select(SupplyOffer.status)))


@pytest.mark.parametrize("typed", ["好的", "确认", "对", "ok 确认", "确认登记"])
async def test_typed_yes_lists(county: Harness, typed: str) -> None:
    farmer = county.user(10001, "张大爷")
    replies = await farmer.send("我有五百斤土豆要卖")
    assert "请确认您要卖的货" in replies.last.text
    replies = await farmer.send(typed)
    assert replies.last.text.startswith("登记好了")
    assert await _statuses() == [OfferStatus.open]


@pytest.mark.parametrize("typed", ["不", "不登记了", "算了"])
async def test_typed_no_drops(county: Harness, typed: str) -> None:
    farmer = county.user(10001, "张大爷")
    await farmer.send("我有五百斤土豆要卖")
    await farmer.send(typed)
    assert OfferStatus.open not in await _statuses()


async def test_later_yes_answers_nothing(county: Harness) -> None:
    farmer = county.user(10001, "张大爷")
    await farmer.send("我有五百斤土豆要卖")
    await farmer.send("西红柿多少钱")
    await farmer.send("好的")
    assert OfferStatus.open not in await _statuses()


@pytest.mark.parametrize("product", ["土豆", "洋芋"])
async def test_product_at_amount_step_switches(county: Harness, product: str) -> None:
    farmer = county.user(10001, "张大爷")
    replies = await farmer.send("我要卖西红柿")
    assert "西红柿" in replies.last.text
    replies = await farmer.send(product)
    assert "您大概有多少土豆要卖" in replies.last.text
    replies = await farmer.send("两千斤")
    assert "土豆" in replies.last.text and "2000斤" in replies.last.text


async def test_price_question_at_amount_step_is_a_price(county: Harness) -> None:
    farmer = county.user(10001, "张大爷")
    await farmer.send("我要卖西红柿")
    replies = await farmer.send("土豆多少钱")
    assert "您大概有多少" not in replies.last.text and "土豆" in replies.last.text


async def test_booking_amount_step_takes_another_product(county: Harness) -> None:
    farmer = county.user(10001, "张大爷")
    await farmer.send("预约收货")
    replies = await farmer.send("西红柿")
    assert "西红柿大概有多少" in replies.last.text
    replies = await farmer.send("土豆")
    assert "土豆大概有多少" in replies.last.text


async def test_who_buys_what_i_listed(county: Harness) -> None:
    farmer = county.user(10001, "张大爷")
    await farmer.send("我有三千斤大蒜要卖")
    await farmer.send("好的")
    replies = await farmer.send("谁收大蒜")
    text = "\n".join(replies.texts)
    assert "已经登记好了" in text and "3000斤" in text
    assert "我有两千斤大蒜要卖" not in text
    assert "没说，按市场价" not in text
