"""The price card: latest prices, notes on the place, chart and 🔔 buttons, product buttons."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.alerts.text import Subscribe, SubscribeAt
from bot.core.callbacks import Button
from bot.core.i18n import day_label, money, normalise_language, t
from bot.markets.prices import ChartData, Place, PriceAnswer
from handlers.render.price_change import change_text
from handlers.render.units import unit_label
from knowledge.text.english import glossary, name_label
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


UNIT_CODES = {"斤": "j", "公斤": "k"}
MAX_CALLBACK = 64


def price_text(
    lang: str, answer: PriceAnswer, extra: Sequence[str] = (), said: str | None = None
) -> str:
    """The latest-price answer: one block per market, `extra` lines (an estimate), warnings,
    and a location hint. `said`: the name the farmer asked by, when not the product's own
    (椪柑, 洋芋), shown with the product it is priced as (椪柑（柑橘）, knowledge.text.lexicon's
    names_said)."""
    product = said_label(lang, answer.product, said)
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
            t(
                lang,
                "prices.date_line",
                date=day_label(lang, row.day),
                change=change_text(lang, row),
            )
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


def said_label(lang: str, product: str, said: str | None) -> str:
    """The product as a card names it: with the word asked by when another (椪柑（柑橘）); in
    English by that word's English when the glossary has one ("Ponkan (citrus)"), else the
    product's with the word as said ("citrus (芦柑)")."""
    label = product_label(lang, product)
    if not said or said == product:
        return label
    if normalise_language(lang) != "en":
        return t(lang, "prices.said_as", said=said, product=label)
    english = glossary().names.get(said, "")
    if english and english != label.lower():
        return t(lang, "prices.said_as", said=english[:1].upper() + english[1:], product=label)
    return t(lang, "prices.said_in_chinese", said=said, product=label)


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
