"""Live animals counted by the head at a booking's amount step (我有20只羊要卖, 20只羊 每只80斤,
"20 sheep, 80 jin each"): stations take them by weight, so the weight is read with the count
(in all, or per head and multiplied) or asked for, as the sale listing asks it
(knowledge.text.heads); never "I did not understand that amount"."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.i18n import t
from bot.markets.herds import said_animal
from handlers.bookings.base import (
    QUANTITY,
    now_of,
    take_amount,
    take_quantity,
    take_range,
    want_day,
)
from handlers.bookings.herd_draft import HEADS, HERD
from handlers.bookings.steps import next_missing, present
from knowledge.text.dates import said_day
from knowledge.text.heads import Herd, each_weight, measure_of, said_herd
from knowledge.text.normalise import normalise
from knowledge.text.numbers import AmountRange, Quantity, parse_quantity


async def herd_amount(
    update: Update, context: ContextTypes.DEFAULT_TYPE, lang: str, text: str, draft: dict[str, Any]
) -> str | None:
    """The amount step's reading of a head count (said now, or before and a weight per head
    now); None when the text says none and none is waiting."""
    herd = said_herd(normalise(text))
    if herd is not None:
        draft[HEADS] = [herd.heads, herd.high, herd.animal, herd.meat]
        if draft.get("product") != herd.meat:
            draft["product"] = herd.meat  # 20只羊 when asked about another product: sheep
    kept = draft.get(HEADS)
    if not kept:
        return None
    heads = Herd(int(kept[0]), kept[1], str(kept[2]), str(kept[3]))
    weight = parse_quantity(text)
    if weight is None:
        if herd is None:
            return None  # no weight and no count now: the step reads it as it would
        return await present(update, context, lang, QUANTITY, note=ask_weight(lang, heads))
    if each_weight(text):
        problem = _take_each(draft, heads, weight, lang)
    else:
        problem = take_amount(draft, text, weight, lang)
    if problem is not None:
        return await present(update, context, lang, QUANTITY, note=problem)
    draft[HERD] = draft.pop(HEADS, None)  # shown in the confirmation: 2头黄牛 约1600斤
    want_day(draft, said_day(text, now_of(context).date()))
    return await present(update, context, lang, next_missing(draft))


def ask_weight(lang: str, herd: Herd) -> str:
    """20只羊大概一共多少斤？也可以说每只多少斤 (as the sale listing asks it)."""
    count = f"{herd.heads}" if herd.high is None else f"{herd.heads}-{herd.high}"
    measure = measure_of(herd.meat)
    return t(
        lang,
        "bookings.herd_weight",
        heads=t(lang, f"supply.heads_{measure}", count=count),
        animal=said_animal(lang, herd.animal, herd.meat),
        each=t(lang, f"supply.each_{measure}"),
    )


def _take_each(draft: dict[str, Any], herd: Herd, each: Quantity, lang: str) -> str | None:
    """每只80斤 for 20只: 1600斤 booked; for 20-30只, the range asked about as any range."""
    low = Quantity(each.value * herd.heads, each.unit)
    if herd.high is None:
        return take_quantity(draft, low, lang)
    high = Quantity(each.value * herd.high, each.unit)
    problem = take_quantity(draft, low, lang)
    if problem is not None:
        return problem
    take_range(draft, AmountRange(low, high))
    return None


def herd_in_sentence(draft: dict[str, Any], text: str, lang: str) -> str | None:
    """A herd said in the sentence that starts a booking (明天上午送两头黄牛到站里): its product
    and count kept, a weight per head said with it multiplied (每头800斤); the note that asks
    its weight when none was said, else None."""
    herd = said_herd(normalise(text))
    if herd is None:
        return None
    draft["product"] = herd.meat
    weight = parse_quantity(text)
    kept = [herd.heads, herd.high, herd.animal, herd.meat]
    if weight is not None and each_weight(text):
        draft.pop("kg", None)
        draft[HERD] = kept
        return _take_each(draft, herd, weight, lang)
    if draft.get("kg"):
        draft[HERD] = kept
        return None  # 两头黄牛 1600斤: the weight in all, taken already
    draft[HEADS] = kept
    return ask_weight(lang, herd)
