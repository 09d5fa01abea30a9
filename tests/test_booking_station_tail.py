"""A booking sentence naming its station at the end without 到 (明天上午送500斤玉米 圣城邮政,
…500斤玉米洛城供销社, …to SG04): the words there are read (knowledge.text.pickup.station_tail)
and the sentence is a booking when they name a known station."""

from __future__ import annotations

import pytest

from knowledge.text.intent import Kind, classify
from knowledge.text.lexicon import lexicon
from knowledge.text.normalise import normalise
from knowledge.text.pickup import station_tail

# The county's stations by their distinctive names, as the catalogue reads them.
KNOWN = ("洛城供销社", "圣城邮政")


def _names_station(words: str) -> bool:
    return any(known in words or words in known for known in KNOWN) and len(words) >= 4


def _tail(text: str) -> str | None:
    norm = normalise(text)
    return station_tail(norm, lexicon().mentions(norm, "product"))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("明天上午送500斤西红柿 圣城邮政", "圣城邮政"),
        ("明天上午送500斤玉米洛城供销社", "洛城供销社"),
        ("明天上午送500斤玉米 洛城供销社吧", "洛城供销社"),
        ("明天上午500斤玉米送洛城供销社", "洛城供销社"),
        ("明天送500斤玉米 SG04", "sg04"),
        ("bring 500 jin corn tomorrow SG04", "sg04"),
    ],
)
def test_the_words_after_the_produce(text: str, words: str) -> None:
    assert _tail(text) == words


@pytest.mark.parametrize("text", ["明天上午送500斤玉米", "送500斤玉米 明天上午", "送500斤玉米过去"])
def test_no_station_at_the_end(text: str) -> None:
    assert _tail(text) is None


@pytest.mark.parametrize(
    "text", ["明天上午500斤玉米送洛城供销社", "明天上午送500斤西红柿 圣城邮政"]
)
def test_such_a_sentence_is_a_booking(text: str) -> None:
    assert classify(text, names_station=_names_station).kind is Kind.booking


@pytest.mark.parametrize(
    "text", ["明天上午500斤玉米送洛城供销社要多少钱", "500斤玉米送洛城供销社吗"]
)
def test_a_question_about_it_is_none(text: str) -> None:
    assert classify(text, names_station=_names_station).kind is not Kind.booking
