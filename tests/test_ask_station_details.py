"""The "add details" step after a question went to the station judges what the farmer typed
as the search reads it: pinyin in characters (handlers/ask_station.py `details`)."""

from __future__ import annotations

import pytest

from handlers.ask_station import _adds
from knowledge.text.intent import in_characters

THREAD = "洋芋老是发芽咋办"


@pytest.mark.parametrize(
    "typed",
    ["ji ke sou zen me ban", "yumi zenme zhong", "dibao zenme shenqing"],  # 鸡咳嗽, 玉米, 低保
)
def test_another_question_typed_in_pinyin_is_its_own_once_read(typed: str) -> None:
    assert not _adds(in_characters(typed), THREAD)


@pytest.mark.parametrize("typed", ["fang le ban ge yue le", "liang tian le"])
def test_a_detail_typed_in_pinyin_still_adds(typed: str) -> None:
    assert _adds(in_characters(typed), THREAD)
