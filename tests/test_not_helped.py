"""还是不行 / 没用 / 不对 / 都不是 right after an answer: the words (knowledge/text/chatter.py) and
how long the answer is remembered (handlers/just_answered.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any, cast

import pytest
from telegram import Update
from telegram.ext import ContextTypes

from bot.core.clock import PinnedClock, use_clock
from handlers import just_answered
from knowledge.kb.entries import Entry
from knowledge.text.chatter import says_not_helped
from knowledge.text.intent import Kind, classify
from knowledge.text.normalise import normalise

ENTRY = Entry("pest-1", "西红柿叶子发黄怎么办", "追施尿素。")
NOON = datetime(2024, 6, 10, 4, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "said",
    [
        "这个问题还是不行",
        "没用",
        "没用啊",
        "还是不懂",
        "不对",
        "说的不对",
        "你说的不对，叶子是从上面黄的",
        "不是这个",
        "不是我问的",
        "试过了没效果",
        "试过了，打了药还是黄",
        "试过了打了药还是黄",
        "都不是",
        "一个都不是",
        "that didn't help",
        "That didn't help, the leaves are still yellow.",
        "not what I asked",
        "still not working",
        "None of these.",
        "I tried that",
        "No, that's not it",
        # 云南, 贵州, 四川, 广东 (云南 blind test: 莫得用 was searched as a new question).
        "莫得用",
        "没得用",
        "不管用",
        "冇用",
        "没球用",
        "还是莫得用",
        "莫得效果，叶子还是黄",
        "不得行",
    ],
)
def test_said_not_to_help(said: str) -> None:
    assert says_not_helped(normalise(said))


@pytest.mark.parametrize(
    "asked",
    [
        "叶子颜色不对怎么办",  # 不对 of the leaves, not of the answer
        "不对劲",
        "没用过这个药能打吗",
        "不行了鸡死了好几只咋办",
        "不是很懂这个药怎么配",
        "西红柿叶子发黄怎么办",
        "wrong fertilizer burned my plants what to do",
        "not sure what this bug is",
        "still leaves yellow",
        "莫得用过这个药",
        "冇用过这个药能打吗",
    ],
)
def test_questions_are_not_complaints(asked: str) -> None:
    assert not says_not_helped(normalise(asked))


def test_a_question_with_budui_is_one_for_the_base() -> None:
    assert classify("叶子颜色不对怎么办").kind is Kind.knowledge


def _context() -> ContextTypes.DEFAULT_TYPE:
    return cast(ContextTypes.DEFAULT_TYPE, SimpleNamespace(user_data={}))


async def _after_update(context: Any, update_id: int) -> None:
    # forget_stale needs a real Update: isinstance check.
    await just_answered.forget_stale(Update(update_id), context)


async def test_the_answer_is_remembered_for_the_next_update_only() -> None:
    context = _context()
    with use_clock(PinnedClock(NOON)):
        just_answered.remember(
            context, "西红柿叶子发黄怎么办", 0, [ENTRY], ["西红柿叶子发黄怎么办"]
        )
        await _after_update(context, 1)  # the update that got the answer
        found = just_answered.recent(context, NOON + timedelta(minutes=1))
        assert found is not None and found.text == "西红柿叶子发黄怎么办"
        assert found.entries == (("pest-1", "西红柿叶子发黄怎么办"),) and not found.suggested
        await _after_update(context, 2)  # the next one: gone after it
        assert just_answered.recent(context, NOON + timedelta(minutes=1)) is None


async def test_the_answer_is_forgotten_after_the_window() -> None:
    context = _context()
    with use_clock(PinnedClock(NOON)):
        just_answered.remember(context, "土豆储存", 7, [ENTRY], ["x"], suggested=True)
    window = just_answered.NOT_HELPED_WINDOW
    found = just_answered.recent(context, NOON + window)
    assert found is not None and found.question_id == 7 and found.suggested
    assert just_answered.recent(context, NOON + window + timedelta(seconds=1)) is None
