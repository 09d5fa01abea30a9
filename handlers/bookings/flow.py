"""The booking conversation: entering it, each step's answers, the ✅, and its handler.

The booking conversation asks, in order, for whatever the first message did
not say: product, quantity, station, day, slot, then a confirmation. Every
step has back and cancel; anything unexpected gets the step's help again. The
draft lives in user_data and the step in the conversation state, both kept in
the database by bot/telegram/persistence.py, so a restart loses neither.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.bookings import model, queries, service
from bot.bookings.model import BookingView, Refused
from bot.core.callbacks import any_of
from bot.core.clock import utcnow
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.core.transactions import retrying
from bot.stations.catalogue import get_station
from bot.stations.finder import remember_station
from handlers import render
from handlers.bookings.base import (
    BARE_NUMBER,
    BOOKING_TIMEOUT_S,
    CONFIRM,
    DAY,
    DRAFT_ID,
    KEPT,
    KEPT_AT,
    NAME,
    PRODUCT,
    QUANTITY,
    RESIZE,
    SLOT,
    SLOT_PROBLEMS,
    STATION,
    adds_to_draft,
    allowed_booking,
    answer_press,
    draft_of,
    draft_timed_out,
    drop_draft,
    fill_from_sentence,
    keep_draft,
    keep_for_sentence,
    kept_too_long,
    limits_of,
    negative_note,
    now_of,
    pressed_booking,
    quantity_text,
    reminder_time,
    rest_note,
    set_amount,
    show_reply,
    take_quantity,
    tell_refused,
    want_day,
    whole_kg,
)
from handlers.bookings.places import change_place, place_button, station_location, station_text
from handlers.bookings.steps import (
    back,
    carry_on,
    day_at_limit,
    next_missing,
    present,
    quit_flow,
    restart_booking,
    unexpected,
)
from handlers.common import register_visitor
from handlers.leave import leave_handler, with_leave
from handlers.render import bookings as view
from handlers.routing import IntentFilter, intent_of
from handlers.timeouts import TimedConversation
from knowledge.text.dates import said_day
from knowledge.text.intent import Kind, in_characters
from knowledge.text.lexicon import lexicon, product_label
from knowledge.text.numbers import parse_quantity, to_number

# --- entering the conversation -----------------------------------------------------------------


async def start_booking(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """ "预约收货" (typed, the menu button or /book), or a booking said in one sentence (我想后天
    上午送两千斤苞谷到站里): start a draft with what it said, and ask for what is missing."""
    message = update.effective_message
    user = await register_visitor(update, context)
    draft = draft_of(context)
    text = message.text if message is not None and message.text else None
    if text is not None and text.startswith("/"):
        # /book, or /book 两千斤玉米 明天: what follows the command is said as in a sentence.
        text = text.split(maxsplit=1)[1] if len(text.split(maxsplit=1)) > 1 else None
    intent = intent_of(text) if text else None
    # The text as classified: pinyin read in characters (mingtian lai shou: 明天来收).
    said = said_day(intent.text, now_of(context).date()) if intent is not None else None
    # Said during this booking (两千斤西红柿明天送过去): what was chosen so far stays.
    adding = intent is not None and said is not None and adds_to_draft(draft, intent, said)
    # A booking under way (not put aside): 🚚 预约收货 or /book tapped again without
    # saying anything new carries on with it rather than throwing it away.
    under_way = (
        draft.get("mode") == "new"
        and not draft.get(KEPT)
        and bool(draft.get("step"))
        and any(draft.get(key) for key in ("product", "kg", "station"))
    )
    note = None
    if draft.get("mode") == "move":
        # A reschedule in progress (or one kept before moves were dropped on leaving)
        # is not what 预约收货 asks for: it ends, the booking keeps its time.
        draft.clear()
        note = t(user.language, "bookings.move_left")
    if draft.pop(KEPT, False):
        if kept_too_long(draft, utcnow()):
            # Put aside too long ago: the farmer is told, and starts afresh.
            note = t(user.language, "bookings.kept_expired")
        elif intent is None or not (intent.product or intent.quantity):
            # Put aside when the farmer changed the subject: carry on where it was
            # (a day said now, 帮我约一下后天, is the day wanted).
            draft.pop(KEPT_AT, None)
            if said is not None:
                want_day(draft, said)
            step = draft.get("step") or next_missing(draft)
            return await present(
                update, context, user.language, step, note=t(user.language, "bookings.resumed")
            )
    if under_way and not adding and (intent is None or not (intent.product or intent.quantity)):
        return await carry_on(update, context, user.language, draft)
    if adding:
        keep_for_sentence(draft)
    else:
        draft.clear()
        draft["mode"] = "new"
    if intent is not None and said is not None:
        # An impossible amount is said, and asked again at its step.
        problem = fill_from_sentence(draft, intent, said, user.language)
        note = f"{note}\n{problem}" if note and problem else note or problem
    return await present(update, context, user.language, next_missing(draft), note=note)


async def start_at_station(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """ "在这里预约" under a search result: a draft with the station chosen."""
    query = update.callback_query
    user = await register_visitor(update, context)
    pressed = view.BookAt.parse(query.data) if query else None
    async with session_scope() as session:
        station = await get_station(session, pressed.station_id) if pressed else None
    if query is None or station is None:
        if query is not None:
            await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return ConversationHandler.END
    draft = draft_of(context)
    draft.clear()
    draft.update(
        mode="new",
        station=station.id,
        suggest=[p for p in lexicon().products if p in station.products],
    )
    return await present(update, context, user.language, PRODUCT, edit=False)


async def start_move(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """ "改时间" on a booking (its farmer, or the station's staff): pick a new day and slot."""
    user, booking_id = await pressed_booking(update, context, view.Move)
    if booking_id is None:
        return ConversationHandler.END
    booking = await allowed_booking(update, user, booking_id, False, model.ACTIVE)
    if booking is None:
        return ConversationHandler.END
    draft = draft_of(context)
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
    return await present(update, context, user.language, DAY, edit=False)


# --- the steps ------------------------------------------------------------------------------


async def product_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The product as typed (maybe with the amount: 两千斤玉米)."""
    message = update.effective_message
    user = await register_visitor(update, context)
    text = (message.text or "") if message else ""
    draft = draft_of(context)
    read = in_characters(text)  # typed in pinyin (xihongshi liangqian jin): its characters
    found = lexicon().find_products(read)
    if not found:
        close = lexicon().likely_typos(read)
        draft["suggest"] = close
        key = "bookings.unknown_product" if close else "bookings.unknown_product_none"
        return await present(
            update, context, user.language, PRODUCT, note=t(user.language, key, text=text.strip())
        )
    draft["product"] = found[0]
    draft.pop("suggest", None)
    quantity = parse_quantity(read)
    problem = negative_note(read, user.language) if quantity is not None else None
    if quantity is not None and problem is None:
        problem = take_quantity(draft, quantity, user.language)
    if problem is not None:
        return await present(update, context, user.language, QUANTITY, note=problem)
    return await present(update, context, user.language, next_missing(draft))


async def product_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """A product button (the name is untrusted: it must be a known product)."""
    query = update.callback_query
    user = await register_visitor(update, context)
    pressed = view.ProductPick.parse(query.data) if query else None
    name = pressed.product if pressed else ""
    if query is None or name not in lexicon().products:
        if query is not None:
            await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return PRODUCT
    draft = draft_of(context)
    draft["product"] = name
    draft.pop("suggest", None)
    return await present(update, context, user.language, next_missing(draft))


async def quantity_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The amount: 两千斤, 1.5吨, 300公斤; a bare number asks 斤 or 公斤."""
    message = update.effective_message
    user = await register_visitor(update, context)
    lang, text = user.language, in_characters((message.text or "") if message else "")
    negative = negative_note(text, lang)
    if negative is not None:  # -5斤 read as 5斤 would book what was never meant
        return await present(update, context, lang, QUANTITY, note=negative)
    quantity = parse_quantity(text)
    if quantity is None:
        bare = BARE_NUMBER.match(text)
        number = to_number(bare.group(1)) if bare else None
        if number is not None and 0 < number <= model.MAX_BOOKING_KG * 2:
            shown = f"{number:g}"
            await show_reply(
                update,
                t(lang, "bookings.which_unit", number=shown),
                view.unit_keyboard(lang, shown),
            )
            return QUANTITY
        return await present(update, context, lang, QUANTITY, note=t(lang, "bookings.bad_quantity"))
    draft = draft_of(context)
    problem = take_quantity(draft, quantity, lang)
    if problem is not None:
        return await present(update, context, lang, QUANTITY, note=problem)
    # 两千斤，后天上午送过去: the day said with the amount is not asked again.
    want_day(draft, said_day(text, now_of(context).date()))
    return await present(update, context, lang, next_missing(draft))


async def unit_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """斤 or 公斤 for a bare number."""
    query = update.callback_query
    user = await register_visitor(update, context)
    pressed = view.UnitPick.parse(query.data) if query else None
    unit = pressed.unit if pressed else ""
    try:
        number = float(pressed.number) if pressed else 0.0
    except ValueError:
        number = 0.0
    # The number is text the farmer typed once: it must still be an amount a slot can take.
    if query is None or unit not in ("j", "k") or not 0 < number <= model.MAX_BOOKING_KG * 2:
        if query is not None:
            await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return QUANTITY
    draft = draft_of(context)
    name = "斤" if unit == "j" else "公斤"
    set_amount(draft, whole_kg(number * (0.5 if unit == "j" else 1.0)), quantity_text(number, name))
    return await present(update, context, user.language, next_missing(draft))


async def station_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """A station was picked (the id is untrusted: it must exist and take the product)."""
    query = update.callback_query
    user = await register_visitor(update, context)
    draft = draft_of(context)
    pressed = view.StationPick.parse(query.data) if query else None
    async with session_scope() as session:
        station = await get_station(session, pressed.station_id) if pressed else None
    if query is None or station is None:
        if query is not None:
            await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return STATION
    if not station.accepts(draft.get("product")):
        await tell_refused(update, user.language, Refused("not_accepted", product=draft["product"]))
        return STATION
    draft["station"] = station.id
    draft.pop(RESIZE, None)
    # DAY, or the amount when the station was offered before it was asked.
    return await present(update, context, user.language, next_missing(draft))


async def day_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """A day was picked: offer its free slots."""
    query = update.callback_query
    user = await register_visitor(update, context)
    pressed = view.DayPick.parse(query.data) if query else None
    day = pressed.day if pressed else None
    if query is None or day is None or day not in model.booking_window(now_of(context).date()):
        if query is not None:
            await query.answer(t(user.language, "bookings.refused.bad_day"), show_alert=True)
        return DAY
    draft = draft_of(context)
    if "station" in draft and await day_at_limit(update, context, draft, day):
        # A day button from before the farmer booked that day full: refused right here.
        limit = limits_of(context).per_station_day
        note = t(user.language, "bookings.refused.limit_station_day", limit=limit)
        return await present(update, context, user.language, DAY, note=note)
    draft["day"] = day.isoformat()
    return await present(update, context, user.language, SLOT)


async def day_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """A day typed at the day step (后天上午, 12月7号, 下周三): taken as if it were said in the
    first message; anything else is met as any unexpected message is."""
    message = update.effective_message
    typed = in_characters(message.text or "") if message else ""
    said = said_day(typed, now_of(context).date()) if message else None
    if said is None or said.day is None:
        return await unexpected(update, context)
    user = await register_visitor(update, context)
    want_day(draft_of(context), said)
    # The day step takes a wanted day the station has room on, or says it has none.
    return await present(update, context, user.language, DAY, edit=False)


async def slot_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """A slot was picked: show the summary to confirm."""
    query = update.callback_query
    user = await register_visitor(update, context)
    pressed = view.SlotPick.parse(query.data) if query else None
    if query is None or pressed is None:
        if query is not None:
            await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return SLOT
    draft_of(context)["slot"] = pressed.slot_id
    return await present(update, context, user.language, CONFIRM)


def _pressed_draft_id(update: Update) -> str | None:
    """The draft id a ✅ button carries (bk:ok:<id>), or None for an old or forged one."""
    query = update.callback_query
    pressed = view.Confirm.parse(query.data) if query else None
    return pressed.draft_id if pressed and model.valid_draft_id(pressed.draft_id) else None


async def _already_done(update: Update, lang: str, draft_id: str | None) -> bool:
    """Tell the farmer if this form's ✅ was already carried out; True if it was."""
    if draft_id is None:
        return False
    async with session_scope() as session:
        earlier = await queries.confirmed(session, draft_id)
    if earlier is None:
        return False
    await tell_refused(update, lang, Refused("already_booked", code=earlier.code))
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
    draft = draft_of(context)
    if await _already_done(update, lang, pressed):
        if draft.get(DRAFT_ID) == pressed:
            drop_draft(context)
        return ConversationHandler.END
    current = draft.get(DRAFT_ID)
    if current is None or "day" not in draft:
        # The draft was lost (or is from before ✅ carried an id): nothing to book.
        return await _form_expired(update, context, lang)
    if pressed != current:
        # An older form's ✅ while this one waits: that one is void, this one is shown again.
        return await unexpected(update, context)
    now = now_of(context)
    day = date.fromisoformat(draft["day"])
    reminder_at = reminder_time(context)
    limits = limits_of(context)

    async def work(session: Any) -> BookingView:
        if draft.get("mode") == "move":
            actor = await model.actor_of(session, user.telegram_id)
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
            params["product"] = product_label(lang, str(params["product"]))
        note = t(lang, f"bookings.refused.{refused.reason}", **params)
        if refused.reason in SLOT_PROBLEMS:
            return await present(update, context, lang, SLOT, note=note)
        if refused.reason == "limit_station_day":
            # Booked full that day meanwhile (or moved onto a full day): another day,
            # with the product, amount and station kept.
            for key in ("day", "slot"):
                draft.pop(key, None)
            return await present(update, context, lang, DAY, note=note)
        if refused.reason == "not_accepted":
            # The station stopped taking the product meanwhile: another station.
            for key in ("station", "day", "slot"):
                draft.pop(key, None)
            return await present(update, context, lang, STATION, note=note)
        drop_draft(context)
        await show_reply(update, note)
        return ConversationHandler.END
    if draft.get("mode") == "move":
        text = view.booking_text(lang, "bookings.moved", booking, now.date())
    else:
        text = view.booked_text(lang, booking, now.date(), reminder_at)
        rest = rest_note(lang, draft)  # 先约 16000斤 of 20000斤: the 4000斤 left is said
        text = f"{text}\n{rest}" if rest else text
    drop_draft(context)
    await show_reply(update, text)
    return ConversationHandler.END


async def _form_expired(update: Update, context: ContextTypes.DEFAULT_TYPE, lang: str) -> int:
    """A ✅ of a form that can no longer be booked: say so and end the conversation."""
    drop_draft(context)
    text = t(lang, "bookings.form_expired")
    if not await answer_press(update, text, show_alert=True):
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


def conversation() -> ConversationHandler[Any]:
    """The booking conversation (persistent, with a timeout)."""
    # New messages only: an edited message is not a new answer to a step.
    text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    location = filters.UpdateType.MESSAGE & filters.LOCATION
    nav_text = filters.Text(list(view.cancel_words() | view.back_words()))
    # A price question, a knowledge question, a menu button or a command puts the
    # draft aside (kept: 🚚 预约收货 resumes it) and is answered by its feature.
    # A station question stays here: at the station step a place is the answer.
    leave = leave_handler(NAME, "bookings.left", keep=(Kind.station,), on_leave=keep_draft)
    # At the station step a place the catalogue knows (稻田 for 稻田镇) is the answer.
    leave_at_place = leave_handler(
        NAME, "bookings.left", keep=(Kind.station,), on_leave=keep_draft, places=True
    )
    # At the day step a day named (明天) is the answer, whatever the base has near it.
    leave_at_day = leave_handler(
        NAME, "bookings.left", keep=(Kind.station,), on_leave=keep_draft, days=True
    )
    booking = TimedConversation(
        entry_points=[
            MessageHandler(IntentFilter(Kind.booking), start_booking),
            CommandHandler("book", start_booking),
            CallbackQueryHandler(start_at_station, pattern=view.BookAt.matches),
            CallbackQueryHandler(restart_booking, pattern=view.Restart.matches),
            CallbackQueryHandler(start_move, pattern=view.Move.matches),
        ],
        states=with_leave(
            {
                PRODUCT: [
                    CallbackQueryHandler(product_button, pattern=view.ProductPick.matches),
                    MessageHandler(text & ~nav_text, product_typed),
                ],
                QUANTITY: [
                    CallbackQueryHandler(unit_button, pattern=view.UnitPick.matches),
                    MessageHandler(text & ~nav_text, quantity_typed),
                ],
                STATION: [
                    CallbackQueryHandler(station_button, pattern=view.StationPick.matches),
                    CallbackQueryHandler(place_button, pattern=view.PlacePick.matches),
                    CallbackQueryHandler(change_place, pattern=view.ChangePlace.matches),
                    MessageHandler(location, station_location),
                    MessageHandler(text & ~nav_text, station_text),
                ],
                DAY: [
                    CallbackQueryHandler(day_button, pattern=view.DayPick.matches),
                    MessageHandler(text & ~nav_text, day_typed),
                ],
                SLOT: [CallbackQueryHandler(slot_button, pattern=view.SlotPick.matches)],
                CONFIRM: [CallbackQueryHandler(confirm_button, pattern=view.Confirm.matches)],
            },
            leave,
            {STATION: leave_at_place, DAY: leave_at_day},
        ),
        fallbacks=[
            CallbackQueryHandler(back, pattern=view.Back.matches),
            CallbackQueryHandler(quit_flow, pattern=view.Quit.matches),
            MessageHandler(
                filters.UpdateType.MESSAGE & filters.Text(list(view.back_words())), back
            ),
            MessageHandler(
                filters.UpdateType.MESSAGE & filters.Text(list(view.cancel_words())), quit_flow
            ),
            CommandHandler("cancel", quit_flow),
            # A button of this flow from another step, or any other message.
            CallbackQueryHandler(stale_confirm, pattern=view.Confirm.matches),
            CallbackQueryHandler(
                unexpected,
                pattern=any_of(
                    view.ProductPick,
                    view.UnitPick,
                    view.StationPick,
                    view.PlacePick,
                    view.ChangePlace,
                    view.DayPick,
                    view.SlotPick,
                ),
            ),
            MessageHandler(filters.UpdateType.MESSAGE & ~filters.COMMAND, unexpected),
        ],
        name=NAME,
        persistent=True,
        allow_reentry=True,
        # An abandoned booking stops holding the farmer's messages after a while,
        # also across a restart (handlers/timeouts.py); its draft is kept, as when
        # the farmer leaves it, for the next 预约收货 to resume within KEPT_FOR.
        timeout=timedelta(seconds=BOOKING_TIMEOUT_S),
        on_expire=draft_timed_out,
    )
    return booking
