"""The products the farmer's last message got a price card for, with the 💡 tip to share
their location (the card had no place to go by).

A location shared right after such a card answers the tip: that product's prices at the
markets nearest the point, not the nearest service stations (blind walk). Only right
after it: any other update forgets it (`forget_stale`, after every feature), as
handlers/just_asked.py does for a question.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

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
