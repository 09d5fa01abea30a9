"""The booking conversation's steps: showing each one, with what the draft already says."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.bookings import model, queries
from bot.bookings import text as booking_text
from bot.bookings.products import farmers_products, last_listing, product_choices, stations_products
from bot.core.clock import utcnow
from bot.core.db import session_scope
from bot.core.geo import haversine_km
from bot.core.i18n import t
from bot.markets.herds import said_animal
from bot.stations.catalogue import SERVED_RADIUS_KM, catalog, get_station
from bot.users import get_user
from handlers.bookings.base import (
    ASKED_AT,
    BARE,
    BOOKED_DAY,
    BOOKED_SLOT,
    COMMON_PRODUCTS,
    CONFIRM,
    CONFIRM_IN,
    DAY,
    DRAFT_ID,
    LOOSE,
    MAX_PRODUCT_BUTTONS,
    NEAR,
    NEAR_NAMED,
    OFFERED_PRODUCTS,
    OFFERED_SLOTS,
    OFFERED_STATIONS,
    PRODUCT,
    QUANTITY,
    RANGE,
    RESIZE,
    SLOT,
    STATION,
    WANT_DAY,
    WANT_PART,
    WANT_TIME,
    draft_of,
    limits_of,
    now_of,
    show_reply,
)
from handlers.bookings.herd_draft import (
    HEADS,
    draft_animal,
    draft_product,
    draft_quantity,
    product_said,
)
from handlers.bookings.wanted import day_wish, said_rounds
from handlers.common import remove_buttons_of
from handlers.render import amounts
from handlers.render import bookings as view
from handlers.render import stations as station_view
from knowledge.text.english import name_label
from knowledge.text.lexicon import lexicon, product_label

# --- presenting each step -------------------------------------------------------------------


async def present(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    lang: str,
    step: str,
    note: str | None = None,
    edit: bool = True,
) -> str:
    """Show the step's question and keyboard; returns the conversation state."""
    draft = draft_of(context)
    if step in (QUANTITY, DAY) or (step == STATION and draft.get(ASKED_AT)):
        # A station chosen before the product (🚚 在这里预约) may not take it: said
        # now, with the stations near the farmer that do, not at the ✅.
        refusing = await _refusing_station(draft)
        if refusing is None and step == STATION and draft.get("station"):
            step = next_missing(draft)  # another product, which that station takes
        elif refusing is not None and step != STATION:
            refused = t(
                lang,
                "bookings.station_refuses_near"
                if draft.get(NEAR_NAMED)
                else "bookings.station_refuses",
                station=name_label(lang, refusing),
                product=product_said(lang, draft),
            )
            note, step = _with_note(note, refused), STATION
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


async def _refusing_station(draft: dict[str, Any]) -> str | None:
    """The name of the station the farmer chose when it does not take the draft's product.

    That station is then set aside (ASKED_AT) and its products offered if the farmer
    goes back to pick another one; a product it takes brings it back.
    """
    wanted = draft.get("station") or draft.get(ASKED_AT)
    if draft.get("mode") == "move" or not wanted or not draft.get("product"):
        return None  # a move keeps its station (the ✅ says if it no longer takes the product)
    async with session_scope() as session:
        station = await get_station(session, wanted)
    if station is None or station.accepts(draft["product"]):
        draft.pop(ASKED_AT, None)
        if station is not None:
            draft["station"] = station.id
        return None
    draft.pop("station", None)
    draft[ASKED_AT] = station.id
    draft["suggest"] = [p for p in lexicon().products if p in station.products]
    return station.name


# The draft's nearer stations that do not take its produce were said at the amount step.
TAKERS_SAID = "takers_said"


def _with_note(note: str | None, text: str) -> str:
    return f"{note}\n{text}" if note and text else note or text


def next_missing(draft: dict[str, Any]) -> str:
    """The first step the draft has no answer for."""
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
    async with session_scope() as session:
        user = await get_user(session, update.effective_user.id) if update.effective_user else None
        # Right after listing 大葱 for sale, 约个时间送过去 is about the 大葱 (sandbox walk).
        latest = await last_listing(session, user.telegram_id, utcnow()) if user else None
        if not products:
            # The farmer's own products and what the stations take, not a national list
            # (blind tester, 田阳: 土豆, 大白菜 offered where stations take 芒果, 香蕉).
            own = await farmers_products(session, user.telegram_id) if user else []
            taken = await stations_products(session, user.station_id if user else None)
            products = product_choices(None, own, taken, COMMON_PRODUCTS)
    if latest is not None and (latest.product in products or not draft.get("suggest")):
        # First, though the farmer's station may not take it (the station step says so).
        products = [latest.product, *(p for p in products if p != latest.product)]
        label = product_label(lang, latest.product)
        # Only a finished listing is "listed" (登记); a draft was only said (刚才说要卖的).
        said = "bookings.listed_first" if latest.listed else "bookings.said_first"
        note = _with_note(note, t(lang, said, product=label))
    # What is listed, in order: 1 or 第一个 typed picks from it (answers.product_typed).
    draft[OFFERED_PRODUCTS] = products[:MAX_PRODUCT_BUTTONS]
    await show_reply(
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
    # The amount asked afresh: a number typed before without its unit is no longer the one
    # a unit typed next belongs to.
    draft.pop(BARE, None)
    resize = await _resize_text(lang, draft, now_of(context)) if draft.get(RESIZE) else None
    ranged = draft.get(RANGE)
    if resize is not None:
        # No round of the chosen station takes the amount: its limits, and a smaller one asked.
        text, markup = resize
    elif ranged:
        # An estimate (3-5吨): which of its figures to book (base.take_amount says why).
        (low, low_unit), (high, high_unit) = ranged
        text, markup = amounts.range_question(
            lang, (low, low_unit), (high, high_unit), said=draft.get(LOOSE)
        )
    else:
        markup = InlineKeyboardMarkup([view.nav_row(lang)])
        # A herd's count waiting for its weight: the note asks it (2头牛大概一共多少斤？), alone.
        herd_asked = note is not None and bool(draft.get(HEADS))
        if herd_asked and not draft.get("station"):
            # 明天送两头猪: which stations take pigs is said before their weight is asked
            # (staff busy-day walk: the weight first, then "the nearer ones don't take pigs").
            takers = await _takers_line(update, lang, draft)
            note = _with_note(takers, note or "")
        product = product_said(lang, draft)
        text = "" if herd_asked else t(lang, "bookings.ask_quantity", product=product)
    await show_reply(update, _with_note(note, text), markup, edit=edit)
    return QUANTITY


async def _takers_line(update: Update, lang: str, draft: dict[str, Any]) -> str | None:
    """Before a herd's weight is asked: no station near takes the animals, or the nearer ones
    that do not (said once: the station step leaves it out then); None when nothing to say."""
    user_id = update.effective_user.id if update.effective_user else 0
    async with session_scope() as session:
        known, options, skipped = await _station_options(
            session, user_id, draft["product"], draft.get(NEAR)
        )
    counted = draft.get(HEADS)  # the herd still waiting for its weight: 猪, not 猪肉
    animal = said_animal(lang, str(counted[2]), draft["product"]) if counted else None
    if not known:
        return None
    if not options:
        return view.no_station_text(lang, draft["product"], animal)
    if not skipped or draft.get(NEAR_NAMED):
        return None
    draft[TAKERS_SAID] = True
    return view.skipped_text(lang, draft["product"], skipped, animal)


async def _resize_text(
    lang: str, draft: dict[str, Any], now: datetime
) -> tuple[str, InlineKeyboardMarkup] | None:
    """The station's limits for an amount none of its rounds takes, with the fit button.

    None (and the mark dropped) when the amount fits after all (places were freed).
    """
    async with session_scope() as session:
        station = await get_station(session, draft["station"]) if draft.get("station") else None
        fits = station is not None and bool(
            await queries.bookable_days(session, station.id, draft["kg"], now)
        )
        why = (
            await queries.why_no_days(session, station.id, draft["kg"], now)
            if station is not None and not fits
            else None
        )
    if station is None or why is None or why.reason == "fully_booked":
        draft.pop(RESIZE, None)
        return None
    quantity = view.quantity_label(lang, draft["qty"], draft["kg"])
    jin = booking_text.counts_in_jin(draft["qty"])
    text = booking_text.resize_text(lang, why, station.name, draft["product"], quantity, jin)
    return text, amounts.resize_keyboard(lang, int(why.params["free_kg"]), jin)


async def _station_options(
    session: Any, telegram_id: int, product: str, near: list[Any] | None = None
) -> tuple[bool, list[tuple[Any, float, bool]], list[tuple[Any, float]]]:
    """Whether the farmer's place is known, the stations to offer (usual one first), and the
    nearer ones left out because they do not take the product (said, not silently skipped).

    `near` is a place searched at this step ([lat, lon, label]): its stations, else the home's.
    """
    user = await get_user(session, telegram_id)
    if near:
        lat, lon, label = float(near[0]), float(near[1]), near[2]
    elif user is not None and user.home_lat is not None and user.home_lon is not None:
        lat, lon, label = user.home_lat, user.home_lon, user.home_place
    else:
        return False, [], []
    cat = await catalog(session)
    # The same nearest stations as "服务站在哪" lists (the place's own first), by distance.
    place = cat.place_labelled(label)
    hits = cat.nearest(lat, lon, product=product, max_km=SERVED_RADIUS_KM, place=place)
    options = [(h.item, h.km, False) for h in hits]
    usual = cat.stations.get(user.station_id) if user is not None and user.station_id else None
    if usual is not None and usual.accepts(product):
        km = haversine_km(lat, lon, usual.lat, usual.lon)
        # The usual station first, unless a place searched here is far from it.
        if not near or km <= SERVED_RADIUS_KM:
            options = [(usual, km, True)] + [o for o in options if o[0].id != usual.id]
    closest = min((km for _, km, _ in options), default=None)
    skipped = cat.index.nearest(
        lat, lon, k=3, accept=lambda s: not s.accepts(product), max_km=closest
    )
    return True, options, [(h.item, h.km) for h in skipped if closest and h.km < closest]


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
        known, options, skipped = await _station_options(
            session, user_id, draft["product"], draft.get(NEAR)
        )
        # The leave filter cannot wait for the database: the catalogue it reads to know
        # a place typed without its ending (稻田) is brought up to date now.
        await catalog(session)
    # What is listed, in order: 1 or 第一个 typed picks from it (handlers/bookings/typed.py).
    draft[OFFERED_STATIONS] = [station.id for station, _, _ in options]
    if not known or draft.get("ask_place"):
        draft.pop("ask_place", None)
        draft[OFFERED_STATIONS] = []
        await show_reply(
            update,
            _with_note(note, t(lang, "bookings.ask_station_place")),
            station_view.location_keyboard(lang, back=True),
            edit=False,
        )
        return STATION
    if not options:
        text = view.no_station_text(lang, draft["product"], draft_animal(lang, draft))
    elif not draft.get("kg"):
        # The amount is asked once a station is picked (the station came first).
        text = t(lang, "bookings.ask_station_for", product=product_said(lang, draft))
    else:
        text = t(
            lang,
            "bookings.ask_station",
            product=draft_product(lang, draft),
            quantity=draft_quantity(lang, draft),
        )
    # The station named and refused is said to refuse already (bookings.station_refuses).
    skipped = [(s, km) for s, km in skipped if s.id != draft.get(ASKED_AT)]
    if skipped and not draft.get(NEAR_NAMED) and not draft.pop(TAKERS_SAID, None):
        # 孙家集京东 0.2 km away does not take 玉米: said, or 化龙镇 at 10 km reads as a mistake.
        skipped_line = view.skipped_text(lang, draft["product"], skipped, draft_animal(lang, draft))
        text = _with_note(skipped_line, text)
    await show_reply(
        update, _with_note(note, text), view.station_keyboard(lang, options), edit=edit
    )
    return STATION


async def _ask_day(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    lang: str,
    draft: dict[str, Any],
    note: str | None,
    edit: bool,
) -> str:
    now = now_of(context)
    async with session_scope() as session:
        station = await get_station(session, draft["station"])
        if station is None:
            draft.pop("station", None)
            return await _ask_station(update, context, lang, draft, note, edit)
        days = await queries.bookable_days(session, station.id, draft["kg"], now)
        # Too big for any round and fully booked need different advice.
        why = await queries.why_no_days(session, station.id, draft["kg"], now) if not days else None
        full = await _days_at_limit(session, context, update, draft, station.id)
        wanted = draft.get(WANT_DAY)
        closed = (
            await queries.closed_rounds(session, station.id, date.fromisoformat(wanted))
            if wanted
            else []
        )
    move = draft.get("mode") == "move"
    if why is not None and why.reason != "fully_booked" and not move:
        # The amount is asked again, right here, with the station's real limits.
        draft[RESIZE] = True
        return await _ask_quantity(update, context, lang, draft, note, edit)
    if why is not None:
        quantity = view.quantity_label(lang, draft["qty"], draft["kg"])
        text = booking_text.no_days_text(lang, why, station.name, quantity, move=move)
        await show_reply(
            update, _with_note(note, text), InlineKeyboardMarkup([view.nav_row(lang)]), edit=edit
        )
        return DAY
    limit = limits_of(context).per_station_day
    if full:
        # Days the farmer already holds as many bookings here as allowed are not offered:
        # the ✅ would refuse them (sandbox walk: found only there, the farmer was stuck).
        if not [choice for choice in days if choice.day not in full]:
            text = t(lang, "bookings.limit_every_day", limit=limit)
            markup = InlineKeyboardMarkup([view.nav_row(lang)])
            await show_reply(update, _with_note(note, text), markup, edit=edit)
            return DAY
        days = [choice for choice in days if choice.day not in full]
    # A day said (明天, 月底) is taken if it can be; days said loosely (下礼拜) are offered.
    wish = day_wish(lang, draft, days, full, now.date(), limit, closed)
    if wish.day is not None:
        draft["day"] = wish.day
        return await _ask_slot(update, context, lang, draft, note, edit)
    note = _with_note(note, wish.note) if wish.note else note
    days = list(wish.days)
    text = t(lang, "bookings.ask_day", station=name_label(lang, station.name))
    await show_reply(
        update, _with_note(note, text), view.day_keyboard(lang, days, now.date()), edit=edit
    )
    return DAY


async def _days_at_limit(
    session: Any,
    context: ContextTypes.DEFAULT_TYPE,
    update: Update,
    draft: dict[str, Any],
    station_id: int,
) -> set[date]:
    """The days the draft's farmer may book no more at this station (a move's own day aside)."""
    limits = limits_of(context)
    if draft.get("mode") != "move":
        farmer = update.effective_user.id if update.effective_user else 0
        return await queries.days_at_limit(
            session, limits, farmer, station_id, now_of(context).date()
        )
    try:
        booking = await queries.view(session, int(draft["booking_id"]))
    except model.Refused:
        return set()  # gone meanwhile: the ✅ says so
    full = await queries.days_at_limit(
        session,
        limits,
        booking.farmer_id,
        station_id,
        now_of(context).date(),
        leaving_out=booking.id,
    )
    # Another round of the day it is on is no extra booking that day (service.reschedule).
    return full - {booking.day}


async def day_at_limit(
    update: Update, context: ContextTypes.DEFAULT_TYPE, draft: dict[str, Any], day: date
) -> bool:
    """Whether the draft's farmer may book no more at its station on `day`."""
    async with session_scope() as session:
        full = await _days_at_limit(session, context, update, draft, int(draft["station"]))
    return day in full


async def _ask_slot(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    lang: str,
    draft: dict[str, Any],
    note: str | None,
    edit: bool,
) -> str:
    now = now_of(context)
    day = date.fromisoformat(draft["day"])
    async with session_scope() as session:
        slots = await queries.bookable_slots(session, draft["station"], day, draft["kg"], now)
        closed = await queries.closed_rounds(session, draft["station"], day)
    label = view.date_label(lang, day, now.date())
    # A move does not offer the round the booking is already in (sandbox walk).
    current = _current_round(draft, day, slots)
    slots = [s for s in slots if s is not current]
    if not slots and current is not None:
        starts, ends = view.window(current.starts, current.ends)
        # With the day's other rounds closed by the station, that is said too, and why.
        only = view.closed_text(lang, "bookings.day_closed", label, closed)
        mine = "bookings.move_same_round" if only else "bookings.move_same_round_only"
        only = _with_note(t(lang, mine, date=label, starts=starts, ends=ends), only or "")
        return await _ask_day(update, context, lang, draft, _with_note(note, only.strip()), edit)
    if not slots:
        # Rounds the staff closed are no "fully booked": that is said (sandbox walk).
        none = view.closed_text(lang, "bookings.day_closed", label, closed) or t(
            lang, "bookings.no_slots", date=label
        )
        return await _ask_day(update, context, lang, draft, _with_note(note, none), edit)
    part, at = draft.pop(WANT_PART, None), draft.pop(WANT_TIME, None)
    picked, key = said_rounds(slots, part, at)
    if len(picked) == 1:
        # The round said (上午, 8点) is the only one of that day that fits: it is the one.
        draft["slot"] = picked[0].slot_id
        return await _ask_confirm(update, context, lang, draft, note, edit)
    if picked:
        # Several rounds in the part of the day said: only those are offered.
        slots = picked
    elif key is not None:
        # Nothing then: said plainly (a round the station closed as closed, with why), and
        # the day's other rounds offered.
        when = at or t(lang, f"bookings.parts.{part}")
        shut, _ = said_rounds(closed, part, at)
        said = view.closed_text(lang, "bookings.round_closed", label, shut)
        if current is not None and said_rounds([current], part, at)[0]:
            # 改到上午 with the booking already in that morning's round: said so.
            starts, ends = view.window(current.starts, current.ends)
            said = t(lang, "bookings.move_same_round", date=label, starts=starts, ends=ends)
        note = _with_note(note, said or t(lang, key, date=label, when=when))
    elif shut_text := view.closed_text(lang, "bookings.round_closed", label, closed):
        # No time said: the rounds missing from the list are said to be closed.
        note = _with_note(note, shut_text)
    question = "bookings.ask_slot_part" if picked else "bookings.ask_slot"
    # What is listed, in order: 1 or 第一个 typed picks from it (handlers/bookings/typed.py).
    draft[OFFERED_SLOTS] = [s.slot_id for s in slots]
    when = t(lang, f"bookings.parts.{part}") if part else ""
    await show_reply(
        update,
        _with_note(note, t(lang, question, date=label, when=when)),
        view.slot_keyboard(lang, slots),
        edit=edit,
    )
    return SLOT


def _current_round(draft: dict[str, Any], day: date, slots: list[Any]) -> Any | None:
    """The round a moved booking is in, when `day` is its day and the round is listed."""
    if draft.get("mode") != "move" or draft.get(BOOKED_DAY) != day.isoformat():
        return None
    return next((s for s in slots if s.slot_id == draft.get(BOOKED_SLOT)), None)


async def _ask_confirm(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    lang: str,
    draft: dict[str, Any],
    note: str | None,
    edit: bool,
) -> str:
    now = now_of(context)
    day = date.fromisoformat(draft["day"])
    async with session_scope() as session:
        station = await get_station(session, draft["station"])
        slots = await queries.bookable_slots(session, draft["station"], day, draft["kg"], now)
    slot = next((s for s in slots if s.slot_id == draft.get("slot")), None)
    if station is None or slot is None:
        note = _with_note(note, t(lang, "bookings.refused.full"))
        return await _ask_slot(update, context, lang, draft, note, edit)
    starts, ends = view.window(slot.starts, slot.ends)
    params = {
        "station": name_label(lang, station.name),
        "date": view.date_label(lang, day, now.date()),
        "starts": starts,
        "ends": ends,
        # 2头黄牛 约1600斤, not 牛肉 1600斤
        "product": draft_product(lang, draft),
        "icon": view.product_icon(draft["product"]),
        "quantity": draft_quantity(lang, draft),
    }
    key = "bookings.confirm"
    if draft.get("mode") == "move":
        key, params["code"] = "bookings.confirm_move", draft.get("code", "")
    # One id per draft, kept until the draft is dropped: every ✅ of this form
    # carries it, and the booking consumes it, so the form books at most once
    # (also when a restart brings the conversation back at this step).
    draft_id = draft.setdefault(DRAFT_ID, model.new_draft_id())
    before = draft.get(CONFIRM_IN)
    shown = await show_reply(
        update,
        _with_note(note, t(lang, key, **params)),
        view.confirm_keyboard(lang, draft_id),
        edit=edit,
    )
    if shown is None:
        return CONFIRM
    # A typed 好的 takes this message's ✅ / ❌ off (handlers/bookings/confirm); the summary
    # shown before in another message (asked again after an old form's ✅, or in another
    # language) loses them now: one summary to press.
    draft[CONFIRM_IN] = [shown.chat.id, shown.message_id]
    if isinstance(before, list) and len(before) == 2 and before != draft[CONFIRM_IN]:
        await remove_buttons_of(context.bot, int(before[0]), int(before[1]))
    return CONFIRM
