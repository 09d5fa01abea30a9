"""Bookings off the straight path: a reschedule left half-way, a station that does not
take the crop, a location far from every station, small amounts in 斤, and questions
about the service that are not requests for it (found in a user test)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.bookings.model import BookingView
from bot.bookings.service import book
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.core.transactions import retrying
from bot.models.stations import Booking, BookingStatus, Station
from bot.models.users import User
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from handlers.render import MENU_KEYS
from knowledge.kb.entries import read_shipped
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine
from knowledge.text.english import name_label
from tests.e2e.county import SHANGHAI, direct_booking, load_county, slot_ids, today

pytestmark = pytest.mark.e2e

SHOUGUANG = (36.85, 118.75)  # the user test's location, between 圣城 and 文家


async def _english(farmer: SandboxUser) -> None:
    await farmer.send("/language")
    await farmer.press("English")


async def _farmer_in_county(harness: Harness, lang: str) -> SandboxUser:
    """The sample county loaded, and 张大爷 started, speaking `lang`."""
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    if lang == "en":
        await _english(farmer)
    return farmer


async def _bookings(farmer_id: int) -> list[Booking]:
    async with session_scope() as session:
        query = select(Booking).where(Booking.farmer_id == farmer_id).order_by(Booking.id)
        return list(await session.scalars(query))


# --- 1. a paused 改时间 does not take over the next booking ------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_paused_reschedule_does_not_hijack_a_new_booking(
    harness: Harness, lang: str
) -> None:
    farmer = await _farmer_in_county(harness, lang)
    booked = await direct_booking(10001, "SG01", 0)
    mine = "我的预约" if lang == "zh" else "my bookings"
    await farmer.send(mine)
    moving = await farmer.press(t(lang, "bookings.mine.move_button", code=booked.code))
    assert moving.last.text.endswith(t(lang, "bookings.ask_day", station="").strip(": "))
    # The farmer wanders off to the booking list: the reschedule is dropped, said plainly.
    listed = await farmer.send(mine)
    assert listed.texts[0] == t(lang, "bookings.move_left")
    assert booked.code in listed.last.text
    # A new booking from the menu is a new booking, not the old reschedule.
    fresh = await farmer.press(t(lang, "menu.booking"))
    assert fresh.last.text == t(lang, "bookings.ask_product")
    assert t(lang, "bookings.resumed") not in fresh.last.text
    product = await farmer.send("苞谷" if lang == "zh" else "corn")
    assert product.last.text.startswith(
        t(lang, "bookings.ask_quantity", product="苞谷（玉米）" if lang == "zh" else "corn")[:4]
    )
    # The booking that was being moved kept its time.
    [kept] = await _bookings(10001)
    assert (kept.status, kept.slot_id) == (BookingStatus.booked, booked.slot_id)
    assert kept.day == today() + timedelta(days=1)


async def test_a_new_booking_from_the_menu_mid_reschedule_ends_the_reschedule(
    harness: Harness,
) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    booked = await direct_booking(10001, "SG01", 0)
    await farmer.send("我的预约")
    await farmer.press(f"🕘 改时间 {booked.code}")
    fresh = await farmer.press("🚚 预约收货")
    assert fresh.last.text == t("zh", "bookings.move_left") + "\n" + t("zh", "bookings.ask_product")
    await farmer.send("苞谷")
    assert farmer.last.text.startswith("苞谷（玉米）大概有多少？")  # the word said (said-word)


# --- 2. a station that does not take the crop says so at once ---------------------------------


async def _book_at_wenjia(farmer: SandboxUser, lang: str) -> None:
    """The farmer shares a location and presses 🚚 在文家…预约 under the station list."""
    listing = (await farmer.share_location(*SHOUGUANG))[0]
    button = next(b for b in listing.buttons if b.startswith("🚚") and "文家" in b)
    asked = await farmer.press(button)
    assert asked.last.text == t(lang, "bookings.ask_product")


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_station_that_does_not_take_the_product_says_so_at_once(
    harness: Harness, lang: str
) -> None:
    farmer = await _farmer_in_county(harness, lang)
    await _book_at_wenjia(farmer, lang)  # 文家 takes 西红柿|黄瓜|辣椒|茄子
    potato = "洋芋（土豆）" if lang == "zh" else "potato"  # the word said, then the product
    refused = await farmer.send("洋芋" if lang == "zh" else "potatoes")
    text = refused.last.text
    wenjia = "文家街道村淘服务站" if lang == "zh" else "Wenjia"
    assert wenjia in text.split("\n")[0] and potato in text.split("\n")[0]
    assert t(lang, "bookings.ask_station_for", product=potato) in text
    # The nearest stations that take potatoes, not 文家.
    stations = [b for b in refused.last.buttons if "·" in b]
    assert stations and not any("文家" in b for b in stations)
    # One of them, then the amount, then the day: no refusal at the ✅.
    await farmer.press(stations[0])
    assert farmer.last.text == t(lang, "bookings.ask_quantity", product=potato)
    await farmer.send("300公斤" if lang == "zh" else "300 kg")
    days = farmer.last
    assert "bk:d:" in "".join(days.callback_data)
    await farmer.press(days.callback_data[1])
    await farmer.press(farmer.last.buttons[0])
    done = await farmer.press(t(lang, "bookings.confirm_button"))
    assert done.edited[-1].text.startswith("✅")
    [booking] = await _bookings(10001)
    assert (booking.product, booking.quantity_kg) == ("土豆", 300)


async def test_another_product_the_station_takes_keeps_the_station(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await _book_at_wenjia(farmer, "zh")
    refused = await farmer.send("300公斤洋芋")  # product and amount at once
    assert refused.last.text.startswith("文家街道村淘服务站不收洋芋（土豆）。")
    assert "您的洋芋（土豆） 300公斤，送到哪个服务站？" in refused.last.text
    # Back: another product, from what 文家 takes; it is booked at 文家 after all.
    await farmer.press(t("zh", "bookings.back_button"))
    assert farmer.last.text == t("zh", "bookings.ask_product")
    assert farmer.last.buttons[:4] == ["西红柿", "辣椒", "黄瓜", "茄子"]
    await farmer.press("黄瓜")
    assert farmer.last.text == "文家街道村淘服务站：哪天送过去？"
    await farmer.press(farmer.last.callback_data[1])
    await farmer.press(farmer.last.buttons[0])
    assert "黄瓜 300公斤" in farmer.last.text
    await farmer.press("✅ 确认")
    [booking] = await _bookings(10001)
    async with session_scope() as session:
        station = await session.get(Station, booking.station_id)
    assert booking.product == "黄瓜" and station is not None and station.external_id == "SG02"


async def test_the_amount_typed_while_stations_are_offered_is_taken(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await _book_at_wenjia(farmer, "zh")
    await farmer.send("洋芋")
    offered = await farmer.send("两千斤")
    assert offered.last.text.startswith("您的洋芋（土豆） 2000斤")
    assert not any("文家" in b for b in offered.last.buttons)


# --- 3. a location far outside the county is answered, not remembered --------------------------

HANGZHOU = (30.27, 120.15)  # 731 km from the county's nearest station


async def _home_and_station(telegram_id: int) -> tuple[float | None, int | None]:
    async with session_scope() as session:
        user = await session.get(User, telegram_id)
        assert user is not None
        return user.home_lat, user.station_id


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_far_location_is_answered_and_not_remembered(harness: Harness, lang: str) -> None:
    farmer = await _farmer_in_county(harness, lang)
    replies = await farmer.share_location(*HANGZHOU)
    nearest = "化龙镇邮政所" if lang == "zh" else name_label("en", "化龙镇邮政所")
    assert replies.texts == [t(lang, "stations.far", km="731", name=nearest)]
    assert "📍" in farmer.keyboard[0]  # a location in the county is asked for
    assert await _home_and_station(10001) == (None, None)
    # A village typed next is the answer, remembered as usual.
    found = await farmer.send("文家庄")
    assert "文家街道村淘服务站" in found.texts[0] or "Wenjia" in found.texts[0]
    home, station = await _home_and_station(10001)
    assert home == pytest.approx(36.87, abs=0.01) and station is not None
    # Later, from far away again: the home and the usual station stay as they were.
    await farmer.share_location(*HANGZHOU)
    assert await _home_and_station(10001) == (home, station)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_moving_on_after_a_far_location_brings_the_menu_back(
    harness: Harness, lang: str
) -> None:
    farmer = await _farmer_in_county(harness, lang)
    await farmer.share_location(*HANGZHOU)
    assert "📍" in farmer.keyboard[0]
    # The farmer goes on to price alerts: the location step's 📍 / ✖️ keyboard goes.
    replies = await farmer.send("/alerts")
    assert replies.texts[0] == t(lang, "stations.left")
    assert farmer.keyboard == [t(lang, key) for key in MENU_KEYS]


async def test_a_far_location_at_the_booking_station_step(harness: Harness) -> None:
    await load_county(harness)
    farmer = harness.user(10001, "张大爷")
    await farmer.send("预约收货 500斤洋芋")
    assert farmer.last.text == t("zh", "bookings.ask_station_place")
    far = await farmer.share_location(*HANGZHOU)
    assert far.last.text == t("zh", "stations.far", km="731", name="化龙镇邮政所")
    assert farmer.keyboard == ["📍 发送我的位置", "⬅️ 返回", "✖️ 取消"]
    assert await _home_and_station(10001) == (None, None)
    near = await farmer.share_location(*SHOUGUANG)
    assert near.last.text.startswith("您的洋芋（土豆） 500斤")


async def test_the_far_limit_is_a_setting(harness: Harness) -> None:
    await load_county(harness)
    settings = harness.app.bot_data["settings"]
    assert settings.far_location_km == 100  # the documented default (config.yaml)
    harness.app.bot_data["settings"] = settings.model_copy(update={"far_location_km": 1000})
    farmer = harness.user(10001, "张大爷")
    replies = await farmer.share_location(*HANGZHOU)
    # Within the limit: the served-area answer, and the place is remembered.
    assert replies.texts[0].startswith("这个位置离最近的服务站还有 731 公里")
    home, _ = await _home_and_station(10001)
    assert home == pytest.approx(HANGZHOU[0])


# --- 4. small amounts: 1斤 is half a 公斤 -------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_one_jin_is_half_a_kilogram(harness: Harness, lang: str) -> None:
    farmer = await _farmer_in_county(harness, lang)
    await farmer.share_location(*SHOUGUANG)
    asked = await farmer.send(
        "预约收货 1斤西红柿" if lang == "zh" else "book a pickup 1 jin tomato"
    )
    shown = "1斤（0.5公斤）" if lang == "zh" else "1 jin (0.5 kg)"
    assert shown in asked.last.text
    # A bare number, then the 斤 button: the same.
    await farmer.send("/cancel")
    await farmer.send("预约收货" if lang == "zh" else "book a pickup")
    await farmer.press("西红柿" if lang == "zh" else "tomato")
    unit = await farmer.send("3")
    await farmer.press(unit.last.buttons[0])  # 3斤
    assert ("3斤（1.5公斤）" if lang == "zh" else "3 jin (1.5 kg)") in farmer.last.text
    await farmer.press(farmer.last.buttons[0])
    await farmer.press(farmer.last.callback_data[1])
    await farmer.press(farmer.last.buttons[0])
    assert ("3斤（1.5公斤）" if lang == "zh" else "3 jin (1.5 kg)") in farmer.last.text


async def test_the_estimate_of_one_jin_is_half_a_kilogram(harness: Harness) -> None:
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    farmer = harness.user(10001, "张大爷")
    for person in (staff, farmer):
        await person.send("/start")
    slot = (await slot_ids("SG01"))[0]  # 08:00-10:00, started at the pinned 10:00

    async def work(session: Any) -> BookingView:
        station = await session.scalar(select(Station).where(Station.external_id == "SG01"))
        return await book(
            session,
            farmer_id=10001,
            station_id=station.id,
            slot_id=slot,
            day=today(),
            product="西红柿",
            quantity_text="1斤",
            quantity_kg=1,  # what the slot counts
            now_local=datetime.combine(today(), time(0, 1), SHANGHAI),
        )

    booked = await retrying(work)
    listing = (await staff.send("/pickups"))[0]
    assert f"{booked.code} 张大爷 · 西红柿 1斤（0.5公斤）" in listing.text
    await staff.press(f"✅ 收了 {booked.code}", message=listing)
    done = await staff.press("按预估 1斤（0.5公斤）")
    assert done.last.text == t(
        "zh", "bookings.staff.collected", code=booked.code, weighed="1 斤（0.5 公斤）"
    )
    [collected] = await _bookings(10001)
    assert collected.weighed_kg == 0.5


# --- 5. one wording for the service; a question about it is answered, not booked ---------------


async def test_the_greeting_says_what_the_booking_says(harness: Harness) -> None:
    farmer = harness.user(10001, "张大爷")
    greeting = (await farmer.send("/start")).last.text
    assert "上门" not in greeting and "把货送到服务站" in greeting
    assert "送到站里" in t(
        "zh",
        "bookings.booked",
        **dict.fromkeys(
            (
                "code",
                "station",
                "phone",
                "date",
                "starts",
                "ends",
                "icon",
                "product",
                "quantity",
                "reminder",
            ),
            "",
        ),
    )
    await _english(farmer)
    english = (await farmer.send("/start")).last.text
    assert "bring your produce to the station" in english


@pytest.mark.parametrize(
    ("lang", "question"),
    [
        ("zh", "服务站上门收货是怎么个流程"),
        ("zh", "上门收货是咋个流程"),
        ("en", "how does the pickup work"),
    ],
)
async def test_a_question_about_the_service_is_answered_not_booked(
    harness: Harness, lang: str, question: str
) -> None:
    await load_county(harness)
    async with session_scope() as session:
        shipped = [e for e in read_shipped() if e.id.startswith("station-")]
        await upsert_entries(session, shipped, engine(), by="test")
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    if lang == "en":
        await _english(farmer)
    replies = await farmer.send(question)
    assert t(lang, "bookings.ask_product") not in replies.texts
    if lang == "zh":  # the entry on how booking works, in its drop-off wording
        assert replies.last.text.startswith(
            "📖 服务站上门收货是怎么个流程\n1. 预约：在 FarmHub 点 🚚 预约收货"
        )
        assert "在约好的时段把货送到站里" in replies.last.text
    # Not in a booking afterwards: a product name is a price question, not a step answer.
    after = await farmer.send("预约收货" if lang == "zh" else "book a pickup")
    assert after.last.text == t(lang, "bookings.ask_product")
