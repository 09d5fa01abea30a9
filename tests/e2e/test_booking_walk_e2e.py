"""Booking problems a blind sandbox walk found, through the local Bot API server.

A township typed without 镇 at the place question (稻田) was taken for a question
about rice paddies; the two-a-day limit was only checked at the ✅, leaving the farmer
stuck; a repeated 🚚 预约收货 threw the draft away; -5斤 became 5斤. The clock is
pinned (tests/conftest.py): Wednesday 10 June 2026, 10:00 in Shanghai.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.bookings.model import ACTIVE
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import Booking
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from handlers.render.bookings import date_label
from knowledge.kb.entries import read_shipped
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine
from knowledge.text.english import name_label
from tests.e2e.county import direct_booking, load_county, today

pytestmark = pytest.mark.e2e


async def _with_rice_answers(harness: Harness) -> None:
    """The county, and the base's entries on rice (so 稻田 alone has an answer)."""
    await load_county(harness)
    async with session_scope() as session:
        rice = [e for e in read_shipped() if "稻" in e.question + e.answer]
        await upsert_entries(session, rice, engine(), by="test")


async def _open_bookings(farmer_id: int) -> list[Booking]:
    async with session_scope() as session:
        query = select(Booking).where(Booking.farmer_id == farmer_id, Booking.status.in_(ACTIVE))
        return list(await session.scalars(query))


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
    # The station's own place in characters, then its pinyin in English (sandbox walk).
    first = "稻田镇村淘服务站" if lang == "zh" else "稻田镇 Daotian Zhen Cuntao Fuwuzhan"
    assert found.last.buttons[0].startswith(first)


async def test_a_township_without_its_ending_answers_the_station_search(harness: Harness) -> None:
    await _with_rice_answers(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    await farmer.send("服务站在哪")
    found = await farmer.send("稻田")
    assert t("zh", "stations.left") not in found.texts
    assert found.texts[0].startswith("离稻田镇最近的服务站：")
    # Elsewhere 稻田 is still about rice paddies.
    rice = await farmer.send("稻田", within=30)  # the first search of the base is slow
    assert "离稻田镇最近的服务站" not in (rice.last.text or "")


# --- 2. the two-a-day limit, said when the day is chosen ----------------------------------------

SHENGCHENG = (36.885, 118.736)  # beside SG01, 圣城街道邮政便民服务站


async def _farmer_beside_sg01(harness: Harness, lang: str = "zh") -> SandboxUser:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    if lang == "en":
        await _english(farmer)
    await farmer.share_location(*SHENGCHENG)
    return farmer


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_day_the_farmer_has_booked_full_is_refused_when_chosen(
    harness: Harness, lang: str
) -> None:
    farmer = await _farmer_beside_sg01(harness, lang)
    tomorrow, after = today() + timedelta(days=1), today() + timedelta(days=2)
    await direct_booking(10001, "SG01", 0, day=tomorrow)
    await direct_booking(10001, "SG01", 1, day=tomorrow, product="黄瓜")
    await farmer.send("明天上午送茄子200斤")
    await farmer.press(farmer.last.buttons[0])  # ⭐ the usual station
    days = farmer.last
    label = date_label(lang, tomorrow, today())
    assert days.content.startswith(t(lang, "bookings.day_at_limit", date=label, limit=2))
    assert label not in days.buttons
    assert date_label(lang, after, today()) in days.buttons
    # The draft is kept: a day typed now is taken (it used to be "答不上来").
    slots = await farmer.send("后天" if lang == "zh" else "the day after tomorrow")
    assert slots.last.content.startswith(date_label(lang, after, today()))
    await farmer.press(slots.last.buttons[0])
    await farmer.press(t(lang, "bookings.confirm_button"))
    assert farmer.last.content.startswith("✅ 预约好了" if lang == "zh" else "✅ Booked!")
    assert len(await _open_bookings(10001)) == 3


async def test_a_day_button_of_a_day_booked_full_meanwhile_is_refused(harness: Harness) -> None:
    farmer = await _farmer_beside_sg01(harness)
    tomorrow = today() + timedelta(days=1)
    await farmer.send("/book 茄子200斤")
    await farmer.press(farmer.last.buttons[0])
    label = date_label("zh", tomorrow, today())
    await direct_booking(10001, "SG01", 0, day=tomorrow)
    await direct_booking(10001, "SG01", 1, day=tomorrow)
    await farmer.press(label)
    text = farmer.last.content
    assert text.startswith(t("zh", "bookings.refused.limit_station_day", limit=2))
    assert label not in farmer.last.buttons


async def test_a_confirmation_refused_for_the_limit_goes_back_to_the_days(
    harness: Harness,
) -> None:
    farmer = await _farmer_beside_sg01(harness)
    tomorrow = today() + timedelta(days=1)
    await farmer.send("明天上午送茄子200斤")
    await farmer.press(farmer.last.buttons[0])
    assert farmer.last.content.startswith("请确认您的预约")
    # Two bookings for that day made meanwhile (another phone, the station's staff).
    await direct_booking(10001, "SG01", 0, day=tomorrow)
    await direct_booking(10001, "SG01", 1, day=tomorrow)
    await farmer.press(t("zh", "bookings.confirm_button"))
    text = farmer.last.content
    assert text.startswith(t("zh", "bookings.refused.limit_station_day", limit=2))
    assert "哪天送过去" in text
    # Product, amount and station kept: another day books the 茄子.
    await farmer.press(date_label("zh", tomorrow + timedelta(days=2), today()))
    await farmer.press(farmer.last.buttons[0])
    await farmer.press(t("zh", "bookings.confirm_button"))
    assert "茄子 200斤" in farmer.last.content
    assert len(await _open_bookings(10001)) == 3


async def test_a_move_does_not_offer_a_day_booked_full(harness: Harness) -> None:
    farmer = await _farmer_beside_sg01(harness)
    tomorrow, later = today() + timedelta(days=1), today() + timedelta(days=3)
    await direct_booking(10001, "SG01", 0, day=tomorrow)
    await direct_booking(10001, "SG01", 1, day=tomorrow)
    third = await direct_booking(10001, "SG01", 0, day=later)
    await farmer.send("我的预约")
    await farmer.press(f"🕘 改时间 {third.code}")
    assert date_label("zh", tomorrow, today()) not in farmer.last.buttons
    # Its own day stays: another round of the same day is no extra booking.
    assert date_label("zh", later, today()) in farmer.last.buttons


async def test_a_day_typed_at_a_moves_day_step_is_the_day(harness: Harness) -> None:
    # 明天 has near entries in the base (on bookings): at the day step it is the day asked
    # for, and a full one is said so, the move going on (sandbox walk: it left the move).
    farmer = await _farmer_beside_sg01(harness)
    async with session_scope() as session:
        shipped = [e for e in read_shipped() if e.id.startswith("station-")]
        await upsert_entries(session, shipped, engine(), by="test")
    tomorrow, later = today() + timedelta(days=1), today() + timedelta(days=3)
    await direct_booking(10001, "SG01", 0, day=tomorrow)
    await direct_booking(10001, "SG01", 1, day=tomorrow)
    third = await direct_booking(10001, "SG01", 0, day=later)
    await farmer.send("我的预约")
    await farmer.press(f"🕘 改时间 {third.code}")
    typed = await farmer.send("明天", within=20)
    label = date_label("zh", tomorrow, today())
    assert typed.texts == [
        t("zh", "bookings.day_at_limit", date=label, limit=2)
        + "\n"
        + t("zh", "bookings.ask_day", station="圣城街道邮政便民服务站")
    ]
    slots = await farmer.send("后天")
    assert slots.last.content.startswith(date_label("zh", today() + timedelta(days=2), today()))


# --- 3. 🚚 预约收货 tapped again during a booking ---------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_booking_tapped_again_carries_on_with_a_way_to_start_over(
    harness: Harness, lang: str
) -> None:
    farmer = await _farmer_beside_sg01(harness, lang)
    await farmer.press(t(lang, "menu.booking"))
    await farmer.send("土豆" if lang == "zh" else "potatoes")
    stations = await farmer.send("500斤")
    asked = stations.last.content
    again = await farmer.press(t(lang, "menu.booking"))
    assert again.texts == [t(lang, "bookings.carry_on"), asked]
    assert again[0].buttons == [t(lang, "bookings.restart_button")]
    # /book too, and the draft goes on from where it was: the station, then the day.
    assert (await farmer.send("/book")).texts[0] == t(lang, "bookings.carry_on")
    await farmer.press(farmer.last.buttons[0])
    assert farmer.last.content.startswith("圣城街道邮政便民服务站")
    assert date_label(lang, today() + timedelta(days=1), today()) in farmer.last.buttons
    # 🔄 starts afresh.
    restarted = await farmer.press(t(lang, "bookings.restart_button"), message=again[0])
    assert [m.content for m in restarted.edited] == [t(lang, "bookings.ask_product")]
    # The old draft is gone: a product now asks for its amount.
    amount = await farmer.send("辣椒", within=20)
    assert "500" not in amount.last.content


async def test_booking_tapped_at_the_first_step_just_asks_again(harness: Harness) -> None:
    farmer = await _farmer_beside_sg01(harness)
    await farmer.press("🚚 预约收货")
    again = await farmer.press("🚚 预约收货")
    assert again.texts == [t("zh", "bookings.ask_product")]
    # A new product said with it is a new booking, as before.
    await farmer.send("土豆")
    other = await farmer.send("预约收货 300公斤辣椒")
    assert t("zh", "bookings.carry_on") not in other.texts
    assert "辣椒" in other.last.content


# --- 4. a negative amount -------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_negative_amount_is_refused_and_asked_again(harness: Harness, lang: str) -> None:
    farmer = await _farmer_beside_sg01(harness, lang)
    await farmer.press(t(lang, "menu.booking"))
    await farmer.send("土豆")
    refused = await farmer.send("-5斤")
    assert refused.last.content.startswith(t(lang, "bookings.negative_quantity"))
    potato = "土豆" if lang == "zh" else "potato"
    assert refused.last.content.endswith(t(lang, "bookings.ask_quantity", product=potato))
    # Said in one sentence, too: the product is kept and the amount asked.
    await farmer.send("/cancel")
    again = await farmer.send("/book 土豆 -500斤")
    assert again.last.content.startswith(t(lang, "bookings.negative_quantity"))
    stations = await farmer.send("500斤")
    assert "500" in stations.last.content
