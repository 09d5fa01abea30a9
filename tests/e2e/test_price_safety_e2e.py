"""A county admin's uploads through the local Bot API server: a price that jumps is a warning
to import on purpose (⚠️ 照样导入), every change is said old → new (prices and stations), and a
file correcting a /price withdraws the alert that price still held."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.admindata.alerts import TYPED_PRICE_GRACE
from bot.core.clock import PinnedClock
from bot.core.db import session_scope
from bot.sandbox.harness import Harness
from bot.sandbox.state import Message
from bot.stations.file_checks import OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from bot.users import set_language
from tests.e2e.test_admin_data_e2e import HEADER, county, prices, today_of

pytestmark = pytest.mark.e2e


def said_in(message: Message) -> str:
    return message.text or ""


__all__ = ["county"]  # the fixture, used by name

SAID = {
    "zh": {
        "warning": "第 3 行，price 列：土豆 新发地：1.20 → 12.00 元/斤（10倍），请核对",
        "changed": "修改的 2 条（旧 → 新）：\n第2行 {day} 西红柿 新发地：price {old} → 3.00",
        "anyway": "⚠️ 照样导入",
        "cancel": "✖ 取消",
        "done": "✅ 已导入 prices.csv",
    },
    "en": {
        "warning": "row 3, column price: 土豆 新发地: 1.20 → 12.00 元/斤 (10×), please check",
        "changed": "The 2 changed (old → new):\nrow 2 {day} 西红柿 新发地: price {old} → 3.00",
        "anyway": "⚠️ Import anyway",
        "cancel": "✖ Cancel",
        "done": "prices.csv",
    },
}


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_price_with_an_extra_zero_is_imported_only_on_purpose(
    county: Harness, lang: str
) -> None:
    admin, farmer = county.user(30001, "县管理员"), county.user(10001, "张大爷")
    async with session_scope() as session:
        await set_language(session, 30001, lang)
    day = today_of(county)
    # 西红柿 at 新发地 today (the first market seeded)
    old = f"{next(v for k, v in (await prices()).items() if k[2] == day):.2f}"
    data = (HEADER + f"{day},西红柿,新发地,3.0,元/斤\n{day},土豆,新发地,12,元/斤\n").encode()
    before = await prices()
    preview = (await admin.send_document(data, "prices.csv")).last
    said = SAID[lang]
    assert said["warning"] in said_in(preview)
    assert said["changed"].format(day=day, old=old) in said_in(preview)
    assert preview.buttons == [said["anyway"], said["cancel"]]  # never the plain ✅
    assert await prices() == before
    replies = await admin.press(said["anyway"])
    assert said["done"] in said_in(replies.last)
    assert await prices() != before
    # The farmer's 西红柿 above 3 元/斤 alert goes once, as for any file.
    assert [said_in(m).splitlines()[0] for m in farmer.chat.bot_messages] == [
        "🔔 价格提醒：西红柿涨到了您设的 3.00 元/斤"
    ]


async def test_a_file_withdraws_the_alert_of_the_price_it_corrects(
    county: Harness, clock: PinnedClock
) -> None:
    # The farmer wants to hear when 西红柿 at 新发地 passes 3 元/斤; the admin types 3.3,
    # then a file says that day's price was 2.9: the farmer hears nothing, then or later.
    admin, farmer = county.user(30001, "县管理员"), county.user(10001, "张大爷")
    await admin.send("/price 西红柿 新发地 3.3 元/斤")
    assert "5 分钟后发出" in said_in((await admin.press("✅ 确认保存")).last)
    day = today_of(county)
    data = (HEADER + f"{day},西红柿,新发地,2.9,元/斤\n").encode()
    await admin.send_document(data, "prices.csv")
    applied = said_in((await admin.press("✅ 确认导入")).last)
    assert "还在等待的 1 条提醒撤回了" in applied
    clock.advance(TYPED_PRICE_GRACE + timedelta(minutes=1))
    await county.delivered()
    assert farmer.chat.bot_messages == []
    asked = await farmer.send("新发地西红柿多少钱")
    assert "2.90" in said_in(asked.last)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_stations_preview_names_each_changed_station(county: Harness, lang: str) -> None:
    admin = county.user(30001, "县管理员")
    async with session_scope() as session:
        await set_language(session, 30001, lang)
    header = ",".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
    row = "S1,甲站,36.88,118.74,寿光市某路1号,0536-5000001,08:00-18:00,5,蔬菜,postal,no,东村"
    await admin.send_document(f"{header}\n{row}\n".encode(), "stations.csv")
    await admin.press("✅ 确认导入" if lang == "zh" else "✅ Apply")
    changed = row.replace("0536-5000001", "0536-5000009")
    preview = (await admin.send_document(f"{header}\n{changed}\n".encode(), "stations.csv")).last
    assert "S1 甲站" in said_in(preview)
    assert "phone 0536-5000001 → 0536-5000009" in said_in(preview)
