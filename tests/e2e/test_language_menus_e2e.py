"""A farmer whose language follows what they write gets the bottom menu and the Telegram
command menu in that language at once, both ways (English, then back to Chinese), not at
the next reply that happens to redraw them."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.prices import local_today
from bot.sandbox.harness import Harness
from tests.markets_util import seed_markets

pytestmark = pytest.mark.e2e


def chat_menu(harness: Harness, telegram_id: int) -> list[str]:
    return harness.server.commands("", {"type": "chat", "chat_id": telegram_id})


@pytest.fixture
async def markets(harness: Harness) -> Harness:
    async with session_scope() as session:
        await seed_markets(session, local_today(harness.app.bot_data["settings"].tz))
    return harness


@pytest.mark.parametrize(
    ("english", "chinese"),
    [("hi", "土豆多少钱"), ("potato price", "你好"), ("how do I grow garlic", "西红柿价格")],
)
async def test_menus_follow_the_written_language(
    markets: Harness, english: str, chinese: str
) -> None:
    farmer = markets.user(10001, "张大爷")
    await farmer.send("/start")
    assert farmer.keyboard[0] == t("zh", "menu.prices")
    await farmer.send(english)
    assert farmer.keyboard[0] == t("en", "menu.prices")
    en_menu = markets.server.api.commands.get
    assert chat_menu(markets, 10001), "no English command menu for the chat"
    described = en_menu(('{"chat_id": 10001, "type": "chat"}', ""), [])
    assert described and described[0]["description"] == t("en", "commands.start")
    back = await farmer.send(chinese)
    assert farmer.keyboard[0] == t("zh", "menu.prices"), back.texts
    described = en_menu(('{"chat_id": 10001, "type": "chat"}', ""), [])
    assert described and described[0]["description"] == t("zh", "commands.start")
