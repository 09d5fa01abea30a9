"""Asking about a place's stations keeps the farmer's home (blind test, 云南施甸: 姚关镇有服务站没有
answered "📌 记住了：您在姚关镇" and every distance after was from 姚关), and a place found once
is not "有好几个「姚关有服务站莫得」" with one button: through the local Bot API server."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import Station
from bot.models.users import User
from bot.sandbox.harness import Harness
from bot.stations import catalogue
from tests.e2e.county import HOME, living_by_sg01, load_county

pytestmark = pytest.mark.e2e


async def _home() -> tuple[float | None, float | None, str | None, int | None]:
    async with session_scope() as session:
        farmer = await session.get(User, 10001)
        assert farmer is not None
        return farmer.home_lat, farmer.home_lon, farmer.home_place, farmer.station_id


@pytest.mark.parametrize("asked", ["稻田镇有服务站没有", "稻田有服务站莫得", "稻田镇哪里有站"])
async def test_a_place_asked_about_lists_its_stations_and_keeps_the_home(
    harness: Harness, asked: str
) -> None:
    await living_by_sg01(harness)
    before = await _home()
    farmer = harness.user(10001, "张大爷")
    found = (await farmer.send(asked))[0].text or ""
    assert found.startswith("离稻田镇最近的服务站：")
    assert "记住了" not in found
    assert await _home() == before
    # Distances afterwards are from home again.
    plain = (await farmer.send("附近的服务站"))[0].text or ""
    assert plain.startswith("离您最近的服务站：") or plain.startswith("离圣城")
    assert "稻田镇" not in plain.split("\n")[0]


@pytest.mark.parametrize(
    "asked", ["where is the station in Daotian town", "is there a station in Daotian town"]
)
async def test_in_english_a_place_asked_about_keeps_the_home(harness: Harness, asked: str) -> None:
    await living_by_sg01(harness)
    before = await _home()
    farmer = harness.user(10001, "张大爷", language_code="en")
    await farmer.send("/language")
    await farmer.press("English")
    found = (await farmer.send(asked))[0].text or ""
    assert "稻田镇 (Daotian Zhen)" in found.split("\n")[0]
    assert t("en", "stations.home_moved", place="稻田镇 (Daotian Zhen)") not in found
    assert await _home() == before


@pytest.mark.parametrize("said", ["我在稻田镇", "我家在稻田镇，有服务站吗", "我是稻田镇的"])
async def test_saying_one_lives_there_moves_the_home(harness: Harness, said: str) -> None:
    await living_by_sg01(harness)
    farmer = harness.user(10001, "张大爷")
    found = (await farmer.send(said))[0].text or ""
    assert found.startswith("离稻田镇最近的服务站：")
    assert t("zh", "stations.home_moved", place="稻田镇") in found
    lat, lon, place, _ = await _home()
    assert (lat, lon) != HOME and place == "稻田镇"


async def test_a_farmer_with_no_home_yet_is_placed_where_asked(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10002, "李大姐")
    found = (await farmer.send("稻田镇有服务站没有"))[0].text or ""
    assert found.startswith("离稻田镇最近的服务站：")
    async with session_scope() as session:
        user = await session.get(User, 10002)
    assert user is not None and user.home_place == "稻田镇" and user.station_id is not None


async def _serve_yingli_bare() -> None:
    # A station's villages column names its township without 镇 (营里, as 施甸's 姚关): the
    # gazetteer has 营里镇 and its 营里村.
    async with session_scope() as session:
        station = await session.scalar(select(Station).where(Station.external_id == "SG09"))
        assert station is not None
        station.villages = "营里|杨庄村"
    catalogue._cache.clear()


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_township_found_once_is_answered_not_asked(harness: Harness, lang: str) -> None:
    await living_by_sg01(harness)
    await _serve_yingli_bare()
    farmer = harness.user(10001, "张大爷", language_code=lang)
    await farmer.send("/language")
    await farmer.press("English" if lang == "en" else "中文")
    asked = "营里有服务站莫得" if lang == "zh" else "营里 有服务站吗"
    found = (await farmer.send(asked))[0]
    place = "营里镇" if lang == "zh" else "营里镇 (Yingli Zhen)"
    assert place in (found.text or "").split("\n")[0]
    # Its stations, not "which one?" over a single button.
    assert "营里镇供销社服务站" in (found.text or "")
    assert all(b.startswith(("📍", "🚚")) for b in found.buttons)


async def test_several_places_are_asked_by_the_name_and_the_choice_keeps_the_home(
    harness: Harness,
) -> None:
    await living_by_sg01(harness)
    before = await _home()
    farmer = harness.user(10001, "张大爷")
    which = await farmer.send("王家庄有服务站莫得")
    assert which.last.text == t("zh", "stations.which_one", text="王家庄")
    found = await farmer.press("王家庄村（稻田镇）")
    assert (found[0].text or "").startswith("离王家庄村（稻田镇）最近的服务站：")
    assert "记住了" not in (found[0].text or "")
    assert await _home() == before
