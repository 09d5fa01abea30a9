"""Pickup bookings at the edge: the booking conversation, 我的预约, staff /pickups, reminders.

The booking conversation asks, in order, for whatever the first message did
not say: product, quantity, station, day, slot, then a confirmation. Every
step has back and cancel; anything unexpected gets the step's help again. The
draft lives in user_data and the step in the conversation state, both kept in
the database by bot/telegram/persistence.py, so a restart loses neither.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Collection
from datetime import date, datetime, time, timedelta
from typing import Any

from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.bookings import service
from bot.bookings.service import BookingView, Refused
from bot.core.clock import local_now
from bot.core.config import Settings
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.core.transactions import retrying
from bot.models.stations import BookingStatus
from bot.models.users import User
from bot.stations.service import (
    SERVED_RADIUS_KM,
    Place,
    catalog,
    find_place,
    get_place,
    get_station,
    remember_home,
    remember_station,
)
from bot.users import get_user
from handlers import render
from handlers.common import SETTINGS_KEY, register_visitor, settings_of
from handlers.render import bookings as view
from handlers.render import stations as station_view
from handlers.routing import IntentFilter, intent_of
from knowledge.text.intent import Kind
from knowledge.text.lexicon import lexicon
from knowledge.text.numbers import Quantity, parse_quantity, to_number

log = logging.getLogger(__name__)

NAME = "booking"
WEIGH_NAME = "pickup_weigh"
PRODUCT, QUANTITY, STATION, DAY, SLOT, CONFIRM = (
    "bk_product",
    "bk_quantity",
    "bk_station",
    "bk_day",
    "bk_slot",
    "bk_confirm",
)
WEIGH = "bk_weigh"
BOOKING_TIMEOUT_S = 60 * 60
DRAFT = "booking"
DRAFT_ID = "draft_id"
WEIGHING = "weighing"
PREVIOUS = {QUANTITY: PRODUCT, STATION: QUANTITY, DAY: STATION, SLOT: DAY, CONFIRM: SLOT}
HELP_KEYS = {
    PRODUCT: "product",
    QUANTITY: "quantity",
    STATION: "station",
    DAY: "day",
    SLOT: "slot",
    CONFIRM: "confirm",
}
# Offered as buttons when the farmer has no usual station: the county's main produce.
COMMON_PRODUCTS = ("西红柿", "黄瓜", "辣椒", "茄子", "大白菜", "土豆", "玉米", "小麦")
MAX_PRODUCT_BUTTONS = 8
_BARE_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万点]+)\s*$")
# Problems a farmer fixes by picking another slot; any other refusal ends the step.
SLOT_PROBLEMS = {"full", "slot_closed", "too_heavy", "started", "same_slot", "no_slot", "bad_day"}


# --- small helpers ------------------------------------------------------------------------


def _now(context: ContextTypes.DEFAULT_TYPE) -> datetime:
    return local_now(settings_of(context).tz)


def _reminder_at(context: ContextTypes.DEFAULT_TYPE) -> time:
    return settings_of(context).schedule.at("pickup_reminder")


def _limits(context: ContextTypes.DEFAULT_TYPE) -> service.Limits:
    limits = settings_of(context).limits
    return service.Limits(
        per_station_day=limits.bookings_per_station_day, open_total=limits.open_bookings
    )


def _draft(context: ContextTypes.DEFAULT_TYPE) -> dict[str, Any]:
    data = context.user_data
    if data is None:  # PTB gives user_data for every update with a user
        raise RuntimeError("no user_data for this update")
    draft: dict[str, Any] = data.setdefault(DRAFT, {})
    return draft


def _drop_draft(context: ContextTypes.DEFAULT_TYPE) -> None:
    if context.user_data is not None:
        context.user_data.pop(DRAFT, None)


def _id(raw: str) -> int | None:
    """A database id from untrusted callback data."""
    return int(raw) if raw.isdigit() and 0 < len(raw) < 10 else None


def _quantity_text(value: float, unit: str) -> str:
    return f"{value:g}{unit}"


def _kg(value_kg: float) -> int:
    # Whole kilograms, at least one: what the slot's weight capacity counts.
    return max(1, round(value_kg))


def _take_quantity(draft: dict[str, Any], quantity: Quantity, lang: str) -> str | None:
    """Put a parsed amount in the draft if a slot could take it; else the note saying why not."""
    kg = quantity.kg
    if not math.isfinite(kg) or kg <= 0:
        return t(lang, "bookings.bad_quantity")
    if _kg(kg) > service.MAX_BOOKING_KG:
        return t(lang, "bookings.too_much", max_kg=service.MAX_BOOKING_KG)
    draft["kg"], draft["qty"] = _kg(kg), _quantity_text(quantity.value, quantity.unit)
    return None


async def _answer(update: Update, text: str | None = None, show_alert: bool = False) -> bool:
    """Answer the button press; False when Telegram no longer accepts an answer.

    A press older than about 15 s (the bot was down or slow) cannot be answered;
    the caller then sends its outcome as a new message, so the farmer still learns it.
    """
    query = update.callback_query
    if query is None:
        return False
    try:
        await query.answer(text, show_alert=show_alert)
    except BadRequest as exc:
        log.info("a booking button press could not be answered: %s", exc)
        return False
    return True


async def _show(
    update: Update,
    text: str,
    markup: InlineKeyboardMarkup | ReplyKeyboardMarkup | None = None,
    *,
    edit: bool = True,
) -> None:
    """Answer a button by editing its message, or a typed message with a new one."""
    query = update.callback_query
    if query is not None:
        # An old press (answered too late) may be from a message far up the chat:
        # a new message is what the farmer sees, an edit up there would be missed.
        edit = await _answer(update) and edit
        if edit and not isinstance(markup, ReplyKeyboardMarkup):
            try:
                await query.edit_message_text(text, reply_markup=markup)
                return
            except BadRequest as exc:  # too old to edit, or unchanged: send anew
                log.debug("could not edit a booking message: %s", exc)
    chat = update.effective_chat
    if chat is not None:
        await chat.send_message(text, reply_markup=markup)


async def _refused(update: Update, lang: str, refused: Refused) -> None:
    """Tell the user why an action was refused (a popup for buttons)."""
    params = dict(refused.params)
    if "product" in params:
        params["product"] = station_view.product_name(lang, str(params["product"]))
    text = t(lang, f"bookings.refused.{refused.reason}", **params)
    if await _answer(update, text, show_alert=True):
        return
    chat = update.effective_chat
    if chat is not None:
        await chat.send_message(text)


async def _pressed_booking(
    update: Update, context: ContextTypes.DEFAULT_TYPE, prefix: str
) -> tuple[User, int | None]:
    """The presser and the booking id a button names; a stale or forged id is answered here."""
    query = update.callback_query
    user = await register_visitor(update, context)
    booking_id = _id((query.data or "").removeprefix(prefix)) if query else None
    if query is not None and booking_id is None:
        await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
    return user, booking_id


async def _allowed_booking(
    update: Update,
    user: User,
    booking_id: int,
    staff_action: bool,
    states: Collection[BookingStatus],
) -> BookingView | None:
    """The booking if this user may act on it (its farmer or, for staff actions, its station)
    and it is in one of `states`; otherwise the refusal is shown and None returned."""
    try:
        async with session_scope() as session:
            actor = await service.actor_of(session, user.telegram_id)
            check = service.may_run if staff_action else service.may_change
            booking = await check(session, actor, booking_id)
    except Refused as refused:
        await _refused(update, user.language, refused)
        return None
    if booking.status not in states:
        await _refused(update, user.language, Refused("bad_state"))
        return None
    return booking


# --- presenting each step -------------------------------------------------------------------


async def _present(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    lang: str,
    step: str,
    note: str | None = None,
    edit: bool = True,
) -> str:
    """Show the step's question and keyboard; returns the conversation state."""
    draft = _draft(context)
    draft["step"] = step
    presenters = {
        PRODUCT: _ask_product,
        QUANTITY: _ask_quantity,
        STATION: _ask_station,
        DAY: _ask_day,
        SLOT: _ask_slot,
        CONFIRM: _ask_confirm,
    }
    shown: str = await presenters[step](update, context, lang, draft, note, edit)
    draft["step"] = shown
    return shown


def _with_note(note: str | None, text: str) -> str:
    return f"{note}\n{text}" if note else text


def _next_missing(draft: dict[str, Any]) -> str:
    if not draft.get("product"):
        return PRODUCT
    if not draft.get("kg"):
        return QUANTITY
    if not draft.get("station"):
        return STATION
    return DAY


async def _ask_product(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    lang: str,
    draft: dict[str, Any],
    note: str | None,
    edit: bool,
) -> str:
    products: list[str] = list(draft.get("suggest") or [])
    if not products:
        async with session_scope() as session:
            user = (
                await get_user(session, update.effective_user.id) if update.effective_user else None
            )
            station = (
                await get_station(session, user.station_id) if user and user.station_id else None
            )
        if station is not None:
            products = [p for p in lexicon().products if p in station.products]
        products = products or list(COMMON_PRODUCTS)
    await _show(
        update,
        _with_note(note, t(lang, "bookings.ask_product")),
        view.product_keyboard(lang, products[:MAX_PRODUCT_BUTTONS]),
        edit=edit,
    )
    return PRODUCT


async def _ask_quantity(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    lang: str,
    draft: dict[str, Any],
    note: str | None,
    edit: bool,
) -> str:
    text = t(
        lang, "bookings.ask_quantity", product=station_view.product_name(lang, draft["product"])
    )
    await _show(
        update, _with_note(note, text), InlineKeyboardMarkup([view.nav_row(lang)]), edit=edit
    )
    return QUANTITY


async def _station_options(
    session: Any, telegram_id: int, product: str
) -> tuple[bool, list[tuple[Any, float, bool]]]:
    """Whether the farmer's home is known, and the stations to offer (usual one first)."""
    user = await get_user(session, telegram_id)
    if user is None or user.home_lat is None or user.home_lon is None:
        return False, []
    cat = await catalog(session)
    hits = cat.nearest(user.home_lat, user.home_lon, product=product, max_km=SERVED_RADIUS_KM)
    options = [(h.item, h.km, False) for h in hits]
    usual = cat.stations.get(user.station_id) if user.station_id else None
    if usual is not None and usual.accepts(product):
        km = station_view_distance(user.home_lat, user.home_lon, usual.lat, usual.lon)
        options = [(usual, km, True)] + [o for o in options if o[0].id != usual.id]
    return True, options


def station_view_distance(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Kilometres between two points (for the usual station's button)."""
    from bot.core.geo import haversine_km

    return haversine_km(lat1, lon1, lat2, lon2)


async def _ask_station(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    lang: str,
    draft: dict[str, Any],
    note: str | None,
    edit: bool,
) -> str:
    user_id = update.effective_user.id if update.effective_user else 0
    async with session_scope() as session:
        known, options = await _station_options(session, user_id, draft["product"])
    if not known or draft.get("ask_place"):
        draft.pop("ask_place", None)
        await _show(
            update,
            _with_note(note, t(lang, "bookings.ask_station_place")),
            station_view.location_keyboard(lang, back=True),
            edit=False,
        )
        return STATION
    if not options:
        text = view.no_station_text(lang, draft["product"])
    else:
        text = t(
            lang,
            "bookings.ask_station",
            product=station_view.product_name(lang, draft["product"]),
            quantity=view.quantity_label(lang, draft["qty"], draft["kg"]),
        )
    await _show(update, _with_note(note, text), view.station_keyboard(lang, options), edit=edit)
    return STATION


async def _ask_day(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    lang: str,
    draft: dict[str, Any],
    note: str | None,
    edit: bool,
) -> str:
    now = _now(context)
    async with session_scope() as session:
        station = await get_station(session, draft["station"])
        if station is None:
            draft.pop("station", None)
            return await _ask_station(update, context, lang, draft, note, edit)
        days = await service.bookable_days(session, station.id, draft["kg"], now)
    if not days:
        text = t(
            lang,
            "bookings.no_days",
            station=station.name,
            quantity=view.quantity_label(lang, draft["qty"], draft["kg"]),
        )
        await _show(
            update, _with_note(note, text), InlineKeyboardMarkup([view.nav_row(lang)]), edit=edit
        )
        return DAY
    text = t(lang, "bookings.ask_day", station=station.name)
    await _show(
        update, _with_note(note, text), view.day_keyboard(lang, days, now.date()), edit=edit
    )
    return DAY


async def _ask_slot(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    lang: str,
    draft: dict[str, Any],
    note: str | None,
    edit: bool,
) -> str:
    now = _now(context)
    day = date.fromisoformat(draft["day"])
    async with session_scope() as session:
        slots = await service.bookable_slots(session, draft["station"], day, draft["kg"], now)
    label = view.date_label(lang, day, now.date())
    if not slots:
        note = _with_note(note, t(lang, "bookings.no_slots", date=label))
        return await _ask_day(update, context, lang, draft, note, edit)
    await _show(
        update,
        _with_note(note, t(lang, "bookings.ask_slot", date=label)),
        view.slot_keyboard(lang, slots),
        edit=edit,
    )
    return SLOT


async def _ask_confirm(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    lang: str,
    draft: dict[str, Any],
    note: str | None,
    edit: bool,
) -> str:
    now = _now(context)
    day = date.fromisoformat(draft["day"])
    async with session_scope() as session:
        station = await get_station(session, draft["station"])
        slots = await service.bookable_slots(session, draft["station"], day, draft["kg"], now)
    slot = next((s for s in slots if s.slot_id == draft.get("slot")), None)
    if station is None or slot is None:
        note = _with_note(note, t(lang, "bookings.refused.full"))
        return await _ask_slot(update, context, lang, draft, note, edit)
    starts, ends = view.window(slot.starts, slot.ends)
    params = {
        "station": station.name,
        "date": view.date_label(lang, day, now.date()),
        "starts": starts,
        "ends": ends,
        "product": station_view.product_name(lang, draft["product"]),
        "quantity": view.quantity_label(lang, draft["qty"], draft["kg"]),
    }
    key = "bookings.confirm"
    if draft.get("mode") == "move":
        key, params["code"] = "bookings.confirm_move", draft.get("code", "")
    # One id per draft, kept until the draft is dropped: every ✅ of this form
    # carries it, and the booking consumes it, so the form books at most once
    # (also when a restart brings the conversation back at this step).
    draft_id = draft.setdefault(DRAFT_ID, service.new_draft_id())
    await _show(
        update,
        _with_note(note, t(lang, key, **params)),
        view.confirm_keyboard(lang, draft_id),
        edit=edit,
    )
    return CONFIRM


# --- entering the conversation -----------------------------------------------------------------


async def start_booking(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """ "预约收货" (typed or the menu button), maybe with product and amount: start a draft."""
    message = update.effective_message
    user = await register_visitor(update, context)
    draft = _draft(context)
    draft.clear()
    draft["mode"] = "new"
    note = None
    if message is not None and message.text:
        intent = intent_of(message.text)
        if intent.product:
            draft["product"] = intent.product
        if intent.quantity is not None:
            # An impossible amount is said, and asked again at its step.
            note = _take_quantity(draft, intent.quantity, user.language)
    return await _present(update, context, user.language, _next_missing(draft), note=note)


async def start_at_station(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """ "在这里预约" under a search result: a draft with the station chosen."""
    query = update.callback_query
    user = await register_visitor(update, context)
    station_id = _id((query.data or "").removeprefix(view.CB_NEW)) if query else None
    async with session_scope() as session:
        station = await get_station(session, station_id) if station_id else None
    if query is None or station is None:
        if query is not None:
            await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return ConversationHandler.END
    draft = _draft(context)
    draft.clear()
    draft.update(
        mode="new",
        station=station.id,
        suggest=[p for p in lexicon().products if p in station.products],
    )
    return await _present(update, context, user.language, PRODUCT, edit=False)


async def start_move(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """ "改时间" on a booking (its farmer, or the station's staff): pick a new day and slot."""
    user, booking_id = await _pressed_booking(update, context, view.CB_MOVE)
    if booking_id is None:
        return ConversationHandler.END
    booking = await _allowed_booking(update, user, booking_id, False, service.ACTIVE)
    if booking is None:
        return ConversationHandler.END
    draft = _draft(context)
    draft.clear()
    draft.update(
        mode="move",
        booking_id=booking.id,
        code=booking.code,
        product=booking.product,
        kg=booking.quantity_kg,
        qty=booking.quantity_text,
        station=booking.station_id,
    )
    return await _present(update, context, user.language, DAY, edit=False)


# --- the steps ------------------------------------------------------------------------------


async def product_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The product as typed (maybe with the amount: 两千斤玉米)."""
    message = update.effective_message
    user = await register_visitor(update, context)
    text = (message.text or "") if message else ""
    draft = _draft(context)
    found = lexicon().find_products(text)
    if not found:
        close = lexicon().closest_products(text)
        draft["suggest"] = close
        key = "bookings.unknown_product" if close else "bookings.unknown_product_none"
        return await _present(
            update, context, user.language, PRODUCT, note=t(user.language, key, text=text.strip())
        )
    draft["product"] = found[0]
    draft.pop("suggest", None)
    quantity = parse_quantity(text)
    problem = _take_quantity(draft, quantity, user.language) if quantity is not None else None
    if problem is not None:
        return await _present(update, context, user.language, QUANTITY, note=problem)
    return await _present(update, context, user.language, _next_missing(draft))


async def product_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """A product button (the name is untrusted: it must be a known product)."""
    query = update.callback_query
    user = await register_visitor(update, context)
    name = (query.data or "").removeprefix(view.CB_PRODUCT) if query else ""
    if query is None or name not in lexicon().products:
        if query is not None:
            await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return PRODUCT
    draft = _draft(context)
    draft["product"] = name
    draft.pop("suggest", None)
    return await _present(update, context, user.language, _next_missing(draft))


async def quantity_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The amount: 两千斤, 1.5吨, 300公斤; a bare number asks 斤 or 公斤."""
    message = update.effective_message
    user = await register_visitor(update, context)
    lang, text = user.language, (message.text or "") if message else ""
    quantity = parse_quantity(text)
    if quantity is None:
        bare = _BARE_NUMBER.match(text)
        number = to_number(bare.group(1)) if bare else None
        if number is not None and 0 < number <= service.MAX_BOOKING_KG * 2:
            shown = f"{number:g}"
            await _show(
                update,
                t(lang, "bookings.which_unit", number=shown),
                view.unit_keyboard(lang, shown),
            )
            return QUANTITY
        return await _present(
            update, context, lang, QUANTITY, note=t(lang, "bookings.bad_quantity")
        )
    draft = _draft(context)
    problem = _take_quantity(draft, quantity, lang)
    if problem is not None:
        return await _present(update, context, lang, QUANTITY, note=problem)
    return await _present(update, context, lang, _next_missing(draft))


async def unit_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """斤 or 公斤 for a bare number."""
    query = update.callback_query
    user = await register_visitor(update, context)
    unit, _, raw = ((query.data or "").removeprefix(view.CB_UNIT) if query else "").partition(":")
    try:
        number = float(raw)
    except ValueError:
        number = 0.0
    if query is None or unit not in ("j", "k") or not 0 < number <= service.MAX_BOOKING_KG * 2:
        if query is not None:
            await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return QUANTITY
    draft = _draft(context)
    name = "斤" if unit == "j" else "公斤"
    draft["kg"] = _kg(number * (0.5 if unit == "j" else 1.0))
    draft["qty"] = _quantity_text(number, name)
    return await _present(update, context, user.language, _next_missing(draft))


async def _place_found(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    lang: str,
    telegram_id: int,
    lat: float,
    lon: float,
    label: str | None,
) -> str:
    async with session_scope() as session:
        await remember_home(session, telegram_id, lat, lon, label)
    # Bring the main menu back after the location keyboard, then the stations.
    chat = update.effective_chat
    if chat is not None and label:
        await chat.send_message(
            t(lang, "stations.place_remembered", place=label), reply_markup=render.main_menu(lang)
        )
    elif chat is not None:
        await chat.send_message(
            t(lang, "stations.location_received"), reply_markup=render.main_menu(lang)
        )
    return await _present(update, context, lang, STATION, edit=False)


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
    async with session_scope() as session:
        match = await find_place(session, text)
    if match.place is not None:
        return await _place_found(
            update,
            context,
            lang,
            user.telegram_id,
            match.place.lat,
            match.place.lon,
            match.place.label,
        )
    places: tuple[Place, ...] = match.choices or match.suggestions
    markup = station_view.place_keyboard(lang, places, view.CB_PLACE)
    if match.choices:
        reply = t(lang, "stations.which_one", text=text)
    else:
        hint = "stations.did_you_mean" if markup else "stations.try_again"
        reply = t(lang, "stations.not_found", text=text) + "\n" + t(lang, hint)
    await _show(update, reply, markup or station_view.location_keyboard(lang, back=True))
    return STATION


async def place_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """One of several places with the typed name, or a "did you mean"."""
    query = update.callback_query
    user = await register_visitor(update, context)
    village_id = _id((query.data or "").removeprefix(view.CB_PLACE)) if query else None
    async with session_scope() as session:
        place = await get_place(session, village_id) if village_id else None
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
    _draft(context)["ask_place"] = True
    return await _present(update, context, user.language, STATION)


async def station_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """A station was picked (the id is untrusted: it must exist and take the product)."""
    query = update.callback_query
    user = await register_visitor(update, context)
    draft = _draft(context)
    station_id = _id((query.data or "").removeprefix(view.CB_STATION)) if query else None
    async with session_scope() as session:
        station = await get_station(session, station_id) if station_id else None
    if query is None or station is None:
        if query is not None:
            await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return STATION
    if not station.accepts(draft.get("product")):
        await _refused(update, user.language, Refused("not_accepted", product=draft["product"]))
        return STATION
    draft["station"] = station.id
    return await _present(update, context, user.language, DAY)


async def day_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """A day was picked: offer its free slots."""
    query = update.callback_query
    user = await register_visitor(update, context)
    day = view.parse_day_code((query.data or "").removeprefix(view.CB_DAY)) if query else None
    if query is None or day is None or day not in service.booking_window(_now(context).date()):
        if query is not None:
            await query.answer(t(user.language, "bookings.refused.bad_day"), show_alert=True)
        return DAY
    _draft(context)["day"] = day.isoformat()
    return await _present(update, context, user.language, SLOT)


async def slot_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """A slot was picked: show the summary to confirm."""
    query = update.callback_query
    user = await register_visitor(update, context)
    slot_id = _id((query.data or "").removeprefix(view.CB_SLOT)) if query else None
    if query is None or slot_id is None:
        if query is not None:
            await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return SLOT
    _draft(context)["slot"] = slot_id
    return await _present(update, context, user.language, CONFIRM)


def _pressed_draft_id(update: Update) -> str | None:
    """The draft id a ✅ button carries (bk:ok:<id>), or None for an old or forged one."""
    query = update.callback_query
    raw = (query.data or "") if query else ""
    pressed = raw.removeprefix(view.CB_OK).removeprefix(":")
    return pressed if service.valid_draft_id(pressed) else None


async def _already_done(update: Update, lang: str, draft_id: str | None) -> bool:
    """Tell the farmer if this form's ✅ was already carried out; True if it was."""
    if draft_id is None:
        return False
    async with session_scope() as session:
        earlier = await service.confirmed(session, draft_id)
    if earlier is None:
        return False
    await _refused(update, lang, Refused("already_booked", code=earlier.code))
    return True


async def confirm_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """Book (or move) for real; a place taken meanwhile sends the farmer back to the slots.

    The ✅ carries the draft's id and the booking consumes it in its own
    transaction: pressing it again (a double tap, or after a restart brought the
    conversation back at this step) books nothing twice and says so.
    """
    user = await register_visitor(update, context)
    lang = user.language
    pressed = _pressed_draft_id(update)
    draft = _draft(context)
    if await _already_done(update, lang, pressed):
        if draft.get(DRAFT_ID) == pressed:
            _drop_draft(context)
        return ConversationHandler.END
    current = draft.get(DRAFT_ID)
    if current is None or "day" not in draft:
        # The draft was lost (or is from before ✅ carried an id): nothing to book.
        return await _form_expired(update, context, lang)
    if pressed != current:
        # An older form's ✅ while this one waits: that one is void, this one is shown again.
        return await unexpected(update, context)
    now = _now(context)
    day = date.fromisoformat(draft["day"])
    reminder_at = _reminder_at(context)
    limits = _limits(context)

    async def work(session: Any) -> BookingView:
        if draft.get("mode") == "move":
            actor = await service.actor_of(session, user.telegram_id)
            return await service.reschedule(
                session,
                actor,
                int(draft["booking_id"]),
                slot_id=int(draft["slot"]),
                day=day,
                now_local=now,
                reminder_at=reminder_at,
                draft_id=pressed,
                limits=limits,
            )
        booked = await service.book(
            session,
            farmer_id=user.telegram_id,
            station_id=int(draft["station"]),
            slot_id=int(draft["slot"]),
            day=day,
            product=draft["product"],
            quantity_text=draft["qty"],
            quantity_kg=int(draft["kg"]),
            now_local=now,
            reminder_at=reminder_at,
            draft_id=pressed,
            limits=limits,
        )
        await remember_station(session, user.telegram_id, booked.station_id)
        return booked

    try:
        booking = await retrying(work)
    except Refused as refused:
        params = dict(refused.params)
        if "product" in params:
            params["product"] = station_view.product_name(lang, str(params["product"]))
        note = t(lang, f"bookings.refused.{refused.reason}", **params)
        if refused.reason in SLOT_PROBLEMS:
            return await _present(update, context, lang, SLOT, note=note)
        _drop_draft(context)
        await _show(update, note)
        return ConversationHandler.END
    key = "bookings.moved" if draft.get("mode") == "move" else "bookings.booked"
    _drop_draft(context)
    await _show(update, view.booking_text(lang, key, booking, now.date()))
    return ConversationHandler.END


async def _form_expired(update: Update, context: ContextTypes.DEFAULT_TYPE, lang: str) -> int:
    """A ✅ of a form that can no longer be booked: say so and end the conversation."""
    _drop_draft(context)
    text = t(lang, "bookings.form_expired")
    if not await _answer(update, text, show_alert=True):
        chat = update.effective_chat
        if chat is not None:
            await chat.send_message(text, reply_markup=render.main_menu(lang))
    return ConversationHandler.END


async def stale_confirm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int | None:
    """A ✅ pressed at another step of a booking: done already, or help for the current step."""
    user = await register_visitor(update, context)
    if await _already_done(update, user.language, _pressed_draft_id(update)):
        return None  # the booking in progress stays where it is
    return await unexpected(update, context)


async def confirm_outside(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A ✅ of a booking form with no booking in progress: its booking, or "expired"."""
    user = await register_visitor(update, context)
    if await _already_done(update, user.language, _pressed_draft_id(update)):
        return
    await _form_expired(update, context, user.language)


# --- leaving, going back, and anything unexpected ------------------------------------------------


async def back(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """One step back; back from the first step leaves the conversation."""
    user = await register_visitor(update, context)
    draft = _draft(context)
    step = draft.get("step", PRODUCT)
    first = DAY if draft.get("mode") == "move" else PRODUCT
    if step == first or step not in PREVIOUS:
        return await quit_flow(update, context)
    previous = PREVIOUS[step]
    if previous == STATION:
        draft.pop("station", None)
    return await _present(update, context, user.language, previous)


async def quit_flow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Cancel the booking in progress; nothing is booked or changed."""
    user = await register_visitor(update, context)
    lang = user.language
    _drop_draft(context)
    query = update.callback_query
    if query is not None:
        await query.answer()
        try:
            await query.edit_message_reply_markup(None)
        except BadRequest:
            pass
    chat = update.effective_chat
    if chat is not None:
        await chat.send_message(
            t(lang, "bookings.flow_cancelled"), reply_markup=render.main_menu(lang)
        )
    return ConversationHandler.END


async def unexpected(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """Anything the step did not expect: say where we are and ask again (nothing is lost)."""
    user = await register_visitor(update, context)
    lang = user.language
    step = _draft(context).get("step", PRODUCT)
    note = t(lang, "bookings.in_flow") + t(
        lang, f"bookings.help_step.{HELP_KEYS.get(step, 'product')}"
    )
    # An old button of this booking, or a message: the current step again, below.
    return await _present(update, context, lang, step, note=note, edit=False)


async def expired(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The booking was left unfinished too long: forget the draft (nothing was booked)."""
    _drop_draft(context)


def conversations() -> list[ConversationHandler[Any]]:
    """The booking conversation and the staff's weighing prompt, in that order."""
    # New messages only: an edited message is not a new answer to a step.
    text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    location = filters.UpdateType.MESSAGE & filters.LOCATION
    nav_text = filters.Text(list(view.cancel_words() | view.back_words()))
    booking: ConversationHandler[Any] = ConversationHandler(
        entry_points=[
            MessageHandler(IntentFilter(Kind.booking), start_booking),
            CallbackQueryHandler(start_at_station, pattern=f"^{view.CB_NEW}"),
            CallbackQueryHandler(start_move, pattern=f"^{view.CB_MOVE}"),
        ],
        states={
            PRODUCT: [
                CallbackQueryHandler(product_button, pattern=f"^{view.CB_PRODUCT}"),
                MessageHandler(text & ~nav_text, product_typed),
            ],
            QUANTITY: [
                CallbackQueryHandler(unit_button, pattern=f"^{view.CB_UNIT}"),
                MessageHandler(text & ~nav_text, quantity_typed),
            ],
            STATION: [
                CallbackQueryHandler(station_button, pattern=f"^{view.CB_STATION}"),
                CallbackQueryHandler(place_button, pattern=f"^{view.CB_PLACE}"),
                CallbackQueryHandler(change_place, pattern=f"^{view.CB_LOCATION}$"),
                MessageHandler(location, station_location),
                MessageHandler(text & ~nav_text, station_text),
            ],
            DAY: [CallbackQueryHandler(day_button, pattern=f"^{view.CB_DAY}")],
            SLOT: [CallbackQueryHandler(slot_button, pattern=f"^{view.CB_SLOT}")],
            CONFIRM: [CallbackQueryHandler(confirm_button, pattern=f"^{view.CB_OK}(:|$)")],
            ConversationHandler.TIMEOUT: [TypeHandler(Update, expired)],
        },
        fallbacks=[
            CallbackQueryHandler(back, pattern=f"^{view.CB_BACK}$"),
            CallbackQueryHandler(quit_flow, pattern=f"^{view.CB_QUIT}$"),
            MessageHandler(
                filters.UpdateType.MESSAGE & filters.Text(list(view.back_words())), back
            ),
            MessageHandler(
                filters.UpdateType.MESSAGE & filters.Text(list(view.cancel_words())), quit_flow
            ),
            CommandHandler("cancel", quit_flow),
            # A button of this flow from another step, or any other message.
            CallbackQueryHandler(stale_confirm, pattern=f"^{view.CB_OK}(:|$)"),
            CallbackQueryHandler(unexpected, pattern=r"^bk:(p|u|s|pl|loc|d|t):?"),
            MessageHandler(filters.UpdateType.MESSAGE & ~filters.COMMAND, unexpected),
        ],
        name=NAME,
        persistent=True,
        allow_reentry=True,
        # An abandoned booking stops holding the farmer's messages after a while
        # (the timer is not kept across a restart: then the draft simply waits).
        conversation_timeout=BOOKING_TIMEOUT_S,
    )
    weigh: ConversationHandler[Any] = ConversationHandler(
        entry_points=[CallbackQueryHandler(ask_weight, pattern=f"^{view.CB_COLLECT}")],
        states={
            WEIGH: [
                CallbackQueryHandler(weigh_quit, pattern=f"^{view.CB_WEIGH_QUIT}$"),
                CallbackQueryHandler(collected_at_estimate, pattern=f"^{view.CB_ESTIMATE}"),
                MessageHandler(text, weight_typed),
            ]
        },
        fallbacks=[CommandHandler("cancel", weigh_quit)],
        name=WEIGH_NAME,
        persistent=True,
        allow_reentry=True,
        conversation_timeout=BOOKING_TIMEOUT_S,
    )
    return [booking, weigh]


# --- 我的预约: list, cancel ---------------------------------------------------------------------


async def my_bookings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The farmer's coming bookings with change-time and cancel buttons."""
    message = update.effective_message
    if message is None:
        return
    user = await register_visitor(update, context)
    today = _now(context).date()
    async with session_scope() as session:
        views = await service.farmer_bookings(session, user.telegram_id, today)
    for text, markup in view.my_bookings(user.language, views, today):
        await message.reply_text(text, reply_markup=markup or render.main_menu(user.language))


async def ask_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "取消" on a booking: check it is theirs, then ask to confirm."""
    user, booking_id = await _pressed_booking(update, context, view.CB_CANCEL)
    if booking_id is None:
        return
    booking = await _allowed_booking(update, user, booking_id, False, service.ACTIVE)
    if booking is None:
        return
    starts, ends = view.window(booking.starts, booking.ends)
    text = t(
        user.language,
        "bookings.mine.confirm_cancel",
        code=booking.code,
        starts=starts,
        ends=ends,
        date=view.date_label(user.language, booking.day, _now(context).date()),
    )
    await _show(update, text, view.cancel_confirm_keyboard(user.language, booking.id), edit=False)


async def cancel_confirmed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Cancel the booking (refused, changing nothing, unless it is theirs or their station's)."""
    user, booking_id = await _pressed_booking(update, context, view.CB_CANCEL_YES)
    if booking_id is None:
        return
    lang = user.language
    now = _now(context)

    async def work(session: Any) -> BookingView:
        actor = await service.actor_of(session, user.telegram_id)
        booking = await service.cancel(session, actor, booking_id, now)
        if booking.farmer_id != user.telegram_id:  # staff cancelled it for the farmer
            await service.queue_notice(session, booking, "cancelled", now.date())
        return booking

    try:
        booking = await retrying(work)
    except Refused as refused:
        await _refused(update, lang, refused)
        return
    await _show(update, t(lang, "bookings.mine.cancelled", code=booking.code))


async def keep_booking(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "不取消"."""
    user = await register_visitor(update, context)
    await _show(update, t(user.language, "bookings.mine.kept"))


# --- station staff: /pickups, collected, no-show, closing a slot -------------------------------


async def pickups_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/pickups: today's and tomorrow's pickups of the staff member's station, by slot."""
    message = update.effective_message
    if message is None:
        return
    user = await register_visitor(update, context)
    lang = user.language
    if user.station_id is None or user.role.value not in ("staff", "admin"):
        await message.reply_text(t(lang, "bookings.staff.not_staff"))
        return
    today = _now(context).date()
    async with session_scope() as session:
        station = await get_station(session, user.station_id)
        slots = (
            await service.station_pickups(session, station.id, [today, today + timedelta(days=1)])
            if station
            else []
        )
    if station is None or not slots:
        await message.reply_text(t(lang, "bookings.staff.nothing"))
        return
    for day in (today, today + timedelta(days=1)):
        of_day = [p for p in slots if p.day == day]
        if of_day:
            for text, markup in view.staff_day(lang, station.name, day, of_day, today):
                await message.reply_text(text, reply_markup=markup)


async def ask_weight(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """ "收了": ask the weighed quantity (or take the estimate)."""
    user, booking_id = await _pressed_booking(update, context, view.CB_COLLECT)
    if booking_id is None:
        return ConversationHandler.END
    booking = await _allowed_booking(update, user, booking_id, True, (BookingStatus.booked,))
    if booking is None:
        return ConversationHandler.END
    if context.user_data is not None:
        context.user_data[WEIGHING] = booking.id
    await _show(
        update,
        t(user.language, "bookings.staff.ask_weight", code=booking.code),
        view.weigh_keyboard(user.language, booking),
        edit=False,
    )
    return WEIGH


async def _collect(
    update: Update, context: ContextTypes.DEFAULT_TYPE, booking_id: int, kg: float | None
) -> int:
    user = await register_visitor(update, context)
    lang = user.language
    today = _now(context).date()

    async def work(session: Any) -> BookingView:
        actor = await service.actor_of(session, user.telegram_id)
        weighed = kg
        if weighed is None:  # the farmer's estimate
            weighed = float((await service.may_run(session, actor, booking_id)).quantity_kg)
        booking = await service.mark_collected(session, actor, booking_id, weighed, today)
        await service.queue_notice(session, booking, "collected", today)
        return booking

    try:
        booking = await retrying(work)
    except Refused as refused:
        await _refused(update, lang, refused)
        return ConversationHandler.END
    finally:
        if context.user_data is not None:
            context.user_data.pop(WEIGHING, None)
    await _show(
        update,
        t(lang, "bookings.staff.collected", code=booking.code, kg=f"{booking.weighed_kg:g}"),
        edit=False,
    )
    return ConversationHandler.END


async def weight_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """The weighed quantity typed by staff: 1.2吨, 800公斤, 1600斤, or a bare number of kg."""
    message = update.effective_message
    user = await register_visitor(update, context)
    text = (message.text or "") if message else ""
    booking_id = (context.user_data or {}).get(WEIGHING)
    if not isinstance(booking_id, int):
        return ConversationHandler.END
    quantity = parse_quantity(text)
    bare = _BARE_NUMBER.match(text)
    kg = quantity.kg if quantity else (to_number(bare.group(1)) if bare else None)
    if kg is None or not 0 < kg <= service.MAX_BOOKING_KG:
        if message is not None:
            await message.reply_text(t(user.language, "bookings.staff.bad_weight"))
        return WEIGH
    return await _collect(update, context, booking_id, kg)


async def collected_at_estimate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """ "按预估": collected at the farmer's estimated quantity."""
    _, booking_id = await _pressed_booking(update, context, view.CB_ESTIMATE)
    if booking_id is None:
        return ConversationHandler.END
    return await _collect(update, context, booking_id, None)


async def weigh_quit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Stop recording a weight; nothing changes."""
    user = await register_visitor(update, context)
    if context.user_data is not None:
        context.user_data.pop(WEIGHING, None)
    await _show(update, t(user.language, "bookings.staff.weigh_cancelled"))
    return ConversationHandler.END


async def no_show(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "没来": record it and tell the farmer."""
    user, booking_id = await _pressed_booking(update, context, view.CB_NO_SHOW)
    if booking_id is None:
        return
    lang = user.language
    today = _now(context).date()

    async def work(session: Any) -> BookingView:
        actor = await service.actor_of(session, user.telegram_id)
        booking = await service.mark_no_show(session, actor, booking_id, today)
        await service.queue_notice(session, booking, "no_show", today)
        return booking

    try:
        booking = await retrying(work)
    except Refused as refused:
        await _refused(update, lang, refused)
        return
    await _show(update, t(lang, "bookings.staff.no_show", code=booking.code), edit=False)


def _slot_and_day(raw: str) -> tuple[int, date] | None:
    slot_raw, _, day_raw = raw.partition(":")
    slot_id, day = _id(slot_raw), view.parse_day_code(day_raw)
    return (slot_id, day) if slot_id is not None and day is not None else None


async def ask_close(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "关闭这个时段": check the staff runs it, then ask why (each reason closes it)."""
    query = update.callback_query
    if query is None:
        return
    user = await register_visitor(update, context)
    lang = user.language
    parsed = _slot_and_day((query.data or "").removeprefix(view.CB_CLOSE))
    if parsed is None:
        await query.answer(t(lang, "fallback.unknown_button"), show_alert=True)
        return
    slot_id, day = parsed
    try:
        async with session_scope() as session:
            actor = await service.actor_of(session, user.telegram_id)
            pickups = await service.closable(session, actor, slot_id, day)
    except Refused as refused:
        await _refused(update, lang, refused)
        return
    starts, ends = view.window(pickups.starts, pickups.ends)
    active = [b for b in pickups.bookings if b.status is BookingStatus.booked]
    text = t(
        lang,
        "bookings.staff.close_confirm",
        date=view.date_label(lang, day, _now(context).date()),
        starts=starts,
        ends=ends,
        count=len(active),
    )
    await _show(update, text, view.close_keyboard(lang, slot_id, day), edit=False)


async def close_confirmed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Close the slot and tell every farmer booked in it, offering another time."""
    query = update.callback_query
    if query is None:
        return
    user = await register_visitor(update, context)
    lang = user.language
    raw = (query.data or "").removeprefix(view.CB_CLOSE_YES)
    raw, _, reason = raw.rpartition(":")
    parsed = _slot_and_day(raw)
    if parsed is None or reason not in view.CLOSE_REASONS:
        await query.answer(t(lang, "fallback.unknown_button"), show_alert=True)
        return
    slot_id, day = parsed

    today = _now(context).date()

    async def work(session: Any) -> list[BookingView]:
        actor = await service.actor_of(session, user.telegram_id)
        affected = await service.close_slot(session, actor, slot_id, day, reason)
        # Every farmer in the slot is told, with buttons to pick another time,
        # in the same transaction that closes it.
        for booking in affected:
            await service.queue_notice(
                session, booking, "slot_closed", today, reason=reason, buttons=True
            )
        return affected

    try:
        affected = await retrying(work)
        async with session_scope() as session:
            slot = await service.slot_window(session, slot_id)
    except Refused as refused:
        await _refused(update, lang, refused)
        return
    starts, ends = view.window(*slot)
    await _show(
        update,
        t(
            lang,
            "bookings.staff.closed",
            date=view.date_label(lang, day, today),
            starts=starts,
            ends=ends,
            count=len(affected),
        ),
    )


async def keep_open(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "不关闭"."""
    user = await register_visitor(update, context)
    await _show(update, t(user.language, "bookings.staff.kept_open"))


# Buttons handled outside the conversations (registered in handlers/__init__.py).
OUTSIDE_BUTTONS = (
    (view.CB_OK, confirm_outside),
    (view.CB_CANCEL, ask_cancel),
    (view.CB_CANCEL_YES, cancel_confirmed),
    (view.CB_KEEP, keep_booking),
    (view.CB_ESTIMATE, collected_at_estimate),
    (view.CB_NO_SHOW, no_show),
    (view.CB_CLOSE, ask_close),
    (view.CB_CLOSE_YES, close_confirmed),
    (view.CB_KEEP_OPEN, keep_open),
)


# --- the evening reminder ------------------------------------------------------------------------


async def reminder_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Queue tomorrow's pickup reminders (the outbox sender delivers them)."""
    today = _now(context).date()
    async with session_scope() as session:
        queued = await service.queue_reminders(session, today + timedelta(days=1), today)
    if queued:
        log.info("queued %d pickup reminders for tomorrow", queued)


def schedule_reminders(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Every evening at the configured time; at start-up too if that time has passed today."""
    if app.job_queue is None:
        log.warning("no job queue: pickup reminders are off")
        return
    settings: Settings = app.bot_data[SETTINGS_KEY]
    at = settings.schedule.at("pickup_reminder").replace(tzinfo=settings.tz)
    app.job_queue.run_daily(reminder_job, time=at, name="pickup_reminders")
    # A restart after the evening run must not skip tomorrow's reminders; the
    # reminder_sent_at marks make this catch-up send nothing twice.
    if local_now(settings.tz).time() >= settings.schedule.at("pickup_reminder"):
        app.job_queue.run_once(reminder_job, when=0, name="pickup_reminders_catch_up")
