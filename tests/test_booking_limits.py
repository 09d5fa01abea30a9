"""A load no round takes, and a day beyond the bookable week (sandbox walk).

The station's real limits (each round, a day, what is still free) come from its slots
and counters (queries.why_no_days) and are said in the farmer's unit; days said as a
distance or a day of a month (十天后, 下个月5号, the 20th) are read against the given
today, never the wall clock.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest

from bot.bookings import queries
from bot.bookings import text as booking_text
from bot.bookings.model import Refused, Round
from bot.bookings.service import book
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.core.transactions import retrying
from handlers.bookings.base import RESIZE, rest_note, set_amount
from knowledge.text.dates import names_day, parse_day, said_day
from knowledge.text.intent import Kind, classify
from tests.stations_util import MORNING, make_station, make_user

TODAY = MORNING.date()  # Monday 7 December 2026


async def _take(station_id: int, slot_id: int, day: date, kg: int) -> None:
    async def work(session: Any) -> None:
        await book(
            session,
            farmer_id=10001,
            station_id=station_id,
            slot_id=slot_id,
            day=day,
            product="西红柿",
            quantity_text=f"{kg}公斤",
            quantity_kg=kg,
            now_local=MORNING,
        )

    await retrying(work)


async def test_the_limits_are_the_stations_own(db: str) -> None:
    async with session_scope() as session:
        station_id, [early, late] = await make_station(
            session, slots="08:00-10:00=5/4000|14:00-16:00=5/3000"
        )
        await make_user(session, 10001, "张大爷")
        why = await queries.why_no_days(session, station_id, 10_000, MORNING)
    assert why.reason == "too_big"
    assert (why.params["max_kg"], why.params["day_kg"], why.params["free_kg"]) == (4000, 7000, 4000)
    assert why.params["rounds"] == (Round(time(8), time(10), 4000), Round(time(14), time(16), 3000))
    # Every round of the week partly taken: 3500 kg fits a round, but no round has it free.
    for n in range(7):
        await _take(station_id, early, TODAY + timedelta(days=n), 3000)
        await _take(station_id, late, TODAY + timedelta(days=n), 2500)
    async with session_scope() as session:
        assert await queries.bookable_days(session, station_id, 3500, MORNING) == []
        now = await queries.why_no_days(session, station_id, 3500, MORNING)
        assert (now.reason, now.params["free_kg"]) == ("too_big_now", 1000)
        # What is free is a real offer: the most any round still takes, here 1000 kg.
        assert await queries.bookable_days(session, station_id, 1000, MORNING) != []


def _why(reason: str, free_kg: int) -> Refused:
    rounds = (Round(time(7), time(9), 8000), Round(time(15), time(17), 6000))
    return Refused(reason, max_kg=8000, day_kg=14000, free_kg=free_kg, rounds=rounds)


def test_the_limits_are_said_in_the_farmers_unit() -> None:
    said = booking_text.resize_text(
        "zh", _why("too_big", 8000), "洛城供销社收购站", "玉米", "20000斤（10000公斤）", True
    )
    assert said == (
        "洛城供销社收购站每天的收货时段：07:00-09:00 最多 8000 公斤，15:00-17:00 最多 6000 公斤，"
        "一天一共 14000 公斤（28000 斤）。您的玉米 20000斤（10000公斤）比一个时段能收的还多，"
        "一次送不了。\n请直接打一个不超过 8000 公斤（16000 斤）的数量，先约这一部分，剩下的再约"
        "一次；也可以点「先约 16000斤」。要换个服务站，点「⬅️ 返回」。"
    )
    said = booking_text.resize_text(
        "en", _why("too_big_now", 500), "Luocheng", "玉米", "9 t", False
    )
    assert said.startswith("Luocheng takes up to 8000 kg in one time slot, but in the next 7 days")
    assert "the most still free in one slot is 500 kg, so your corn, 9 t, does not fit." in said
    assert "up to 500 kg, to book that part now" in said and '"Book 500 kg first"' in said
    # Nothing free at all: no fit button is named (and resize_keyboard shows none).
    full = booking_text.resize_text("zh", _why("too_big", 0), "站", "玉米", "10吨", False)
    assert full.endswith(t("zh", "bookings.resize_full")) and "先约" not in full


@pytest.mark.parametrize(
    ("typed", "jin"), [("20000斤", True), ("2000公斤", False), ("10吨", False), ("", False)]
)
def test_counts_in_jin(typed: str, jin: bool) -> None:
    assert booking_text.counts_in_jin(typed) is jin
    assert booking_text.fit_amount("zh", 4000, jin) == ("8000斤" if jin else "4000公斤")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("下个月5号送三千斤土豆到站里", date(2027, 1, 5)),
        ("下下个月1号", date(2027, 2, 1)),
        ("这个月31号来收", date(2026, 12, 31)),
        ("十天后来收玉米", date(2026, 12, 17)),
        ("10天以后送过去", date(2026, 12, 17)),
        ("两个星期以后", date(2026, 12, 21)),
        ("两周后送白菜", date(2026, 12, 21)),
        ("半个月后", date(2026, 12, 22)),
        ("一个月后来收", date(2027, 1, 7)),
        ("20号拉一车西瓜到站里", date(2026, 12, 20)),
        ("5号来收", date(2027, 1, 5)),  # the 5th has passed this month: next month's
        ("bring 500 kg of potatoes on the 20th", date(2026, 12, 20)),
        ("on the 3rd", date(2027, 1, 3)),
        ("next month on the 5th", date(2027, 1, 5)),
        ("December 20", date(2026, 12, 20)),
        ("20 dec", date(2026, 12, 20)),
        ("the 4th of july", date(2027, 7, 4)),
        ("in 10 days", date(2026, 12, 17)),
        ("in a week", date(2026, 12, 14)),
        ("in two weeks", date(2026, 12, 21)),
        ("3 days from now", date(2026, 12, 10)),
        # Not days: rooms and fields, ranges of amounts, days before, a month that has no 31st.
        ("8号楼", None),
        ("3号地的西红柿", None),
        ("1-2天来收", None),
        ("10天之前", None),
        ("打药后3天能摘吗", None),
        ("下下个月30号", None),
        ("we have 5 days", None),
        ("kept in days", None),
        ("5 days on the farm", None),
        ("a week from now", date(2026, 12, 14)),
        ("in a fortnight", date(2026, 12, 21)),
        ("in one month", date(2027, 1, 7)),
    ],
)
def test_days_said_far_ahead(text: str, expected: date | None) -> None:
    assert parse_day(text, TODAY) == expected


def test_ten_days_on_is_not_the_day_after_tomorrow() -> None:
    # 十天后 holds 天后, never 后天: the distance is read first.
    assert said_day("十天后上午来收", TODAY).day == date(2026, 12, 17)
    assert names_day("十天后") and names_day("the 20th") and not names_day("3号地")


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("下个月5号送三千斤土豆到站里", "土豆"),
        ("十天后来收玉米", "玉米"),
        ("bring 500 kg of potatoes on the 20th", "土豆"),
        ("I want to bring 200 kg of potatoes to the station in 10 days", "土豆"),
        ("两周后送两千斤白菜过去", "大白菜"),
    ],
)
def test_a_booking_said_for_a_day_far_ahead_is_a_booking(text: str, product: str) -> None:
    intent = classify(text)
    assert (intent.kind, intent.product) == (Kind.booking, product)


@pytest.mark.parametrize(
    "text", ["十天后能收玉米吗", "打药十天后能摘吗", "5号地的玉米怎么追肥", "下个月5号玉米什么价"]
)
def test_questions_naming_such_days_stay_questions(text: str) -> None:
    assert classify(text).kind is not Kind.booking


def test_what_is_left_of_a_load_booked_in_part() -> None:
    draft: dict[str, Any] = {"mode": "new", "kg": 10_000, "qty": "20000斤", RESIZE: True}
    set_amount(draft, 8000, "16000斤")
    assert (draft["kg"], draft["qty"], RESIZE in draft) == (8000, "16000斤", False)
    assert rest_note("zh", draft) == t("zh", "bookings.rest_left", rest="2000 公斤（4000 斤）")
    # Another amount typed later, not after a too-big one: nothing left to say.
    set_amount(draft, 500, "1000斤")
    assert rest_note("zh", draft) is None
    # A move keeps its amount: never a rest.
    moving = {"mode": "move", "kg": 10_000, "qty": "10吨", RESIZE: True}
    set_amount(moving, 4000, "4000公斤")
    assert rest_note("en", moving) is None


def test_a_move_that_no_round_takes_keeps_its_time() -> None:
    said = booking_text.no_days_text("zh", _why("too_big", 0), "站", "10吨", move=True)
    assert said == t("zh", "bookings.move_no_room", station="站", quantity="10吨")
