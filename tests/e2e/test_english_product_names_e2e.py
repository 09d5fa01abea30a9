"""A price asked in English by a product's English name, or by its Chinese name in an English
sentence (sandbox walk): "how much is 三七" and "ginseng price" were "I can't answer that yet",
where 三七多少钱 and 人参价格 say plainly that the price list has none; maize and corn are 玉米."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.prices import local_today, product_named
from bot.models.markets import Market
from bot.models.users import User
from bot.sandbox.harness import Harness
from bot.users import Visitor, touch
from tests.markets_util import add_price, seed_markets

pytestmark = pytest.mark.e2e


@pytest.fixture
async def market(harness: Harness) -> Harness:
    """Three markets with prices (corn at 新发地 today too); 张大爷 reads Chinese, Tom English
    (chosen: a Chinese name typed keeps his replies English)."""
    today = local_today(harness.app.bot_data["settings"].tz)
    async with session_scope() as session:
        await seed_markets(session, today)
        corn = await product_named(session, "玉米")
        xinfadi = await session.scalar(select(Market).where(Market.short_name == "新发地"))
        assert corn is not None and xinfadi is not None
        add_price(session, corn, xinfadi, today, 1.45, "斤")
        await touch(session, Visitor(10001, "张大爷"))
        await touch(session, Visitor(10003, "Tom"))
        english = {"language": "en", "language_chosen": True}
        await session.execute(update(User).where(User.telegram_id == 10003).values(english))
    return harness


@pytest.mark.parametrize(
    ("lang", "asked", "word"),
    [
        ("zh", "三七多少钱", "三七"),
        ("zh", "人参价格", "人参"),
        ("en", "how much is 三七", "三七"),
        ("en", "ginseng price", "ginseng"),
        ("en", "how much is ginseng", "ginseng"),
        ("en", "what is the price of notoginseng", "notoginseng"),
    ],
)
async def test_a_product_the_price_list_lacks_is_said_to_have_no_price(
    market: Harness, lang: str, asked: str, word: str
) -> None:
    person = market.user(10001, "张大爷") if lang == "zh" else market.user(10003, "Tom")
    replies = await person.send(asked)
    assert replies.last.text == t(lang, "prices.unknown_product_none", word=word), replies.texts
    if lang == "en":
        assert "can't answer" not in "".join(replies.texts)


@pytest.mark.parametrize("asked", ["maize price", "how much is corn", "price of maize"])
async def test_maize_and_corn_are_the_corn_price_card(market: Harness, asked: str) -> None:
    replies = await market.user(10003, "Tom").send(asked)
    card = next((text for text in replies.texts if text.startswith("💰")), "")
    assert card.startswith("💰 corn wholesale price (yuan/jin)"), replies.texts
    assert "1.45" in card


async def test_a_question_about_growing_it_is_still_a_question(market: Harness) -> None:
    # Only a price question naming it asks a price: growing ginseng is the base's.
    replies = await market.user(10003, "Tom").send("how much ginseng can I grow on one mu")
    assert all("price list" not in text for text in replies.texts), replies.texts
