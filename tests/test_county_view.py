"""The admin's county day and tomorrow's line of the overview, as text (handlers/render/county.py)."""

from __future__ import annotations

from datetime import date, time

from bot.bookings.county import DayLoad, StationDay
from handlers.render import county as view

TODAY = date(2026, 6, 7)  # a Sunday


def _station(code: str, today: int = 0, tomorrow: int = 0, kg: int = 0) -> StationDay:
    return StationDay(1, code, f"{code}站", DayLoad(today), DayLoad(tomorrow, kg, tomorrow), 0, 0)


def test_tomorrow_waits_its_turn_in_the_morning() -> None:
    first, line = view.tomorrow_line("zh", DayLoad(3, 12500, 2), time(7), time(9, 30))
    assert first == ""
    assert line == "📅 明天收货：2 户（3 单），共 12500 公斤（25000 斤）（/pickups 明天）\n"


def test_tomorrow_leads_from_the_afternoon_with_its_first_hour() -> None:
    first, line = view.tomorrow_line("zh", DayLoad(3, 12500, 2), time(7), time(16, 7))
    assert first.startswith("⏰ 明天 07:00 起要收货：2 户（3 单），共 12500 公斤（25000 斤）")
    assert line == ""
    en, _ = view.tomorrow_line("en", DayLoad(1, 50, 1), time(8), time(12))
    assert en.startswith(
        "⏰ Pickups due tomorrow from 08:00: 1 booking from 1 farmer, 50 kg (100 jin) in all"
    )


def test_nothing_tomorrow_says_so_even_in_the_afternoon() -> None:
    first, line = view.tomorrow_line("zh", DayLoad(), None, time(16))
    assert first == "" and line == "📅 明天收货：还没有人约（/pickups 明天）\n"


def test_the_county_lists_busy_stations_and_counts_the_idle() -> None:
    stations = [_station("HL01", tomorrow=2, kg=12500), _station("HL02"), _station("HL03")]
    text = view.county_text("zh", TODAY, stations, (1, 0), time(16, 7))
    lines = text.splitlines()
    assert lines[1] == "⏰ 明天全县要收货：2 户（2 单），共 12500 公斤（25000 斤）"
    assert "HL01站（HL01）：今天待收 0 单，明天 2 单，共 12500 公斤（25000 斤）" in lines[2]
    assert "其余 2 个站" in text and "HL02" not in text.split("其余")[0]
    assert "没分到站的问题：1 个" in text
    assert "⏰" not in view.county_text("zh", TODAY, stations, (0, 0), time(10))


def test_a_station_button_carries_its_id() -> None:
    markup = view.stations_keyboard("zh", [_station("HL01", today=1, tomorrow=2)])
    button = markup.inline_keyboard[0][0]
    assert button.text == "HL01站 HL01 · 今天 1 · 明天 2"
    assert view.PickupsAt.parse(button.callback_data) == view.PickupsAt(1)


def test_with_no_station_listed_the_idle_are_not_the_other_ones() -> None:
    # Blind test: "其余 5 个站…" with no station listed above it.
    stations = [_station(f"HL0{i}") for i in range(1, 6)]
    zh = view.county_text("zh", TODAY, stations, (0, 0), time(10))
    assert "5 个站今明两天都没有收货预约" in zh and "其余" not in zh
    en = view.county_text("en", TODAY, stations, (0, 0), time(10))
    assert "All 5 stations" in en and "The other" not in en
