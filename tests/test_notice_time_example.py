"""⏰ 定时发送's example time comes from today (was a fixed 2026-06-11 08:00, past in the blind walk)."""

from __future__ import annotations

from datetime import date

import pytest

from handlers.render import broadcasts as view


def test_the_example_time_is_the_day_after_tomorrow_at_eight() -> None:
    assert view.time_example(date(2026, 12, 6)) == "2026-12-08 08:00"
    assert view.time_example(date(2026, 12, 31)) == "2027-01-02 08:00"


@pytest.mark.parametrize(
    ("lang", "start"), [("zh", "什么时候发？比如：明天8点"), ("en", "When should it go? E.g.")]
)
def test_the_question_and_the_hint_give_the_example_from_today(lang: str, start: str) -> None:
    asked = view.ask_time(lang, date(2026, 12, 6))
    assert asked.startswith(start) and asked.endswith("2026-12-08 08:00"), asked
    assert "2026-06-11" not in asked
    bad = view.bad_time(lang, date(2026, 12, 6))
    assert "2026-12-08 08:00" in bad and "{example}" not in bad, bad
