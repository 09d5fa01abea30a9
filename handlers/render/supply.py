"""Supply offers: the farmer's draft and its buttons, head counts, staff's open offers."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.callbacks import Button
from bot.core.i18n import day_label, money, t
from bot.markets.herds import herd_said
from bot.markets.said_names import said_product, word_said
from bot.markets.supply import OfferError, OfferView
from handlers.render.prices import product_buttons
from handlers.render.units import quantity, unit_label
from knowledge.text.heads import measure_of

ERROR_KEYS = {
    "not_found": "fallback.unknown_button",
    "not_yours": "supply.not_yours",
    "not_draft": "supply.done_already",
    "incomplete": "supply.incomplete",
    "forbidden": "offers.forbidden",
    "not_open": "offers.not_open",
    "bad_quantity": "supply.bad_quantity",
    "bad_price": "supply.bad_price",
    "too_many": "supply.too_many",
    # A farmer's own listing (bot.markets.listings) and a staff press on a withdrawn one.
    "withdrawn": "supply.mine.already_withdrawn",
    "matched": "supply.mine.matched_already",
    "not_listed": "supply.mine.not_listed",
    "withdrawn_by_farmer": "offers.withdrawn",
    # ↩️ 撤销对接 (handlers/offer_matching.py): not matched now, or matched before today.
    "not_matched": "offers.not_matched",
    "undo_too_late": "offers.undo_too_late",
}


# The same refusals of a listing at no station: the county admin looks for its buyer.
ADMINS_KEYS = {"matched": "supply.mine.matched_already_admins"}


def refusal(lang: str, exc: OfferError) -> str:
    """What the user reads about a refused offer action."""
    key = ERROR_KEYS[exc.reason]
    if exc.params.get("at_station") is False:
        key = ADMINS_KEYS.get(exc.reason, key)
    return t(lang, key, **exc.params)


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


def ask_herd_weight(lang: str, offer: OfferView, animal: str) -> str:
    """20只羊大概一共多少斤？也可以说每只多少斤 (the weight of live animals listed by the head)."""
    meat = offer.product or ""
    return t(
        lang,
        "supply.ask_quantity_heads",
        herd=herd_said(lang, meat, offer.heads or 0, offer.heads_high, animal),
        each=t(lang, f"supply.each_{measure_of(meat)}"),
    )


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


def offer_product(lang: str, offer: OfferView) -> str:
    """An offer's product as the farmer named it in their words (我有3000斤洋芋要卖:
    洋芋（土豆）), else its own name; staff see it so too, with the canonical name."""
    product = offer.product or ""
    return said_product(lang, product, word_said(offer.said, product))


def offer_line(lang: str, offer: OfferView, today: date) -> str:
    """One offer in a line: 大葱 2000斤，现在就能卖，没说价."""
    return t(
        lang,
        "supply.line",
        product=offer_product(lang, offer),
        quantity=offer_quantity(lang, offer),
        ready=_ready(lang, offer, today),
        price=_offer_price(lang, offer),
    )


def offer_summary(
    lang: str,
    offer: OfferView,
    today: date,
    station: str,
    said: str | None = None,
    product: str | None = None,
) -> str:
    """The draft to confirm; `station` says where it goes, `said` an amount said loosely
    (一千多斤: listed as 1000斤), `product` what it is as said (黄牛 listed as 牛肉)."""
    amount = offer_quantity(lang, offer)
    if said is not None:
        amount = t(lang, "supply.loose_quantity", quantity=amount, said=said)
    return t(
        lang,
        "supply.summary",
        product=product or offer_product(lang, offer),
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
        product=offer_product(lang, offer),
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
            product=offer_product(lang, offer),
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
