"""Small talk end to end: a friendly word and the menu, never the offer to forward (issue 12)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models import OpenQuestion
from bot.sandbox.harness import Harness
from bot.users import Visitor, touch
from knowledge.kb.entries import Entry
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine

ENTRIES = [
    Entry(
        "app-1", "在 FarmHub 里怎么问问题", "直接打字问就行。", ["机器人 怎么用"], ["提问"], "help"
    ),
    Entry("pest-1", "西红柿叶子发黄怎么办", "下部老叶均匀发黄多为缺氮。", [], ["西红柿"], "pests"),
]


@pytest.fixture
async def base(harness: Harness) -> Harness:
    """The harness with a tiny knowledge base and a farmer bound to station 1."""
    async with session_scope() as session:
        await upsert_entries(session, ENTRIES, engine(), by="test")
        farmer, _ = await touch(session, Visitor(10001, "张大爷"))
        farmer.station_id = 1
    return harness


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("你是谁", "who"),
        ("给我讲个笑话", "joke"),
        ("今天天气怎么样", "weather"),
        ("？", "noise"),
        ("1", "noise"),
        ("🤣🤣", "emoji"),
        ("哈哈哈", "laugh"),
        # In the regions' words, with the particles farmers end on.
        ("搞么子", "idle"),
        ("弄啥嘞", "idle"),
        ("要得", "ok"),
        ("好嘞", "ok"),
        # A bare "what now?" with no forwarded question: asked to say what happened.
        ("咋办", "vague"),
        ("这可咋个整", "vague"),
        # A day alone, outside any booking (sandbox walk: 明天 was 答不上来, then forwarded).
        ("明天", "day"),
        ("后天下午三点吧", "day"),
        # Keys mashed at random: nothing to forward (sandbox walk: offered to the station).
        ("asdfgh", "noise"),
        ("sdf jkl", "noise"),
    ],
)
async def test_chatter_gets_a_friendly_word_and_the_menu(
    base: Harness, text: str, topic: str
) -> None:
    farmer = base.user(10001, "张大爷")
    replies = await farmer.send(text)
    assert replies.texts == [t("zh", f"kb.chatter.{topic}")]
    assert t("zh", "kb.ask_station_button") not in replies.last.buttons
    assert farmer.keyboard[0] == t("zh", "menu.prices")
    # Nothing was recorded for the station to answer.
    async with session_scope() as session:
        assert await session.scalar(select(func.count()).select_from(OpenQuestion)) == 0


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("你好呀", "kb.greeting"),
        ("有人吗", "kb.greeting"),
        ("吃了没", "kb.greeting"),
        # Sandbox walk: 吃了吗 said another way was not taken for hello.
        ("吃了吗", "kb.greeting"),
        ("你吃了吗", "kb.greeting"),
        ("吃饭了吗", "kb.greeting"),
        ("早饭吃了没有", "kb.greeting"),
        ("谢谢啦", "kb.thanks"),
        ("多谢了", "kb.thanks"),
        ("辛苦了", "kb.thanks"),
    ],
)
async def test_greetings_and_thanks_with_their_particles(
    base: Harness, text: str, key: str
) -> None:
    farmer = base.user(10001, "张大爷")
    replies = await farmer.send(text)
    assert replies.last.text == t("zh", key, name="张大爷")
    async with session_scope() as session:
        assert await session.scalar(select(func.count()).select_from(OpenQuestion)) == 0


async def test_chatter_in_english(base: Harness) -> None:
    farmer = base.user(10002, "John", language_code="en")
    replies = await farmer.send("who are you?")
    assert replies.last.text == t("en", "kb.chatter.who")
    assert (await farmer.send("thanks a lot!")).last.text == t("en", "kb.thanks")
    assert (await farmer.send("Good morning")).last.text == t("en", "kb.greeting", name="John")
    assert (await farmer.send("got it")).last.text == t("en", "kb.chatter.ok")
    assert (await farmer.send("what should I do?")).last.text == t("en", "kb.chatter.vague")
    assert (await farmer.send("tomorrow morning")).texts == [t("en", "kb.chatter.day")]
    # Sandbox walk: these were offered to the station.
    weather = await farmer.send("what is the weather tomorrow")
    assert weather.texts == [t("en", "kb.chatter.weather")]
    assert (await farmer.send("asdfgh")).texts == [t("en", "kb.chatter.noise")]
    assert (await farmer.send("how are you")).last.text == t("en", "kb.greeting", name="John")
    async with session_scope() as session:
        assert await session.scalar(select(func.count()).select_from(OpenQuestion)) == 0


async def test_help_typed_as_a_word_gets_the_help(base: Harness) -> None:
    farmer = base.user(10002, "John", language_code="en")
    assert (await farmer.send("help")).last.text.startswith(t("en", "help.text"))
    farmer = base.user(10003, "王大妈")
    assert (await farmer.send("怎么用")).last.text == t("zh", "help.text")


async def test_a_real_question_still_reaches_the_knowledge_base(base: Harness) -> None:
    farmer = base.user(10001, "张大爷")
    replies = await farmer.send("西红柿叶子发黄咋办")
    assert replies.last.text.startswith("📖 西红柿叶子发黄怎么办\n下部老叶")


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        # Testers playing Heilongjiang farmers: these were offered to the station.
        ("嘎哈呢", "idle"),
        ("忙啥呢", "idle"),
        ("今天贼冷", "weather_talk"),
        ("又下雨了", "weather_talk"),
        ("这天儿冷得邪乎", "weather_talk"),
        ("你是机器人不", "robot"),
        ("你是真人不", "robot"),
        ("是机器人吧", "robot"),
    ],
)
async def test_northern_idle_talk_weather_and_robot_questions(
    base: Harness, text: str, topic: str
) -> None:
    farmer = base.user(10001, "张大爷")
    replies = await farmer.send(text)
    assert replies.texts == [t("zh", f"kb.chatter.{topic}")]
    # Never an offer to forward: no button at all, the menu under it.
    assert not replies.last.buttons
    assert farmer.keyboard[0] == t("zh", "menu.prices")
    async with session_scope() as session:
        assert await session.scalar(select(func.count()).select_from(OpenQuestion)) == 0


async def test_a_robot_question_is_answered_honestly_with_the_way_to_a_person(
    base: Harness,
) -> None:
    farmer = base.user(10001, "张大爷")
    said = (await farmer.send("你是AI吗")).last.text or ""
    assert "不是真人" in said and t("zh", "kb.ask_station_button") in said
    john = base.user(10002, "John", language_code="en")
    said = (await john.send("Are you a bot?")).last.text or ""
    assert said == t("en", "kb.chatter.robot")
    assert "not a person" in said and t("en", "kb.ask_station_button") in said
    assert (await john.send("is this a robot")).texts == [t("en", "kb.chatter.robot")]
    weather = await john.send("it's so cold today")
    assert weather.texts == [t("en", "kb.chatter.weather_talk")] and not weather.last.buttons
    async with session_scope() as session:
        assert await session.scalar(select(func.count()).select_from(OpenQuestion)) == 0


@pytest.mark.parametrize("text", ["今天贼冷 苞米冻了咋整", "天冷了羊咋喂", "下雨了还能打药不"])
async def test_weather_words_in_a_real_question_still_ask(base: Harness, text: str) -> None:
    farmer = base.user(10001, "张大爷")
    replies = await farmer.send(text)
    assert replies.last.text not in {
        t("zh", f"kb.chatter.{k}") for k in ("weather_talk", "weather")
    }
    # Nothing in the tiny base answers it: the station is offered it.
    async with session_scope() as session:
        assert await session.scalar(select(func.count()).select_from(OpenQuestion)) == 1
