"""A price asked per animal, as a herder asks it (blind walk in a pastoral county: 羊娃子多钱一只
was answered with the lamb-diarrhoea entry)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core.clock import local_today
from bot.core.db import session_scope
from bot.markets.prices import product_named
from bot.models.markets import Market
from bot.sandbox.harness import Harness
from tests.e2e.test_price_history_e2e import market
from tests.markets_util import add_price

pytestmark = pytest.mark.e2e

__all__ = ["market"]


@pytest.fixture
async def mutton(market: Harness) -> Harness:
    """羊肉 at 新发地: 40 元/斤 today."""
    today = local_today(market.app.bot_data["settings"].tz)
    async with session_scope() as session:
        xinfadi = await session.scalar(select(Market).where(Market.short_name == "新发地"))
        assert xinfadi is not None
        add_price(session, await product_named(session, "羊肉"), xinfadi, today, 40.0, "斤")
    return market


async def test_a_lamb_by_the_head_gets_muttons_price_and_the_note(mutton: Harness) -> None:
    farmer = mutton.user(10001, "张大爷")
    [note, card] = list(await farmer.send("羊娃子多钱一只"))
    assert note.text.startswith("市场上报的是羊肉的批发价（按斤算），不是按只、按头卖的价钱")
    assert card.text.startswith("💰 羊肉 批发价（元/斤）") and "40.00" in card.text
    assert "没找到" not in card.text  # 羊娃子多 is no place


async def test_in_english(mutton: Harness) -> None:
    farmer = mutton.user(10001, "张大爷")
    await farmer.send("/language")
    await farmer.press("English")
    [note, card] = list(await farmer.send("how much is a sheep each"))
    assert note.text.startswith("Markets quote mutton by weight")
    assert card.text.startswith("💰 mutton wholesale price")
