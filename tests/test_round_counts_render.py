"""What a round's title and the day's header say of bookings already done (blind staff walk:
已约 counts collected and no-show bookings too; the day's collections are added up)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

from bot.bookings.model import BookingView, SlotPickups
from bot.core.i18n import t
from bot.models.stations import BookingStatus
from handlers.render import county, rounds

DAY = date(2026, 12, 6)
NOW = datetime(2026, 12, 6, 15, 0)
_BASE = BookingView(
    id=1,
    code="QBMB2B",
    farmer_id=10011,
    farmer_name="刘大姐",
    station_id=1,
    station_name="圣城站",
    station_phone="",
    station_address="",
    slot_id=2,
    day=DAY,
    starts=time(14),
    ends=time(16),
    product="大白菜",
    quantity_text="500斤",
    quantity_kg=250,
    status=BookingStatus.booked,
    weighed_kg=None,
    reminder_pending=False,
)


def _booking(n: int, status: BookingStatus, kg: int, weighed: float | None = None) -> BookingView:
    return replace(
        _BASE,
        id=n,
        code=f"CODE{n}",
        farmer_id=10010 + n,
        status=status,
        quantity_kg=kg,
        weighed_kg=weighed,
    )


BOOKINGS = (
    _booking(1, BookingStatus.collected, 250, 234),
    _booking(2, BookingStatus.collected, 15, 14),
    _booking(3, BookingStatus.no_show, 500),
    _booking(4, BookingStatus.collected, 100, 97.5),
    _booking(5, BookingStatus.booked, 150),
)


def _round(closed: bool = False) -> SlotPickups:
    return SlotPickups(
        slot_id=2,
        day=DAY,
        starts=time(14),
        ends=time(16),
        capacity=10,
        capacity_kg=5000,
        booked_count=0 if closed else 5,
        booked_kg=0 if closed else 1015,
        closed=closed,
        bookings=BOOKINGS,
    )


def test_a_rounds_title_says_how_many_of_its_bookings_are_done() -> None:
    assert rounds.done_text("zh", BOOKINGS) == "（其中已收 3、没来 1）"
    assert rounds.done_text("en", BOOKINGS) == " (3 collected, 1 no-show)"
    assert rounds.done_text("zh", BOOKINGS[4:]) == ""
    [(text, _)] = rounds.staff_day("zh", "圣城站", DAY, [_round()], DAY, NOW)
    assert "⏰ 14:00-16:00 · 已约 5/10 户 · 1015/5000 公斤（其中已收 3、没来 1）" in text
    [(text, _)] = rounds.staff_day("en", "圣城站", DAY, [_round()], DAY, NOW)
    assert "5/10 pickups · 1015/5000 kg booked (3 collected, 1 no-show)" in text


def test_the_days_header_adds_up_what_was_collected() -> None:
    [(text, markup)] = rounds.staff_day("zh", "圣城站", DAY, [_round()], DAY, NOW)
    # 234 + 14 + 98 (97.5 on the scale) kilograms, by 3 farmers.
    assert text.splitlines()[1] == "✅ 已收：3 户（3 单），过秤共 346 公斤（692 斤）"
    assert rounds.is_day_page(text, markup)
    [(text, _)] = rounds.staff_day("en", "圣城站", DAY, [_round()], DAY, NOW)
    assert (
        text.splitlines()[1] == "✅ Collected: 3 bookings from 3 farmers, 346 kg (692 jin) weighed"
    )
    nothing = replace(_round(), bookings=BOOKINGS[4:])
    [(text, _)] = rounds.staff_day("zh", "圣城站", DAY, [nothing], DAY, NOW)
    assert "已收：" not in text.splitlines()[1]


def test_the_collected_total_is_the_one_of_todays_collections() -> None:
    # The same sum 今天收了多少 says (handlers/render/county.collected_text).
    key = "bookings.staff.overview_collected"
    assert (
        county.collected_total("zh", key, BOOKINGS)
        == "✅ 今天已收：3 户（3 单），过秤共 346 公斤（692 斤）\n"
    )
    assert county.collected_total("zh", key, BOOKINGS[2:3]) == ""
    done = BOOKINGS[:2] + BOOKINGS[3:4]
    assert sum(county.weighed_by_product(done).values()) == 346
    assert "过秤共 346 公斤" in county.collected_text(
        "zh", "圣城站", "今天", done, county.DayLoad()
    )


def test_a_round_button_is_as_the_round_stands() -> None:
    assert rounds.round_button("zh", _round(), DAY).text == "🚫 关闭 今天 14:00-16:00"
    assert rounds.round_button("zh", _round(closed=True), DAY).text.startswith("↩️ ")
    assert not rounds.is_day_page("🏪 圣城站 · 今天\n🚚 今天待收货：没有", None)
    assert (
        t(
            "zh",
            "bookings.staff.close_confirm_done",
            date="今天",
            starts="14:00",
            ends="16:00",
            who="4 户",
        ).count("都处理完了")
        == 1
    )
