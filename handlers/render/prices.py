"""Rendering of price answers, demand listings, supply offers, and their buttons."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.alerts.text import Subscribe, SubscribeAt
from bot.core.callbacks import Button
from bot.core.i18n import day_label, money, t
from bot.markets.demand import Listing, Riser
from bot.markets.history import DAY, PriceHistory, peak_days
from bot.markets.prices import ChartData, Place, PriceAnswer, PriceRow
from bot.markets.supply import OfferView
from knowledge.text.english import name_label
from knowledge.text.heads import measure_of
from knowledge.text.lexicon import product_label
from knowledge.text.places import inside


@dataclass(frozen=True)
class PriceOf(Button):
    """The price of a product."""

    PREFIX = "px:p"
    product_id: int


@dataclass(frozen=True)
class Chart(Button):
    """The 30-day chart of a product in a unit (j 斤 / k 公斤) at markets "1.2.3"."""

    PREFIX = "px:c"
    product_id: int
    unit: str
    markets: str


@dataclass(frozen=True)
class BuyersOf(Button):
    """The buyers of a product."""

    PREFIX = "dm:p"
    product_id: int


@dataclass(frozen=True)
class OfferProduct(Button):
    """Choose the product of the farmer's draft offer."""

    PREFIX = "sp:p"
    offer_id: int
    product_id: int


@dataclass(frozen=True)
class OfferConfirm(Button):
    """Confirm the farmer's draft offer."""

    PREFIX = "sp:ok"
    offer_id: int


@dataclass(frozen=True)
class OfferCancel(Button):
    """Cancel the farmer's draft offer."""

    PREFIX = "sp:no"
    offer_id: int


@dataclass(frozen=True)
class OfferMatched(Button):
    """Staff: the offer found a buyer."""

    PREFIX = "of:m"
    offer_id: int


UNIT_CODES = {"斤": "j", "公斤": "k"}
MAX_CALLBACK = 64
# Within this many percent a week's change is "about the same".
FLAT_PERCENT = 0.5


def unit_label(lang: str, unit: str) -> str:
    """斤 / 公斤 / 吨 in the user's language."""
    try:
        return t(lang, f"units.{unit}")
    except KeyError:
        return unit


def quantity(lang: str, value: float | None, unit: str | None) -> str:
    """2000斤, 1.5吨 (2000 jin in English)."""
    if value is None or unit is None:
        return ""
    sep = " " if lang == "en" else ""
    return f"{value:g}{sep}{unit_label(lang, unit)}"


def herd_count(lang: str, offer: OfferView) -> str:
    """Live animals' head count (20只, 10-19头, 20 head), or "" for produce by weight."""
    if offer.heads is None:
        return ""
    count = f"{offer.heads}" if offer.heads_high is None else f"{offer.heads}-{offer.heads_high}"
    return t(lang, f"supply.heads_{measure_of(offer.product or '')}", count=count)


def offer_quantity(lang: str, offer: OfferView) -> str:
    """An offer's amount: 2000斤, or live animals' count and weight (20只 约1600斤)."""
    weight = quantity(lang, offer.quantity, offer.quantity_unit)
    if offer.heads is None or not weight:
        return weight or herd_count(lang, offer)
    return t(lang, "supply.heads_weight", heads=herd_count(lang, offer), weight=weight)


def herd_said(lang: str, meat: str, heads: int, high: int | None, animal: str) -> str:
    """A head count and its animal as a farmer says them: 20只羊, 十几头 as 10-19头猪, 5 cows."""
    count = f"{heads}" if high is None else f"{heads}-{high}"
    return t(lang, f"supply.herd_{measure_of(meat)}", count=count, animal=animal)


def ask_herd_weight(lang: str, offer: OfferView, animal: str) -> str:
    """20只羊大概一共多少斤？也可以说每只多少斤 (the weight of live animals listed by the head)."""
    meat = offer.product or ""
    return t(
        lang,
        "supply.ask_quantity_heads",
        herd=herd_said(lang, meat, offer.heads or 0, offer.heads_high, animal),
        each=t(lang, f"supply.each_{measure_of(meat)}"),
    )


def _change(lang: str, row: PriceRow) -> str:
    if row.change_7d is None:
        return t(lang, "prices.no_change")
    if abs(row.change_7d) < FLAT_PERCENT:
        return t(lang, "prices.flat")
    key = "prices.up" if row.change_7d > 0 else "prices.down"
    return t(lang, key, pct=f"{abs(row.change_7d):.1f}")


def price_text(lang: str, answer: PriceAnswer, extra: Sequence[str] = ()) -> str:
    """The latest-price answer: one block per market, `extra` lines (an estimate), warnings,
    and a location hint."""
    product = product_label(lang, answer.product)
    unit = unit_label(lang, answer.unit)
    if not answer.rows:
        return t(lang, "prices.no_data", product=product)
    place = answer.place
    if place.kind in ("market", "city") and not answer.fallback:
        lines = [
            t(
                lang,
                "prices.header_place",
                product=product,
                unit=unit,
                place=name_label(lang, place.label),
            )
        ]
    else:
        lines = [t(lang, "prices.header", product=product, unit=unit)]
    if answer.fallback:
        lines.append(
            t(lang, "prices.fallback", place=name_label(lang, place.label), product=product)
        )
    # 寿光 is in 潍坊 (a county-level city of the prefecture): no distance "from 潍坊".
    within = {
        row.market_id
        for row in answer.rows
        if place.kind == "near" and row.city and inside(row.city, place.label)
    }
    lines += place_notes(lang, place, has_inside=bool(within))
    for row in answer.rows:
        lines.append("")
        if row.market_id in within:
            lines.append(
                t(
                    lang,
                    "prices.market_inside",
                    market=name_label(lang, row.market),
                    place=name_label(lang, place.label),
                )
            )
        elif row.distance_km is not None and place.kind == "near":
            lines.append(
                t(
                    lang,
                    "prices.market_from",
                    market=name_label(lang, row.market),
                    km=f"{row.distance_km:.0f}",
                    place=name_label(lang, place.label),
                )
            )
        elif row.distance_km is not None:
            lines.append(
                t(
                    lang,
                    "prices.market_far",
                    market=name_label(lang, row.market),
                    km=f"{row.distance_km:.0f}",
                )
            )
        else:
            lines.append(t(lang, "prices.market", market=name_label(lang, row.market)))
        line = t(lang, "prices.price_line", price=money(row.price))
        if row.low is not None and row.high is not None:
            line += t(lang, "prices.range", low=money(row.low), high=money(row.high))
        lines.append(line)
        if row.quoted_unit != answer.unit and row.quoted_unit == "公斤":
            lines.append(t(lang, "prices.quoted", price=money(row.quoted_price)))
        lines.append(
            t(lang, "prices.date_line", date=day_label(lang, row.day), change=_change(lang, row))
        )
        if row.stale and not answer.stale:
            lines.append(t(lang, "prices.stale_row", days=row.age_days))
    if extra:
        lines += ["", *extra]
    if answer.stale:
        lines += ["", t(lang, "prices.stale", days=answer.newest_age)]
    if place.kind == "national":
        lines += ["", t(lang, "prices.share_location")]
    return "\n".join(lines)


def place_notes(lang: str, place: Place, has_inside: bool = False) -> list[str]:
    """What the answer says of the place asked: none quotes there (潍坊), or not found (火星);
    `has_inside`: a market listed lies within it (寿光 in 潍坊), though not by its name."""
    if place.kind == "near":
        key = "prices.near_inside" if has_inside else "prices.near"
        return [t(lang, key, place=name_label(lang, place.label))]
    if place.missing:
        key = "prices.place_unknown_home" if place.kind == "home" else "prices.place_unknown"
        # An English word is shown as a name (Mars), not as normalised (mars).
        word = place.missing.title() if place.missing.isascii() else place.missing
        return [t(lang, key, place=word)]
    return []


def chart_data(answer: PriceAnswer) -> str | None:
    """Callback data of the chart button for the markets shown, or None if it does not fit."""
    markets = ".".join(str(row.market_id) for row in answer.rows)
    try:
        return Chart(answer.product_id, UNIT_CODES[answer.unit], markets).encode()
    except ValueError:
        return None


def price_keyboard(lang: str, answer: PriceAnswer) -> InlineKeyboardMarkup | None:
    """The 看走势图 button under a price answer, and 🔔 to subscribe to that price (issue 7)."""
    data = chart_data(answer) if answer.rows else None
    if data is None:
        return None
    buttons = [InlineKeyboardButton(t(lang, "prices.chart_button"), callback_data=data)]
    subscribe = subscribe_data(answer)
    if subscribe is not None:
        buttons.append(
            InlineKeyboardButton(t(lang, "alerts.buttons.subscribe_price"), callback_data=subscribe)
        )
    return InlineKeyboardMarkup([buttons])


def subscribe_data(answer: PriceAnswer) -> str | None:
    """🔔's data: the price's product where the answer was about (潍坊大蒜啥价: at 潍坊, never
    home's markets instead); None when the place's name does not fit a button."""
    place = answer.place
    if place.kind not in ("market", "city", "near") or not place.label:
        return Subscribe(answer.product_id).encode()
    try:
        return SubscribeAt(answer.product_id, place.label).encode()
    except ValueError:
        return None


def chart_labels(lang: str, chart: ChartData) -> tuple[str, str, str]:
    """(title, y-axis label, photo caption) of the 30-day chart."""
    product = product_label(lang, chart.product)
    unit = unit_label(lang, chart.unit)
    return (
        t(lang, "prices.chart_title", product=product),
        t(lang, "prices.chart_ylabel", unit=unit),
        t(lang, "prices.chart_caption", product=product, unit=unit),
    )


def _history_params(lang: str, history: PriceHistory) -> dict[str, str]:
    if history.period == DAY:
        period = t(lang, "prices.on_day", day=day_label(lang, history.start))
    else:
        period = t(lang, f"prices.periods.{history.period}")
    return {
        "product": product_label(lang, history.product),
        "unit": unit_label(lang, history.unit),
        "period": period,
        "start": day_label(lang, history.start),
        "end": day_label(lang, history.end),
    }


def history_text(lang: str, history: PriceHistory, latest: PriceAnswer | None = None) -> str:
    """What a product cost in a past period or on a past day, per market; or plainly that
    nothing is stored, then the `latest` prices with their days when there are some."""
    params = _history_params(lang, history)
    one_day = history.period == DAY
    if history.empty:
        none = t(lang, "prices.day_none" if one_day else "prices.history_none", **params)
        if latest is None or not latest.rows:
            return none
        return "\n".join([none, t(lang, "prices.latest_below"), "", price_text(lang, latest)])
    lines = [t(lang, "prices.day_header" if one_day else "prices.history_header", **params)]
    if history.fallback:
        place = name_label(lang, history.place.label)
        lines.append(t(lang, "prices.history_fallback", place=place, **params))
    lines += place_notes(lang, history.place)
    for row in history.rows:
        lines.append(
            t(
                lang,
                "prices.day_row" if one_day else "prices.history_row",
                market=name_label(lang, row.market),
                avg=money(row.avg),
                low=money(row.low),
                high=money(row.high),
                days=row.days,
            )
        )
    return "\n".join(lines)


def peak_text(lang: str, history: PriceHistory, highest: bool) -> str:
    """土豆哪天价最高: each market's dearest (or cheapest) day in the history's window, and
    where to see every day (the trend chart)."""
    product = product_label(lang, history.product)
    params = {
        "product": product,
        "unit": unit_label(lang, history.unit),
        "start": day_label(lang, history.start),
        "end": day_label(lang, history.end),
    }
    peaks = peak_days(history, highest)
    if not peaks:
        return t(lang, "prices.peak_none", **params)
    lines = [t(lang, "prices.peak_high" if highest else "prices.peak_low", **params)]
    for peak in peaks:
        lines.append(
            t(
                lang,
                "prices.peak_row",
                market=name_label(lang, peak.market),
                day=day_label(lang, peak.day),
                price=money(peak.price),
            )
        )
    lines.append(t(lang, "prices.peak_chart", product=product))
    return "\n".join(lines)


def history_chart_labels(lang: str, history: PriceHistory) -> tuple[str, str, str]:
    """(title, y-axis label, photo caption) of a past period's chart."""
    params = _history_params(lang, history)
    return (
        t(lang, "prices.history_chart_title", **params),
        t(lang, "prices.chart_ylabel", unit=params["unit"]),
        t(lang, "prices.history_chart_caption", **params),
    )


def product_buttons(
    lang: str,
    products: Sequence[tuple[int, str]],
    button: Callable[[int], Button],
    per_row: int = 3,
) -> InlineKeyboardMarkup:
    """Big product buttons, three to a row; `button` makes each one's callback from its id."""
    buttons = [
        InlineKeyboardButton(product_label(lang, name), callback_data=button(pid).encode())
        for pid, name in products
    ]
    return InlineKeyboardMarkup([buttons[i : i + per_row] for i in range(0, len(buttons), per_row)])


# ---------------------------------------------------------------- demand


def listings_text(
    lang: str, listings: Sequence[Listing], product: str | None, located: bool
) -> str:
    """Open buying requests, nearest first."""
    label = product_label(lang, product) if product else ""
    if not listings:
        return t(lang, "demand.none", product=label) if product else t(lang, "demand.none_any")
    lines = [t(lang, "demand.header", product=label) if product else t(lang, "demand.header_any")]
    for item in listings:
        lines.append("")
        if item.distance_km is not None:
            lines.append(
                t(
                    lang,
                    "demand.buyer_far",
                    buyer=name_label(lang, item.buyer),
                    km=f"{item.distance_km:.0f}",
                )
            )
        else:
            lines.append(t(lang, "demand.buyer", buyer=name_label(lang, item.buyer)))
        price = (
            t(
                lang,
                "demand.offer_price",
                price=money(item.price),
                unit=unit_label(lang, item.price_unit),
            )
            if item.price is not None
            else t(lang, "demand.negotiable")
        )
        lines.append(
            t(
                lang,
                "demand.wants",
                product=product_label(lang, item.product),
                quantity=quantity(lang, item.quantity, item.quantity_unit),
                price=price,
            )
        )
        # A listing without a place ends with its date (no separator left dangling).
        until = day_label(lang, item.valid_until)
        if item.place:
            place = name_label(lang, item.place)
            lines.append(t(lang, "demand.until_place", date=until, place=place))
        else:
            lines.append(t(lang, "demand.until", date=until))
        lines.append(t(lang, "demand.contact", contact=item.contact))
    if not located:
        lines += ["", t(lang, "demand.location_hint")]
    return "\n".join(lines)


def risers_text(lang: str, risers: Sequence[Riser], located: bool) -> str:
    """What rose most this week in the farmer's region."""
    region = t(lang, "demand.region_home" if located else "demand.region_national")
    if not risers:
        return t(lang, "demand.risers_none", region=region)
    lines = [t(lang, "demand.risers_header", region=region)]
    for n, riser in enumerate(risers, 1):
        lines.append(
            t(
                lang,
                "demand.riser",
                n=n,
                product=product_label(lang, riser.product),
                pct=f"{riser.change_7d:.1f}",
                price=money(riser.price_jin),
            )
        )
    lines += ["", t(lang, "demand.sell_hint")]
    return "\n".join(lines)


# ---------------------------------------------------------------- supply offers


def _offer_price(lang: str, offer: OfferView) -> str:
    if offer.price is None:
        return t(lang, "supply.price_any")
    return t(
        lang,
        "supply.price",
        price=money(offer.price),
        unit=unit_label(lang, offer.price_unit or "斤"),
    )


def _ready(lang: str, offer: OfferView, today: date) -> str:
    if offer.ready_date is None or offer.ready_date <= today:
        return t(lang, "supply.ready_today")
    return day_label(lang, offer.ready_date)


def offer_line(lang: str, offer: OfferView, today: date) -> str:
    """One offer in a line: 大葱 2000斤，现在就能卖，没说价."""
    return t(
        lang,
        "supply.line",
        product=product_label(lang, offer.product or ""),
        quantity=offer_quantity(lang, offer),
        ready=_ready(lang, offer, today),
        price=_offer_price(lang, offer),
    )


def offer_summary(
    lang: str, offer: OfferView, today: date, station: str, said: str | None = None,
    product: str | None = None,
) -> str:  # fmt: skip
    """The draft to confirm; `station` says where it goes, `said` an amount said loosely
    (一千多斤: listed as 1000斤), `product` what it is as said (黄牛 listed as 牛肉)."""
    amount = offer_quantity(lang, offer)
    if said is not None:
        amount = t(lang, "supply.loose_quantity", quantity=amount, said=said)
    return t(
        lang,
        "supply.summary",
        product=product or product_label(lang, offer.product or ""),
        quantity=amount,
        ready=_ready(lang, offer, today),
        price=_offer_price(lang, offer),
        station=station,
    )


def offer_confirm_keyboard(lang: str, offer_id: int) -> InlineKeyboardMarkup:
    """确认登记 / 不登记了."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "supply.confirm_button"), callback_data=OfferConfirm(offer_id).encode()
                ),
                InlineKeyboardButton(
                    t(lang, "supply.cancel_button"), callback_data=OfferCancel(offer_id).encode()
                ),
            ]
        ]
    )


def offer_product_keyboard(
    lang: str, offer_id: int, products: Sequence[tuple[int, str]]
) -> InlineKeyboardMarkup:
    """Product buttons that fill in a draft's product."""
    return product_buttons(lang, products, partial(OfferProduct, offer_id))


def matched_notice(lang: str, offer: OfferView) -> str:
    """The push to the farmer when staff matched their offer."""
    return t(
        lang,
        "supply.matched_notice",
        product=product_label(lang, offer.product or ""),
        quantity=offer_quantity(lang, offer),
    )


def offers_text(lang: str, offers: Sequence[OfferView], total: int, today: date) -> str:
    """Staff's list of open offers, as HTML: each farmer's name opens a chat with them (the
    bot keeps no phone numbers; in Telegram staff can write or call from there)."""
    if not offers:
        return html.escape(t(lang, "offers.none"))
    lines = [html.escape(t(lang, "offers.header", count=total, shown=len(offers)))]
    for offer in offers:
        line = t(
            lang,
            "offers.item",
            id=offer.id,
            farmer=_FARMER,
            product=product_label(lang, offer.product or ""),
            quantity=offer_quantity(lang, offer),
            ready=_ready(lang, offer, today),
            price=_offer_price(lang, offer),
            station=t(lang, "offers.unassigned") if offer.station_id is None else "",
        )
        lines.append(html.escape(line).replace(_FARMER, _farmer_link(offer), 1))
    lines.append(html.escape(t(lang, "offers.contact_hint")))
    return "\n".join(lines)


# Stands for the farmer's name until the line is escaped (a name is the farmer's own words).
_FARMER = "\x00"


def _farmer_link(offer: OfferView) -> str:
    """The farmer's name linked to their Telegram account, and their @username when known."""
    name = html.escape(offer.farmer_name or str(offer.farmer_id))
    link = f'<a href="tg://user?id={offer.farmer_id}">{name}</a>'
    return f"{link} @{html.escape(offer.farmer_username)}" if offer.farmer_username else link


def offers_keyboard(lang: str, offers: Sequence[OfferView]) -> InlineKeyboardMarkup | None:
    """One 已对接 button per open offer shown."""
    if not offers:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "offers.match_button", id=o.id),
                    callback_data=OfferMatched(o.id).encode(),
                )
            ]
            for o in offers
        ]
    )
