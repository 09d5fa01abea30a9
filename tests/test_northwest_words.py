"""The Gansu (定西) blind walk's words, read as a rule for any county: 收购标准 asks the base,
a kind of produce is no missing product, 阿达 / 哪搭 is 哪里, 嫑 is 不要, 谝闲传 颇烦 攒劲 么麻达
are small talk, and staff 今天收了多少 asks the day's collections."""

from __future__ import annotations

import pytest

from bot.markets.demand import unknown_produce
from knowledge.text.cancelling import read_cancel, says_cancel
from knowledge.text.dialect import plain_words
from knowledge.text.intent import Kind, classify
from knowledge.text.lexicon import lexicon
from knowledge.text.staff_words import StaffAsk, staff_words


@pytest.mark.parametrize(
    "text",
    [
        "中药材收购有什么标准",
        "土豆收购标准",
        "玉米收购要求",
        "收购的规矩",
        "收购有啥要求",
        "苹果收购有哪些要求",
        "what are the buying standards for potatoes",
    ],
)
def test_what_buying_asks_of_the_produce_is_for_the_base(text: str) -> None:
    assert classify(text).kind is Kind.knowledge


@pytest.mark.parametrize(
    "text", ["哪里收土豆", "谁在收购", "收购", "哪里收土豆 要求高不高", "who buys potatoes"]
)
def test_who_buys_is_still_the_buyers(text: str) -> None:
    assert classify(text).kind is Kind.demand


@pytest.mark.parametrize(
    "text", ["哪里收中药材", "谁收蔬菜", "收购水果", "哪里收粮食", "阿达收药材"]
)
def test_a_kind_of_produce_is_no_missing_product(text: str) -> None:
    assert unknown_produce(text) == ""


def test_a_produce_nobody_knows_is_still_said() -> None:
    assert unknown_produce("哪里收沙棘") == "沙棘"
    assert unknown_produce("阿达收沙棘") == "沙棘"
    assert lexicon().is_category("蔬菜") and not lexicon().is_category("土豆")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("阿达收洋芋", Kind.demand),
        ("洋芋阿达收", Kind.demand),
        ("阿达能卖洋芋", Kind.demand),
        ("哪搭收洋芋", Kind.demand),
        ("洋芋哪达卖", Kind.demand),
        ("离我最近的服务站在哪搭", Kind.station),
    ],
)
def test_adá_is_where(text: str, kind: Kind) -> None:
    intent = classify(text)
    assert intent.kind is kind
    assert "哪里" in intent.text


def test_adá_after_a_person_is_the_father() -> None:
    assert plain_words("我阿达病了") == "我阿达病了"
    assert plain_words("阿达收洋芋") == "哪里收洋芋"


@pytest.mark.parametrize("text", ["明天的洋芋嫑拉了", "明天嫑来了", "土豆嫑送了"])
def test_biáo_is_dont_in_a_cancel(text: str) -> None:
    plain = text.replace("嫑", "不")
    assert says_cancel(text) is True
    assert read_cancel(text) == read_cancel(plain)
    assert says_cancel(classify(text).text) is True


@pytest.mark.parametrize("text", ["嫑来了", "嫑送了"])
def test_biáo_alone_reads_as_its_plain_words(text: str) -> None:
    # A bare 不来了 names no booking: the step's, or a day's when the farmer has one.
    assert read_cancel(text) == read_cancel(text.replace("嫑", "不"))


def test_biáo_in_a_question_is_no_cancel() -> None:
    assert says_cancel("嫑发芽咋弄") is False


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("谝闲传", "chat"),
        ("谝一会", "chat"),
        ("咱谝一会儿", "chat"),
        ("颇烦得很", "annoyed"),
        ("颇烦", "annoyed"),
        ("唉 心里颇烦", "annoyed"),
        ("so annoyed", "annoyed"),
        ("攒劲", "praise"),
        ("攒劲得很", "praise"),
        ("么麻达", "ok"),
        ("没麻达", "ok"),
        ("没啥麻达", "ok"),
    ],
)
def test_northwest_small_talk(text: str, topic: str) -> None:
    intent = classify(text)
    assert intent.kind is Kind.chatter
    assert intent.extras["topic"] == topic


@pytest.mark.parametrize("text", ["打多了有麻达没", "天天发价格烦死了咋关", "攒劲吗"])
def test_questions_with_those_words_stay_questions(text: str) -> None:
    assert classify(text).kind is not Kind.chatter


@pytest.mark.parametrize(
    "text",
    [
        "今天收了多少",
        "今天收了几单",
        "今天收了多少斤",
        "今天一共收了多少货",
        "今天收了多少了？",
        "how much did we collect today",
    ],
)
def test_staff_ask_the_days_collections(text: str) -> None:
    said = staff_words(text)
    assert said is not None and said.ask is StaffAsk.collected


@pytest.mark.parametrize("text", ["今天收多少钱", "今天有啥事", "今天有几单", "明天收了多少"])
def test_other_staff_words_are_no_collections(text: str) -> None:
    said = staff_words(text)
    assert said is None or said.ask is not StaffAsk.collected
