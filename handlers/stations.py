"""Finding a station: "最近的服务站在哪", a shared location, or a typed village name.

A farmer with no station yet who was offered to forward a question may pick one
first ("📍 先选服务站"); once the nearest becomes theirs, the question waiting is
offered again, now to that station.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from telegram import Message, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.core.clock import local_now, utcnow
from bot.core.db import session_scope, unavailable
from bot.core.i18n import t
from bot.models.users import Role, User
from bot.stations.catalogue import (
    StationInfo,
    catalog,
    get_place,
    get_station,
)
from bot.stations.finder import (
    Finding,
    county_named,
    find_place,
    find_said_place,
    find_stations,
    nearby,
    nearest_station,
    place_labelled,
    remember_home,
)
from bot.stations.gazetteer import (
    Place,
    PlaceMatch,
    says_home,
    typed_place_name,
    where_i_am,
    where_i_am_english,
)
from bot.users import get_user
from handlers import just_asked, just_priced, prices, render, usual_station
from handlers.ask_forward import offer_to_forward
from handlers.common import press, register_visitor, role_of, settings_of
from handlers.language import with_language
from handlers.leave import leave_handler, with_leave
from handlers.place_filters import PlaceReply, PlaceSaid
from handlers.render import bookings as booking_view
from handlers.render import knowledge as ask_view
from handlers.render import stations as view
from handlers.routing import IntentFilter, intent_of
from handlers.timeouts import TimedConversation
from knowledge.kb import offers
from knowledge.text.english import name_label
from knowledge.text.intent import MY_STATION, Kind

WAIT_PLACE = "st_place"
NAME = "station_search"
SEARCH_TIMEOUT_S = 10 * 60

# user_data: the question "📍 先选服务站" was pressed under.
WAITING_QUESTION = "station_first_question"

log = logging.getLogger(__name__)


async def warm_up() -> None:
    """Build the station catalogue now, so PlaceReply knows every place name from the start."""
    async with session_scope() as session:
        await catalog(session)


async def notice_place_changes(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Before any feature: rebuild the catalogue if stations or villages changed since it was.

    The filters (PlaceSaid, PlaceReply, a conversation's "another subject?") cannot wait
    for the database and read the catalogue as last built: without this, a village imported
    from the command line while the bot runs was unknown until some search rebuilt it. The
    check is one small query per text message (catalogue._signature).
    """
    if not isinstance(update, Update):
        return
    message = update.effective_message
    if message is None or not message.text or message.text.startswith("/"):
        return  # only typed words are read as places
    try:
        async with session_scope() as session:
            await catalog(session)
    except Exception as error:
        if not unavailable(error):
            raise
        # The features say the database is busy; the catalogue as built is still good.
        log.warning("place catalogue not checked: database unavailable: %s", error)


def _now(context: ContextTypes.DEFAULT_TYPE) -> datetime:
    return local_now(settings_of(context).tz)


async def far_answer(
    context: ContextTypes.DEFAULT_TYPE, lang: str, lat: float, lon: float
) -> str | None:
    """The answer for a location far outside the county (settings' far_location_km), or None.

    Such a location is not remembered as the farmer's place, and its nearest station
    is not made theirs: a farmer away from home would otherwise be left with a
    "usual station" hundreds of kilometres away.
    """
    async with session_scope() as session:
        nearest = await nearest_station(session, lat, lon)
    if nearest is None or nearest[1] <= settings_of(context).far_location_km:
        return None
    return view.far_text(lang, *nearest)


async def show_finding(
    message: Message,
    context: ContextTypes.DEFAULT_TYPE,
    lang: str,
    lat: float,
    lon: float,
    place: str | None,
    product: str | None = None,
    farmer_id: int | None = None,
    lead: str | None = None,
    after: str | None = None,
    near: Place | None = None,
    adopt: bool = True,
) -> Finding:
    """Send the nearest stations from (lat, lon), with the first one's location pin.

    `near` is the place named (or the saved home's): its own stations come first. A farmer
    without a station gets the nearest of all (whatever the product asked) as their usual
    one (offers and questions go there), told in one line with how to pick another.
    `lead` opens the answer when it is for another place than the one typed; `after`
    ends it. `adopt` False: a place asked about, not where the farmer is, gives no station.
    """
    usual = None
    async with session_scope() as session:
        finding = await find_stations(
            session, lat, lon, product=product, now_local=_now(context), place=near
        )
        if farmer_id is not None and adopt:
            home = await nearest_station(session, lat, lon, near)
            # A home remembered before far locations were refused gives no usual station.
            if home is not None and home[1] <= settings_of(context).far_location_km:
                today = _now(context).date()
                adopted = await usual_station.adopt(session, farmer_id, home[0].id, today)
                usual = home[0] if adopted else None
    text = view.finding_text(lang, finding, place)
    if lead:
        text = f"{lead}\n{text}"
    if after:
        text = f"{text}\n\n{after}"
    if usual is not None:
        text += "\n\n" + t(lang, "stations.adopted", name=name_label(lang, usual.name))
    await message.reply_text(
        text,
        reply_markup=view.finding_keyboard(lang, finding, booking_view.BookAt)
        or render.main_menu(lang, role_of(context)),
    )
    if finding.stations:
        # The first station's pin; it also brings the main menu back after
        # the location keyboard.
        await send_pin(
            message, finding.stations[0].station, render.main_menu(lang, role_of(context))
        )
    if usual is not None and farmer_id is not None:
        pressed_under = (context.user_data or {}).pop(WAITING_QUESTION, None)
        # Offered again only when the farmer asked for it (📍 先选服务站) or the question
        # was the last thing they said: not one they have moved on from.
        waiting = pressed_under or just_asked.question(context)
        if waiting is not None:
            await _offer_waiting(message, farmer_id, usual, waiting)
    return finding


async def _offer_waiting(
    message: Message, farmer_id: int, station: StationInfo, question_id: int | None = None
) -> None:
    """The farmer's first station is set: the question they were offered to forward before
    (told they had no station yet) is offered again, to that station."""
    async with session_scope() as session:
        farmer = await session.get(User, farmer_id)
        waiting = (
            await offers.offered_again(session, farmer, utcnow(), question_id) if farmer else None
        )
        if farmer is None or waiting is None:
            return
        where = await offers.destination(session, farmer)
        if where is offers.Destination.no_station:
            return
        lang = farmer.language
        text, keyboard = await offer_to_forward(
            session,
            farmer,
            "kb.waiting_offer",
            waiting.id,
            station=name_label(lang, station.name),
            text=ask_view.thread_start(waiting.text, lang),
        )
    await message.reply_text(text, reply_markup=keyboard)


async def station_first(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """ "📍 先选服务站" under an offer to forward: ask where the farmer is, as "服务站在哪" does."""
    query, user = await press(update, context)
    await query.answer()
    button = ask_view.StationFirst.parse(query.data)
    if button is not None and button.question_id and context.user_data is not None:
        # The question to offer again once a station is picked (not whatever is newest).
        context.user_data[WAITING_QUESTION] = button.question_id
    if query.message is not None:
        await context.bot.send_message(
            query.message.chat.id,
            t(user.language, "stations.ask_place"),
            reply_markup=view.location_keyboard(user.language),
        )
    return WAIT_PLACE


async def send_pin(message: Message, station: StationInfo, markup: Any = None) -> None:
    """A station's location as a map pin (its name and address are in the text above)."""
    await message.reply_location(latitude=station.lat, longitude=station.lon, reply_markup=markup)


async def station_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """ "最近的服务站在哪": answer from a place in the text or the farmer's home, else ask."""
    message = update.effective_message
    if message is None or message.text is None:
        return ConversationHandler.END
    user = await register_visitor(update, context)
    lang = user.language
    intent = intent_of(message.text)
    if intent.extras.get("asks") == MY_STATION:
        return await _my_station(message, context, user)
    async with session_scope() as session:
        match = await find_place(session, message.text)
    # A place asked about (姚关有服务站吗) is not where the farmer lives: kept as home only
    # when none is known yet, or the farmer says they live there (我在姚关，有服务站吗).
    asked = user.home_lat is not None and not says_home(message.text, match.said)
    place = match.place or only_choice(match)
    if place is not None:
        await _found_place(
            message, context, user.telegram_id, lang, place, intent.product, match, asked=asked
        )
        # A corrected name may be the wrong guess: the next place typed is read too.
        return WAIT_PLACE if match.corrected_from else ConversationHandler.END
    typed = match.corrected_from or typed_place_name(message.text)
    if match.choices:
        await message.reply_text(
            t(lang, "stations.which_one", text=match.said or typed or message.text),
            reply_markup=view.place_keyboard(lang, match.choices, _choice(asked)),
        )
        return WAIT_PLACE
    if user.home_lat is not None and user.home_lon is not None:
        async with session_scope() as session:
            home = await place_labelled(session, user.home_place)
        await show_finding(
            message,
            context,
            lang,
            user.home_lat,
            user.home_lon,
            user.home_place,
            intent.product,
            farmer_id=user.telegram_id,
            # A place was named but not found: say the answer is for the remembered one.
            lead=t(lang, "stations.home_instead", text=typed) if typed else None,
            near=home,
        )
        return WAIT_PLACE if typed else ConversationHandler.END
    if typed and match.suggestions:
        await message.reply_text(
            t(lang, "stations.not_found", text=typed) + "\n" + t(lang, "stations.did_you_mean"),
            reply_markup=view.place_keyboard(lang, match.suggestions),
        )
        return WAIT_PLACE
    county = county_named(intent.text)
    if county is not None and await far_answer(context, lang, county.lat, county.lon) is None:
        # 我是寿光的 / "Im from shouguang": the county's seat, roughly; neither kept as home
        # nor giving a usual station, and a village is asked for to look closer.
        label = name_label(lang, county.name)
        await show_finding(
            message,
            context,
            lang,
            county.lat,
            county.lon,
            county.name,
            intent.product,
            after=t(lang, "stations.county_rough", place=label),
        )
        return WAIT_PLACE
    await message.reply_text(
        t(lang, "stations.ask_place"), reply_markup=view.location_keyboard(lang)
    )
    return WAIT_PLACE


async def _my_station(
    message: Message, context: ContextTypes.DEFAULT_TYPE, user: User
) -> str | int:
    """ "我的服务站是哪个": the farmer's usual (⭐) station, its hours and pin, how to change
    it; without one, how to pick one (and the place is waited for, as 服务站在哪 does)."""
    lang = user.language
    station = None
    if user.station_id is not None:
        async with session_scope() as session:
            station = await get_station(session, user.station_id)
    if station is None:
        await message.reply_text(
            view.my_station_text(lang, None), reply_markup=view.location_keyboard(lang)
        )
        return WAIT_PLACE
    here = nearby(station, 0.0, _now(context).time())
    await message.reply_text(
        view.my_station_text(lang, here, staff=user.role is not Role.farmer),
        reply_markup=view.my_station_keyboard(lang, station, booking_view.BookAt),
    )
    await send_pin(message, station, render.main_menu(lang, user.role))
    return ConversationHandler.END


async def _found_place(
    message: Message,
    context: ContextTypes.DEFAULT_TYPE,
    telegram_id: int,
    lang: str,
    place: Place,
    product: str | None = None,
    match: PlaceMatch | None = None,
    unknown: str = "",
    asked: bool = False,
) -> None:
    """The stations near a place found; `unknown` is a part of what was said (the village of
    伦河镇前进村) the gazetteer does not know: the answer says it went by the known part.

    `asked`: the place was asked about (姚关有服务站吗) by a farmer whose home is known: its
    stations are listed, from it, and the home (and usual station) stay as they were."""
    far = await far_answer(context, lang, place.lat, place.lon)
    if far is not None:  # a place of the gazetteer outside the stations' reach
        await message.reply_text(far, reply_markup=render.main_menu(lang, role_of(context)))
        return
    before: tuple[float | None, float | None] = (None, None)
    async with session_scope() as session:
        farmer = await get_user(session, telegram_id)
        if farmer is not None and farmer.home_lat is None:
            asked = False  # no home yet: the place asked about is the best guess of it
        if not asked:
            before = (farmer.home_lat, farmer.home_lon) if farmer is not None else (None, None)
            await remember_home(session, telegram_id, place.lat, place.lon, place.label)
    # A misspelt name read as another: the answer says which place it is for.
    corrected = match is not None and match.corrected_from is not None
    moved = before[0] is not None and before != (place.lat, place.lon)
    await show_finding(
        message,
        context,
        lang,
        place.lat,
        place.lon,
        place.label,
        product,
        farmer_id=telegram_id,
        lead=t(
            lang,
            "stations.part_unknown",
            unknown=name_label(lang, unknown),
            place=name_label(lang, place.name),
        )
        if unknown
        else t(lang, "stations.read_as", place=name_label(lang, place.name))
        if corrected
        else None,
        # Another home than the one saved: said, never changed without a word.
        after=t(lang, "stations.home_moved", place=name_label(lang, place.label))
        if moved
        else None,
        near=place,
        adopt=not asked,
    )


async def location_shared(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """A location, in the search or out of the blue: remember it and list the nearest stations."""
    message = update.effective_message
    if message is None or message.location is None:
        return ConversationHandler.END
    user = await register_visitor(update, context)
    lat, lon = message.location.latitude, message.location.longitude
    priced = just_priced.products(context)
    if priced:
        # Right after a price card's "send me your location": that product's prices at the
        # markets nearest it (kept as home only where the county serves it).
        if await far_answer(context, user.language, lat, lon) is None:
            async with session_scope() as session:
                await remember_home(session, user.telegram_id, lat, lon)
        await prices.near_location(message, context, user.language, lat, lon, priced)
        return ConversationHandler.END
    far = await far_answer(context, user.language, lat, lon)
    if far is not None:  # not remembered: a place in the county is asked for
        await message.reply_text(far, reply_markup=view.location_keyboard(user.language))
        return WAIT_PLACE
    async with session_scope() as session:
        await remember_home(session, user.telegram_id, lat, lon)
    await show_finding(message, context, user.language, lat, lon, None, farmer_id=user.telegram_id)
    return ConversationHandler.END


async def place_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """A village or township name: the stations near it, or which one / did you mean."""
    message = update.effective_message
    if message is None or message.text is None:
        return WAIT_PLACE
    user = await register_visitor(update, context)
    lang, text = user.language, message.text.strip()
    english = where_i_am_english(text)
    if english is not None:
        text = english[0]  # I live in Sunjiaji village: the place is Sunjiaji village
    said, unknown = where_i_am(text), ""
    async with session_scope() as session:
        if said is not None:  # 我是伦河镇前进村的: by the part the gazetteer knows
            match, unknown = await find_said_place(session, said)
        else:
            match = await find_place(session, text)
    # A name alone or 我在王家庄 says where the farmer is; 王家庄有服务站吗 typed at the place
    # step asks about it (kept as home only if none is known, as station_question does).
    asked = (
        user.home_lat is not None
        and said is None
        and intent_of(text).kind is Kind.station
        and not says_home(text, match.said)
    )
    place = match.place or only_choice(match)
    if place is not None:
        await _found_place(
            message, context, user.telegram_id, lang, place, match=match, unknown=unknown,
            asked=asked,
        )  # fmt: skip
        return WAIT_PLACE if match.corrected_from else ConversationHandler.END
    if match.choices:
        # 我在王家庄: the name asked about is 王家庄, not the sentence.
        said = match.corrected_from or match.said or where_i_am(text) or text
        await message.reply_text(
            t(lang, "stations.which_one", text=said),
            reply_markup=view.place_keyboard(lang, match.choices, _choice(asked)),
        )
        return WAIT_PLACE
    markup = view.place_keyboard(lang, match.suggestions)
    hint = "stations.did_you_mean" if markup else "stations.try_again"
    await message.reply_text(
        t(lang, "stations.not_found", text=text) + "\n" + t(lang, hint),
        reply_markup=markup or view.location_keyboard(lang),
    )
    return WAIT_PLACE


async def place_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """One of several places (or a "did you mean") was tapped."""
    query, user = await press(update, context)
    pressed = view.PlaceChoice.parse(query.data)
    place = None
    if pressed is not None:
        async with session_scope() as session:
            place = await get_place(session, pressed.place_id)
    if place is None or not isinstance(query.message, Message):
        await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return ConversationHandler.END
    await query.answer()
    asked = pressed is not None and bool(pressed.asked)
    await _found_place(query.message, context, user.telegram_id, user.language, place, asked=asked)
    return ConversationHandler.END


def _choice(asked: bool) -> Callable[[int], view.PlaceChoice]:
    """The buttons of "which one?": pressed under a question about a place, the home stays."""
    return lambda place_id: view.PlaceChoice(place_id, int(asked))


def only_choice(match: PlaceMatch) -> Place | None:
    """The one place of several same-named ones a farmer could pick (the others are villages
    a station serves, with no button): no "which one?" with a single button."""
    pickable = [p for p in match.choices if p.id is not None]
    return pickable[0] if len(pickable) == 1 else None


async def ask_place_again(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, state: object
) -> str:
    """After a language switch while a place is awaited ("English please", 说中文, /language):
    the place asked for again in the new language, with its location button (the search used
    to be put aside); a question "📍 先选服务站" was pressed under still waits for the station."""
    chat = update.effective_chat
    if chat is not None:
        await chat.send_message(
            t(user.language, "stations.ask_place"),
            reply_markup=view.location_keyboard(user.language),
        )
    return WAIT_PLACE


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Stop waiting for a place."""
    user = await register_visitor(update, context)
    if update.effective_message is not None:
        await update.effective_message.reply_text(
            t(user.language, "stations.cancelled"),
            reply_markup=render.main_menu(user.language, user.role),
        )
    return ConversationHandler.END


async def pin_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send a station's location pin (the id is untrusted: unknown ones are refused)."""
    query, user = await press(update, context)
    pressed = view.Pin.parse(query.data)
    station = None
    if pressed is not None:
        async with session_scope() as session:
            station = await get_station(session, pressed.station_id)
    if station is None or not isinstance(query.message, Message):
        await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return
    async with session_scope() as session:
        # A station the farmer picked on the list becomes theirs.
        chosen = await usual_station.adopt(
            session, user.telegram_id, station.id, _now(context).date(), replace=True
        )
    chosen_line = t(user.language, "stations.chosen", name=name_label(user.language, station.name))
    await query.answer(chosen_line if chosen else None)
    await send_pin(query.message, station)


def conversation() -> ConversationHandler[Any]:
    """The station search: entered by a question, a location or a place button."""
    return TimedConversation(
        entry_points=[
            MessageHandler(IntentFilter(Kind.station), station_question),
            # 王家庄, 我在王家庄: a place said out of the blue is where to look from.
            MessageHandler(filters.UpdateType.MESSAGE & PlaceSaid(), place_typed),
            MessageHandler(filters.UpdateType.MESSAGE & filters.LOCATION, location_shared),
            CallbackQueryHandler(place_chosen, pattern=view.PlaceChoice.matches),
            CallbackQueryHandler(station_first, pattern=ask_view.StationFirst.matches),
        ],
        # A question about something else (not a place) ends the search and is answered;
        # "English please" / 说中文 / /language asks for the place again in it.
        states=with_language(
            with_leave(
                {
                    WAIT_PLACE: [
                        MessageHandler(
                            filters.UpdateType.MESSAGE & filters.LOCATION, location_shared
                        ),
                        MessageHandler(
                            filters.UpdateType.MESSAGE & filters.Text(list(view.cancel_words())),
                            cancel,
                        ),
                        MessageHandler(filters.UpdateType.MESSAGE & PlaceReply(), place_typed),
                    ],
                },
                leave_handler(NAME, "stations.left", keep=(Kind.station,), places=True),
            ),
            ask_place_again,
        ),
        fallbacks=[CommandHandler("cancel", cancel)],
        name=NAME,
        persistent=True,
        allow_reentry=True,
        # A farmer who never answers is not waited for forever.
        timeout=timedelta(seconds=SEARCH_TIMEOUT_S),
    )
