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


# Testers playing Heilongjiang farmers: 嘎哈呢, 今天贼冷 and 你是机器人不 were offered to the station.
@pytest.mark.parametrize(
    ("text", "topic"),
    [
        # Idle talk: "what are you up to?" in the north's words and others'.
        ("嘎哈呢", "idle"),
        ("你嘎哈呢", "idle"),
        ("干啥呢你", "idle"),
        ("忙啥呢", "idle"),
        ("整啥呢", "idle"),
        ("弄啥嘞", "idle"),
        ("what are you up to", "idle"),
        # A remark on the weather, with no question.
        ("今天贼冷", "weather_talk"),
        ("今天真热", "weather_talk"),
        ("又下雨了", "weather_talk"),
        ("这天儿冷得邪乎", "weather_talk"),
        ("外头贼冷啊", "weather_talk"),
        ("冷死了", "weather_talk"),
        ("好冷啊！", "weather_talk"),
        ("今天天气真好", "weather_talk"),
        ("降温了", "weather_talk"),
        ("it's so cold today", "weather_talk"),
        ("It's raining again", "weather_talk"),
        ("what a nice day", "weather_talk"),
        # A person or a machine? Any phrasing.
        ("你是机器人不", "robot"),
        ("你是人吗", "robot"),
        ("你是真人不", "robot"),
        ("是机器人吧", "robot"),
        ("你是AI吗", "robot"),
        ("你是不是机器人", "robot"),
        ("你是真人还是机器人？", "robot"),
        ("是人还是机器", "robot"),
        ("对面是真人吗", "robot"),
        ("are you a bot", "robot"),
        ("Are you human?", "robot"),
        ("is this a robot", "robot"),
        ("are you a real person", "robot"),
        ("am I talking to a bot?", "robot"),
    ],
)
def test_idle_talk_weather_remarks_and_robot_questions_are_small_talk(
    text: str, topic: str
) -> None:
    intent = classify(text)
    assert (intent.kind, intent.extras.get("topic")) == (Kind.chatter, topic)


@pytest.mark.parametrize("text", ["在不在", "在吗", "吃了没", "吃饭了没"])
def test_northern_hellos_are_greetings(text: str) -> None:
    assert classify(text).kind is Kind.greeting


@pytest.mark.parametrize(
    "text",
    [
        # The same words with a farming question are questions.
        "今天贼冷 苞米冻了咋整",
        "天冷了羊咋喂",
        "下雨了还能打药不",
        "下霜了苞米咋整",
        "天旱了玉米咋浇水",
        "天热猪不吃食",
        "is it too cold to plant corn",
        # A person asked for, or the bot's own failing, is a question the base answers.
        "我要找真人",
        "机器人回答不了我的问题怎么办",
        "人工授粉",
    ],
)
def test_weather_and_people_words_in_a_question_are_no_small_talk(text: str) -> None:
    assert classify(text).kind is not Kind.chatter


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("好", "ok"),
        ("好的", "ok"),
        ("你是谁", "who"),
        ("今天天气怎么样", "weather"),
        ("明天下雨不", "weather"),
    ],
)
def test_the_older_small_talk_keeps_its_topic(text: str, topic: str) -> None:
    assert classify(text).extras.get("topic") == topic


@pytest.mark.parametrize(
    "text",
    [
        "明天",
        "明儿个",
        "后天下午",
        "那就明天吧",
        "明天上午10点",
        "今天10:30",
        "tomorrow",
        "tomorrow morning",
    ],
)
def test_a_day_alone_is_asked_what_for(text: str) -> None:
    intent = classify(text)
    assert (intent.kind, intent.extras.get("topic")) == (Kind.chatter, "day")


@pytest.mark.parametrize(
    "text",
    [
        "明天送货",
        "明天玉米什么价",
        "明天下雨吗",
        "明天3斤",
        "明天送500斤玉米",
        "tomorrow corn price",
    ],
)
def test_a_day_with_something_to_do_is_no_small_talk(text: str) -> None:
    assert classify(text).extras.get("topic") != "day"
