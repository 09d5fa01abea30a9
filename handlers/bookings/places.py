"""The booking conversation's station step when the farmer's place is asked: a location,
a typed village or township, one of several places, or "换个地方"; a station typed by its
number or name (handlers/bookings/typed.py); and "服务站在哪" asked there, answered with the
nearest stations.

A location far outside the county (handlers/stations.far_answer) is answered and not
remembered. A place in it becomes the farmer's home when none is saved (and the farmer is
told); with a home saved it is only where this booking's stations are looked for (NEAR),
and the farmer is told the home stays as it was: a station's name read as a place once
moved a farmer's home without a word (sandbox walk).
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.stations.catalogue import get_place
from bot.stations.finder import find_place, find_stations, place_labelled, remember_home
from bot.stations.gazetteer import Place
from bot.users import get_user
from handlers import render
from handlers.bookings.base import (
    NEAR,
    NEAR_NAMED,
    RANGE,
    STATION,
    draft_of,
    now_of,
    show_reply,
    take_amount,
    want_day,
)
from handlers.bookings.moving import day_noted
from handlers.bookings.steps import present
from handlers.bookings.typed import station_typed
from handlers.common import register_visitor, role_of
from handlers.leave import is_day_answer
from handlers.render import amounts
from handlers.render import bookings as view
from handlers.render import stations as station_view
from handlers.routing import intent_of
from handlers.stations import far_answer
from knowledge.text.dates import said_day
from knowledge.text.english import name_label
from knowledge.text.intent import Kind, in_characters
from knowledge.text.numbers import parse_quantity


async def _place_found(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    lang: str,
    telegram_id: int,
    lat: float,
    lon: float,
    label: str | None,
) -> str:
    far = await far_answer(context, lang, lat, lon)
    if far is not None:  # not remembered: the farmer is asked again
        await show_reply(update, far, station_view.location_keyboard(lang, back=True), edit=False)
        return STATION
    draft = draft_of(context)
    draft.pop(NEAR_NAMED, None)  # the place said now is where to look from
    async with session_scope() as session:
        user = await get_user(session, telegram_id)
        saved = user is not None and user.home_lat is not None and user.home_lon is not None
        if not saved:
            await remember_home(session, telegram_id, lat, lon, label)
    if saved:
        # Where to look for this booking; the home the farmer saved stays, and they are told.
        draft[NEAR] = [lat, lon, label]
        line = (
            t(lang, "bookings.near_place", place=name_label(lang, label))
            if label
            else t(lang, "bookings.near_location")
        )
    else:
        draft.pop(NEAR, None)
        line = (
            t(lang, "stations.place_remembered", place=name_label(lang, label))
            if label
            else t(lang, "stations.location_received")
        )
    # Bring the main menu back after the location keyboard, then the stations.
    chat = update.effective_chat
    if chat is not None:
        await chat.send_message(line, reply_markup=render.main_menu(lang, role_of(context)))
    return await present(update, context, lang, STATION, edit=False)


async def station_location(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """A location at the station step: remember it and offer the nearest stations."""
    message = update.effective_message
    user = await register_visitor(update, context)
    if message is None or message.location is None:
        return STATION
    loc = message.location
    return await _place_found(
        update, context, user.language, user.telegram_id, loc.latitude, loc.longitude, None
    )


async def station_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """A village or township typed at the station step."""
    message = update.effective_message
    user = await register_visitor(update, context)
    lang, text = user.language, ((message.text or "") if message else "").strip()
    telegram_id = user.telegram_id
    draft = draft_of(context)
    quantity = parse_quantity(text) if not draft.get("kg") else None
    if quantity is not None:  # the amount, while stations taking the product are offered
        problem = take_amount(draft, text, quantity, lang)
        ranged = draft.get(RANGE)
        if problem is None and ranged:
            # An estimate (3-5吨): its figure is picked right here (UnitPick at this step too).
            (low, low_unit), (high, high_unit) = ranged
            asked = amounts.range_question(lang, (low, low_unit), (high, high_unit))
            await show_reply(update, *asked)
            return STATION
        return await present(update, context, lang, STATION, note=problem)
    # A station by its number as listed (1) or by its name (圣城街道邮政), before any place.
    picked = await station_typed(update, context, lang, text)
    if picked is not None:
        return picked
    async with session_scope() as session:
        match = await find_place(session, text)
    if match.place is None and is_day_answer(text):
        # 明天 at this step (sandbox walk: 「没找到「明天」这个地方」, then villages like it): the
        # day, kept for the day step; the stations are asked again.
        said = said_day(in_characters(text), now_of(context).date())
        want_day(draft, said)
        note = day_noted(lang, said, now_of(context).date())
        return await present(update, context, lang, STATION, note=note, edit=False)
    if match.place is None and not match.choices and intent_of(text).kind is Kind.station:
        # 服务站在哪, 最近的站在哪, where is the station: asked here, not a place to look up.
        return await _nearest_here(update, context, lang, telegram_id)
    if match.place is not None:
        return await _place_found(
            update,
            context,
            lang,
            telegram_id,
            match.place.lat,
            match.place.lon,
            match.place.label,
        )
    places: tuple[Place, ...] = match.choices or match.suggestions
    markup = station_view.place_keyboard(lang, places, view.PlacePick)
    if match.choices:
        reply = t(lang, "stations.which_one", text=text)
    else:
        hint = "stations.did_you_mean" if markup else "stations.try_again"
        reply = t(lang, "stations.not_found", text=text) + "\n" + t(lang, hint)
    await show_reply(update, reply, markup or station_view.location_keyboard(lang, back=True))
    return STATION


async def _nearest_here(
    update: Update, context: ContextTypes.DEFAULT_TYPE, lang: str, telegram_id: int
) -> str:
    """Where the stations are, asked at the station step: the nearest ones taking the product,
    with their addresses and hours, above the step's own buttons; or, with the farmer's
    place unknown, the step's question for it. The booking stays at this step."""
    draft = draft_of(context)
    finding, place = None, None
    async with session_scope() as session:
        user = await get_user(session, telegram_id)
        near = draft.get(NEAR)
        if near:  # a place searched at this step: its stations
            point, place = (float(near[0]), float(near[1])), near[2]
        elif user is not None and user.home_lat is not None and user.home_lon is not None:
            point, place = (user.home_lat, user.home_lon), user.home_place
        else:
            point = None
        if point is not None:
            finding = await find_stations(
                session,
                *point,
                product=draft.get("product"),
                now_local=now_of(context),
                place=await place_labelled(session, place),
            )
    if finding is None:  # the step asks where the farmer is (📍 or a village name)
        return await present(update, context, lang, STATION, edit=False)
    note = station_view.finding_text(lang, finding, place)
    return await present(update, context, lang, STATION, note=note, edit=False)


async def place_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """One of several places with the typed name, or a "did you mean"."""
    query = update.callback_query
    user = await register_visitor(update, context)
    pressed = view.PlacePick.parse(query.data) if query else None
    async with session_scope() as session:
        place = await get_place(session, pressed.place_id) if pressed else None
    if query is None or place is None:
        if query is not None:
            await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return STATION
    return await _place_found(
        update, context, user.language, user.telegram_id, place.lat, place.lon, place.label
    )


async def change_place(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """ "换个地方": ask for a location or village name again."""
    user = await register_visitor(update, context)
    draft_of(context)["ask_place"] = True
    return await present(update, context, user.language, STATION)
