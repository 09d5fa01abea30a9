"""Cantonese a Guangxi farmer types without a marker, and the words a marked message
still lacked (blind test): days (听日, 后日, 上昼), 唔 before a verb, 喇, 话我知, chatter
(多谢晒, 食咗饭未, 今日落雨冇), 冇人 and the "what to do" endings (样搞, 点算, 咋个搞)."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.text.cantonese import as_mandarin
from knowledge.text.dates import parse_day, parse_part
from knowledge.text.intent import Kind, classify
from knowledge.text.normalise import normalise

WEDNESDAY = date(2026, 6, 10)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        # Days and parts of the day, read with no Cantonese particle around them.
        ("听日送西红柿", "明天送西红柿"),
        ("我想明天上昼送两千斤西红柿", "我想明天上午送两千斤西红柿"),
        ("寻日上昼", "昨天上午"),
        ("琴日下昼", "昨天下午"),
        ("今日晏昼", "今天中午"),
        # 后日 where a day is expected: before sending, a part of the day, or alone.
        ("我想后日送两千斤西红柿", "我想后天送两千斤西红柿"),
        ("大后日上昼拉过去", "大后天上午拉过去"),
        ("后日", "后天"),
        ("就后日吧", "就后天吧"),
        # Not for sale any more: 唔 before a verb is 不, a final 喇 is 了.
        ("我嘅芒果唔卖喇", "我的芒果不卖了"),
        ("佢哋唔收", "他们不收"),
        ("唔好落药", "唔好施药"),  # 唔好 stays: "don't" as well as "not good"
        # Tell me (an alert's ending).
        ("芒果超过4蚊一斤就话我知", "芒果超过4元一斤就告诉我"),
        ("芒果过咗4蚊话俾我知", "芒果过了4元告诉我"),
        ("芒果超过4蚊同我讲", "芒果超过4元告诉我"),
        # Chatter.
        ("多谢晒", "谢谢"),
        ("唔该晒", "谢谢"),
        ("食咗饭未", "吃饭了吗"),
        ("今日落雨冇", "今天下雨没有"),
        # Nobody buys; what to do.
        ("冇人收我嘅芒果点算", "没人收我的芒果怎么办"),
        ("芒果叶子发黄样搞", "芒果叶子发黄怎么办"),
        ("芒果叶子发黄咋个搞呢", "芒果叶子发黄怎么办呢"),
        ("芒果叶子发黄咋搞", "芒果叶子发黄怎么办"),
        ("禾叶黄咗点搞", "禾叶黄了怎么办"),
    ],
)
def test_cantonese_read_as_mandarin(typed: str, read: str) -> None:
    assert as_mandarin(typed) == read


@pytest.mark.parametrize(
    "text",
    [
        "以备后日之需",  # 后日 in Mandarin prose: days to come
        "这样搞行不行",  # 样搞 inside 这样搞, not at the end
        "那样搞不好",
        "点算库存要多久",  # 点算 (to count) not at the end
        "明天10点算",  # ten o'clock
        "快点搞",  # hurry up
        "这块地要重点搞",
        "照样搞",
        "唔，好的",  # the Mandarin "hmm"
        "冇得",  # asking's scaffold stays for search
    ],
)
def test_mandarin_and_scaffold_are_kept(text: str) -> None:
    assert as_mandarin(text) == text


@pytest.mark.parametrize(
    ("typed", "day"),
    [("听日", date(2026, 6, 11)), ("后日", date(2026, 6, 12)), ("我想后日送", date(2026, 6, 12))],
)
def test_a_cantonese_day_is_the_day(typed: str, day: date) -> None:
    assert parse_day(typed, WEDNESDAY) == day


@pytest.mark.parametrize(("typed", "part"), [("上昼", "am"), ("听日下昼", "pm")])
def test_a_cantonese_part_of_the_day(typed: str, part: str) -> None:
    assert parse_part(typed) == part


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("听日送西红柿", Kind.booking),
        ("我想后日送两千斤西红柿", Kind.booking),
        ("我想听日送芒果去站度", Kind.booking),
        ("我嘅芒果唔卖喇", Kind.my_offers),
        ("芒果超过4蚊一斤就话我知", Kind.subscribe),
        ("芒果过咗4蚊话我知", Kind.subscribe),
        ("多谢晒", Kind.thanks),
        ("食咗饭未", Kind.greeting),
        ("今日落雨冇", Kind.chatter),
        ("冇人收我嘅芒果点算", Kind.demand),
    ],
)
def test_what_a_cantonese_message_asks(typed: str, kind: Kind) -> None:
    assert classify(typed).kind is kind


def test_an_ending_searches_as_zenmeban() -> None:
    question = "芒果果子上有黑色的烂斑"
    for ending in ("样搞", "点算", "点搞", "咋搞", "咋个搞"):
        assert normalise(question + ending) == normalise(question + "怎么办")
    # 斑点样搞 reads as 烂斑 怎么办 (点样搞 is "how to do"), as the search wants it.
    assert normalise("芒果果子上有黑色的烂斑点样搞") == normalise(question + "怎么办")
