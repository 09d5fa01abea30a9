"""Staff words of their own station told apart (knowledge.text.staff_words)."""

from __future__ import annotations

import pytest

from knowledge.text.staff_words import StaffAsk, StaffWords, staff_words


@pytest.mark.parametrize(
    ("text", "ask"),
    [
        ("明天谁来送货", StaffAsk.pickups),
        ("今天有谁来送货？", StaffAsk.pickups),
        ("后天有人来交货吗", StaffAsk.pickups),
        ("明天有几个人来送货", StaffAsk.pickups),
        ("who is bringing produce tomorrow", StaffAsk.pickups),
        ("who is coming tomorrow?", StaffAsk.pickups),
        ("我们站几点开门", StaffAsk.hours),
        ("站里几点关门", StaffAsk.hours),
        ("我们站的营业时间", StaffAsk.hours),
        ("When does our station open?", StaffAsk.hours),
        ("what time does our station close", StaffAsk.hours),
        ("our station opening hours", StaffAsk.hours),
        ("明天下午重新开放", StaffAsk.reopen),
        ("恢复明天下午的收货", StaffAsk.reopen),
        ("明天下午的收货重新开放", StaffAsk.reopen),
        ("reopen tomorrow afternoon", StaffAsk.reopen),
    ],
)
def test_staff_errands(text: str, ask: StaffAsk) -> None:
    assert staff_words(text) == StaffWords(ask)


@pytest.mark.parametrize(
    ("text", "nth"),
    [
        ("撤回第二条", 2),
        ("撤回第2条通知", 2),
        ("撤回刚才那条", 1),
        ("撤回上一条通知", 1),
        ("把刚才的通知撤回", 1),
        ("withdraw the last notice", 1),
        ("cancel the second notice", 2),
    ],
)
def test_withdrawing_a_notice(text: str, nth: int) -> None:
    assert staff_words(text) == StaffWords(StaffAsk.withdraw, nth)


@pytest.mark.parametrize(
    "text",
    [
        "西红柿多少钱",
        "番茄叶子发黄怎么办",
        "谁来收货",
        "明天谁来收玉米",
        "恢复大蒜提醒",
        "重新开放",  # no day: nothing to reopen
        "撤回",
        "撤回我的卖货登记",
        "明天下雨吗",
        "谁收玉米",
    ],
)
def test_not_staff_errands(text: str) -> None:
    assert staff_words(text) is None
