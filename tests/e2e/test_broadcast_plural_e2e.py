"""English counts agree with their noun (blind walk, 施甸: "📊 Notice #1: 1 farmers"): a notice to
one farmer is previewed, sent and reported as "1 farmer"; Chinese is unchanged."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.broadcasts import Broadcast
from bot.sandbox.harness import Harness
from tests.e2e.test_broadcasts_e2e import county, due

pytestmark = pytest.mark.e2e

__all__ = ["county"]


@pytest.mark.parametrize(
    ("lang", "preview", "sent", "report"),
    [
        ("en", "👀 Preview: it goes to 1 farmer (", "✅ Notice sent to 1 farmer.", ": 1 farmer, 1 delivered"),
        ("zh", "👀 预览：将发给 1 位农户", "✅ 通知已发出，共 1 位农户。", "送达情况：共 1 位农户，送达 1"),
    ],
)  # fmt: skip
async def test_a_notice_to_one_farmer(
    harness: Harness, county: dict[str, int], lang: str, preview: str, sent: str, report: str
) -> None:
    staff = harness.user(20002, "王站长")
    if lang == "en":
        await staff.send("/language")
        await staff.press("English")
    await staff.send("/broadcast")
    await staff.send(
        "Rain tomorrow: no pickups in the morning" if lang == "en" else "明天下雨不收货"
    )
    shown = await staff.press(t(lang, "broadcasts.audience.station"))
    assert (shown.last.text or "").startswith(preview), shown.last.text
    done = await staff.press(t(lang, "broadcasts.send_only"))
    assert (done.last.text or "").startswith(sent), done.last.text
    await due(harness)
    async with session_scope() as session:
        bc = await session.scalar(select(Broadcast))
        assert bc is not None
    assert report in (staff.last.text or ""), staff.last.text
    assert "1 farmers" not in (staff.last.text or "")
