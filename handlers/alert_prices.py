"""A fall or rise alert asked without a price (蒜价跌了提醒我): ask to what price, with choices.

A ±5% move would also alert on a rise, which is not what the farmer asked: the
farmer is told today's price and offered a few prices below it (above it for 涨了),
or any move, as buttons; a price typed next (3块, 2.8) goes with what was asked. All of
it per the unit the farmer speaks in (咖啡多少钱一公斤, then 跌了提醒我: per 公斤).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from telegram.ext import ContextTypes

from bot.alerts import parsing, service
from bot.alerts.parsing import Request
from bot.alerts.text import in_unit, unit_word
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.prices import (
    MarketInfo,
    Place,
    find_place,
    latest_prices,
    local_today,
    product_named,
)
from bot.models.alerts import AlertKind
from bot.models.users import User
from handlers.common import settings_of
from handlers.render import alerts as view
from handlers.routing import intent_of
from knowledge.text.english import name_label
from knowledge.text.lexicon import product_label


def price_wanted(request: Request) -> bool:
    """A fall or rise asked without its price (跌了提醒我): the farmer is asked for one."""
    return request.kind in (AlertKind.above, AlertKind.below) and request.threshold is None


async def ask_price(
    context: ContextTypes.DEFAULT_TYPE,
    user: User,
    name: str,
    kind: AlertKind,
    place: Place | None,
    markets: Sequence[MarketInfo],
    unit: str | None = None,
) -> str:
    """Ask to what price a fall (or rise) should alert, with today's price and a few choices;
    returns the unit asked in.

    `place`: where the alert will watch (bot.alerts.places.read_place); None for home's
    nearest markets. `unit`: the one the farmer used in the conversation (公斤), else that
    of their rise or fall alert on the product, else 斤.
    """
    lang = user.language
    today = local_today(settings_of(context).tz)
    async with session_scope() as session:
        product = await product_named(session, name)
        if product is None:
            return unit or "斤"
        if unit is None:
            units = await service.units_of(session, {user.telegram_id})
            unit = units.get((user.telegram_id, product.id), "斤")
        if place is None:
            place = find_place("", markets, user.home_lat, user.home_lon)
        # Per 斤, as alerts compare; said per `unit` (公斤: twice the 斤 price).
        answer = await latest_prices(session, product, place, today, "斤", markets)
    fresh = [row for row in answer.rows if not row.stale] or answer.rows
    label = product_label(lang, name)
    move = parsing.DEFAULT_MOVE_PERCENT
    markup = view.price_choices(lang, product.id, kind, [], move, unit)
    if not fresh:
        text = t(lang, f"alerts.ask_{kind.value}_unknown", product=label)
    else:
        now = fresh[0]
        prices = view.suggested_prices(kind, now.price)
        # "比如「28块」": the first price offered, as the farmer would type it.
        example = f"{float(in_unit(prices[0], unit)):g}" if prices else in_unit(now.price, unit)
        text = t(
            lang,
            f"alerts.ask_{kind.value}",
            product=label,
            price=in_unit(now.price, unit),
            unit=unit_word(lang, unit),
            market=name_label(lang, now.market),
            example=example,
        )
        markup = view.price_choices(lang, product.id, kind, prices, move, unit)
    await context.bot.send_message(user.telegram_id, text, reply_markup=markup)
    return unit


_BARE_NUMBER = re.compile(r"^\s*\d+(\.\d+)?\s*$")


def is_price(text: str) -> bool:
    """Whether a reply is a price: 3块, 三块五, 2.8."""
    return _BARE_NUMBER.match(text) is not None or intent_of(text).price is not None


def as_price(text: str, unit: str | None = None) -> str:
    """The reply as a price the alert words read, per `unit` (the one the question asked in)
    when it names none."""
    # A bare number is read as yuan (2.8 → 2.8块), as the question asked.
    price = f"{text.strip()}块" if _BARE_NUMBER.match(text) else text
    said = intent_of(price).price
    if unit == "公斤" and (said is None or parsing.said_unit(said.unit) is None):
        return f"{price}/公斤"  # asked "现在 28.00 元/公斤": 26 is 26 元/公斤
    return price
