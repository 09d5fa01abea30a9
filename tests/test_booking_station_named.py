"""A booking sentence naming a known station without 服务站 (送两千斤玉米到孙家集京东), and an
English one naming it in characters or pinyin (… to 孙家集京东服务站 tomorrow, … at sunjiaji
jingdong): the sentence is a booking and its station is read."""

from __future__ import annotations

import pytest

from knowledge.text.intent import Kind, classify
from knowledge.text.normalise import normalise
from knowledge.text.pickup import station_words

# A county's stations by their distinctive names, as the catalogue reads them.
KNOWN = ("孙家集京东", "圣城邮政", "圣城街道邮政", "sunjiaji jingdong", "shengcheng youzheng")


def _names_station(words: str) -> bool:
    return any(known in words or words in known for known in KNOWN) and len(words) >= 4


@pytest.mark.parametrize(
    "text",
    [
        "我要送两千斤玉米到孙家集京东",
        "送五百斤大葱到圣城邮政",
        "拉三百斤土豆到圣城邮政去",
        "我家的苹果送到孙家集京东吧",
        "I want to bring 2000 jin corn to sunjiaji jingdong",
        "deliver 500 kg potatoes at shengcheng youzheng",
    ],
)
def test_carried_to_a_known_station_is_a_booking(text: str) -> None:
    assert classify(text, names_station=_names_station).kind is Kind.booking
    # Without knowing the stations, nothing says it is one.
    assert classify(text).kind is not Kind.booking


@pytest.mark.parametrize(
    "text",
    [
        "我要送两千斤玉米到寿光",  # a town, no station
        "送两千斤玉米到孙家集京东要多少钱",  # a question about the fee
        "送两千斤玉米到孙家集京东吗",  # a yes/no question without a day
        "孙家集京东在哪",  # no produce carried
    ],
)
def test_not_a_booking_for_a_station_named(text: str) -> None:
    assert classify(text, names_station=_names_station).kind is not Kind.booking


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("bring 2000 jin corn to 孙家集京东服务站 tomorrow", "孙家集京东服务站"),
        ("bring 2000 jin corn tomorrow at sunjiaji jingdong", "sunjiaji jingdong"),
        ("I want to bring 2000 jin corn to sunjiaji jingdong tomorrow", "sunjiaji jingdong"),
        ("bring corn to shengcheng youzheng at 8am please", "shengcheng youzheng"),
        ("I want to sell 300 kg apples at Shengcheng Youzheng on Friday", "shengcheng youzheng"),
        ("I want to bring corn to the station tomorrow", None),
        ("bring corn to your service station at 8am", None),
        ("I want to bring 200 kg potatoes tomorrow", None),
        ("bring 200 kg potatoes to you tomorrow", None),
    ],
)
def test_the_station_an_english_sentence_names(text: str, words: str | None) -> None:
    assert station_words(normalise(text)) == words
