"""Which collection round a notice calls off or moves (knowledge/text/round_off.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from knowledge.text.round_off import RoundOff, rounds_off

TODAY = date(2026, 6, 10)  # a Wednesday
TOMORROW = TODAY + timedelta(days=1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The tester's notice: the morning is off, the afternoon is where it goes.
        ("明天上午停电，收货改到下午两点以后", [RoundOff(TOMORROW, "am")]),
        ("明天上午停电", [RoundOff(TOMORROW, "am")]),
        ("明天下雨，上午不收货，下午照常", [RoundOff(TOMORROW, "am")]),
        ("明天上午的收货推迟到下午", [RoundOff(TOMORROW, "am")]),
        # Said without the part moved from: the other part than the one gone to.
        ("明天收货改到下午", [RoundOff(TOMORROW, "am")]),
        ("后天不收了", [RoundOff(TODAY + timedelta(days=2), None)]),
        ("周六休息", [RoundOff(date(2026, 6, 13), None)]),
        ("6月15日放假一天", [RoundOff(date(2026, 6, 15), None)]),
        ("下午暂停收货", [RoundOff(TODAY, "pm")]),
        ("关明天下午", [RoundOff(TOMORROW, "pm")]),
        ("明天和后天上午不收货", [RoundOff(TOMORROW, "am"), RoundOff(date(2026, 6, 12), "am")]),
        ("No collection tomorrow morning, power cut", [RoundOff(TOMORROW, "am")]),
        ("Tomorrow morning's collection is moved to 2pm", [RoundOff(TOMORROW, "am")]),
        ("The station is closed on Saturday.", [RoundOff(date(2026, 6, 13), None)]),
    ],
)
def test_a_round_called_off(text: str, expected: list[RoundOff]) -> None:
    assert rounds_off(text, TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "明天下午收玉米，价格1块2",
        "明天的培训改到后天",  # a move, but not of the collecting
        "明天中午休息",  # a lunch break
        "明天不停电，照常收货",
        "因为停电，请大家注意安全",  # no day, no part of one
        "收货改到下午两点以后",  # where it goes, not from which round
        "明天停水",  # water cut: collection goes on
        "昨天上午停电",  # gone by
        "昨个上午停电",  # gone by (东北)
        "昨儿个下午停电了",
        "Bring your potatoes tomorrow morning",
    ],
)
def test_no_round_called_off(text: str) -> None:
    assert rounds_off(text, TODAY) == []


def test_the_notice_is_the_farmers_closing_reason_within_its_length() -> None:
    from handlers.broadcasts.closing import closing_reason

    assert closing_reason("明天上午停电，\n收货改到下午") == "明天上午停电， 收货改到下午"
    long = closing_reason("停电" * 80)
    assert len(long) == 100 and long.endswith("…")
