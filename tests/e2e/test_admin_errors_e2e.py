"""An admin's import problems and /price through the local Bot API server, in their language:
a bad cell is said in Chinese (or English), and /price at an unknown market asks first."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from bot.core.db import session_scope
from bot.markets.prices import local_today
from bot.models import Market, MarketPrice
from bot.sandbox.harness import Harness
from bot.users import Visitor, touch
from tests.e2e.test_admin_data_e2e import report_of
from tests.markets_util import seed_markets

pytestmark = pytest.mark.e2e
ADMIN = 30001
HEADER = "date,product,market,price,unit\n"


def today_of(harness: Harness) -> date:
    return local_today(harness.app.bot_data["settings"].tz)


async def counts() -> tuple[int, int]:
    """(markets, prices) stored."""
    async with session_scope() as session:
        markets = await session.scalar(select(func.count()).select_from(Market))
        prices = await session.scalar(select(func.count()).select_from(MarketPrice))
        return int(markets or 0), int(prices or 0)


async def price_at(market_name: str, day: date) -> float | None:
    async with session_scope() as session:
        return await session.scalar(
            select(MarketPrice.avg)
            .join(Market, Market.id == MarketPrice.market_id)
            .where(Market.name == market_name, MarketPrice.day == day)
        )


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """Three markets with prices, and the county admin (who reads Chinese)."""
    async with session_scope() as session:
        await seed_markets(session, today_of(harness))
        await touch(session, Visitor(ADMIN, "县管理员"), admin_ids=[ADMIN])
    return harness


async def test_a_bad_cell_is_said_in_chinese_to_a_chinese_admin(county: Harness) -> None:
    admin = county.user(ADMIN, "县管理员")
    # Typed by hand, the problem is of what was typed: no file's row or column.
    reply = (await admin.send("/price 西红柿 新发地 abc 元/斤")).last.text
    assert reply.splitlines()[:2] == ["❌ 价格没有保存：", "价格：'abc' 不是数字"]
    assert "not a number" not in reply and "行" not in reply
    day = today_of(county)
    data = (HEADER + f"{day},西红柿,新发地,abc,元/斤\n{day},土豆,新发地,1.2,元/两\n").encode()
    replies = await admin.send_document(data, "prices.csv")
    text, report = replies[0].text, replies[1]
    assert text.splitlines() == [
        "📄 prices.csv：价格，共 2 行",
        "发现 2 个问题，什么都没改：",
        "第 2 行，price 列：'abc' 不是数字",
        "第 3 行，unit 列：不认识的单位 '元/两'（请用 元/斤 或 元/公斤）",
    ]
    assert report_of(county, report).splitlines() == [
        "第 2 行，price 列：'abc' 不是数字",
        "第 3 行，unit 列：不认识的单位 '元/两'（请用 元/斤 或 元/公斤）",
        "什么都没改：文件里有 2 个问题",
    ]


async def test_an_english_admin_reads_the_command_lines_words(county: Harness) -> None:
    admin = county.user(ADMIN, "县管理员")
    await admin.send("/language")
    await admin.press("English")
    reply = (await admin.send("/price 西红柿 新发地 abc 元/斤")).last.text
    assert reply.splitlines()[:2] == ["❌ The price is not saved:", "price: 'abc' is not a number"]
    # In English the unit is said in words, the market found by its pinyin.
    preview = (await admin.send("/price tomato Xinfadi 3.1")).last
    assert preview.text.splitlines()[:2] == [
        "💰 Save this price?",
        f"tomato · 北京新发地农产品批发市场 (Beijing Xinfadi Nongchanpin Pifashichang)"
        f" · 3.1 yuan/jin ({today_of(county)})",
    ]
    assert preview.buttons == ["✅ Save", "✖ Cancel"]
    typo = "北京新发地农产品批发市常"
    asked = (await admin.send(f"/price 西红柿 {typo} 3.1")).last
    assert asked.text.splitlines()[:2] == [
        f'⚠️ There is no market "{typo}"; the price is not saved yet.',
        "Did you mean 新发地 (Xinfadi)?",
    ]
    # The button has room for the characters and the start of the pinyin.
    assert asked.buttons[0].startswith("👉 Use 北京新发地农产品 Beijing")
    assert asked.buttons[1:] == ["➕ Create the market and save", "✖ Cancel"]


async def test_a_price_at_a_mistyped_market_is_asked_then_put_where_meant(county: Harness) -> None:
    admin = county.user(ADMIN, "县管理员")
    day = today_of(county)
    before = await counts()
    typo = "北京新发地农产品批发市常"
    asked = (await admin.send(f"/price 西红柿 {typo} 3.3 元/斤")).last
    assert asked.text.splitlines() == [
        f"⚠️ 没有「{typo}」这个市场，价格还没有保存。",
        "是不是「新发地」？",
        "是写错了就点下面的市场改用它（或重新发 /price）；确实是新市场，就点「➕ 新建市场并保存」。",
    ]
    assert asked.buttons == ["👉 改用 北京新发地农产品批发市场", "➕ 新建市场并保存", "✖ 取消"]
    assert await counts() == before  # asked, nothing created
    create = asked.callback_data[1]
    preview = (await admin.press("👉 改用 北京新发地农产品批发市场")).last
    assert preview.text.splitlines()[:2] == [
        "💰 要保存这个价格吗？",
        f"西红柿 · 北京新发地农产品批发市场 · 3.3 元/斤（{day}）",
    ]
    assert ".csv" not in preview.text
    assert preview.buttons == ["✅ 确认保存", "✖ 取消"]
    applied = (await admin.press("✅ 确认保存")).last.text
    assert applied.startswith(f"✅ 已保存：西红柿 · 北京新发地农产品批发市场 · 3.3 元/斤（{day}）")
    assert "新建了市场" not in applied
    assert await counts() == before and await price_at("北京新发地农产品批发市场", day) == 3.3
    # The question's old buttons are gone with it: a late press creates nothing.
    replies = await admin.press_data(create, message=asked)
    assert replies.answer is not None and replies.answer.show_alert
    assert await counts() == before


async def test_a_new_market_by_hand_is_created_only_when_asked_for(county: Harness) -> None:
    admin = county.user(ADMIN, "县管理员")
    day = today_of(county)
    markets, prices = await counts()
    asked = (await admin.send("/price 西红柿 县城农贸市场 2.9")).last
    assert asked.text.splitlines()[0] == "⚠️ 没有「县城农贸市场」这个市场，价格还没有保存。"
    assert asked.buttons == ["➕ 新建市场并保存", "✖ 取消"]
    assert await counts() == (markets, prices)
    applied = (await admin.press("➕ 新建市场并保存")).last.text
    assert applied.splitlines()[1] == "新建了市场：县城农贸市场"
    assert await counts() == (markets + 1, prices + 1)
    assert await price_at("县城农贸市场", day) == 2.9
    assert (await admin.send("/undo")).last.text.startswith("↩️ 已撤销刚才保存的价格")
    assert await counts() == (markets, prices)
