"""我的卖货登记 and where an offer goes: the farmer's listings, withdrawing one, routing.

The buttons are typed (bot.core.callbacks); each carries only the offer's id (and
for OfferTo a station's id), and every handler checks again whose offer it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.bookings.text import km_text
from bot.core.callbacks import Button
from bot.core.i18n import t
from bot.markets.herds import herd_said
from bot.markets.supply import OfferView
from bot.stations.catalogue import SERVED_RADIUS_KM, StationInfo
from bot.stations.routing import TO_ADMINS, OfferRoute, RouteKind
from handlers.render import paginate_with_buttons
from handlers.render.prices import PriceOf
from handlers.render.stations import short
from handlers.render.supply import OfferCancel, offer_line, offer_product, offer_quantity
from handlers.render.units import quantity
from knowledge.text.english import name_label
from knowledge.text.heads import measure_of
from knowledge.text.lexicon import product_label
from knowledge.text.per_head import herd_noun


@dataclass(frozen=True)
class MyOffers(Button):
    """Show the farmer's own open listings."""

    PREFIX = "ol:ls"


@dataclass(frozen=True)
class WithdrawOffer(Button):
    """Ask to withdraw one of the farmer's listings."""

    PREFIX = "ol:wd"
    offer_id: int


@dataclass(frozen=True)
class WithdrawYes(Button):
    """Withdraw the listing, confirmed."""

    PREFIX = "ol:wy"
    offer_id: int


@dataclass(frozen=True)
class KeepOffer(Button):
    """Do not withdraw after all (the listing's id says who keeps looking for a buyer; 0 on
    the buttons made before it was carried)."""

    PREFIX = "ol:keep"
    offer_id: int = 0


@dataclass(frozen=True)
class OfferTo(Button):
    """Open the draft at this station (TO_ADMINS: with the county's admins)."""

    PREFIX = "sp:to"
    offer_id: int
    station_id: int


@dataclass(frozen=True)
class SellHerd(Button):
    """📦 要卖 under 我有20只羊: list the animals told, by the head (their weight asked next)."""

    PREFIX = "sp:hd"
    product_id: int
    heads: int
    animal: str  # as said (羊, 肥猪, sheep): the weight question names it
    high: int = 0  # 十几头猪: 19 (0: one figure said)


@dataclass(frozen=True)
class ChangeAmount(Button):
    """✏️ under "already listed": a new amount for the farmer's open listing; `amount` (2000斤)
    and `heads` when the farmer said them again, else the amount is asked."""

    PREFIX = "ol:ch"
    offer_id: int
    heads: int = 0  # a new head count (0: none said)
    high: int = 0  # 十几头: 19 (0: one figure)
    amount: str = ""  # the weight said, as typed back (2000斤); "" asks for it


def herd_told_text(lang: str, herd: str, meat: str) -> str:
    """我有20只羊: are they for sale? (`herd` as herd_said says it: 20只羊, 5 cows)."""
    return t(lang, "supply.herd_told", herd=herd, meat=product_label(lang, meat))


def herd_told_keyboard(lang: str, sell: SellHerd, meat: str) -> InlineKeyboardMarkup:
    """📦 要卖 (the head-count listing) and 💰 看羊肉价格 (the meat's price)."""
    price = t(lang, "supply.herd_price_button", meat=product_label(lang, meat))
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "supply.herd_sell_button"), callback_data=sell.encode()
                ),
                InlineKeyboardButton(price, callback_data=PriceOf(sell.product_id).encode()),
            ]
        ]
    )


def what(lang: str, offer: OfferView) -> dict[str, str]:
    """An offer's product and amount, as the catalogue's {product} and {quantity}."""
    return _what(lang, offer)


def _what(lang: str, offer: OfferView) -> dict[str, str]:
    return {
        "product": offer_product(lang, offer),
        "quantity": offer_quantity(lang, offer),
    }


def already_listed_text(
    lang: str, product: str, offers: Sequence[OfferView], today: date, takers: bool = False
) -> str:
    """谁收大蒜 with garlic of the farmer's own listed: no buyer yet (`takers`: the stations that
    take it were just shown), but it is listed."""
    key = "demand.listed_already" if takers else "demand.none_listed"
    lines = [t(lang, key, product=product_label(lang, product))]
    lines += [f"#{o.id} 🌾 {offer_line(lang, o, today)}" for o in offers]
    return "\n".join(lines)


def _station_name(lang: str, station_id: int | None, names: Mapping[int, str]) -> str:
    if station_id is None:
        return t(lang, "supply.mine.at_admins")
    name = names.get(station_id)
    return name_label(lang, name) if name else t(lang, "supply.mine.at_station")


def _list_row(lang: str) -> list[InlineKeyboardButton]:
    return [
        InlineKeyboardButton(t(lang, "supply.mine.list_button"), callback_data=MyOffers().encode())
    ]


def list_button(lang: str) -> InlineKeyboardMarkup:
    """One button: 📋 我的卖货登记."""
    return InlineKeyboardMarkup([_list_row(lang)])


def with_list_button(lang: str, markup: InlineKeyboardMarkup) -> InlineKeyboardMarkup:
    """`markup` with a last row: 📋 我的卖货登记."""
    return InlineKeyboardMarkup([*markup.inline_keyboard, _list_row(lang)])


def my_offers(
    lang: str,
    offers: Sequence[OfferView],
    names: Mapping[int, str],
    today: date,
    header: str | None = None,
) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    """The farmer's open listings, each with its ↩️ withdraw button, in messages Telegram takes.

    `names`: station id → name, for where each listing is; `header` replaces the title.
    """
    if not offers:
        return [(t(lang, "supply.mine.none"), None)]
    units = [
        (
            t(
                lang,
                "supply.mine.entry",
                id=o.id,
                line=offer_line(lang, o, today),
                station=_station_name(lang, o.station_id, names),
            ),
            [
                [
                    InlineKeyboardButton(
                        t(lang, "supply.mine.withdraw_button", id=o.id, **_what(lang, o)),
                        callback_data=WithdrawOffer(o.id).encode(),
                    )
                ]
            ],
        )
        for o in offers
    ]
    title = header or t(lang, "supply.mine.title", count=len(offers))
    return paginate_with_buttons(units, header=title)


def withdraw_question(lang: str, offer: OfferView) -> str:
    """确定要撤回 …吗?"""
    # A listing of no station (the county admin's): no station is said to stop looking.
    key = "supply.mine.confirm" if offer.station_id is not None else "supply.mine.confirm_admins"
    return t(lang, key, id=offer.id, **_what(lang, offer))


def withdraw_keyboard(lang: str, offer_id: int) -> InlineKeyboardMarkup:
    """Yes, withdraw / keep it."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "supply.mine.yes_withdraw"),
                    callback_data=WithdrawYes(offer_id).encode(),
                ),
                InlineKeyboardButton(
                    t(lang, "supply.mine.keep"), callback_data=KeepOffer(offer_id).encode()
                ),
            ]
        ]
    )


# 不撤回 pressed on a listing no longer open: what it is now (not "the listing stays").
_KEPT_CLOSED = {"withdrawn": "supply.mine.kept_withdrawn", "matched": "supply.mine.kept_matched"}


def kept_text(lang: str, offer: OfferView | None, closed: str | None = None) -> str:
    """不撤回: the listing stays, and who keeps looking for a buyer (its station, the county
    admin for one at no station; said without either when the listing is not known).
    `closed`: why the listing is not open (withdrawn, matched): said instead."""
    if closed in _KEPT_CLOSED:
        return t(lang, _KEPT_CLOSED[closed])
    if offer is None:
        return t(lang, "supply.mine.kept_any")
    key = "supply.mine.kept" if offer.station_id is not None else "supply.mine.kept_admins"
    return t(lang, key)


def _example(lang: str, offer: OfferView) -> str:
    """How to list it again, as what it was: 我有20只羊要卖, 我有2000斤大葱要卖."""
    meat = offer.product or ""
    animal = herd_noun(lang, meat)
    if offer.heads is not None and animal is not None:
        herd = herd_said(lang, meat, offer.heads, offer.heads_high, animal)
        return t(lang, "supply.mine.example_herd", herd=herd)
    amount = quantity(lang, offer.quantity, offer.quantity_unit)
    return t(lang, "supply.mine.example", amount=amount, product=product_label(lang, meat))


def withdrawn_text(lang: str, offer: OfferView) -> str:
    """What the farmer reads once the listing is withdrawn, with how to list it again."""
    example = _example(lang, offer)
    key = (
        "supply.mine.withdrawn" if offer.station_id is not None else "supply.mine.withdrawn_admins"
    )
    return t(lang, key, id=offer.id, example=example, **_what(lang, offer))


def listed_again_text(lang: str, offer: OfferView, said: str | None) -> str:
    """The product said for sale again is listed already (#1 羊肉 20只 约1600斤); `said`: a
    different amount said this time (25只羊, 3000斤), offered as the listing's new amount."""
    if said:
        return t(lang, "supply.mine.already_new", id=offer.id, said=said, **_what(lang, offer))
    return t(lang, "supply.mine.already", id=offer.id, **_what(lang, offer))


def herd_weight(lang: str, herd: str, weight: str) -> str:
    """A head count with its weight: 25只羊 约2000斤."""
    return t(lang, "supply.heads_weight", heads=herd, weight=weight)


def listed_again_keyboard(
    lang: str, said: str | None, change: ChangeAmount
) -> InlineKeyboardMarkup:
    """✏️ 改数量 (or ✏️ 改成 what was said) and 📋 我的卖货登记."""
    label = (
        t(lang, "supply.mine.change_to_button", said=said)
        if said
        else t(lang, "supply.mine.change_button")
    )
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=change.encode())], _list_row(lang)]
    )


def changed_text(lang: str, offer: OfferView) -> str:
    """The listing's new amount, told to its farmer, with who keeps looking for a buyer (its
    station, the county admin for one at no station)."""
    key = "supply.mine.changed" if offer.station_id is not None else "supply.mine.changed_admins"
    return t(lang, key, id=offer.id, **_what(lang, offer))


def changed_notice(lang: str, offer: OfferView, farmer: str) -> str:
    """What the staff who have the listing read when its farmer changed its amount."""
    return t(lang, "offers.changed_notice", id=offer.id, farmer=farmer, **_what(lang, offer))


def opened_notice(lang: str, offer: OfferView, today: date) -> str:
    """What the staff who have a new listing read (handlers/staff_offers.py)."""
    farmer = offer.farmer_name or str(offer.farmer_id)
    return t(
        lang,
        "offers.opened_notice",
        id=offer.id,
        farmer=farmer,
        line=offer_line(lang, offer, today),
    )


def withdrawn_notice(lang: str, offer: OfferView, farmer: str) -> str:
    """What the staff who have the listing read when its farmer withdrew it."""
    return t(lang, "offers.withdrawn_notice", id=offer.id, farmer=farmer, **_what(lang, offer))


# ---------------------------------------------------------------- where an offer goes


def _station(lang: str, station: StationInfo) -> dict[str, str]:
    return {
        "station": name_label(lang, station.name),
        "phone": station.phone or t(lang, "stations.no_phone"),
    }


def _then(lang: str, staffed: bool, station: StationInfo | None) -> str:
    """What comes of a listing: a buyer's call, or, at a station nobody runs on FarmHub (blind
    test: "有买家会和您联系" promised though no one would see it), a call to the station."""
    if staffed:
        return t(lang, "supply.then_buyer")
    phone = station.phone if station is not None else None
    return t(lang, "supply.then_unstaffed", phone=phone or t(lang, "stations.no_phone"))


def routed_text(lang: str, offer: OfferView, route: OfferRoute, staffed: bool = True) -> str:
    """The confirmation of an offer opened where the routing sent it (`staffed`: someone at
    its station uses FarmHub to find it a buyer)."""
    what = _what(lang, offer)
    if route.kind is RouteKind.nearest and route.buyer is not None:
        key = "supply.confirmed_routed" if route.usual else "supply.confirmed_nearest"
        usual = name_label(lang, route.usual.name) if route.usual else ""
        return t(
            lang,
            key,
            usual=usual,
            km=km_text(route.km or 0),
            then=_then(lang, staffed, route.buyer),
            **_station(lang, route.buyer),
            **what,
        )
    if offer.station_id is None:
        return t(lang, "supply.confirmed_no_station")
    return t(lang, "supply.confirmed", then=_then(lang, staffed, route.usual), **what)


def goes_to(lang: str, product: str, route: OfferRoute) -> str:
    """Where a draft will go once confirmed, for its summary (the ✅ routes it the same way)."""
    if route.kind is RouteKind.usual:
        if route.usual is None:
            return t(lang, "supply.goes_to_own")
        return name_label(lang, route.usual.name)
    if route.kind is RouteKind.nearest and route.buyer is not None:
        return t(
            lang,
            "supply.goes_to_nearest",
            station=name_label(lang, route.buyer.name),
            product=product_label(lang, product),
            km=km_text(route.km or 0),
        )
    if route.kind is RouteKind.none_near:
        return t(lang, "supply.goes_to_choose", product=product_label(lang, product))
    return t(lang, "supply.goes_to_admins")


def chosen_station(lang: str, station: StationInfo | None) -> str:
    """Where a draft goes that the farmer sent to a station they chose (None: the admins)."""
    return name_label(lang, station.name) if station else t(lang, "supply.mine.at_admins")


def chosen_text(
    lang: str, offer: OfferView, station: StationInfo | None, staffed: bool = True
) -> str:
    """The confirmation of an offer opened where the farmer chose."""
    if station is None:
        return t(lang, "supply.confirmed_admins", **_what(lang, offer))
    then = _then(lang, staffed, station)
    return t(
        lang, "supply.confirmed_at", then=then, **_station(lang, station), **_what(lang, offer)
    )


def none_near_text(lang: str, offer: OfferView, route: OfferRoute) -> str:
    """No station within reach buys the product: said plainly, and the farmer asked."""
    product = product_label(lang, offer.product or "")
    if route.buyer is None:
        # No station of the county buys it at all: that says everything.
        lines = [t(lang, "supply.no_buyer", product=product)]
    else:
        lines = [t(lang, "supply.none_near", radius=f"{SERVED_RADIUS_KM:.0f}", product=product)]
        if route.usual is not None:
            usual = name_label(lang, route.usual.name)
            lines.append(t(lang, "supply.none_near_usual", usual=usual, product=product))
        lines.append(
            t(
                lang,
                "supply.far_buyer",
                product=product,
                km=km_text(route.km or 0),
                **_station(lang, route.buyer),
            )
        )
    lines.append(t(lang, "supply.where_to"))
    return "\n".join(lines)


def none_near_keyboard(lang: str, offer_id: int, route: OfferRoute) -> InlineKeyboardMarkup:
    """The farmer's choices: the far station that buys it, their own station (or the
    admins when they have none), or not listing it."""
    rows: list[list[InlineKeyboardButton]] = []
    if route.buyer is not None:
        rows.append(
            [
                InlineKeyboardButton(
                    t(
                        lang,
                        "supply.to_far_button",
                        name=short(route.buyer.name, lang),
                        km=km_text(route.km or 0),
                    ),
                    callback_data=OfferTo(offer_id, route.buyer.id).encode(),
                )
            ]
        )
    if route.usual is not None:
        label = t(lang, "supply.to_usual_button", name=short(route.usual.name, lang))
        target = route.usual.id
    else:
        label, target = t(lang, "supply.to_admins_button"), TO_ADMINS
    rows.append([InlineKeyboardButton(label, callback_data=OfferTo(offer_id, target).encode())])
    rows.append(
        [
            InlineKeyboardButton(
                t(lang, "supply.cancel_button"), callback_data=OfferCancel(offer_id).encode()
            )
        ]
    )
    return InlineKeyboardMarkup(rows)


def offered_as(lang: str, offer: OfferView, animal: str | None = None) -> str:
    """What an offer is of, as the farmer says it: live animals by the head are the animal
    (黄牛 as said, else 牛 / cattle), not the meat markets quote them as (牛肉, beef); produce
    by the farmer's own word first (洋芋（土豆）)."""
    meat = offer.product or ""
    if offer.heads is None:
        return offer_product(lang, offer)
    if animal and (lang != "en" or animal.isascii()):
        return animal
    return herd_noun(lang, meat) or product_label(lang, meat)


def each_said(lang: str, meat: str, said: str) -> str:
    """A loose weight said of one animal (每头两百多斤, "200-odd jin each one")."""
    return t(
        lang, "supply.each_weight_said", each=t(lang, f"supply.each_{measure_of(meat)}"), said=said
    )
