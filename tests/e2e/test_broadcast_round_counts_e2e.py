"""A notice that closes a booked round counts its farmers the same before and after (blind test:
the preview said "将发给 2 位农户", the result "共 1 位农户": the farmer booked in the closed round
got the closing's message, which carries the notice, instead of the notice).

The sample county: 李站长 (20001) runs SG01; 张大爷 (10001) is booked in tomorrow morning's round,
刘大姐 (10011) the day after. The clock is pinned at 10:00 on Wednesday 2026-06-10.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.broadcasts import Broadcast
from bot.models.users import User
from bot.sandbox.harness import Harness
from tests.e2e.county import direct_booking
from tests.e2e.test_broadcast_rounds_e2e import NOTICE, _neighbour, _people, _preview

pytestmark = pytest.mark.e2e


async def _planned() -> int:
    async with session_scope() as session:
        bc = await session.scalar(select(Broadcast))
        assert bc is not None
        return bc.planned


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_count_of_a_notice_closing_a_round_is_the_same_after(
    harness: Harness, lang: str
) -> None:
    staff, _ = await _people(harness, lang)
    await _neighbour(harness)
    await direct_booking(10001, "SG01", 0)  # tomorrow 08:00: the round called off
    said = NOTICE if lang == "zh" else "No collection tomorrow morning, power cut"
    preview = await _preview(staff, said, lang)
    assert ("将发给 2 位农户" if lang == "zh" else "it goes to 2 farmers") in preview
    note = t(
        lang, "broadcasts.preview_closing", n=2, closed=1,
        round=t(lang, "broadcasts.closed_round_one"),
    )  # fmt: skip
    assert note in preview
    done = (await staff.press(t(lang, "broadcasts.send_close"))).last.text
    # 2 in the preview, 2 once sent: one of them by the closing's message.
    assert done == t(
        lang, "broadcasts.sent_closed", n=2, closed=1,
        round=t(lang, "broadcasts.closed_round_one"),
    )  # fmt: skip
    assert await _planned() == 1  # the notice itself went to the other one


async def test_send_only_counts_as_the_preview_did(harness: Harness) -> None:
    staff, _ = await _people(harness)
    await _neighbour(harness)
    await direct_booking(10001, "SG01", 0)
    preview = await _preview(staff, NOTICE)
    assert "将发给 2 位农户" in preview
    done = (await staff.press(t("zh", "broadcasts.send_only"))).last.text
    assert done == t("zh", "broadcasts.sent", n=2)


async def test_a_timed_notice_counts_the_farmers_told_at_the_closing(harness: Harness) -> None:
    staff, _ = await _people(harness)
    await _neighbour(harness)
    await direct_booking(10001, "SG01", 0)
    await _preview(staff, NOTICE)
    await staff.press(t("zh", "broadcasts.send_later"))
    confirm = (await staff.send("今天下午5点")).last.text or ""
    assert "发给 2 位农户" in confirm
    assert "其中 1 位预约了这一轮" in confirm
    done = (await staff.press(t("zh", "broadcasts.confirm_close"))).last.text or ""
    assert done.startswith("⏰ 已安排") and "共 2 位农户（其中 1 位预约了这一轮" in done


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_audit_counts_the_farmers_the_closing_told(harness: Harness, lang: str) -> None:
    """Blind walk: "共 1 位农户（其中 1 位预约了这一轮…）" to the staff, 农户数：0 in /audit."""
    staff, _ = await _people(harness, lang)
    await direct_booking(10001, "SG01", 0)  # the only farmer, booked in the round called off
    said = NOTICE if lang == "zh" else "No collection tomorrow morning, power cut"
    await _preview(staff, said, lang)
    done = (await staff.press(t(lang, "broadcasts.send_close"))).last.text
    assert done == t(
        lang, "broadcasts.sent_closed", n=1, closed=1,
        round=t(lang, "broadcasts.closed_round_one"),
    )  # fmt: skip
    admin = harness.user(30001, "王管理员")
    if lang == "en":
        async with session_scope() as session:
            await session.execute(
                update(User).where(User.telegram_id == 30001).values(language="en")
            )
    audit = (await admin.send("/audit")).last.text or ""
    # The farmers the staff were told, the notice done (none left for it to send).
    farmers = "农户数：1；状态：✅ 已发完" if lang == "zh" else "farmers: 1; status: "
    assert farmers in audit, audit
    assert ("农户数：0" if lang == "zh" else "farmers: 0") not in audit
