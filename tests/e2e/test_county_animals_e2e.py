"""A livestock county's farmers say 羊 and 牛 (blind walk, 定西): its products table has 肉羊 and
肉牛, which the markets and buyers quote. 牛价 and 谁收羊 reach them (zh and en), a county file
may claim 羊 from the shipped 羊肉, and 羊咋卖 is priced as 党参咋卖 is."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.config import Settings
from bot.core.db import session_scope
from bot.markets.prices import local_today, product_named, sync_products
from bot.models.markets import DemandListing
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from bot.users import Visitor, touch
from knowledge.text import per_head
from knowledge.text.county_products import ENV_PATH
from knowledge.text.lexicon import lexicon
from tests.markets_util import add_price, seed_markets

pytestmark = pytest.mark.e2e
FARMER, TOM = 10001, 10003
# 羊 is claimed (the shipped table's 羊肉 has prices here); 牛 is not (牛肉 has none).
COUNTY = (
    "products:\n"
    "  肉羊: {category: 畜禽, en: mutton sheep, aliases: [羊子, 羊]}\n"
    "  肉牛: {category: 畜禽, en: beef cattle, aliases: [架子牛]}\n"
)


@pytest.fixture
def county_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The county's products file, read by this process too (its rows are seeded here)."""
    path = tmp_path / "anding.yaml"
    path.write_text(COUNTY, encoding="utf-8")
    monkeypatch.setenv(ENV_PATH, str(path))
    lexicon.cache_clear()
    per_head._animal_names.cache_clear()
    yield path
    monkeypatch.delenv(ENV_PATH)
    lexicon.cache_clear()
    per_head._animal_names.cache_clear()


async def test_sheep_and_cattle_are_the_countys(settings: Settings, county_file: Path) -> None:
    day = local_today(settings.tz)
    async with session_scope() as session:
        markets = await seed_markets(session, day, days=3)
        await sync_products(session)
        sheep, cattle, mutton = [
            await product_named(session, name) for name in ("肉羊", "肉牛", "羊肉")
        ]
        assert sheep is not None and cattle is not None and mutton is not None
        add_price(session, sheep, markets["新发地"], day, 14.4, "斤")
        add_price(session, cattle, markets["新发地"], day, 15.3, "斤")
        add_price(session, mutton, markets["新发地"], day, 33.0, "斤")
        session.add(
            DemandListing(
                buyer="兰州清真牛羊肉公司", product_id=sheep.id, quantity=30000,
                quantity_unit="斤", price=14.0, price_unit="斤", place="兰州",
                # Open long after the tests' pinned day: the bot's process has its own clock.
                valid_until=day + timedelta(days=36500), contact="13809310005",
            )
        )  # fmt: skip
        await touch(session, Visitor(FARMER, "张大爷"))
        await touch(session, Visitor(TOM, "Tom"))
    async with Harness.start_process(settings, env={ENV_PATH: str(county_file)}) as county:
        farmer = county.user(FARMER, "张大爷")
        for question, product, price in (
            ("牛价", "肉牛", "15.30"),
            ("牛多少钱一斤", "肉牛", "15.30"),
            ("牛咋卖", "肉牛", "15.30"),
            ("羊咋卖", "肉羊", "14.40"),
            ("羊价", "肉羊", "14.40"),
            ("羊肉多少钱", "羊肉", "33.00"),
        ):
            answer = (await farmer.send(question)).texts
            assert any(product in a and f"均价 {price}" in a for a in answer), (question, answer)
        answer = (await farmer.send("谁收羊")).texts
        assert any("兰州清真牛羊肉公司" in a and "肉羊" in a for a in answer), answer
        tom = county.user(TOM, "Tom")
        await tom.send("/language")
        await tom.press("English")
        await tom.send("where can I sell sheep")
        assert await _shown(tom, "兰州清真牛羊肉公司", "mutton sheep"), tom.chat.render()
        await tom.send("how much is 牛 per jin")
        assert await _shown(tom, "beef cattle", "15.30"), tom.chat.render()


async def _shown(user: SandboxUser, *words: str) -> bool:
    """Whether the bot's last messages to `user` (within a few seconds) hold all `words`: the
    English menu after a language switch may come before or after an answer."""
    for _ in range(50):
        if any(all(w in (m.text or "") for w in words) for m in user.chat.bot_messages[-3:]):
            return True
        await asyncio.sleep(0.1)
    return False
