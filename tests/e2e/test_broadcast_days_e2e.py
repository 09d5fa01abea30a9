"""A timed notice's 明天 / 后天 read on the day it goes (sandbox walk: the warning read
"「明天」→ 12月7日", leaving busy staff to work out what the arrow meant): it says when the
notice goes, what each word means now, and what farmers will take it to mean then.

Staff 20001 runs 城关服务站 (A); farmers 10001-10003 belong to A (tests/e2e/test_broadcasts_e2e.py).
"""

from __future__ import annotations

from datetime import timedelta

from bot.core.clock import PinnedClock
from bot.core.i18n import t
from bot.sandbox.harness import Harness
from tests.e2e.test_broadcasts_e2e import FARMERS_A, compose, county, due

__all__ = ["county"]


async def test_relative_days_in_a_timed_notice_are_written_as_dates(
    harness: Harness, county: dict[str, int], clock: PinnedClock
) -> None:
    # Sandbox walk: 后天来收玉米, timed for tomorrow 08:00, reached farmers a day off.
    await compose(harness, 20001, "后天上午收土豆，下周一也收", "本站农户")
    staff = harness.user(20001, "李站长")
    await staff.press("⏰ 定时发送")
    warned = (await staff.send("明天8点")).last
    # Today is Wednesday 2026-06-10: read on Thursday, 后天 is Saturday. Sandbox walk: it read
    # "「明天」→ 12月7日", leaving staff to work out what the arrow meant.
    assert warned.text.startswith("⚠️ 这条通知将在 6月11日（明天，周四）08:00 发出")
    assert "• 「后天」您指的是 6月12日（周五），农户那天看到会以为是 6月13日（周六）" in warned.text
    assert "下周一" not in warned.text.split("\n\n")[0]  # read on Thursday, the same Monday
    written = await staff.press(t("zh", "broadcasts.write_dates"), message=warned)
    assert "6月12日（周五）上午收土豆，6月15日（周一）也收" in written.texts[0]
    assert written.last.text.startswith("⏰ 将在 6月11日（明天，周四）08:00")  # no warning left
    assert t("zh", "broadcasts.write_dates") not in written.last.buttons
    await staff.press("✅ 确认")
    clock.advance(timedelta(hours=22, seconds=1))  # 2026-06-11 08:00:01
    await due(harness)
    for tid in FARMERS_A:
        assert harness.user(tid, "").last.text.endswith(
            "6月12日（周五）上午收土豆，6月15日（周一）也收"
        )


async def test_a_notice_timed_for_later_today_is_not_warned(
    harness: Harness, county: dict[str, int]
) -> None:
    await compose(harness, 20001, "今天下午收土豆", "本站农户")
    staff = harness.user(20001, "李站长")
    await staff.press("⏰ 定时发送")
    confirm = (await staff.send("今天下午3点")).last
    assert confirm.text.startswith("⏰ 将在 6月10日（今天，周三）15:00")
    assert t("zh", "broadcasts.write_dates") not in confirm.buttons


async def test_the_relative_day_warning_in_english(
    harness: Harness, county: dict[str, int], clock: PinnedClock
) -> None:
    staff = harness.user(20001, "李站长")
    await staff.send("/language")
    await staff.press("English")
    await staff.send("/broadcast")
    await staff.send("bring your potatoes tomorrow morning")
    await staff.press(t("en", "broadcasts.audience.station"))
    await staff.press(t("en", "broadcasts.send_later"))
    warned = (await staff.send("tomorrow 8am")).last
    assert warned.text.startswith(
        "⚠️ This notice goes out on Thu Jun 11 (tomorrow), 08:00. Farmers read it then"
    )
    assert '• "tomorrow": you mean Thu Jun 11, but read then it means Fri Jun 12' in warned.text
    assert t("en", "broadcasts.write_dates") in warned.buttons


async def test_a_yes_typed_at_the_confirmation_schedules_it(
    harness: Harness, county: dict[str, int], clock: PinnedClock
) -> None:
    # Final blind walk: 确认 typed at "确认吗？" was read as a time (「没看懂这个时间」).
    await compose(harness, 20001, "今天下午收土豆", "本站农户")
    staff = harness.user(20001, "李站长")
    await staff.press("⏰ 定时发送")
    await staff.send("今天下午3点")
    done = (await staff.send("确认")).last
    assert done.text.startswith("⏰ 已安排：6月10日（今天，周三）15:00"), done.text
    clock.advance(timedelta(hours=7, seconds=1))  # 2026-06-10 15:00:01
    await due(harness)
    for tid in FARMERS_A:
        assert harness.user(tid, "").last.text.endswith("今天下午收土豆")
