"""English screens name a station one way (blind walk, 施甸): staff's /pickups header with its
pinyin as farmer screens have it; the ⭐ button short, named as station buttons are."""

from __future__ import annotations

from datetime import date, time

from bot.bookings.model import SlotPickups
from handlers.render import rounds
from handlers.render.stations import usual_after_booking

STATION = "施甸县甸阳镇供销社服务站"
DAY = date(2026, 12, 7)


def test_the_staff_day_header_has_the_pinyin_in_english() -> None:
    slot = SlotPickups(1, DAY, time(8), time(10), 10, 1000, 0, 0, False, ())
    [(en, _), *_] = rounds.staff_day("en", STATION, DAY, [slot], date(2026, 12, 6))
    assert en.startswith(f"🏪 {STATION} (Shidian Xian Dianyang Zhen"), en
    [(zh, _), *_] = rounds.staff_day("zh", STATION, DAY, [slot], date(2026, 12, 6))
    assert zh.startswith(f"🏪 {STATION} · 12月7日")


def test_the_star_button_is_short() -> None:
    line, markup = usual_after_booking("en", 5, "仁和镇邮政服务站", "甸阳镇供销社")
    assert markup is not None
    star = markup.inline_keyboard[0][0].text
    assert star.startswith("⭐ Use 仁和镇 Renhe Zhen") and "from now on" not in star, star
    assert "from now on" in line
    _, zh = usual_after_booking("zh", 5, "仁和镇邮政服务站", "甸阳镇供销社")
    assert zh is not None and zh.inline_keyboard[0][0].text == "⭐ 以后都用仁和镇邮政服务站"
