"""Admin walk fixes: a /price in another unit than the market's, a big change warned of,
a replaced /price's ✅, /kb add named and dated locally, stations over capacity."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.admindata import entries as single
from bot.admindata import uploads
from bot.core.clock import PinnedClock, use_clock
from bot.core.db import session_scope
from bot.models import Market, MarketPrice
from bot.models.stations import SlotDay
from bot.stations.overbooked import OVER_CAPACITY, over_booked
from handlers.render import admin_data as admin_view
from knowledge.kb.entries import Entry
from tests.stations_util import make_station
from tests.test_admindata import ADMIN, TODAY, seeded

XINFADI = "北京新发地农产品批发市场"
SHANGHAI = ZoneInfo("Asia/Shanghai")


async def test_a_price_per_kg_at_a_market_quoting_per_jin_is_stored_per_jin(db: str) -> None:
    await seeded()  # 新发地: 土豆 1.2 元/斤 every day
    preview = await single.stage_price(ADMIN, "洋芋", "新发地", "1.2", "元/公斤", TODAY, TODAY)
    assert preview.applicable and preview.typed is not None
    assert (preview.typed.price, preview.typed.unit) == ("0.6", "元/斤")
    assert preview.typed.typed_as == ("1.2", "元/公斤")
    said = admin_view.preview_text("zh", preview)
    assert f"土豆 · {XINFADI} · 0.6 元/斤（{TODAY}）" in said
    assert "（您写的是 1.2 元/公斤，这个市场按斤报价：记作 0.6 元/斤）" in said
    assert "这一天现在的价格：1.2 元/斤（确认后被替换）" in said
    assert "⚠️ 比上次低 50%：请核对价格和单位（斤还是公斤）再确认。" in said
    english = admin_view.preview_text("en", preview)
    assert "You typed 1.2 yuan/kg; this market quotes per jin: saved as 0.6 yuan/jin" in english
    assert "50% lower than last time" in english
    applied = await uploads.apply(ADMIN, preview.upload_id or 0, TODAY)
    assert applied is not None and not applied.result.errors
    async with session_scope() as session:
        stored = (
            await session.execute(
                select(MarketPrice.avg, MarketPrice.unit, MarketPrice.avg_jin)
                .join(Market, Market.id == MarketPrice.market_id)
                .where(Market.name == XINFADI, MarketPrice.day == TODAY, MarketPrice.avg < 1)
            )
        ).all()
    assert [tuple(r) for r in stored] == [(0.6, "斤", 0.6)]


async def test_a_price_in_the_markets_unit_close_to_the_last_says_no_warning(db: str) -> None:
    await seeded()
    preview = await single.stage_price(ADMIN, "土豆", "新发地", "2.3", "元/公斤", TODAY, TODAY)
    assert preview.typed is not None and preview.typed.price == "1.15"
    assert preview.typed.jump is None
    said = admin_view.preview_text("zh", preview)
    assert "⚠️" not in said and "记作 1.15 元/斤" in said
    # Per 斤 as the market quotes: nothing converted, nothing said of it.
    same = await single.stage_price(ADMIN, "土豆", "新发地", "1.3", "元/斤", TODAY, TODAY)
    assert same.typed is not None and same.typed.typed_as is None
    assert "记作" not in admin_view.preview_text("zh", same)
    # Twice the last price: warned of, going up.
    up = await single.stage_price(ADMIN, "土豆", "新发地", "2.4", None, TODAY, TODAY)
    assert "⚠️ 比上次高 100%" in admin_view.preview_text("zh", up)


async def test_a_replaced_price_preview_is_known_as_a_typed_price(db: str) -> None:
    await seeded()
    first = await single.stage_price(ADMIN, "土豆", "新发地", "1.3", None, TODAY, TODAY)
    await single.stage_price(ADMIN, "土豆", "新发地", "1.4", None, TODAY, TODAY)
    assert await uploads.apply(ADMIN, first.upload_id or 0, TODAY) is None
    assert await uploads.is_typed_price(ADMIN, first.upload_id or 0)
    assert not await uploads.is_typed_price(ADMIN + 1, first.upload_id or 0)


async def test_an_entry_id_is_dated_where_the_admin_is() -> None:
    # 2026-12-05 17:00 UTC is already 12-06 01:00 in Shanghai.
    with use_clock(PinnedClock(datetime(2026, 12, 5, 17, 0, tzinfo=UTC))):
        assert single.new_entry_id(SHANGHAI).startswith("admin-20261206010")
        assert single.new_entry_id(ZoneInfo("UTC")).startswith("admin-20261205170")


async def test_kb_add_is_confirmed_by_its_question_and_id(db: str) -> None:
    entry = Entry("admin-20260610100000", "羊拉稀怎么办", "停喂精料。", [], [], "livestock")
    staged = await single.stage_entry(ADMIN, entry, TODAY)
    applied = await uploads.apply(ADMIN, staged.preview.upload_id or 0, TODAY)
    assert applied is not None and applied.entry == ("admin-20260610100000", "羊拉稀怎么办")
    text = admin_view.applied_text("zh", applied)
    assert text.startswith("✅ 已保存新条目「羊拉稀怎么办」（admin-20260610100000）")
    assert ".csv" not in text and "已导入" not in text
    assert ".csv" not in admin_view.applied_text("en", applied)
    undone = admin_view.undone_text("zh", await uploads.undo(ADMIN), SHANGHAI)
    assert undone.startswith("↩️ 已撤销刚才保存的条目 admin-20260610100000") and ".csv" not in undone


STATIONS = "id,name,lat,lon,address,phone,open_hours,slot_capacity,products\n"


async def test_a_stations_file_below_what_is_booked_names_the_rounds(db: str) -> None:
    async with session_scope() as session:
        _, slots = await make_station(session, external_id="SG01", name="圣城站")
        for day, booked in ((TODAY, 2), (TODAY + timedelta(days=1), 1), (TODAY - timedelta(1), 3)):
            session.add(
                SlotDay(
                    slot_id=slots[0],
                    day=day,
                    capacity=3,
                    capacity_kg=3000,
                    booked_count=booked,
                    booked_kg=400 * booked,
                )
            )
    row = "SG01,圣城站,36.88,118.74,测试地址,0536-5000000,07:00-18:00,08:00-10:00=1/3000,西红柿\n"
    preview = await uploads.receive(ADMIN, "stations.csv", (STATIONS + row).encode(), TODAY)
    assert preview.applicable and preview.result.updated == 1
    # Today's round (2 booked) only: tomorrow's 1 fits, yesterday's is past.
    over = over_booked(preview.result)
    assert [(o.station, o.day, o.starts, o.booked, o.capacity) for o in over] == [
        ("SG01", TODAY, time(8), 2, 1)
    ]
    said = admin_view.preview_text("zh", preview)
    assert "已有的预约都保留，不会取消" in said
    assert f"• SG01 圣城站 · {TODAY} 08:00-10:00：已约 2 户，新上限 1 户" in said
    assert OVER_CAPACITY not in said
    assert f"SG01 圣城站 · {TODAY} 08:00-10:00: 2 booked, new capacity 1" in (
        admin_view.preview_text("en", preview)
    )
    applied = await uploads.apply(ADMIN, preview.upload_id or 0, TODAY)
    assert applied is not None and "已约 2 户，新上限 1 户" in admin_view.applied_text(
        "zh", applied
    )
    async with session_scope() as session:
        kept = await session.scalar(select(SlotDay).where(SlotDay.day == TODAY))
        assert kept is not None and (kept.booked_count, kept.capacity) == (2, 2)
    # The same file again: still over, still said (nothing changes).
    again = await uploads.receive(ADMIN, "stations.csv", (STATIONS + row).encode(), TODAY)
    assert again.result.unchanged == 1 and len(over_booked(again.result)) == 1
