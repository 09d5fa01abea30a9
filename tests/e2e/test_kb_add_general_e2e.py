"""A county admin's /kb add of a general answer (tester: 「到站里」 in an answer for every
farmer was flagged as fitting one farmer or one day; 「潮粮到站里咋卖」 came with 网上销售
ticked, the online shops' entries being nearest in words). The station as a place is not
flagged, one farmer's lot or day still is; a category nothing alike says is asked, none
ticked."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models import KbEntry, User
from bot.sandbox.harness import Harness
from bot.users import Visitor, touch
from knowledge.kb.entries import Entry
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine

pytestmark = pytest.mark.e2e

ADMIN = 30001
# Online selling is most of what the base says of 卖 (as in the tester's county).
BASE = [
    Entry("sell-1", "网上卖玉米怎么开店", "先开网店。", [], ["网店"], "selling_online"),
    Entry("sell-2", "抖音直播怎么卖货", "先养号。", [], ["直播"], "selling_online"),
    Entry("sell-3", "朋友圈卖菜怎么做", "拍好照片。", [], ["朋友圈"], "selling_online"),
    Entry("store-1", "玉米潮了怎么烘干", "送烘干塔。", [], ["玉米", "烘干"], "storage"),
    Entry("pest-1", "玉米螟怎么防治", "喷药。", [], ["玉米", "玉米螟"], "pests_diseases"),
]


@pytest.fixture
async def county(harness: Harness) -> Harness:
    async with session_scope() as session:
        await touch(session, Visitor(ADMIN, "县管理员"), admin_ids=[ADMIN])
        await upsert_entries(session, BASE, engine(), by="test")
    return harness


async def _english() -> None:
    async with session_scope() as session:
        await session.execute(update(User).where(User.telegram_id == ADMIN).values(language="en"))


async def test_damp_grain_at_the_station_is_asked_for_its_category_and_not_flagged(
    county: Harness,
) -> None:
    admin = county.user(ADMIN, "县管理员")
    await admin.send("/kb add")
    await admin.send("潮粮到站里咋卖")
    await admin.send("潮粮可以拉到站里烘干，按烘干后的重量算钱。", within=30)
    step4 = (await admin.press("⏭ 跳过")).last
    assert step4.text == t("zh", "kbadmin.ask_category_open")
    assert "网上销售" in step4.buttons and not [b for b in step4.buttons if b.startswith("✓")]
    assert "⏭ 跳过" not in step4.buttons
    preview = (await admin.press("服务站服务")).last.text or ""
    assert "⚠️" not in preview and "到站里（到站）" not in preview, preview
    assert "分类：服务站服务" in preview
    await admin.press("✅ 确认保存")
    async with session_scope() as session:
        entry = await session.scalar(select(KbEntry).where(KbEntry.question == "潮粮到站里咋卖"))
    assert entry is not None and entry.category == "station_services"


async def test_the_product_and_topic_s_entries_say_the_category(county: Harness) -> None:
    admin = county.user(ADMIN, "县管理员")
    await admin.send("/kb add")
    await admin.send("湿玉米怎么晾干")
    await admin.send("摊薄了晾，常翻动。", within=30)
    step4 = (await admin.send("玉米")).last
    assert (step4.text or "").startswith("第 4 步，共 4 步：这一条属于哪个分类？看着像「储存」")
    assert [b for b in step4.buttons if b.startswith("✓")] == ["✓ 储存"]


async def test_one_farmer_s_lot_is_still_flagged_the_place_is_not_in_english(
    county: Harness,
) -> None:
    await _english()
    admin = county.user(ADMIN, "County admin")
    await admin.send("/kb add")
    await admin.send("Where do I sell damp grain")
    await admin.send("Your batch can be dried at the station; come to the station.", within=30)
    await admin.press("⏭ Skip")
    step4 = admin.last
    assert step4.text == t("en", "kbadmin.ask_category_open")
    shown = (await admin.press("station services")).last
    preview = shown.text or ""
    assert "Your batch (one farmer's)" in preview, preview
    assert "come to the station" not in preview.split("⚠️")[1]
    assert shown.buttons == ["✅ Save anyway", "✖ Cancel"]
