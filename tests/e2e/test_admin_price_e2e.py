"""An admin's /price said the way people say it, and a price file ending the sample prices,
through the local Bot API server, as the admin and a farmer see them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.models import MarketPrice
from bot.sandbox.harness import Harness
from bot.users import Visitor, touch
from tests.e2e.test_admin_errors_e2e import HEADER, counts, price_at, today_of
from tests.markets_util import seed_markets

pytestmark = pytest.mark.e2e
ADMIN, FARMER = 30001, 10001
XINFADI = "北京新发地农产品批发市场"


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """Three markets with prices (新发地, 江桥, 哈达), a farmer and the county admin."""
    async with session_scope() as session:
        await seed_markets(session, today_of(harness))
        await touch(session, Visitor(FARMER, "张大爷"))
        await touch(session, Visitor(ADMIN, "县管理员"), admin_ids=[ADMIN])
    return harness


async def test_a_price_in_words_at_a_market_in_pinyin_reaches_farmers(county: Harness) -> None:
    admin, farmer = county.user(ADMIN, "县管理员"), county.user(FARMER, "张大爷")
    day = today_of(county)
    before = await counts()
    preview = (await admin.send("/price 西红柿 Xinfadi 三块五")).last
    assert preview.text.splitlines() == [
        "💰 要保存这个价格吗？",
        f"西红柿 · {XINFADI} · 3.5 元/斤（{day}）",
        "（您写的「三块五」按 3.5 元算）",
        preview.text.splitlines()[3],  # the market's last price, checked below
        # The day's stored range (the sample's) does not hold 3.5: it goes, and is said to.
        (preview.text or "").splitlines()[4],
        "这一天已经有价格了，确认后改成上面的价格。还没有保存：点「✅ 确认保存」才生效。",
    ]
    assert preview.text.splitlines()[3].startswith("这一天现在的价格：")
    assert (preview.text or "").splitlines()[4].startswith("这一天的最低–最高价（")
    assert (preview.text or "").splitlines()[4].endswith("）不再包含新价格：确认后去掉")
    shown_prices = (
        ("￥2.5", "2.5"),
        ("3元5角", "3.5"),
        ("2块5", "2.5"),
        ("两块", "2"),
        ("九毛八", "0.98"),
        ("9毛8", "0.98"),
        ("一块二", "1.2"),
        ("两块五毛", "2.5"),
        ("一块二毛五", "1.25"),
        ("1块2毛5", "1.25"),
    )
    for said, price in shown_prices:
        shown = (await admin.send(f"/price 西红柿 xin fa di {said}")).last.text
        assert shown.splitlines()[1] == f"西红柿 · {XINFADI} · {price} 元/斤（{day}）", said
    preview = (await admin.send("/price 西红柿 XINFADI 三块五")).last
    saved = (await admin.press("✅ 确认保存")).last.text
    assert saved.startswith(f"✅ 已保存：西红柿 · {XINFADI} · 3.5 元/斤（{day}）")
    assert await price_at(XINFADI, day) == 3.5 and await counts() == before
    answer = (await farmer.send("西红柿多少钱一斤")).last.text
    assert "均价 3.50" in answer
    # A decimal comma stays refused, with its hint; nothing is saved.
    refused = (await admin.send("/price 西红柿 Xinfadi 2,5")).last
    assert refused.text.splitlines()[:2] == [
        "❌ 价格没有保存：",
        "价格：'2,5' 不是数字（小数请用点：2.5，不是 2,5）",
    ]
    assert refused.buttons == [] and await price_at(XINFADI, day) == 3.5
    # A market in pinyin that is none of them is asked about, never made quietly.
    asked = (await admin.send("/price 西红柿 Shouguang 2")).last
    assert asked.text.splitlines()[0] == "⚠️ 没有「Shouguang」这个市场，价格还没有保存。"
    assert "➕ 新建市场并保存" in asked.buttons and await counts() == before
    assert (await admin.send("/undo")).last.text.startswith("↩️ 已撤销刚才保存的价格")


async def test_a_small_price_file_says_which_prices_farmers_lose(county: Harness) -> None:
    admin, farmer = county.user(ADMIN, "县管理员"), county.user(FARMER, "张大爷")
    day = today_of(county)
    async with session_scope() as session:
        for row in await session.scalars(select(MarketPrice)):
            row.source = "sample"  # as `farmhub sample load` stores them
    assert "均价" in (await farmer.send("土豆多少钱一斤")).last.text
    data = (
        HEADER + f"{day},西红柿,新发地,2.9,元/斤\n{day},西红柿,Jiangqiao,5.6,元/公斤\n"
    ).encode()
    preview = (await admin.send_document(data, "prices.csv")).last
    lines = preview.text.splitlines()
    assert lines[0] == "📄 prices.csv：价格，共 2 行" and "新增市场：1" not in preview.text
    assert "农户将查不到这 1 个产品的价格：土豆" in lines
    assert "这 1 个市场将没有任何价格：哈尔滨哈达农副产品批发市场" in lines
    assert "这 1 个产品只剩文件里的价格（之前的走势和涨跌没有了）：西红柿" in lines
    assert preview.buttons == ["✅ 确认导入", "✖ 取消"]
    applied = (await admin.press("✅ 确认导入")).last.text
    assert "1 个产品农户查不到价格了" in applied
    assert "暂时还没有土豆的市场价格" in (await farmer.send("土豆多少钱一斤")).last.text
    assert (await admin.send("/undo")).last.text.startswith("↩️ 已撤销 prices.csv")
    assert "均价" in (await farmer.send("土豆多少钱一斤")).last.text
    # In English the same warning, the products in their English names.
    await admin.send("/language")
    await admin.press("English")
    english = (await admin.send_document(data, "prices.csv")).last.text
    assert "Farmers will find no price for 1 product: potato" in english.splitlines()


async def test_a_price_for_yesterday_in_words_replaces_that_day_s_and_is_audited_by_day(
    county: Harness,
) -> None:
    """Sandbox walk: /price … 昨天 got 「价格：'昨天' 不是数字」; a day with a price showed
    today's as 「上次的价格」; /audit did not say which day the price was for."""
    from datetime import date, timedelta

    admin = county.user(ADMIN, "县管理员")
    today = date.fromisoformat(str(today_of(county)))
    yesterday = today - timedelta(days=1)
    preview = (await admin.send("/price 西红柿 新发地 3.5 元/斤 昨天")).last
    assert f"3.5 元/斤（{yesterday}）" in preview.text, preview.text
    await admin.press("✅ 确认保存")
    said = f"{yesterday.month}月{yesterday.day}日"
    for words in (said, f"{yesterday.month}/{yesterday.day}"):
        again = (await admin.send(f"/price 西红柿 新发地 3.6 元/斤 {words}")).last.text
        assert f"（{yesterday}）" in again and "这一天现在的价格：3.5 元/斤" in again, again
    await admin.press("✖ 取消")
    refused = (await admin.send("/price 西红柿 新发地 3.6 元/斤 明天")).last.text
    assert refused.splitlines()[1].startswith("日期：「明天」"), refused
    audit = (await admin.send("/audit")).last.text
    assert f"日期：{yesterday}" in audit and "导入批次" not in audit, audit


async def test_an_english_admins_price_and_audit_name_the_market_and_unit_in_english(
    county: Harness,
) -> None:
    """Review: in English, /price's preview and /audit showed the market's Chinese name alone
    and 元/斤; they name it as English price cards do (with its pinyin) and say yuan/jin."""
    admin = county.user(ADMIN, "县管理员")
    await admin.send("/language")
    await admin.press("English")
    day = today_of(county)
    preview = (await admin.send("/price tomato Xinfadi 3.5")).last.text
    market = f"{XINFADI} (Beijing Xinfadi Nongchanpin Pifashichang)"
    assert preview.splitlines()[1] == f"tomato · {market} · 3.5 yuan/jin ({day})"
    assert "元" not in preview
    saved = (await admin.press("✅ Save")).last.text
    assert saved.startswith(f"✅ Saved: tomato · {market} · 3.5 yuan/jin ({day})")
    audit = (await admin.send("/audit")).last.text
    assert f"typed a price in chat tomato at {market}" in audit, audit
    assert "→ price: 3.5 yuan/jin" in audit and "元" not in audit and "西红柿" not in audit
    # The same in Chinese is as it was.
    await admin.send("/language")
    await admin.press("中文")
    chinese = (await admin.send("/audit")).last.text
    assert f"西红柿，{XINFADI}" in chinese and "3.5 元/斤" in chinese and "Beijing" not in chinese


async def _range(day: object) -> tuple[float | None, float | None]:
    async with session_scope() as session:
        row = (
            await session.execute(
                select(MarketPrice.low, MarketPrice.high).where(
                    MarketPrice.day == day, MarketPrice.avg.in_([2.8, 3.5])
                )
            )
        ).first()
    assert row is not None
    return row[0], row[1]


async def test_a_corrected_price_keeps_the_days_low_and_high_when_between_them(
    county: Harness,
) -> None:
    # Blind walk: a typed price left its market with 均价 only, beside others with 最低 / 最高.
    admin = county.user(ADMIN, "县管理员")
    day = today_of(county)
    await admin.send("/price 西红柿 新发地 2.8")
    await admin.press("✅ 确认保存")
    assert await price_at(XINFADI, day) == 2.8
    assert await _range(day) == (pytest.approx(2.43), pytest.approx(2.97))
    await admin.send("/price 西红柿 新发地 3.5")  # above the day's high: the range was wrong
    await admin.press("✅ 确认保存")
    assert await _range(day) == (None, None)


async def test_a_market_in_pinyin_one_letter_off_is_asked_about_by_the_name_meant(
    county: Harness,
) -> None:
    """Blind tester: /price tomato xinfadii 2.4 offered 新发地 as a button, the text never."""
    admin = county.user(ADMIN, "县管理员")
    before = await counts()
    asked = (await admin.send("/price 西红柿 jiangqioa 2")).last
    assert asked.text.splitlines()[:2] == [
        "⚠️ 没有「jiangqioa」这个市场，价格还没有保存。",
        "是不是「江桥」？",
    ]
    assert asked.buttons[0] == "👉 改用 上海江桥批发市场"
    await admin.send("/language")
    await admin.press("English")
    asked = (await admin.send("/price tomato xinfadii 2.4")).last
    assert asked.text.splitlines()[:2] == [
        '⚠️ There is no market "xinfadii"; the price is not saved yet.',
        "Did you mean 新发地 (Xinfadi)?",
    ]
    saved = await admin.press(asked.buttons[0])
    assert (await admin.press("✅ Save", message=saved.last)).last.text.startswith("✅ Saved")
    assert await price_at(XINFADI, today_of(county)) == 2.4 and await counts() == before
