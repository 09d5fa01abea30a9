"""Staff marking a sale listing matched: asked first, the buyer typed or skipped, undone that day.

Blind walk: ✅ #1 已对接 told the farmer 好消息！…找到了买家 in one tap, with no buyer asked, no
"are you sure" and no way back. Now the tap asks (with the buyers the demand data has for the
product), and what was done says who was told, with ↩️ 撤销对接 for the rest of the day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.callbacks import Button
from bot.core.i18n import t
from bot.markets.demand import Listing
from bot.markets.supply import OfferView
from handlers.render.demand import offered_price
from handlers.render.supply import matched_notice, offer_quantity
from knowledge.text.english import name_label
from knowledge.text.lexicon import product_label


@dataclass(frozen=True)
class ConfirmMatch(Button):
    """✅ 确认对接: the offer is matched (no buyer written)."""

    PREFIX = "of:ok"
    offer_id: int


@dataclass(frozen=True)
class NotMatched(Button):
    """✖️ 不是，点错了: the offer stays open."""

    PREFIX = "of:no"
    offer_id: int


@dataclass(frozen=True)
class UndoMatch(Button):
    """↩️ 撤销对接: the match made today is undone, the farmer told."""

    PREFIX = "of:un"
    offer_id: int


def _what(lang: str, offer: OfferView) -> str:
    return f"{product_label(lang, offer.product or '')} {offer_quantity(lang, offer)}".strip()


def _farmer(offer: OfferView) -> str:
    name = offer.farmer_name or str(offer.farmer_id)
    return f"{name} (@{offer.farmer_username})" if offer.farmer_username else name


def _buyer_line(lang: str, item: Listing) -> str:
    price = offered_price(lang, item)
    return t(
        lang,
        "offers.buyer_line",
        buyer=name_label(lang, item.buyer),
        price=price,
        contact=item.contact,
    )


def ask(lang: str, offer: OfferView, buyers: Sequence[Listing]) -> tuple[str, InlineKeyboardMarkup]:
    """确定 #1 … 找到买家了吗？ with the product's buyers from the demand data, ✅ and ✖️."""
    lines = [
        t(lang, "offers.ask_match", id=offer.id, farmer=_farmer(offer), what=_what(lang, offer))
    ]
    if buyers:
        lines += ["", t(lang, "offers.buyers_known")]
        lines += [_buyer_line(lang, item) for item in buyers]
    lines += ["", t(lang, "offers.ask_buyer")]
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "offers.confirm_match"), callback_data=ConfirmMatch(offer.id).encode()
                )
            ],
            [
                InlineKeyboardButton(
                    t(lang, "offers.keep_open"), callback_data=NotMatched(offer.id).encode()
                )
            ],
        ]
    )
    return "\n".join(lines), keyboard


def farmer_notice(lang: str, offer: OfferView, buyer: str) -> str:
    """The farmer's 好消息 (with the buyer and price when staff wrote them)."""
    text = matched_notice(lang, offer)
    return text + ("\n" + t(lang, "offers.buyer_told", buyer=buyer) if buyer else "")


def matched(
    lang: str, offer: OfferView, buyer: str, told: bool
) -> tuple[str, InlineKeyboardMarkup]:
    """What was done: marked, who was told (or that they could not be), and ↩️ 撤销对接."""
    key = "offers.matched_told" if told else "offers.matched_not_told"
    lines = [t(lang, key, id=offer.id, farmer=_farmer(offer), what=_what(lang, offer))]
    if buyer:
        lines.append(t(lang, "offers.buyer_noted", buyer=buyer))
    lines.append(t(lang, "offers.undo_hint"))
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "offers.undo_button", id=offer.id),
                    callback_data=UndoMatch(offer.id).encode(),
                )
            ]
        ]
    )
    return "\n".join(lines), keyboard


def kept(lang: str, offer_id: int) -> str:
    """✖️ pressed: the offer is still open."""
    return t(lang, "offers.kept_open", id=offer_id)


def unmatched_notice(lang: str, offer: OfferView) -> str:
    """To the farmer: the buyer said before fell through; the listing is open again."""
    return t(lang, "supply.unmatched_notice", what=_what(lang, offer))


def unmatched(lang: str, offer: OfferView, told: bool) -> str:
    """↩️ done: back among /offers, and whether the farmer was told."""
    key = "offers.unmatched" if told else "offers.unmatched_not_told"
    return t(lang, key, id=offer.id, farmer=_farmer(offer), what=_what(lang, offer))
