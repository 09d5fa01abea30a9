"""Buyers: open buying requests nearest first, this week's risers, and the buyers button."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.callbacks import Button
from bot.core.i18n import day_label, money, t
from bot.markets.demand import Listing, Riser
from handlers.render.units import quantity, unit_label
from knowledge.text.english import name_label
from knowledge.text.lexicon import product_label


@dataclass(frozen=True)
class BuyersOf(Button):
    """The buyers of a product."""

    PREFIX = "dm:p"
    product_id: int


def listings_text(
    lang: str,
    listings: Sequence[Listing],
    product: str | None,
    located: bool,
    named: str | None = None,
) -> str:
    """Open buying requests, nearest first; `named`: the product as the farmer said it, for the
    header (收购番茄（西红柿）的买家)."""
    label = product_label(lang, product) if product else ""
    if not listings:
        return t(lang, "demand.none", product=label) if product else t(lang, "demand.none_any")
    header = t(lang, "demand.header", product=named or label)
    lines = [header if product else t(lang, "demand.header_any")]
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
        price = offered_price(lang, item)
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


def offered_price(lang: str, item: Listing) -> str:
    """A buyer's price as listed (出价 1.20 元/斤, 1400.00 元/只), or 价格面议."""
    if item.price is None:
        return t(lang, "demand.negotiable")
    return t(
        lang, "demand.offer_price", price=money(item.price), unit=unit_label(lang, item.price_unit)
    )
