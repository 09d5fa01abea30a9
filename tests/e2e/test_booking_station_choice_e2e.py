"""The booking's stations, as a sandbox walk found them: a station named in the sentence that
does not take the produce was dropped without a word, and a place's own station (孙家集京东,
0.2 km) missing from the list, for not taking 玉米, left 化龙镇 at 10 km unexplained.
Through the local Bot API server; the clock is pinned (tests/conftest.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.users import User
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from knowledge.text.english import name_label
from knowledge.text.lexicon import product_label
from tests.e2e.county import load_county

pytestmark = pytest.mark.e2e

SUNJIAJI = (36.7987, 118.6921)  # 孙家集村: SG06 (蔬菜 only) is 0.2 km away
SUNJIAJI_JD = "孙家集京东服务站"
HUALONG_TAOBAO = "化龙镇村淘服务站"  # takes 玉米


async def _farmer(harness: Harness, lang: str) -> SandboxUser:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    async with session_scope() as session:
        # An English reader who chose English: the station's name they type in characters
        # does not switch them back to Chinese.
        values = {"language": lang, "language_chosen": lang == "en"}
        await session.execute(update(User).where(User.telegram_id == 10001).values(values))
    return farmer


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_station_named_that_does_not_take_it_is_said(harness: Harness, lang: str) -> None:
    farmer = await _farmer(harness, lang)  # no place saved
    asked = await farmer.send(f"我要送500斤玉米到{SUNJIAJI_JD}")
    text = asked.last.text or ""
    station = name_label(lang, SUNJIAJI_JD)
    corn = product_label(lang, "玉米")
    said = t(lang, "bookings.station_refuses_near", station=station, product=corn)
    assert text.startswith(said)
    # The stations that do, nearest the one named first.
    # (An English button starts with the place in characters: 化龙镇 Hualong Zhen …)
    assert asked.last.buttons[0].startswith(HUALONG_TAOBAO[:3])
    assert not any(b.startswith(SUNJIAJI_JD[:6]) for b in asked.last.buttons)


async def test_with_a_home_the_stations_offered_are_near_it(harness: Harness) -> None:
    farmer = await _farmer(harness, "zh")
    await farmer.share_location(*SUNJIAJI)
    asked = await farmer.send("我要送两千斤苞谷到孙家集京东服务站")
    text = asked.last.text or ""
    # The word said, then the product (said-word): 苞谷（玉米）.
    refuses = t("zh", "bookings.station_refuses", station=SUNJIAJI_JD, product="苞谷（玉米）")
    assert text.startswith(refuses)
    assert asked.last.buttons[0].startswith(HUALONG_TAOBAO)
    # The station refused is said once, not again among the nearer ones left out.
    assert text.count(SUNJIAJI_JD) == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_nearer_stations_left_out_are_said(harness: Harness, lang: str) -> None:
    farmer = await _farmer(harness, lang)
    await farmer.send("预约收货" if lang == "zh" else "book a pickup")
    await farmer.send("玉米" if lang == "zh" else "corn")
    await farmer.send("500斤" if lang == "zh" else "500 jin")
    asked = await farmer.send("孙家急")  # 孙家集, mistyped
    text = asked.texts[-1] if asked.texts else ""
    first = t(lang, "bookings.skipped_station", name=name_label(lang, SUNJIAJI_JD), km="0.2")
    assert first in text
    assert t(lang, "bookings.stations_skipped", stations="", product="")[:3] in text
    # (An English button starts with the place in characters: 化龙镇 Hualong Zhen …)
    assert asked.last.buttons[0].startswith(HUALONG_TAOBAO[:3])


async def test_nothing_is_said_when_the_nearest_takes_it(harness: Harness) -> None:
    farmer = await _farmer(harness, "zh")
    await farmer.share_location(*SUNJIAJI)
    await farmer.send("预约收货")
    await farmer.send("黄瓜")
    asked = await farmer.send("500斤")
    assert "不收" not in (asked.last.text or "")
    assert SUNJIAJI_JD in asked.last.buttons[0]
