"""Station search replies: the nearest stations, place choices, the location keyboard."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot.bookings.text import km_text
from bot.core.callbacks import Button
from bot.core.geo import Hit
from bot.core.i18n import all_labels, t
from bot.core.timeofday import hhmm
from bot.imports import ImportResult
from bot.stations.catalogue import SERVED_RADIUS_KM, StationInfo
from bot.stations.finder import Finding, Nearby, StationAsked
from bot.stations.gazetteer import Place
from bot.stations.overbooked import over_booked
from bot.stations.routing import OfferRoute, RouteKind
from knowledge.text.english import button_name, name_label, plain_label
from knowledge.text.lexicon import product_label

# A station's name on a button, in columns (a Chinese character takes two): a button alone
# on its row, and one of two side by side, as a phone shows them without cutting.
BUTTON_COLUMNS = 36
HALF_BUTTON_COLUMNS = 20


@dataclass(frozen=True)
class Pin(Button):
    """Send a station's location pin."""

    PREFIX = "st:pin"
    station_id: int


@dataclass(frozen=True)
class PlaceChoice(Button):
    """The farmer picked one of several places (a gazetteer id)."""

    PREFIX = "st:pl"
    place_id: int
    # 1: offered under a question about a place (姚关有服务站吗): the home is not moved to it.
    asked: int = 0


def cancel_words() -> set[str]:
    """What a farmer may type or tap to stop (the keyboard labels in both languages)."""
    return all_labels("stations.cancel_button") | {"取消", "算了", "不找了", "cancel"}


def back_words() -> set[str]:
    """What a farmer may type or tap to go one step back."""
    return all_labels("stations.back_button") | {"返回", "上一步", "back"}


def location_keyboard(lang: str, back: bool = False) -> ReplyKeyboardMarkup:
    """A big "send my location" button (Telegram asks for the location), and a way out."""
    nav = [KeyboardButton(t(lang, "stations.cancel_button"))]
    if back:
        nav.insert(0, KeyboardButton(t(lang, "stations.back_button")))
    return ReplyKeyboardMarkup(
        [[KeyboardButton(t(lang, "stations.location_button"), request_location=True)], nav],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def short(name: str, lang: str | None = None, most: int = BUTTON_COLUMNS) -> str:
    """A station name as a button shows it: cut to fit, and in English with its pinyin."""
    return button_name(lang, name, most)


def station_entry(lang: str, n: int, nearby: Nearby, place: str | None = None) -> str:
    """One station of a search result: distance, hours, phone, cold storage, address; and
    that it is in `place` (the place named) when it is, since that put it first."""
    return t(
        lang,
        "stations.entry",
        n=n,
        here=t(lang, "stations.in_place", place=place) if place and nearby.in_place else "",
        km=km_text(nearby.km),
        **_details(lang, nearby),
    )


def _details(lang: str, nearby: Nearby) -> dict[str, str]:
    """A station's name, kind, hours, open or not now, phone, cold storage and address."""
    s = nearby.station
    if nearby.open_now:
        status = t(lang, "stations.open_now")
    elif nearby.closed_for_today:
        status = t(lang, "stations.closed_today", opens=hhmm(s.open_from))
    else:
        status = t(lang, "stations.closed_now", opens=hhmm(s.open_from))
    return {
        "name": name_label(lang, s.name),
        "kind": t(lang, f"stations.kind.{s.kind.value}"),
        "hours": f"{hhmm(s.open_from)}-{hhmm(s.open_to)}",
        "status": status,
        "phone": s.phone or t(lang, "stations.no_phone"),
        "cold": t(lang, "stations.cold") if s.cold_storage else "",
        "address": name_label(lang, s.address) or t(lang, "stations.no_address"),
    }


def my_station_text(lang: str, nearby: Nearby | None, staff: bool = False) -> str:
    """ "Which is my station": the usual (⭐) one with its hours and how to change it, or
    how to pick one (`nearby` None: the farmer has none yet)."""
    if nearby is None:
        return t(lang, "stations.mine_none")
    how = t(lang, "stations.mine_staff" if staff else "stations.mine_change")
    return t(lang, "stations.mine", **_details(lang, nearby)) + "\n\n" + how


def finding_text(lang: str, finding: Finding, place: str | None) -> str:
    """The answer to "which stations are near me"."""
    radius = f"{SERVED_RADIUS_KM:.0f}"
    where = name_label(lang, place) if place else t(lang, "stations.you")
    if not finding.stations:
        if finding.outside and finding.product is None:
            return t(lang, "stations.outside_none", radius=radius)
        return t(
            lang,
            "stations.none_for_product",
            radius=radius,
            product=product_label(lang, finding.product or ""),
        )
    if finding.outside:
        head = t(lang, "stations.outside", km=km_text(finding.nearest_km or 0), radius=radius)
    elif finding.product:
        head = t(
            lang,
            "stations.nearest_title_product",
            place=where,
            product=product_label(lang, finding.product),
        )
    else:
        head = t(lang, "stations.nearest_title", place=where)
    named = name_label(lang, place) if place else None
    entries = [station_entry(lang, n, s, named) for n, s in enumerate(finding.stations, 1)]
    return "\n\n".join([head, *entries, t(lang, "stations.hint_change")])


def far_text(lang: str, station: StationInfo, km: float) -> str:
    """A location far outside the county: how far the nearest station is, and nothing kept."""
    return t(lang, "stations.far", km=km_text(km), name=name_label(lang, station.name))


def finding_keyboard(
    lang: str, finding: Finding, book: Callable[[int], Button]
) -> InlineKeyboardMarkup | None:
    """Per station: its location pin, and booking a pickup there (`book(station_id)`)."""
    rows = [
        [
            InlineKeyboardButton(
                t(
                    lang,
                    "stations.pin_button",
                    name=short(n.station.name, lang, HALF_BUTTON_COLUMNS),
                ),
                callback_data=Pin(n.station.id).encode(),
            ),
            InlineKeyboardButton(
                t(
                    lang,
                    "stations.book_button",
                    name=short(n.station.name, lang, HALF_BUTTON_COLUMNS),
                ),
                callback_data=book(n.station.id).encode(),
            ),
        ]
        for n in finding.stations
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def my_station_keyboard(
    lang: str, station: StationInfo, book: Callable[[int], Button]
) -> InlineKeyboardMarkup:
    """Under "your station is …": booking a pickup there (`book(station_id)`)."""
    label = t(lang, "stations.book_button", name=short(station.name, lang))
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=book(station.id).encode())]]
    )


def usual_after_booking(
    lang: str, station_id: int, name: str, usual: str | None
) -> tuple[str, InlineKeyboardMarkup | None]:
    """Under a booking's confirmation: the station booked became the farmer's first one
    (`usual` None), or their usual one `usual` stays, with a button to make this one theirs."""
    if usual is None:
        return t(lang, "stations.adopted", name=name_label(lang, name)), None
    line = t(
        lang, "stations.usual_kept", name=name_label(lang, name), usual=name_label(lang, usual)
    )
    button = InlineKeyboardButton(
        t(lang, "stations.make_usual_button", name=short(name, lang)),
        callback_data=Pin(station_id).encode(),
    )
    return line, InlineKeyboardMarkup([[button]])


def place_keyboard(
    lang: str, places: Sequence[Place], choose: Callable[[int], Button] = PlaceChoice
) -> InlineKeyboardMarkup | None:
    """One button per place, `choose(place_id)` (gazetteer entries only: they have an id)."""
    rows = [
        [InlineKeyboardButton(plain_label(lang, p.label), callback_data=choose(p.id).encode())]
        for p in places
        if p.id is not None
    ]
    return InlineKeyboardMarkup(rows) if rows else None


# The rounds listed by name (the count says all).
OVER_CAPACITY_SHOWN = 20


def over_capacity_text(lang: str, result: ImportResult) -> str:
    """A stations import's rounds booked beyond the file's capacity: which, and that they stay."""
    over = over_booked(result)
    lines = []
    for o in over[:OVER_CAPACITY_SHOWN]:
        kg = ""
        if o.booked_kg > o.capacity_kg:
            kg = t(lang, "admindata.over_capacity_kg", booked=o.booked_kg, capacity=o.capacity_kg)
        lines.append(
            t(
                lang,
                "admindata.over_capacity_line",
                station=o.station,
                name=o.name,
                day=o.day.isoformat(),
                window=f"{hhmm(o.starts)}-{hhmm(o.ends)}",
                booked=o.booked,
                capacity=o.capacity,
                kg=kg,
            )
        )
    if len(over) > len(lines):
        lines.append(t(lang, "admindata.over_capacity_more", more=len(over) - len(lines)))
    return t(lang, "admindata.over_capacity", lines="\n".join(lines))


# How many of a station's products "它收：…" names before "等 N 种".
LISTED_PRODUCTS = 8


def products_text(lang: str, products: frozenset[str], most: int = LISTED_PRODUCTS) -> str:
    """What a station takes, in the user's language (the first `most`, then how many more)."""
    names = sorted(product_label(lang, p) for p in products)
    shown = ("、" if lang != "en" else ", ").join(names[:most])
    rest = len(names) - most
    return shown + t(lang, "demand.more_products", count=rest) if rest > 0 else shown


def takes_text(lang: str, product: str, route: OfferRoute) -> str:
    """Whether the farmer's station takes `product` (站里收不收鸡蛋), and if not, the nearest
    station that does: answered from the stations' own lists."""
    label = product_label(lang, product)
    usual = route.usual
    if route.kind is RouteKind.usual:
        if usual is None:  # a station the catalogue does not know: what it takes is unknown
            return t(lang, "demand.station_unknown")
        return t(lang, "demand.station_takes", station=name_label(lang, usual.name), product=label)
    lines = [
        t(
            lang,
            "demand.station_not_takes",
            station=name_label(lang, usual.name),
            product=label,
            products=products_text(lang, usual.products),
        )
        if usual is not None
        else t(lang, "demand.station_no_station")
    ]
    buyer = route.buyer
    if route.kind is RouteKind.nearest and buyer is not None:
        km = km_text(route.km or 0)
        lines.append(
            t(
                lang,
                "demand.station_nearest",
                product=label,
                station=name_label(lang, buyer.name),
                km=km,
            )
        )
    elif route.kind is RouteKind.none_near:
        lines.append(
            t(lang, "demand.station_none_near", radius=f"{SERVED_RADIUS_KM:.0f}", product=label)
        )
        if buyer is not None:
            km = km_text(route.km or 0)
            lines.append(
                t(
                    lang,
                    "demand.station_farthest",
                    product=label,
                    station=name_label(lang, buyer.name),
                    km=km,
                )
            )
    else:
        lines.append(t(lang, "demand.station_where", product=label))
    return "\n".join(lines)


def station_list_text(lang: str, who: str, asked: StationAsked, *, staff: bool = False) -> str:
    """What a station takes, asked without a product (孙家集京东服务站收什么, 我们站收什么):
    its whole list, from the stations' own lists (blind test: the base answered instead).
    Its own `staff` asking get the list alone: booking a pickup is the farmers' to do."""
    station = asked.station
    if station is None and asked.own:
        return t(lang, "demand.station_no_station") + "\n" + t(lang, "demand.station_list_find")
    if station is None and asked.choices:
        sep = ", " if lang == "en" else "、"
        names = sep.join(name_label(lang, s.name) for s in asked.choices)
        first = name_label(lang, asked.choices[0].name)
        return t(lang, "demand.station_list_which", name=who, stations=names, first=first)
    if station is None:
        return t(lang, "demand.station_list_unknown", name=who)
    name = name_label(lang, station.name)
    if not station.products:
        return t(lang, "demand.station_list_empty", station=name)
    key = "demand.station_list_own" if asked.own else "demand.station_list"
    if asked.own and staff:
        key = "demand.station_list_staff"
    products = products_text(lang, station.products, most=len(station.products))
    return t(lang, key, station=name, products=products)


def takers_text(
    lang: str,
    product: str,
    hits: Sequence[Hit[StationInfo]],
    own: int | None,
    named: str | None = None,
) -> str:
    """The stations near the farmer that take `product`, before the buyers far away (附近谁收
    土豆): the farmer's own ⭐ first. `named`: the product as the farmer said it, a live animal
    (收黄牛的服务站, not 收牛肉的) or another name (收番茄（西红柿）的, not 收西红柿的)."""
    label = named or product_label(lang, product)
    lines = [t(lang, "demand.takers_header", product=label)]
    for hit in hits:
        star = " ⭐" if hit.item.id == own else ""
        lines.append(
            t(
                lang,
                "demand.taker",
                station=name_label(lang, hit.item.name) + star,
                km=km_text(hit.km),
                phone=hit.item.phone,
            )
        )
    lines.append(t(lang, "demand.takers_book"))
    return "\n".join(lines)


def takers_any_text(
    lang: str,
    product: str,
    stations: Sequence[StationInfo],
    located: bool,
    named: str | None = None,
) -> str:
    """The stations that take `product` when none is known near the farmer (哪个收椪柑 with no
    place): each with its phone, and how to see the nearest (`named` as in takers_text)."""
    label = named or product_label(lang, product)
    lines = [t(lang, "demand.takers_any_header", product=label)]
    for station in stations:
        lines.append(
            t(lang, "demand.taker_any", station=name_label(lang, station.name), phone=station.phone)
        )
    lines.append(t(lang, "demand.takers_book"))
    if not located:
        lines.append(t(lang, "demand.location_hint"))
    return "\n".join(lines)
