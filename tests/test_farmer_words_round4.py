"""A blind tester's round as a farmer in a northwest county: price alerts said in everyday
words (洋芋到一块了叫我), keys mashed that switched a Chinese farmer to English, and the
dialect's parts of the day (后晌, 前晌, 晌午, 擦黑) at a booking's round step."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.alerts.parsing import read_request
from bot.models.alerts import AlertKind
from knowledge.text.dates import said_day
from knowledge.text.intent import Kind, classify
from knowledge.text.language import knows_english, written_in

DAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("text", "products", "kind", "line"),
    [
        ("洋芋涨到一块钱给我说一声", ("土豆",), AlertKind.above, 1.0),
        ("洋芋到一块了叫我", ("土豆",), AlertKind.above, 1.0),
        ("土豆价格过一块告诉我", ("土豆",), AlertKind.above, 1.0),
        ("大蒜跌到两块喊我一声", ("大蒜",), AlertKind.below, 2.0),
        ("到了三块给我打个招呼", (), AlertKind.above, 3.0),
        ("土豆超过两块吱一声", ("土豆",), AlertKind.above, 2.0),
        ("大蒜破三块通知俺", ("大蒜",), AlertKind.above, 3.0),
        ("洋芋上了一块五知会我", ("土豆",), AlertKind.above, 1.5),
        ("大蒜到三块给我发个消息", ("大蒜",), AlertKind.above, 3.0),
        ("洋芋到一块二毛了喊俺", ("土豆",), AlertKind.above, 1.2),
        ("苹果到5块钱告诉我", ("苹果",), AlertKind.above, 5.0),
        ("give me a shout when garlic hits 3 yuan", ("大蒜",), AlertKind.above, 3.0),
        ("when potatoes reach 2 yuan ping me", ("土豆",), AlertKind.above, 2.0),
    ],
)
def test_a_price_line_in_everyday_words_is_an_alert(
    text: str, products: tuple[str, ...], kind: AlertKind, line: float
) -> None:
    intent = classify(text)
    assert (intent.kind, intent.products) == (Kind.subscribe, products)
    request = read_request(text, time(7))
    assert (request.kind, request.threshold) == (kind, line)


@pytest.mark.parametrize(
    "text", ["土豆价格过一块了吗", "洋芋到一块了没有", "到时候叫我", "大蒜三块钱", "羊肉多少钱"]
)
def test_a_question_about_the_price_is_no_alert(text: str) -> None:
    assert classify(text).kind is not Kind.subscribe


@pytest.mark.parametrize(
    "text", ["asdkjh qwe", "xkcd blorp", "qwe", "asdkjh", "。。。", "...", "blah blah", "lol"]
)
def test_gibberish_and_punctuation_say_no_language(text: str) -> None:
    assert written_in(text) is None


@pytest.mark.parametrize(
    "text",
    ["my cow is sick", "tomatoe prise", "sheep for sale", "where can i sell my lambs", "help"],
)
def test_real_english_even_misspelt_is_english(text: str) -> None:
    assert written_in(text) == "en"


def test_one_letter_off_only_for_longer_words() -> None:
    assert knows_english("prise") and knows_english("coughs")
    assert not knows_english("qwe") and not knows_english("zat")


@pytest.mark.parametrize(
    ("text", "part", "at"),
    [
        ("后晌", "pm", None),
        ("下晌", "pm", None),
        ("晌午后", "pm", None),
        ("前晌", "am", None),
        ("上晌", "am", None),
        ("头晌", "am", None),
        ("傍黑", "pm", None),
        ("擦黑", "pm", None),
        ("晌午", "pm", time(12, 0)),
        ("中午", "pm", time(12, 0)),
        ("后晌3点", "pm", time(15, 0)),
        ("晌午1点", "pm", time(13, 0)),
        ("前晌9点", "am", time(9, 0)),
        ("in the evening", "pm", None),
        ("at noon", "pm", time(12, 0)),
    ],
)
def test_dialect_parts_of_the_day(text: str, part: str, at: time | None) -> None:
    said = said_day(text, DAY)
    assert (said.part, said.at) == (part, at)


def test_a_day_with_a_dialect_part() -> None:
    said = said_day("明天后晌", DAY)
    assert (said.day, said.part) == (date(2026, 12, 7), "pm")
