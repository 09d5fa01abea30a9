"""An admin's typed price undone, as the admin and the farmer see it (sandbox walk).

/price 西红柿 新发地 三块六 (the preview warns +33%), ✅, /undo: the farmer subscribed
to 西红柿 above 3.00 at 新发地 is never alerted at 3.60, and the undo says so. Undone
after the alert went, the farmer is sent a correction.
"""

from __future__ import annotations

import pytest

from bot.admindata.alerts import TYPED_PRICE_GRACE
from bot.core.clock import PinnedClock
from bot.core.i18n import t
from bot.sandbox.harness import Harness
from tests.e2e.test_admin_data_e2e import county

pytestmark = pytest.mark.e2e

__all__ = ["county"]
ADMIN, FARMER = 30001, 10001


async def test_undo_within_the_grace_and_no_farmer_hears_of_it(
    county: Harness, clock: PinnedClock
) -> None:
    admin, farmer = county.user(ADMIN, "县管理员"), county.user(FARMER, "张大爷")
    preview = (await admin.send("/price 西红柿 新发地 三块六")).last.text
    assert "⚠️ 比上次高" in preview
    saved = (await admin.press("✅ 确认保存")).last.text
    assert saved.splitlines()[-1] == (
        "🔔 这个价格会给订了提醒的农户发 1 条价格提醒，5 分钟后发出；"
        "这之前发 /undo 撤销，提醒就不发了。"
    )
    undone = (await admin.send("/undo")).last.text
    assert undone == (
        "↩️ 已撤销刚才保存的价格：删除了新增的 0 条，恢复了改动的 1 条。"
        "它触发的 1 条价格提醒还没发出，已经撤回，农户不会收到。"
    )
    clock.advance(TYPED_PRICE_GRACE * 2)
    await county.delivered()
    assert farmer.chat.bot_messages == []
    lines = (await admin.send("/deliveries")).last.text.splitlines()
    assert lines[0] == "还没有推送记录。"


async def test_undo_after_the_alert_went_corrects_it(county: Harness, clock: PinnedClock) -> None:
    admin, farmer = county.user(ADMIN, "县管理员"), county.user(FARMER, "张大爷")
    await admin.send("/price 西红柿 新发地 三块六")
    await admin.press("✅ 确认保存")
    clock.advance(TYPED_PRICE_GRACE)
    await county.delivered()
    [alert] = farmer.chat.bot_messages
    assert alert.text.startswith("🔔 价格提醒：西红柿涨到了您设的 3.00 元/斤")
    undone = (await admin.send("/undo")).last.text
    assert undone.endswith(
        "它触发的价格提醒已经发出去了，已给 1 位收到提醒的农户补发更正，告诉他们那个价格不算数。"
    )
    await county.delivered()
    assert farmer.chat.bot_messages[-1].text == t("zh", "alerts.push.correction", product="西红柿")
    assert "3.60" not in (await farmer.send("新发地西红柿多少钱")).last.text
    lines = (await admin.send("/deliveries")).last.text.splitlines()
    assert lines[1].endswith("价格更正 西红柿 2026-06-10")


async def test_in_english(county: Harness, clock: PinnedClock) -> None:
    admin, farmer = county.user(ADMIN, "县管理员"), county.user(FARMER, "张大爷")
    await admin.send("/language")
    await admin.press("English")
    await farmer.send("/language")
    await farmer.press("English")
    await admin.send("/price tomato Xinfadi 3.6")
    saved = (await admin.press("✅ Save")).last.text
    assert "sets off 1 price alert to farmers who subscribed; they go out in 5 minutes" in saved
    clock.advance(TYPED_PRICE_GRACE)
    await county.delivered()
    undone = (await admin.send("/undo")).last.text
    assert undone.startswith("↩️ The price just saved is taken back")
    assert "a correction is sent to the 1 farmer who got one" in undone
    await county.delivered()
    assert farmer.chat.bot_messages[-1].text.startswith(
        "⚠️ Correction: the tomato price alert you just got"
    )


async def test_a_price_typed_again_replaces_the_first_ones_alert(
    county: Harness, clock: PinnedClock
) -> None:
    # 三块六 was a slip: the admin types 三块二 instead of /undo. Only 3.20 alerts.
    admin, farmer = county.user(ADMIN, "县管理员"), county.user(FARMER, "张大爷")
    await admin.send("/price 西红柿 新发地 三块六")
    await admin.press("✅ 确认保存")
    await admin.send("/price 西红柿 新发地 三块二")
    saved = (await admin.press("✅ 确认保存")).last.text.splitlines()
    assert saved[-2] == (
        "↩️ 刚才录的同一个价（1 条提醒还没发出）已经被这个价替换：那些提醒撤回了，只按这个新价提醒。"
    )
    assert saved[-1].startswith("🔔 这个价格会给订了提醒的农户发 1 条价格提醒")
    clock.advance(TYPED_PRICE_GRACE)
    await county.delivered()
    [alert] = farmer.chat.bot_messages
    assert alert.text.startswith("🔔 价格提醒：西红柿涨到了您设的 3.00 元/斤")
    assert "3.20" in alert.text and "3.60" not in alert.text


async def test_a_price_typed_again_in_english(county: Harness, clock: PinnedClock) -> None:
    admin, farmer = county.user(ADMIN, "县管理员"), county.user(FARMER, "张大爷")
    await admin.send("/language")
    await admin.press("English")
    await admin.send("/price tomato Xinfadi 3.6")
    await admin.press("✅ Save")
    await admin.send("/price tomato Xinfadi 3.2")
    saved = (await admin.press("✅ Save")).last.text
    assert "its 1 alert not sent yet are withdrawn; only this new price alerts." in saved
    clock.advance(TYPED_PRICE_GRACE)
    await county.delivered()
    [alert] = farmer.chat.bot_messages
    assert "3.20" in alert.text and "3.60" not in alert.text
