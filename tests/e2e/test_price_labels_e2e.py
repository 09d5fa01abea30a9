"""A price card's labels, in `farmhub run` with a county's products file, zh and en (blind test:
"柑橘 批发价" to a farmer asking 椪柑, a county's name for it; "7天前没有报价" on every card with 6
days of prices)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.config import Settings
from bot.core.db import session_scope
from bot.markets.prices import local_today
from bot.sandbox.harness import Harness
from bot.users import Visitor, touch
from tests.markets_util import seed_markets

pytestmark = pytest.mark.e2e
FARMER, TOM = 10001, 10003
COUNTY = "products:\n  番茄: {aliases: [毛秀才]}\n"


async def test_a_county_name_and_the_comparison_there_is(
    settings: Settings, tmp_path: Path
) -> None:
    products = tmp_path / "county.yaml"
    products.write_text(COUNTY, encoding="utf-8")
    day = local_today(settings.tz)
    async with session_scope() as session:
        await seed_markets(session, day, days=6)  # 新发地 6 days, 哈达 one (5 days late)
        await touch(session, Visitor(FARMER, "张大爷"))
        await touch(session, Visitor(TOM, "Tom"))
    async with Harness.start_process(settings, env={"FARMHUB_PRODUCTS": str(products)}) as county:
        farmer = county.user(FARMER, "张大爷")
        card = next(a for a in (await farmer.send("毛秀才多少钱")).texts if "均价" in a)
        assert card.startswith("💰 毛秀才（西红柿） 批发价（元/斤）"), card
        assert "比5天前（最早的报价）" in card and "7天前没有报价" not in card
        assert "之前没有报价，还没法比" in card  # 哈达: one day of prices
        card = next(a for a in (await farmer.send("西红柿多少钱")).texts if "均价" in a)
        assert card.startswith("💰 西红柿 批发价（元/斤）"), card
        tom = county.user(TOM, "Tom")
        await tom.send("/language")
        await tom.press("English")
        card = next(a for a in (await tom.send("毛秀才 price")).texts if "2." in a)
        # No English for 毛秀才: the product's, with the word as said.
        assert card.startswith("💰 tomato (毛秀才) wholesale price"), card
        assert "vs 5 days ago (the earliest price)" in card
