"""Booking problems a blind sandbox walk found, through the local Bot API server.

A township typed without 镇 at the place question (稻田) was taken for a question
about rice paddies; the two-a-day limit was only checked at the ✅, leaving the farmer
stuck; a repeated 🚚 预约收货 threw the draft away; -5斤 became 5斤. The clock is
pinned (tests/conftest.py): Wednesday 10 June 2026, 10:00 in Shanghai.
"""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from knowledge.kb.entries import read_shipped
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine
from knowledge.text.english import name_label
from tests.e2e.county import load_county

pytestmark = pytest.mark.e2e


async def _with_rice_answers(harness: Harness) -> None:
    """The county, and the base's entries on rice (so 稻田 alone has an answer)."""
    await load_county(harness)
    async with session_scope() as session:
        rice = [e for e in read_shipped() if "稻" in e.question + e.answer]
        await upsert_entries(session, rice, engine(), by="test")


async def _english(farmer: SandboxUser) -> None:
    await farmer.send("/language")
    await farmer.press("English")


# --- 1. a township typed without 镇 at the place question -------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_township_without_its_ending_is_the_place_asked_for(
    harness: Harness, lang: str
) -> None:
    await _with_rice_answers(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    if lang == "en":
        await _english(farmer)
    asked = await farmer.send("我想明天送两千斤洋芋到站里")
    assert asked.last.text == t(lang, "bookings.ask_station_place")
    found = await farmer.send("稻田")
    assert t(lang, "bookings.left") not in found.texts
    place = name_label(lang, "稻田镇")
    assert found.texts[0] == t(lang, "stations.place_remembered", place=place)
    assert found.last.buttons[0].startswith("稻田镇村淘服务站")


async def test_a_township_without_its_ending_answers_the_station_search(harness: Harness) -> None:
    await _with_rice_answers(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    await farmer.send("服务站在哪")
    found = await farmer.send("稻田")
    assert t("zh", "stations.left") not in found.texts
    assert found.texts[0].startswith("离稻田镇最近的服务站：")
    # Elsewhere 稻田 is still about rice paddies.
    rice = await farmer.send("稻田")
    assert "离稻田镇最近的服务站" not in (rice.last.text or "")
