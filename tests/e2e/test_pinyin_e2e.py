"""A farmer typing pinyin without choosing characters gets what the characters get."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.prices import local_today
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from bot.users import Visitor, touch
from knowledge.kb.entries import Entry
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine
from tests.e2e.test_knowledge_e2e import ENTRIES
from tests.markets_util import seed_markets

pytestmark = pytest.mark.e2e

# A county's own entry: 三叶期 is a word only its base has.
WEEDS = Entry(
    "weeds-1",
    "玉米三叶期打什么除草剂",
    "三叶期到五叶期，每亩用烟嘧磺隆茎叶喷雾。",
    [],
    ["玉米", "除草剂"],
    "pests_diseases",
)


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """Markets, a small knowledge base, and two farmers near Beijing (one types pinyin)."""
    today = local_today(harness.app.bot_data["settings"].tz)
    async with session_scope() as session:
        await seed_markets(session, today)
        await upsert_entries(session, [*ENTRIES, WEEDS], engine(), by="test")
        for telegram_id, name in ((10001, "张大爷"), (10002, "王大妈")):
            farmer, _ = await touch(session, Visitor(telegram_id, name))
            farmer.home_lat, farmer.home_lon = 39.9, 116.4
            farmer.station_id = 1
    return harness


async def _both(pinyin: SandboxUser, chinese: SandboxUser, typed: str, meant: str) -> list[str]:
    """What the farmer typing pinyin is told, checked against what characters get."""
    by_pinyin = await pinyin.send(typed)
    by_characters = await chinese.send(meant)
    assert by_pinyin.texts == by_characters.texts, typed
    assert by_pinyin.last.buttons == by_characters.last.buttons, typed
    return by_pinyin.texts


async def test_a_farmer_asks_prices_and_a_question_in_pinyin(county: Harness) -> None:
    farmer, other = county.user(10001, "张大爷"), county.user(10002, "王大妈")
    price = await _both(farmer, other, "xihongshi jiage", "西红柿价格")
    assert price[0].startswith("💰 西红柿")
    potato = await _both(farmer, other, "tudou duoshao qian", "土豆多少钱")
    assert potato[0].startswith("💰 土豆")
    # Pinyin among characters, both ways round.
    assert (await _both(farmer, other, "xihongshi 多少钱", "西红柿多少钱"))[0] == price[0]
    assert (await _both(farmer, other, "土豆 jiage", "土豆价格"))[0] == potato[0]
    # A knowledge question, in the base's words and in a dialect name.
    answer = await _both(farmer, other, "xihongshi yezi fahuang zenmeban", "西红柿叶子发黄怎么办")
    assert answer[0].startswith("📖 西红柿叶子发黄怎么办\n下部老叶")
    sprouting = await _both(farmer, other, "yangyu laoshi faya zenmeban", "洋芋老是发芽咋办")
    assert sprouting[0].startswith("📖 土豆怎么储存不发芽\n放阴凉黑暗处")
    # A word only this county's base has.
    weeds = await _both(farmer, other, "yumi sanyeqi da shenme chucaoji", "玉米三叶期打什么除草剂")
    assert weeds[0].startswith(f"📖 {WEEDS.question}\n{WEEDS.answer}")


async def test_a_pickup_booked_in_pinyin(county: Harness) -> None:
    farmer, other = county.user(10001, "张大爷"), county.user(10002, "王大妈")
    asked = await _both(farmer, other, "yuyue shouhuo", "预约收货")
    assert asked[-1] == t("zh", "bookings.ask_product")
    # The step's answer typed in pinyin too: the product and its amount, then the station.
    stations = await _both(farmer, other, "xihongshi liangqian jin", "西红柿两千斤")
    assert "西红柿" in stations[-1]


async def test_an_english_reader_typing_pinyin_is_answered_in_english(county: Harness) -> None:
    farmer = county.user(10001, "张大爷")
    await farmer.send("/language")
    await farmer.press("English")
    price = await farmer.send("xihongshi jiage")
    assert price.last.text.startswith("💰 tomato")
    # English stays English: the same question in its words, and a word alone.
    assert (await farmer.send("tomato price")).last.text == price.last.text
    # This county's examples: 西红柿 priced, nobody buying anything (no 玉米: "who buys tomato").
    helped = (await farmer.send("help")).last.text
    assert helped.startswith(t("en", "help.text", ex_sold="tomato", ex_price2="potato")), helped
