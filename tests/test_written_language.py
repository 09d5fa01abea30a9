"""Which language a message is written in, and typed requests for a language (walk: an
English-only farmer could not get English)."""

from __future__ import annotations

import pytest

from knowledge.text.intent import Kind, classify
from knowledge.text.language import language_wish, written_in


@pytest.mark.parametrize(
    "text",
    [
        "hi",
        "Hello",
        "potato price",
        "Potato price today?",
        "how much are tomatoes",
        "my goats keep coughing at night",
        "I have 1000 jin of corn to sell",
        "ok",
        "thanks!",
        "tomato",
    ],
)
def test_english_messages(text: str) -> None:
    assert written_in(text) == "en"


@pytest.mark.parametrize(
    "text",
    [
        "yangyu duoshao qian",
        "xihongshi jiage",
        "tudou duoshao qian yi jin",
        "yumi yezi fahuang zenmeban",
        "土豆多少钱",
        "tomato 多少钱",
    ],
)
def test_chinese_and_pinyin_messages(text: str) -> None:
    assert written_in(text) == "zh"


@pytest.mark.parametrize("text", ["👍", "123", "/start", "DAP", "asdfgh", "a", "hao", "？", ""])
def test_messages_that_say_no_language(text: str) -> None:
    assert written_in(text) is None


@pytest.mark.parametrize(
    ("text", "wish"),
    [
        ("English please", "en"),
        ("english", "en"),
        ("hello, do you speak english?", "en"),
        ("Can you reply in English pls", "en"),
        ("speak english", "en"),
        ("switch language to English", "en"),
        ("I don't understand Chinese", "en"),
        ("Chinese please", "zh"),
        ("change language", "any"),
        ("Change the language please", "any"),
        ("language", "any"),
        ("说英文", "en"),
        ("换成英文吧", "en"),
        ("我要用英语", "en"),
        ("说中文", "zh"),
        ("中文", "zh"),
        ("切换语言", "any"),
        ("换个语言", "any"),
    ],
)
def test_language_requests(text: str, wish: str) -> None:
    assert language_wish(text) == wish


@pytest.mark.parametrize(
    "text",
    [
        "english name of potato",
        "potato price",
        "price in chinese markets",
        "土豆的英文名",
        "中文名叫什么",
        "hi",
    ],
)
def test_not_language_requests(text: str) -> None:
    assert language_wish(text) is None


@pytest.mark.parametrize("text", ["👍", "👌", "🙏", "😀", "👍🏻", "❤️", "🤣🤣"])
def test_an_emoji_alone_is_a_nod(text: str) -> None:
    intent = classify(text)
    assert intent.kind is Kind.chatter and intent.extras["topic"] == "emoji"


@pytest.mark.parametrize("text", ["？", "...", "!!"])
def test_punctuation_alone_is_still_noise(text: str) -> None:
    assert classify(text).extras["topic"] == "noise"


@pytest.mark.parametrize(
    "said",
    [
        "我不会英语 换成中文",
        "算了 还是说中文吧",
        "看不懂英文",
        "我看不懂英语",
        "换回中文",
        "还是用中文吧",
    ],
)
def test_giving_up_on_english_in_a_sentence_asks_for_chinese(said: str) -> None:
    assert language_wish(said) == "zh"


@pytest.mark.parametrize(
    ("said", "wish"),
    [
        ("切换中文", "zh"),
        ("换成中文", "zh"),
        ("切换英文", "en"),
        ("换成英文", "en"),
        ("切到英文", "en"),
        ("请切换一下中文", "zh"),
        ("switch to Chinese", "zh"),
        ("switch to English please", "en"),
    ],
)
def test_switching_to_a_named_language(said: str, wish: str) -> None:
    assert language_wish(said) == wish


@pytest.mark.parametrize(
    "said",
    [
        "切换",
        "切换一下",
        "切换站点",
        "切换服务站",
        "切换中文输入法",
        "手机怎么切换中文",
        "怎么切换",
    ],
)
def test_switching_something_else_is_no_language_wish(said: str) -> None:
    assert language_wish(said) is None


@pytest.mark.parametrize("said", ["我不会种西红柿", "西红柿中文怎么说", "英文名字叫啥"])
def test_other_sentences_with_language_words_are_no_wish(said: str) -> None:
    assert language_wish(said) is None


@pytest.mark.parametrize("text", ["Daotian", "Sunjiaji", "Sunjiaji Jingdong", "Shouguang?"])
def test_pinyin_written_as_names_says_no_language(text: str) -> None:
    # Blind walk: an English volunteer typing a village's pinyin was switched to Chinese.
    assert written_in(text) is None


def test_pinyin_in_small_letters_is_still_chinese() -> None:
    assert written_in("xihongshi jiage") == "zh"
