"""Through the local Bot API server: a /price per 公斤 at a market quoting per 斤, a replaced
/price's ✅, /kb add confirmed by its entry and dated locally, a stations file below what
is booked."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.models.stations import Slot, SlotDay, Station
from bot.sandbox.harness import Harness
from bot.users import Visitor, touch
from tests.e2e.test_admin_errors_e2e import today_of
from tests.markets_util import seed_markets
from tests.stations_util import make_station

pytestmark = pytest.mark.e2e
ADMIN, FARMER = 30001, 10001
XINFADI = "北京新发地农产品批发市场"


@pytest.fixture
async def county(harness: Harness) -> Harness:
    """Three markets with prices (土豆 1.2 元/斤 at 新发地), a farmer and the county admin."""
    async with session_scope() as session:
        await seed_markets(session, today_of(harness))
        await touch(session, Visitor(FARMER, "张大爷"))
        await touch(session, Visitor(ADMIN, "县管理员"), admin_ids=[ADMIN])
    return harness


async def test_a_price_per_kg_is_said_and_stored_in_the_markets_unit(county: Harness) -> None:
    admin, farmer = county.user(ADMIN, "县管理员"), county.user(FARMER, "张大爷")
    day = today_of(county)
    old = (await admin.send("/price 洋芋 新发地 1块2 元/公斤")).last
    assert old.text.splitlines()[1:6] == [
        f"土豆 · {XINFADI} · 0.6 元/斤（{day}）",
        "（您写的「1块2」按 1.2 元算）",
        "（您写的是 1.2 元/公斤，这个市场按斤报价：记作 0.6 元/斤）",
        "这一天现在的价格：1.2 元/斤（确认后被替换）",
        "⚠️ 比上次低 50%：请核对价格和单位（斤还是公斤）再确认。",
    ]
    new = (await admin.send("/price 洋芋 新发地 2.3 元/公斤")).last
    assert "⚠️" not in new.text and "记作 1.15 元/斤" in new.text
    # The older preview's ✅ speaks of the price, not of a file.
    stale = await admin.press("✅ 确认保存", message=old)
    assert stale.answer is not None
    assert stale.answer.text == "这个价格已经保存过或已取消，请重新发 /price。"
    saved = (await admin.press("✅ 确认保存", message=new)).last.text
    assert saved.startswith(f"✅ 已保存：土豆 · {XINFADI} · 1.15 元/斤（{day}）")
    answer = (await farmer.send("土豆多少钱一斤")).last.text
    xinfadi = answer.split("📍 新发地", 1)[1].split("📍", 1)[0]
    assert "均价 1.15" in xinfadi and "公斤" not in xinfadi


async def test_kb_add_names_the_entry_dated_in_local_time(county: Harness) -> None:
    admin = county.user(ADMIN, "县管理员")
    # The clock is pinned at 10:00 in Shanghai (02:00 UTC): the id says 10 o'clock.
    await admin.send("/kb add")
    await admin.send("牛不反刍怎么办")
    await admin.send("喂点健胃散，牵着多走动。", within=30)  # the first search loads the index
    await admin.press("⏭ 跳过")  # no tags
    await admin.press("养殖")  # nothing alike in the base yet: no guess, picked
    saved = (await admin.press("✅ 确认保存")).last.text
    assert saved.startswith("✅ 已保存新条目「牛不反刍怎么办」（admin-2026061010")
    assert ".csv" not in saved and "已导入" not in saved


async def test_a_stations_file_below_what_is_booked_warns_and_keeps_them(
    county: Harness,
) -> None:
    admin = county.user(ADMIN, "县管理员")
    day = today_of(county)
    async with session_scope() as session:
        _, slots = await make_station(session, external_id="SG01", name="圣城站")
        session.add(
            SlotDay(
                slot_id=slots[0],
                day=day,
                capacity=3,
                capacity_kg=3000,
                booked_count=2,
                booked_kg=800,
            )
        )
    data = (
        "id,name,lat,lon,address,phone,open_hours,slot_capacity,products\n"
        "SG01,圣城站,36.88,118.74,测试地址,0536-5000000,07:00-18:00,08:00-10:00=1/3000,西红柿\n"
    ).encode()
    preview = (await admin.send_document(data, "stations.csv")).last.text
    assert "修改 1" in preview and "已有的预约都保留，不会取消" in preview
    assert f"• SG01 圣城站 · {day} 08:00-10:00：已约 2 户，新上限 1 户" in preview
    applied = (await admin.press("✅ 确认导入")).last.text
    assert "已约 2 户，新上限 1 户" in applied
    async with session_scope() as session:
        kept = await session.scalar(
            select(SlotDay).join(Slot).join(Station).where(Station.external_id == "SG01")
        )
        assert kept is not None and kept.booked_count == 2
