"""/audit as the county admin reads it (sandbox walk): words, never codes or made-up file names.

Before: "slot.reopen 时段 1 2026-12-07", "原因：rain", and a typed /price logged as
"导入文件 prices:price-by-hand-西红柿-北京新发地农产品批发市场.csv".
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from bot.core.db import session_scope
from bot.core.i18n import month_of, t
from bot.markets.prices import local_today
from bot.models.users import User
from bot.sandbox.harness import Harness
from bot.users import Visitor, touch
from tests.e2e.county import load_county, today
from tests.e2e.questions_util import farmer_and_staff
from tests.e2e.test_admin_data_e2e import county
from tests.markets_util import seed_markets

pytestmark = pytest.mark.e2e

__all__ = ["county"]
ADMIN = 30001


async def _in_english(telegram_id: int) -> None:
    async with session_scope() as session:
        values = {"language": "en"}
        await session.execute(update(User).where(User.telegram_id == telegram_id).values(values))


async def test_a_closed_and_reopened_round_in_the_audit(harness: Harness) -> None:
    await load_county(harness)
    async with session_scope() as session:
        await touch(session, Visitor(ADMIN, "王管理员"), admin_ids=[ADMIN])
    staff, admin = harness.user(20001, "李站长"), harness.user(ADMIN, "王管理员")
    lists = await staff.send("/pickups")
    tomorrow = today() + timedelta(days=1)
    await staff.press("🚫 关闭 明天 08:00-10:00", message=lists[-1])
    await staff.press("🌧 下雨")
    await staff.press("↩️ 重新开放 明天 08:00-10:00")
    page = (await admin.send("/audit")).last.text or ""
    # The round by its hours and day (sandbox walk: 时段 2 2026-12-07).
    day = f"{tomorrow.month}月{tomorrow.day}日"
    assert f"李站长（20001）：重新开放收货时段 08:00-10:00 {day}" in page
    assert f"李站长（20001）：结束收货时段 08:00-10:00 {day}" in page and "原因：下雨" in page
    assert "时段 1" not in page and tomorrow.isoformat() not in page
    assert "slot." not in page and "rain" not in page
    await _in_english(ADMIN)
    page = (await admin.send("/audit")).last.text or ""
    said = f"{month_of('en', tomorrow)} {tomorrow.day}"
    assert f"李站长 (20001): round reopened 08:00-10:00 {said}" in page and "reason: rain" in page
    assert "slot." not in page


async def test_a_typed_price_is_typed_in_chat_in_the_audit(county: Harness) -> None:
    admin = county.user(ADMIN, "县管理员")
    await admin.send("/price 西红柿 新发地 三块六")
    await admin.press("✅ 确认保存")
    await admin.send("/undo")
    page = (await admin.send("/audit")).last.text or ""
    assert "县管理员（30001）：在聊天里录入价格 西红柿，" in page
    # Its old → new price, as the README promises before and after (sandbox walk: "- → 新增：0").
    assert re.search(r"价格：\d+(?:\.\d+)? 元/斤 → 价格：3\.6 元/斤", page), page
    assert "县管理员（30001）：撤销在聊天里录入的价格 西红柿，" in page
    assert "price-by-hand" not in page and ".csv" not in page and "导入文件" not in page
    assert "撤回的价格提醒：1" in page and "alerts_" not in page
    await _in_english(ADMIN)
    page = (await admin.send("/audit")).last.text or ""
    # In English the product and the market as English price cards name them.
    assert (
        "县管理员 (30001): typed a price in chat tomato at 北京新发地农产品批发市场 (Beijing"
        in page
    )
    assert "price alerts withdrawn: 1" in page and ".csv" not in page


async def test_a_matched_listing_in_the_audit(harness: Harness) -> None:
    # Before: 「卖货登记已对接 offer #2」 and 「状态：open → 状态：matched」.
    async with session_scope() as session:
        await seed_markets(session, local_today(harness.app.bot_data["settings"].tz))
        await farmer_and_staff(session)
        await touch(session, Visitor(ADMIN, "县管理员"), admin_ids=[ADMIN])
    farmer, staff = harness.user(10001, "张大爷"), harness.user(20001, "李站长")
    admin = harness.user(ADMIN, "县管理员")
    draft = await farmer.send("我有两千斤玉米要卖，一块二一斤")
    await farmer.press("✅ 确认登记", message=draft.last)
    listed = await staff.send("/offers")
    offer_id = int(listed.last.callback_data[0].rsplit(":", 1)[-1])
    asked = await staff.press(listed.last.buttons[0])  # asks first
    await staff.press(t("zh", "offers.confirm_match"), message=asked.last)
    page = (await admin.send("/audit")).last.text or ""
    assert f"李站长（20001）：对接好买家 卖货登记 #{offer_id}" in page, page
    assert "状态：在找买家 → 状态：已对接买家" in page
    assert "offer" not in page and "matched" not in page and "卖货登记已对接" not in page
    await _in_english(ADMIN)
    page = (await admin.send("/audit")).last.text or ""
    assert f"李站长 (20001): found a buyer for listing #{offer_id}" in page, page
    assert "offer" not in page
    # The product as English cards name it (was 「product: 玉米」); the farmer as they call
    # themselves: a name is theirs, not translated.
    assert "product: corn; farmer: 张大爷" in page and "玉米" not in page
