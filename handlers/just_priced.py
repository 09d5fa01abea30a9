"""The products the farmer's last message got a price card for.

The farmer's next words may go on about them without naming them again (跟上个礼拜比涨了没,
那公斤呢, handlers/price_follow.py): the products shown (and the unit asked in) are kept from
one price answer to the next message; a message that gets no price answer forgets them
(`forget_shown`, after every feature), a button press does not (📈 under the card, then
涨了没).

The cards with the 💡 tip to share the location (the card had no place to go by):

A location shared right after such a card answers the tip: that product's prices at the
markets nearest the point, not the nearest service stations (blind walk). Only right
after it: any other update forgets it (`forget_stale`, after every feature), as
handlers/just_asked.py does for a question.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from knowledge.text.bare_product import follows_on
from knowledge.text.intent import Intent

PRICED = "just_priced"  # user_data: [(product, unit), ...] of the card
PRICED_IN = "just_priced_in"  # user_data: the update that got it


def remember(
    update: Update, context: ContextTypes.DEFAULT_TYPE, asked: list[tuple[str, str]]
) -> None:
    """The price card(s) answering `update` asked for the farmer's location."""
    if context.user_data is None or not asked:
        return
    context.user_data[PRICED] = asked
    context.user_data[PRICED_IN] = update.update_id


def products(context: ContextTypes.DEFAULT_TYPE) -> list[tuple[str, str]]:
    """The (product, unit) pairs of the card the previous message got, if it asked for a
    location and nothing came between."""
    found = (context.user_data or {}).get(PRICED)
    return list(found) if isinstance(found, list) else []


async def forget_stale(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """After every feature: a card not sent for this update is over."""
    if not isinstance(update, Update) or context.user_data is None:
        return
    if context.user_data.get(PRICED_IN, update.update_id) != update.update_id:
        context.user_data.pop(PRICED, None)
        context.user_data.pop(PRICED_IN, None)


SHOWN = "priced_shown"  # user_data: {"products": [...], "unit": "斤" | "公斤" | None}
SHOWN_IN = "priced_shown_in"  # user_data: the update whose answer showed them


def remember_shown(
    update: Update, context: ContextTypes.DEFAULT_TYPE, products: Sequence[str], unit: str | None
) -> None:
    """The answer to `update` showed these products' prices (asked in `unit`)."""
    named = [product for product in products if product]
    if context.user_data is None or not named:
        return
    context.user_data[SHOWN] = {"products": named, "unit": unit}
    context.user_data[SHOWN_IN] = update.update_id


def carried_over(
    context: ContextTypes.DEFAULT_TYPE, intent: Intent, products: bool = False
) -> Intent:
    """With `products` (a follow-up), `intent` about the products shown when it names none;
    a follow-up or the next product said as one (那土豆呢) in the unit asked before, unless it
    names one (a new question, 白菜多少钱, is in 斤 again: blind walk)."""
    found = shown(context.user_data or {})
    if not found:
        return intent
    carry_unit = products or follows_on(intent.text)
    kept = found["unit"] if found["unit"] in ("斤", "公斤") and carry_unit else None
    unit = intent.unit or kept
    named = intent.products or (tuple(found["products"]) if products else ())
    return replace(intent, products=named, unit=unit)


def shown(data: Mapping[Any, Any]) -> dict[str, Any] | None:
    """The products (and unit) the last price answer showed, if remembered."""
    found = data.get(SHOWN)
    if not isinstance(found, dict) or not isinstance(found.get("products"), list):
        return None
    if not all(isinstance(name, str) for name in found["products"]) or not found["products"]:
        return None
    return found


async def forget_shown(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """After every feature: a message that got no price answer ends the price talk."""
    if not isinstance(update, Update) or context.user_data is None:
        return
    if update.message is None:
        return  # a button (📈, 🔔 under the card) keeps it
    if context.user_data.get(SHOWN_IN, update.update_id) != update.update_id:
        context.user_data.pop(SHOWN, None)
        context.user_data.pop(SHOWN_IN, None)
