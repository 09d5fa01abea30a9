"""A one-line booking naming its station at the end, with or without 到, by name, short name or
code (明天上午送500斤西红柿到圣城邮政, …500斤西红柿 圣城邮政, …到SG01, …500斤玉米洛城供销社): the
named station is used when it is one of the county's; an unknown name is asked about as before
(handlers/bookings/flow.py). The clock is pinned (tests/conftest.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from bot.core.db import session_scope
from bot.models.users import User
from bot.sandbox.harness import Harness
from tests.e2e.county import load_county

pytestmark = pytest.mark.e2e

SHENGCHENG = "圣城街道邮政便民服务站"
LUOCHENG = "洛城供销社收购站"


async def _farmer(harness: Harness, lang: str):  # type: ignore[no-untyped-def]
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    async with session_scope() as session:
        values = {"language": lang, "language_chosen": True}
        await session.execute(update(User).where(User.telegram_id == 10001).values(values))
    return farmer


@pytest.mark.parametrize(
    ("lang", "sentence", "station"),
    [
        ("zh", "明天上午送500斤西红柿到圣城邮政", SHENGCHENG),
        ("zh", "明天上午送500斤西红柿 圣城邮政", SHENGCHENG),
        ("zh", "明天上午送500斤西红柿到SG01", SHENGCHENG),
        ("zh", "明天上午送500斤玉米 洛城供销社", LUOCHENG),
        ("zh", "明天上午500斤玉米送洛城供销社", LUOCHENG),
        ("en", "bring 500 jin corn tomorrow morning to SG04", LUOCHENG),
        ("en", "deliver 500 jin tomatoes to sg01 tomorrow morning", SHENGCHENG),
    ],
)
async def test_the_station_named_is_used(
    harness: Harness, lang: str, sentence: str, station: str
) -> None:
    farmer = await _farmer(harness, lang)
    said = await farmer.send(sentence)
    text = said.last.content
    assert "送到哪个服务站" not in text and "which station" not in text.lower(), text
    assert "发送我的位置" not in text and "send my location" not in text.lower(), text
    for _ in range(2):
        if "确认" in text or "confirm" in text.lower():
            break
        await farmer.press(farmer.last.buttons[0])
        text = farmer.last.content
    assert station in text, text


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [("zh", "明天上午送500斤西红柿 火星站"), ("en", "bring 500 jin corn tomorrow morning to SG99")],
)
async def test_an_unknown_station_is_asked_about(
    harness: Harness, lang: str, sentence: str
) -> None:
    farmer = await _farmer(harness, lang)
    said = await farmer.send(sentence)
    text = said.last.content
    assert "确认" not in text and "confirm" not in text.lower(), text
