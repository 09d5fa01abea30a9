"""The same product said for sale again while its listing is open (我有20只羊要卖 sent twice):
no second listing. The open one is shown, and its amount offered to change: ✏️ 改成 what was
said this time (25只羊, 3000斤), or ✏️ 改数量 to type it (handlers/listings.py takes both).

Before this, each sentence drafted a listing and a typed 确认 opened it: the same 20 sheep
listed twice, the station looking for two buyers.
"""

from __future__ import annotations

from telegram.ext import ContextTypes

from bot.markets.herds import herd_said
from bot.markets.supply import OfferView
from handlers import pending
from handlers.render import listings as view
from handlers.render.units import quantity
from knowledge.text.heads import Herd
from knowledge.text.numbers import UNIT_KG, Quantity

# user_data: the ✏️ pressed (its encoded ChangeAmount) whose amount is asked: the amount
# typed next is the listing's new one.
CHANGE_ASKED = pending.key("change_asked")


def _kg(value: float | None, unit: str | None) -> float | None:
    return None if value is None else round(value * UNIT_KG.get(unit or "", 1.0), 3)


def what_changed(
    lang: str,
    offer: OfferView,
    herd: Herd | None,
    weight: Quantity | None,
    each: bool = False,
) -> tuple[str | None, view.ChangeAmount]:
    """What the farmer said this time that differs from the open listing (a head count, a
    weight; `each`: the weight is of one animal) as words and as the ✏️ button."""
    meat = offer.product or ""
    heads = high = 0
    said_herd: str | None = None
    if herd is not None and (herd.heads, herd.high) != (offer.heads, offer.heads_high):
        heads, high = herd.heads, herd.high or 0
        said_herd = herd_said(lang, meat, herd.heads, herd.high, herd.animal)
    amount, said_weight = "", None
    if weight is not None:
        low, top = (herd.heads, herd.high) if herd else (offer.heads, offer.heads_high)
        if each and low is not None:
            middle = low if top is None else (low + top) / 2
            weight = Quantity(round(weight.value * round(middle), 3), weight.unit)
        if said_herd or _kg(weight.value, weight.unit) != _kg(offer.quantity, offer.quantity_unit):
            amount = f"{weight.value:g}{weight.unit}"
            said_weight = quantity(lang, weight.value, weight.unit)
    change = view.ChangeAmount(offer.id, heads, high, amount)
    if said_herd and said_weight:
        return view.herd_weight(lang, said_herd, said_weight), change
    return said_herd or said_weight, change


async def tell(
    context: ContextTypes.DEFAULT_TYPE,
    chat_id: int,
    lang: str,
    offer: OfferView,
    herd: Herd | None,
    weight: Quantity | None,
    each: bool = False,
) -> None:
    """Say the product is listed already (#1 羊肉 20只 约1600斤), with ✏️ and 📋."""
    said, change = what_changed(lang, offer, herd, weight, each)
    await context.bot.send_message(
        chat_id,
        view.listed_again_text(lang, offer, said),
        reply_markup=view.listed_again_keyboard(lang, said, change),
    )
