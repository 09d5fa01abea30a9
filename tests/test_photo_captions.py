"""Which words after a photo are its caption (knowledge/kb/photo_captions.py), and how soon
after it (handlers/photo_words.py)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any, cast

import pytest
from telegram import Update

from bot.core.clock import PinnedClock
from bot.models.users import Role, User
from handlers import just_asked, photo_words
from knowledge.kb import photo_captions

# Words that plausibly say what a photo shows, or ask about it: zh, dialect, Cantonese, en.
CAPTIONS = [
    "这是啥病",
    "这是什么虫",
    "看看这个咋回事",
    "瞅瞅这咋整",
    "帮我看看",
    "这咋整",
    "咋办",
    "能治吗",
    "要打什么药",
    "呢个係咩病",
    "俺家苞米",
    "叶子发黄两天了",
    "洋芋叶子上有黑斑",
    "两天了",
    "十几只都这样",
    "这是俺家蒜叶子 发黄尖干",
    "what disease is this",
    "what's wrong with it?",
    "is this a pest",
    "my tomato leaves have yellow spots",
    "what should I spray",
]
# Requests and other matters: handled on their own, whatever photo came before.
OTHERS = [
    "西红柿多少钱",
    "洋芋啥价",
    "我想贷款",
    "低保咋申请",
    "我约的啥时候来着",
    "站里电话多少",
    "预约收货",
    "你是谁",
    "好的",
    "确认",
    "谢谢",
    "你好",
    "asdfghjkl",
    "how much are tomatoes",
    "book a pickup",
    "ok",
]


@pytest.mark.parametrize("text", CAPTIONS)
def test_words_about_a_photo_describe_it(text: str) -> None:
    assert photo_captions.describes(text)


@pytest.mark.parametrize("text", OTHERS)
def test_other_requests_never_describe_a_photo(text: str) -> None:
    assert not photo_captions.describes(text)


@pytest.mark.parametrize(
    "text",
    [
        "这是啥病",
        "这是什么虫",
        "看看这个咋回事",
        "咋办",
        "有救吗",
        "what disease is this",
        "两天了",
    ],
)
def test_a_question_saying_nothing_of_the_photo_needs_details(text: str) -> None:
    # FarmHub cannot see the photo: the farmer is asked the crop and what they see.
    assert photo_captions.needs_details(text)


@pytest.mark.parametrize(
    "text", ["俺家苞米叶子发黄", "叶子发黄两天了", "这是俺家蒜叶子 发黄尖干", "my corn leaves"]
)
def test_a_caption_naming_the_crop_or_the_signs_is_enough(text: str) -> None:
    assert not photo_captions.needs_details(text)


def _context() -> Any:
    return SimpleNamespace(user_data={})


@pytest.mark.parametrize(("minutes", "caption"), [(1, True), (9, True), (11, False), (20, False)])
def test_a_caption_comes_within_a_short_time_of_the_photo(
    clock: PinnedClock, minutes: int, caption: bool
) -> None:
    context = _context()
    farmer = User(telegram_id=10001, name="张大爷", role=Role.farmer)
    just_asked.shown(cast(Update, SimpleNamespace(update_id=7)), context, 42)
    clock.advance(timedelta(minutes=minutes))
    assert photo_words.just_after_photo(context, farmer) is caption
    # Staff's words are never a farmer's caption.
    staff = User(telegram_id=20001, name="李站长", role=Role.staff)
    assert not photo_words.just_after_photo(context, staff)


def test_no_photo_no_caption() -> None:
    farmer = User(telegram_id=10001, name="张大爷", role=Role.farmer)
    assert not photo_words.just_after_photo(_context(), farmer)
