"""A booking sentence naming a station by its distinctive name, without 服务站
(我要送两千斤玉米到孙家集京东), is a booking with that station; in English, by its name in
characters or in pinyin (bring 2000 jin corn to sunjiaji jingdong tomorrow)."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from bot.core.db import session_scope
from bot.models.users import User
from bot.sandbox.harness import Harness
from tests.e2e.county import load_county
from tests.stations_util import make_station

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("lang", "sentence", "station"),
    [
        ("zh", "我要送两千斤土豆到孙家集京东", "孙家集京东服务站"),
        ("zh", "送五百斤大葱到圣城邮政", "圣城街道邮政便民服务站"),
        ("en", "bring 2000 jin potatoes to 孙家集京东服务站 tomorrow", "孙家集京东服务站"),
        (
            "en",
            "I want to bring 2000 jin potatoes tomorrow at sunjiaji jingdong",
            "孙家集京东服务站",
        ),
        ("en", "bring 500 kg onions to Shengcheng Youzheng", "圣城街道邮政便民服务站"),
    ],
)
async def test_a_station_named_without_its_kind_is_booked_at(
    harness: Harness, lang: str, sentence: str, station: str
) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    async with session_scope() as session:
        values = {"language": lang, "language_chosen": True}
        await session.execute(update(User).where(User.telegram_id == 10001).values(values))
    asked = await farmer.send(sentence)
    text = asked.last.text or ""
    assert "送到哪个服务站" not in text and "which station" not in text.lower(), text
    # The booking goes on at the station named: the next step is its day or round, and the
    # summary names it.
    for _ in range(2):
        if "确认" in text or "confirm" in text.lower():
            break
        await farmer.press(asked.last.buttons[0] if _ == 0 else farmer.last.buttons[0])
        text = farmer.last.text or ""
    assert station in text, text


async def test_the_walk_sentence_names_the_station_that_refuses_corn(harness: Harness) -> None:
    # 孙家集京东 takes no 玉米: the booking says so of the station named (it was read).
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    asked = await farmer.send("我要送两千斤玉米到孙家集京东")
    assert (asked.last.text or "").startswith("孙家集京东服务站不收玉米")


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("zh", "我要送两千斤西红柿到河口供销"),
        ("en", "bring 500 kg tomatoes to Hekou Gongxiao"),
    ],
)
async def test_a_station_added_while_the_bot_runs_is_read_in_a_sentence_seen_before(
    harness: Harness, lang: str, sentence: str
) -> None:
    # The intent of a text was cached by its text alone: a station imported while the bot
    # ran stayed unknown in any sentence already read once.
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    async with session_scope() as session:
        values = {"language": lang, "language_chosen": True}
        await session.execute(update(User).where(User.telegram_id == 10001).values(values))
    before = (await farmer.send(sentence)).texts
    assert not any("河口供销服务站" in text for text in before), before
    await farmer.send("/cancel")
    async with session_scope() as session:  # as `farmhub stations import` would
        await make_station(
            session, external_id="HK01", name="河口供销服务站", lat=36.86, lon=118.75
        )
    asked = await farmer.send(sentence)
    text = asked.last.text or ""
    assert "送到哪个服务站" not in text and "which station" not in text.lower(), text
    for _ in range(2):
        if "确认" in text or "confirm" in text.lower():
            break
        await farmer.press(farmer.last.buttons[0])
        text = farmer.last.text or ""
    assert "河口供销服务站" in text or "hekou" in text.lower(), text
