""" "English please" / 说中文 typed in the middle of a booking switches the language at once
and asks the same step again in it, the booking kept (it was taken for an unexpected answer
to the step)."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.sandbox.harness import Harness
from bot.users import get_user
from tests.e2e.county import load_county

pytestmark = pytest.mark.e2e


async def _language(telegram_id: int) -> str:
    async with session_scope() as session:
        user = await get_user(session, telegram_id)
    assert user is not None
    return user.language


@pytest.mark.parametrize("english", ["English please", "speak english", "说英文"])
async def test_english_please_at_the_product_step(harness: Harness, english: str) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    asked = await farmer.send("/book")
    assert asked.last.text == t("zh", "bookings.ask_product")
    switched = await farmer.send(english)
    assert switched.texts[0] == t("en", "language.switched")
    assert switched.last.text == t("en", "bookings.ask_product")
    assert await _language(10001) == "en"
    # The bottom menu is redrawn in English at once, not left in Chinese until the booking ends.
    assert t("en", "language.menu_redrawn") in switched.texts
    assert farmer.keyboard[0] == t("en", "menu.prices"), farmer.keyboard
    # The booking goes on, in English: a product named is taken.
    nxt = await farmer.send("potatoes")
    assert "potato" in (nxt.last.text or "").lower()


@pytest.mark.parametrize("chinese", ["说中文", "中文", "Chinese please"])
async def test_back_to_chinese_at_the_amount_step(harness: Harness, chinese: str) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    await farmer.send("English please")
    asked = await farmer.send("/book")
    await farmer.send("potatoes")
    amount = farmer.last.text or ""
    assert amount == t("en", "bookings.ask_quantity", product="potato"), amount
    switched = await farmer.send(chinese)
    assert switched.texts[0] == t("zh", "language.switched"), switched.texts
    assert switched.last.text == t("zh", "bookings.ask_quantity", product="土豆")
    assert await _language(10001) == "zh"
    assert farmer.keyboard[0] == t("zh", "menu.prices"), farmer.keyboard
    assert asked is not None


async def test_chinese_said_in_chinese_keeps_it_chinese(harness: Harness) -> None:
    """说中文 said by a farmer already answered in Chinese: chosen now, the menu drawn again in
    Chinese (never in English), and the step asked again, in Chinese as before."""
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    await farmer.send("/book")
    switched = await farmer.send("说中文")
    assert switched.last.text == t("zh", "bookings.ask_product")
    assert farmer.keyboard[0] == t("zh", "menu.prices")
    assert t("zh", "language.menu_redrawn") in switched.texts
    assert t("en", "language.menu_redrawn") not in switched.texts
