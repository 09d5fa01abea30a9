"""A question typed where a booking step asks for produce or an amount (蓝莓修剪, blueberry
pruning) is no answer to it, even when the knowledge base has nothing on it; the step's
answers (两千斤蓝莓, 西红柿明天送, 我要卖西红柿) stay answers (knowledge.text.asking)."""

from __future__ import annotations

import pytest

from handlers.bookings.typed import is_produce_question
from knowledge.text.intent import Kind, classify


@pytest.mark.parametrize(
    "text", ["蓝莓修剪", "蓝莓咋修剪", "blueberry pruning", "blueberry pruning?", "玉米叶子发黄"]
)
def test_a_question_naming_produce_is_no_answer(text: str) -> None:
    assert is_produce_question(text), text


@pytest.mark.parametrize(
    "text",
    [
        "两千斤蓝莓",
        "西红柿明天送",
        "我要卖西红柿",
        "2000 jin of tomatoes",
        "西红柿",
        "tomatoes",
        "1",
        "一千多斤西红柿",
        "西红柿两千斤，后天上午送过去",
        "xihongshi",
        "西红柿和黄瓜",
        "✖️ 取消",
    ],
)
def test_a_steps_answers_stay_answers(text: str) -> None:
    assert not is_produce_question(text), text


@pytest.mark.parametrize("text", ["我想明天上午送两千来斤玉米到站里", "明天送一千多斤西红柿过去"])
def test_a_booking_sentence_with_a_loose_amount_is_a_booking(text: str) -> None:
    # 两千来斤 broke the amount the pickup rule looks for: it was searched as a question.
    assert classify(text).kind is Kind.booking, text
