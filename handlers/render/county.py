"""The admin's county views: the day station by station, and /pickups' station buttons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.bookings.county import DayLoad, StationDay
from bot.bookings.model import BookingView
from bot.bookings.text import kg_text
from bot.core.callbacks import Button
from bot.core.i18n import t
from bot.models.stations import BookingStatus
from handlers.render import bookings as view
from knowledge.text.english import name_label
from knowledge.text.lexicon import product_label

# From this hour on, tomorrow's pickups lead the day's overview (the staff plan the evening).
AFTERNOON = time(12, 0)


@dataclass(frozen=True)
class PickupsAt(Button):
    """Admin: this station's pickups, today's and tomorrow's (/pickups without a station)."""

    PREFIX = "pk:at"
    station: int  # the station's database id


def weight(lang: str, kg: int) -> str:
    """A day's load as the staff count it: 12500 公斤（25000 斤）."""
    return kg_text(lang, kg, jin=True)


def tomorrow_line(lang: str, load: DayLoad, starts: time | None, now_at: time) -> tuple[str, str]:
    """Tomorrow's pickups for the overview: (the line leading it, the line in its place).
    From the afternoon on, pickups tomorrow lead, with the hour the first round starts."""
    if now_at >= AFTERNOON and load.count and starts is not None:
        first = t(
            lang,
            "bookings.staff.overview_tomorrow_first",
            count=load.count,
            farmers=load.farmers,
            weight=weight(lang, load.kg),
            starts=starts.strftime("%H:%M"),
        )
        return first, ""
    if not load.count:
        return "", t(lang, "bookings.staff.overview_tomorrow_none")
    said = t(lang, "bookings.staff.overview_weight", weight=weight(lang, load.kg))
    line = t(
        lang,
        "bookings.staff.overview_tomorrow",
        count=load.count,
        farmers=load.farmers,
        weight=said if load.kg else "",
    )
    return "", line


def today_count(lang: str, pickups: int, farmers: int) -> str:
    """The day at a glance's pickups still to come today: how many, or none."""
    if not pickups:
        return t(lang, "bookings.staff.overview_today_none")
    return t(lang, "bookings.staff.overview_today", pickups=pickups, farmers=farmers)


def collected_text(
    lang: str, station: str, day: str, done: Sequence[BookingView], due: DayLoad
) -> str:
    """今天收了多少: the day's collections (farmers, bookings, weighed weight, by product) and
    the pickups still to come."""
    still = t(lang, "bookings.staff.collected_due", due=today_count(lang, due.count, due.farmers))
    if due.kg:
        still += t(lang, "bookings.staff.overview_weight", weight=weight(lang, due.kg))
    if not done:
        return t(lang, "bookings.staff.collected_none", station=station, date=day, due=still)
    by_product = weighed_by_product(done)
    lines = "\n".join(
        t(
            lang,
            "bookings.staff.collected_product",
            product=product_label(lang, p),
            weight=weight(lang, kg),
        )
        for p, kg in sorted(by_product.items(), key=lambda item: -item[1])
    )
    return t(
        lang,
        "bookings.staff.collected_day",
        station=station,
        date=day,
        farmers=len({b.farmer_id for b in done}),
        count=len(done),
        weight=weight(lang, sum(by_product.values())),
        products=lines,
        due=still,
    )


def weighed_by_product(done: Sequence[BookingView]) -> dict[str, int]:
    """Collected bookings' kilograms by product: the weight on the scale, the booked amount
    when none was typed."""
    by_product: dict[str, int] = {}
    for b in done:
        kg = round(b.weighed_kg) if b.weighed_kg is not None else b.quantity_kg
        by_product[b.product] = by_product.get(b.product, 0) + kg
    return by_product


def collected_total(lang: str, key: str, bookings: Sequence[BookingView]) -> str:
    """The collected ones of `bookings` in one line (`key`: ✅ 今天已收：3 户（4 单），过秤共
    …), as 今天收了多少 adds them up; "" when none was collected."""
    done = [b for b in bookings if b.status is BookingStatus.collected]
    if not done:
        return ""
    return t(
        lang,
        key,
        farmers=len({b.farmer_id for b in done}),
        count=len(done),
        weight=weight(lang, sum(weighed_by_product(done).values())),
    )


def county_text(
    lang: str,
    today: date,
    stations: Sequence[StationDay],
    unassigned: tuple[int, int],
    now_at: time,
) -> str:
    """今天有啥事 from the admin: every station's day, and what waits with no station."""
    lines = []
    busy = [s for s in stations if s.today.count or s.tomorrow.count or s.questions or s.offers]
    for s in busy:
        kg = t(lang, "bookings.staff.overview_weight", weight=weight(lang, s.tomorrow.kg))
        lines.append(
            t(
                lang,
                "bookings.staff.county_station",
                name=name_label(lang, s.name),
                code=s.code,
                today=s.today.count,
                tomorrow=s.tomorrow.count,
                weight=kg if s.tomorrow.kg else "",
                questions=s.questions,
                offers=s.offers,
            )
        )
    idle = len(stations) - len(busy)
    if idle:  # twenty stations with nothing on would bury the few that have
        # "The other 5" only below stations listed; with none, all of them (blind test).
        key = "bookings.staff.county_idle" if busy else "bookings.staff.county_all_idle"
        lines.append(t(lang, key, count=idle))
    due = sum(s.tomorrow.count for s in stations)
    first = ""
    if now_at >= AFTERNOON and due:
        total = sum(s.tomorrow.kg for s in stations)
        farmers = sum(s.tomorrow.farmers for s in stations)
        first = t(
            lang,
            "bookings.staff.county_first",
            count=due,
            farmers=farmers,
            weight=weight(lang, total),
        )
    return t(
        lang,
        "bookings.staff.county_overview",
        date=view.date_label(lang, today, today),
        first=first,
        stations="\n".join(lines),
        questions=unassigned[0],
        offers=unassigned[1],
        example=stations[0].code if stations else "SG01",
    )


def stations_keyboard(lang: str, stations: Sequence[StationDay]) -> InlineKeyboardMarkup:
    """A button per station with its pickups today and tomorrow."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(
                        lang,
                        "bookings.staff.county_button",
                        name=name_label(lang, s.name),
                        code=s.code,
                        today=s.today.count,
                        tomorrow=s.tomorrow.count,
                    ),
                    callback_data=PickupsAt(s.station_id).encode(),
                )
            ]
            for s in stations
        ]
    )
