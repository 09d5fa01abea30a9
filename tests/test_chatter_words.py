"""Small talk and requests told apart from questions (sandbox walk: 你吃了吗, asdfgh and "what is
the weather tomorrow" were offered to the station; 我约的啥时候来着 was a question)."""

from __future__ import annotations

import pytest

from knowledge.text.intent import Kind, classify


@pytest.mark.parametrize(
    "text",
    [
        "吃了吗",
        "你吃了吗",
        "您吃了吗",
        "吃饭了吗",
        "吃了没有",
        "吃过了吗",
        "早饭吃了没",
        "how are you",
    ],
)
def test_how_villages_say_hello(text: str) -> None:
    assert classify(text).kind is Kind.greeting


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("asdfgh", "noise"),
        ("qwerty", "noise"),
        ("sdf sdf", "noise"),
        ("jkl", "noise"),
        ("what is the weather tomorrow", "weather"),
        ("what's the weather like today", "weather"),
        ("weather tomorrow", "weather"),
    ],
)
def test_keys_mashed_and_the_weather_in_english_are_small_talk(text: str, topic: str) -> None:
    intent = classify(text)
    assert (intent.kind, intent.extras.get("topic")) == (Kind.chatter, topic)


@pytest.mark.parametrize(
    "text", ["羊吃了没事吧", "猪吃了吗不长肉", "吃了药还拉稀", "dry rot", "fly", "tomato price"]
)
def test_questions_about_eating_and_short_english_words_are_not(text: str) -> None:
    assert classify(text).kind not in (Kind.greeting, Kind.chatter)


@pytest.mark.parametrize("text", ["我约的啥时候来着", "我约的是几号", "我们约的几点"])
def test_asking_about_ones_booking_lists_the_bookings(text: str) -> None:
    assert classify(text).kind is Kind.my_bookings


@pytest.mark.parametrize("text", ["asdkjh qwe", "xkcd blorp", "zzz"])
def test_latin_letters_neither_english_nor_pinyin_are_noise(text: str) -> None:
    # Sandbox walk: asdkjh qwe was offered to the station as a question.
    intent = classify(text)
    assert intent.kind is Kind.chatter and intent.extras["topic"] == "noise"


@pytest.mark.parametrize("text", ["ji ke sou", "tomatoe prise", "shouguang"])
def test_pinyin_and_misspelt_english_are_no_noise(text: str) -> None:
    assert classify(text).kind is not Kind.chatter
