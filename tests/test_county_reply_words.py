"""Which admin words the county errand claims (blind test: 回复13 … from a county admin was
searched in the knowledge base): answers by number, at any length; not a farmer's question."""

from __future__ import annotations

from datetime import datetime

import pytest
from telegram import Chat, Message

from handlers.routing import LONG_MESSAGE_CHARS
from handlers.staff_words import CountyErrand


def _message(text: str) -> Message:
    return Message(1, datetime(2026, 5, 1), Chat(1, "private"), text=text)


@pytest.mark.parametrize(
    "text",
    [
        "回复13 这是红蜘蛛，喷螺螨酯，叶子正反面都喷",
        "回复 13 喷螺螨酯",
        "回复99 好的",
        "回13：七天后再喷一次",
        "reply 13 spray spirodiclofen",
        "回复13 " + "喷" * (LONG_MESSAGE_CHARS + 50),  # an answer may be long
        "回复13",  # the number alone: told how to say the answer
        "今天有啥事",
    ],
)
def test_the_county_errand_claims_answers_by_number(text: str) -> None:
    assert CountyErrand().filter(_message(text))


@pytest.mark.parametrize(
    "text", ["椪柑树上有红色的小虫虫咋个搞", "回3次了还是不行", "/questions", "我们站几点开门"]
)
def test_the_county_errand_leaves_other_words(text: str) -> None:
    assert not CountyErrand().filter(_message(text))
