"""Station buttons in English name the station in pinyin (sandbox walk: the English station
picker showed Chinese names only), cut to fit a phone's button; Chinese ones are unchanged."""

from __future__ import annotations

import pytest

from bot.sandbox.harness import Harness
from handlers.render.stations import BUTTON_COLUMNS, HALF_BUTTON_COLUMNS
from knowledge.text.english import width
from tests.e2e.county import load_county

pytestmark = pytest.mark.e2e

SUNJIAJI = (36.80, 118.66)


async def test_english_station_buttons_have_pinyin(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "Tom")
    await farmer.send("/language")
    await farmer.press("English")
    found = await farmer.share_location(*SUNJIAJI)
    buttons = [b for m in found for b in m.buttons]
    assert any("Sunjiaji" in b for b in buttons), buttons
    for label in buttons:
        assert width(label) <= HALF_BUTTON_COLUMNS + 12, label  # "🚚 Book at " and the name
    booking = await farmer.send("book a pickup")
    await farmer.press(booking.last.buttons[0])  # a product
    asked = await farmer.send("500 jin")
    stations = [b for b in asked.last.buttons if "km" in b]
    assert stations and all(any(c.isascii() and c.isalpha() for c in b) for b in stations)
    assert all(width(b) <= BUTTON_COLUMNS + 16 for b in stations), stations


async def test_chinese_station_buttons_keep_their_names(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    found = await farmer.share_location(*SUNJIAJI)
    buttons = [b for m in found for b in m.buttons]
    assert any("孙家集京东服务站" in b for b in buttons), buttons
    assert not any("Sunjiaji" in b for b in buttons)
