"""A notice that finds nobody when sent: said to the staff, no run left 正在发送 (sandbox walk);
a notice sent at once is audited as sending, not 待发送."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.users import User
from bot.sandbox.harness import Harness
from tests.e2e.test_broadcasts_e2e import FARMERS_A, compose, county, due

pytestmark = pytest.mark.e2e
__all__ = ["county"]  # the fixture, used by name


async def test_a_notice_with_nobody_left_to_send_to_says_so(
    harness: Harness, county: dict[str, int]
) -> None:
    preview = await compose(harness, 20001, "明天停水", "本站农户")
    assert preview.startswith("👀 预览：将发给 3 位农户")
    # While the preview waits, every farmer of the station turns notices off.
    async with session_scope() as session:
        await session.execute(
            update(User).where(User.telegram_id.in_(FARMERS_A)).values(notices_off=True)
        )
    staff = harness.user(20001, "李站长")
    replies = await staff.press("✅ 现在发送")
    assert replies.last.text == t("zh", "broadcasts.sent_nobody", id=1)
    await due(harness)
    assert not [m for m in staff.messages if (m.text or "").startswith("📊")]
    admin = harness.user(30001, "赵主任")
    deliveries = (await admin.send("/deliveries")).last.text or ""
    assert "正在发送" not in deliveries and "明天停水" not in deliveries
    listed = (await staff.send("/broadcasts")).last.text or ""
    assert "✅ 已发完" in listed and "0 人" in listed
    audit = (await admin.send("/audit")).last.text or ""
    assert "待发送" not in audit and "已发完" in audit


async def test_a_notice_sent_now_is_audited_as_sending(
    harness: Harness, county: dict[str, int]
) -> None:
    await compose(harness, 20001, "明天下午收西红柿", "本站农户")
    await harness.user(20001, "李站长").press("✅ 现在发送")
    audit = (await harness.user(30001, "赵主任").send("/audit")).last.text or ""
    assert "待发送" not in audit and "发送中" in audit
