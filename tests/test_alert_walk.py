"""A blind tester's walk through alerts (unit): the values ✏️ takes, English thresholds
without "yuan", 涨过 / 跌破 / 低过 / 高过."""

from __future__ import annotations

import pytest

from bot.alerts.parsing import is_value


@pytest.mark.parametrize("text", ["3块5", "2块5", "2.5", "两块五", "3块", "10%", "7点半"])
def test_a_new_value_is_the_change_steps_answer(text: str) -> None:
    assert is_value(text)


@pytest.mark.parametrize("text", ["西红柿怎么防病", "羊拉稀好几天了", "你好"])
def test_other_words_are_no_value(text: str) -> None:
    assert not is_value(text)
