"""A farmer calls a pickup off by its day, as said: 明天不去了, 明天别来了, 明天的不要了, 后天那个取消,
"not coming tomorrow" (knowledge.text.cancelling, handlers/bookings/cancelling.py).

Through the local Bot API server. These used to be answered 「这个问题我暂时答不上来 … 转给服务站？」
with a booking that day, and during a booking they were read as PICKING that day (「好的，日子记下
了：…」); 取消明天的预约 with no booking started a new one. Now: that day's booking is asked about
(确定要取消预约…吗？); with bookings on other days only, it says so and lists them; at a step of a
booking in progress it calls that booking off (at a new booking's day step it turns that
day down instead). Sentences with something else in them (明天不去赶集
了, 明天的苹果不要打药了吧?) are untouched. The clock is pinned (tests/conftest.py): Wednesday
10 June 2026, 10:00 in Shanghai.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import Booking
from bot.sandbox.client import SandboxUser
from bot.sandbox.harness import Harness
from handlers.render.bookings import date_label
from knowledge.kb.entries import read_shipped
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine
from tests.e2e.county import direct_booking, load_county, today

pytestmark = pytest.mark.e2e

HUALONG = (36.7261, 118.6187)  # 化龙村: SG07 takes 玉米 and vegetables
ASKED_ZH = "确定要取消预约"
ASKED_EN = "Cancel booking"


async def _statuses(farmer_id: int = 10001) -> dict[str, str]:
    async with session_scope() as session:
        query = select(Booking).where(Booking.farmer_id == farmer_id)
        return {b.product: str(b.status.value) for b in await session.scalars(query)}


async def _farmer(harness: Harness, english: bool = False) -> SandboxUser:
    await load_county(harness)
    async with session_scope() as session:
        # The shipped base, as in the sandbox: what the sentences that are no cancel find.
        await upsert_entries(session, read_shipped(), engine(), by="test")
    farmer = harness.user(10001, "张大爷")
    await farmer.send("/start")
    if english:
        await farmer.send("/language")
        await farmer.press("English")
    await farmer.share_location(*HUALONG)
    return farmer


@pytest.mark.parametrize("typed", ["明天不去了", "明天别来了", "明天的不要了", "明天那个取消"])
async def test_the_days_booking_is_asked_about(harness: Harness, typed: str) -> None:
    farmer = await _farmer(harness)
    corn = await direct_booking(10001, "SG07", 0, product="玉米")
    friday = await direct_booking(
        10001, "SG07", 0, day=today() + timedelta(days=2), product="大白菜"
    )
    asked = await farmer.send(typed)
    assert asked.last.content.startswith(f"{ASKED_ZH} {corn.code}（6月11日 周四（明天）")
    assert asked.last.buttons == ["是，取消预约", "不取消"]
    done = await farmer.send("是")
    assert done.last.content == t("zh", "bookings.mine.cancelled", code=corn.code)
    assert await _statuses() == {"玉米": "cancelled", "大白菜": "booked"}
    # 后天那个取消: Friday's.
    asked = await farmer.send("后天那个取消")
    assert asked.last.content.startswith(f"{ASKED_ZH} {friday.code}（6月12日 周五（后天）")


async def test_no_booking_that_day_lists_the_others(harness: Harness) -> None:
    farmer = await _farmer(harness)
    friday = await direct_booking(10001, "SG07", 0, day=today() + timedelta(days=2), product="玉米")
    said = await farmer.send("明天不去了")
    tomorrow = date_label("zh", today() + timedelta(days=1), today())
    assert said.last.content == t("zh", "bookings.cancel_none_on", date=tomorrow)
    assert said.last.buttons == [f"✖️ {friday.code} · 6月12日 周五（后天） 08:00 · 玉米"]
    assert await _statuses() == {"玉米": "booked"}
    # Its button asks to confirm, as under 我的预约.
    asked = await farmer.press(said.last.buttons[0])
    assert asked.last.content.startswith(f"{ASKED_ZH} {friday.code}")
    await farmer.send("不取消")
    assert await _statuses() == {"玉米": "booked"}


async def test_by_day_in_english(harness: Harness) -> None:
    farmer = await _farmer(harness, english=True)
    corn = await direct_booking(10001, "SG07", 0, product="玉米")
    none = await farmer.send("not coming on Saturday")
    saturday = date_label("en", today() + timedelta(days=3), today())
    assert none.last.content == t("en", "bookings.cancel_none_on", date=saturday)
    assert none.last.buttons == [f"✖️ {corn.code} · Thu Jun 11 (tomorrow) 08:00 · corn"]
    asked = await farmer.send("I won't come tomorrow")
    assert asked.last.content.startswith(f"{ASKED_EN} {corn.code} (Thu Jun 11 (tomorrow)")
    done = await farmer.send("yes")
    assert done.last.content == t("en", "bookings.mine.cancelled", code=corn.code)
    assert await _statuses() == {"玉米": "cancelled"}


@pytest.mark.parametrize(
    ("start", "typed", "english"),
    [
        ("预约收货 两千斤玉米", "明天不去了", False),  # at the station step
        ("预约收货 两千斤玉米", "后天那个取消", False),
        ("book a pickup for 1000 kg of corn", "not coming tomorrow", True),
    ],
)
async def test_at_a_step_it_calls_the_booking_off(
    harness: Harness, start: str, typed: str, english: bool
) -> None:
    farmer = await _farmer(harness, english=english)
    await farmer.send(start)
    called_off = await farmer.send(typed)
    lang = "en" if english else "zh"
    assert called_off.texts == [t(lang, "bookings.flow_cancelled")]
    assert await _statuses() == {}


async def test_at_the_day_step_never_picks_that_day(harness: Harness) -> None:
    # At a new booking's day step it turns that day down, the draft kept (not called off, nor
    # a booking made for that day offered to cancel): test_booking_day_step_not_that_day_e2e.
    farmer = await _farmer(harness)
    asked = await farmer.send("预约收货 两千斤玉米")
    await farmer.press(asked.last.buttons[0])  # the nearest station: the day step
    assert "哪天送过去" in farmer.last.content
    said = await farmer.send("明天的不要了")
    assert "日子记下了" not in said.last.content
    assert said.texts[0] != t("zh", "bookings.flow_cancelled")
    assert "哪天送过去" in said.last.content


@pytest.mark.parametrize("typed", ["明天不去赶集了", "明天的苹果不要打药了吧?", "明天不来了吗"])
async def test_other_sentences_with_a_day_are_untouched(harness: Harness, typed: str) -> None:
    farmer = await _farmer(harness)
    await direct_booking(10001, "SG07", 0, product="玉米")
    said = await farmer.send(typed)
    assert all(ASKED_ZH not in text for text in said.texts)
    assert all(not text.startswith("您6月11日") for text in said.texts)
    assert await _statuses() == {"玉米": "booked"}


@pytest.mark.parametrize(("typed", "lang"), [("明天不去了", "zh"), ("not coming tomorrow", "en")])
async def test_with_no_booking_a_day_alone_says_there_is_none(
    harness: Harness, typed: str, lang: str
) -> None:
    # Final blind walk: 明天不去了 with no booking at all got 答不上来 and an offer to forward
    # it to the station; a day and a cancel word alone are about a pickup.
    farmer = await _farmer(harness, english=lang == "en")
    said = await farmer.send(typed)
    assert said.texts == [t(lang, "bookings.mine.none")]
    assert ASKED_ZH not in said.last.content and ASKED_EN not in said.last.content
    # The pickup named: nothing to cancel, and no new booking starts.
    named = await farmer.send("取消明天的预约" if lang == "zh" else "cancel tomorrow's pickup")
    assert named.texts == [t(lang, "bookings.mine.none")]
    assert await _statuses() == {}


@pytest.mark.parametrize(("typed", "lang"), [("明天去不了", "zh"), ("tomorrow doesn't work", "en")])
async def test_a_day_turned_down_is_never_picked(harness: Harness, typed: str, lang: str) -> None:
    farmer = await _farmer(harness, english=lang == "en")
    tomorrow = date_label(lang, today() + timedelta(days=1), today())
    not_it = t(lang, "bookings.day_turned_down", date=tomorrow)
    asked = await farmer.send(
        "预约收货 两千斤玉米" if lang == "zh" else "book a pickup for 1000 kg of corn"
    )
    # At the station step: not kept for the day step ("日子记下了" before).
    said = await farmer.send(typed)
    assert said.last.content.startswith(not_it)
    assert t(lang, "bookings.day_noted", date=tomorrow) not in said.last.content
    await farmer.press(said.last.buttons[0])  # the nearest station: the day step
    # At the day step: the days again, none picked (the rounds of that day before).
    said = await farmer.send(typed)
    assert said.last.content.startswith(not_it)
    assert tomorrow in said.last.buttons
    # At the rounds of that day: back to the days.
    await farmer.press(tomorrow)
    said = await farmer.send(typed)
    assert said.last.content.startswith(not_it)
    assert tomorrow in said.last.buttons
    assert asked and await _statuses() == {}
