"""Answers typed where the booking offers buttons: a round by its number (1, 第一个), the part
of the day (上午), a time (早上8点, 2点) or its hours (8点到10点); a station by its number or
its name (圣城街道邮政); and which texts each step keeps as its own answers, whatever the
classifier or the knowledge base make of them (斤 at the amount step, 第一个 at the rounds).
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.db import get_engine, session_scope
from bot.core.geo import haversine_km
from bot.core.i18n import t
from bot.stations.catalogue import SERVED_RADIUS_KM, StationInfo, cached, catalog, is_place_name
from bot.users import get_user
from handlers.bookings.base import (
    CONFIRM,
    DAY,
    NEAR,
    OFFERED_SLOTS,
    OFFERED_STATIONS,
    RESIZE,
    SLOT,
    STATION,
    WANT_PART,
    WANT_TIME,
    draft_of,
    now_of,
    show_reply,
    want_day,
)
from handlers.bookings.nav import unexpected
from handlers.bookings.steps import next_missing, present
from handlers.common import register_visitor
from handlers.leave import is_day_answer
from handlers.render import bookings as view
from handlers.routing import intent_of
from knowledge.text.asking import asks_besides, tells_problem
from knowledge.text.dates import said_day
from knowledge.text.intent import Kind, in_characters
from knowledge.text.lexicon import product_label
from knowledge.text.numbers import unit_answer
from knowledge.text.picks import LAST, picked_number, said_hours

# Stations of one name offered to choose from (邮政, 村淘): the nearest ones.
MAX_NAMED = 5

# --- what each step keeps as its answer (handlers/leave.py `answers`) ---------------------------


def is_nav(text: str) -> bool:
    """取消, 不约了, 不改了, 返回: the booking's own way out or back, at every step."""
    return text.strip() in view.cancel_words() | view.back_words()


def is_amount_answer(text: str) -> bool:
    """斤, 公斤的, 按斤, kg: the unit of a number typed without one."""
    return is_nav(text) or unit_answer(in_characters(text)) is not None


def is_produce_question(text: str) -> bool:
    """蓝莓修剪, blueberry pruning: produce named with more said, no amount nor day: a question
    (knowledge.text.asking), at the product and amount steps."""
    return not is_nav(text) and asks_besides(in_characters(text))


def is_problem_told(text: str) -> bool:
    """羊晚上老是咳嗽, "my goats keep coughing at night": a farming problem at the day or time
    step, never their answer: answered outside the booking (or the move), in either language,
    whatever the base has on it (sandbox walk: the move's step was said again instead)."""
    said = in_characters(text)
    if is_nav(text) or picked_number(said) is not None or said_hours(said) is not None:
        return False
    return intent_of(said).kind is Kind.knowledge and tells_problem(said)


def is_slot_answer(text: str) -> bool:
    """A round by its number, its hours, the part of the day or a time; or another day."""
    said = in_characters(text)
    return (
        is_nav(text)
        or picked_number(said) is not None
        or said_hours(said) is not None
        or is_day_answer(said)
    )


def is_station_answer(text: str) -> bool:
    """A station by its number as listed, or by its name (圣城街道邮政, 古城京东)."""
    if is_nav(text) or picked_number(text) is not None:
        return True
    known = cached(get_engine())  # a filter cannot wait for the database
    return known is not None and bool(known.stations_named(text))


def pick(offered: list[Any], number: int) -> Any | None:
    """The `number`-th of what a step listed (LAST: the last one), or None past its end."""
    if number == LAST:
        number = len(offered)
    return offered[number - 1] if 1 <= number <= len(offered) else None


# --- the slot step ------------------------------------------------------------------------------


async def slot_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """A round typed at the slot step: its number as listed (1, 第一个), its hours (8点到10点),
    a time (早上8点, 2点) or part of the day (上午, 下午), which pick the matching round or say
    there is none and show the day's rounds; another day (明天) goes back to the days."""
    message = update.effective_message
    user = await register_visitor(update, context)
    lang = user.language
    typed = in_characters(message.text or "") if message is not None else ""
    draft = draft_of(context)
    hours = said_hours(typed)
    if hours is not None:
        # 8点到10点: the round starting then (the slot step takes the time it falls in).
        draft.pop(WANT_PART, None)
        draft[WANT_TIME] = hours[0].strftime("%H:%M")
        return await present(update, context, lang, SLOT, edit=False)
    said = said_day(typed, now_of(context).date())
    if said.day is not None or said.span is not None:
        # Another day (明天下午): the day step takes it, with the part of the day said.
        want_day(draft, said)
        draft.pop("day", None)
        draft.pop("slot", None)
        return await present(update, context, lang, DAY, edit=False)
    number = picked_number(typed)
    if number is not None and said.at is None:
        if OFFERED_SLOTS not in draft:
            # A step shown before its list was kept (a draft from an older version): again.
            return await present(update, context, lang, SLOT, edit=False)
        offered = list(draft[OFFERED_SLOTS] or [])
        slot = pick(offered, number)
        if slot is None:
            note = t(lang, "bookings.slot_numbers", count=len(offered))
            return await present(update, context, lang, SLOT, note=note, edit=False)
        draft["slot"] = slot
        return await present(update, context, lang, CONFIRM, edit=False)
    if said.part is not None or said.at is not None:
        want_day(draft, said)  # the slot step picks the round, or says there is none then
        return await present(update, context, lang, SLOT, edit=False)
    return await unexpected(update, context)


# --- the station step ---------------------------------------------------------------------------


async def station_typed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, lang: str, text: str
) -> str | None:
    """A station picked by typing at the station step: its number as listed (1), or its name
    (圣城街道邮政). None when the text picks none (a place then, looked up by the caller).

    A place's own name (圣城街道, 三元朱) is the place, not the station in it.
    """
    draft = draft_of(context)
    number = picked_number(text)
    async with session_scope() as session:
        cat = await catalog(session)
    if number is not None:
        if OFFERED_STATIONS not in draft:
            # A step shown before its list was kept (a draft from an older version): again.
            return await present(update, context, lang, STATION, edit=False)
        offered = [cat.stations.get(i) for i in draft[OFFERED_STATIONS] or []]
        station = pick([s for s in offered if s is not None], number)
        if station is None:
            count = len([s for s in offered if s is not None])
            key = "bookings.station_numbers" if count else "bookings.station_numbers_none"
            return await present(
                update, context, lang, STATION, note=t(lang, key, count=count), edit=False
            )
        return await take_station(update, context, lang, station)
    if is_place_name(text, cat):
        return None
    product = str(draft.get("product") or "")
    named = [s for s in cat.stations_named(text) if s.accepts(product)]
    if not named:
        if cat.stations_named(text):  # a station that does not take the product
            refusing = t(
                lang, "bookings.refused.not_accepted", product=product_label(lang, product)
            )
            return await present(update, context, lang, STATION, note=refusing, edit=False)
        return None
    listed = [s for s in named if s.id in (draft.get(OFFERED_STATIONS) or [])]
    if len(listed) == 1 or len(named) == 1:
        return await take_station(update, context, lang, (listed or named)[0])
    # 邮政: several stations of that name; the farmer picks one (nearest first).
    point = draft.get(NEAR) or await _home(update)
    options = sorted(
        ((s, _km(point, s), False) for s in named), key=lambda o: (o[1] is None, o[1] or 0.0)
    )
    # Those a truck serves from the farmer's place, when there are any (邮政 names the county's).
    served = [o for o in options if o[1] is not None and o[1] <= SERVED_RADIUS_KM]
    options = (served or options)[:MAX_NAMED]
    draft[OFFERED_STATIONS] = [s.id for s, _, _ in options]
    await show_reply(
        update,
        t(lang, "bookings.stations_named", text=text.strip()),
        view.station_keyboard(lang, options),
        edit=False,
    )
    return STATION


async def _home(update: Update) -> tuple[float, float] | None:
    """The farmer's saved home, read now (a place may have been remembered this update)."""
    async with session_scope() as session:
        user = await get_user(session, update.effective_user.id) if update.effective_user else None
    if user is None or user.home_lat is None or user.home_lon is None:
        return None
    return user.home_lat, user.home_lon


def _km(point: Any, station: StationInfo) -> float | None:
    if not point:
        return None
    return haversine_km(float(point[0]), float(point[1]), station.lat, station.lon)


async def take_station(
    update: Update, context: ContextTypes.DEFAULT_TYPE, lang: str, station: StationInfo
) -> str:
    """The station chosen (pressed or typed): the next step, or why it cannot take the product."""
    draft = draft_of(context)
    if not station.accepts(draft.get("product")):
        note = t(
            lang, "bookings.refused.not_accepted", product=product_label(lang, draft["product"])
        )
        return await present(update, context, lang, STATION, note=note, edit=False)
    draft["station"] = station.id
    draft.pop(RESIZE, None)
    # DAY, or the amount when the station was offered before it was asked.
    return await present(update, context, lang, next_missing(draft), edit=False)
