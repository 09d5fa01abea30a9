"""The booking conversation: entering it, and how its states are wired.

The booking conversation asks, in order, for whatever the first message did
not say: product, quantity, station, day, slot, then a confirmation. Every
step has back and cancel; anything unexpected gets the step's help again. The
draft lives in user_data and the step in the conversation state, both kept in
the database by bot/telegram/persistence.py, so a restart loses neither.
Each step's answers are in answers.py, the ✅ in confirm.py, how each step is
shown in steps.py, and back / cancel / anything unexpected in nav.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
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

from bot.core.callbacks import any_of
from bot.core.clock import utcnow
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.users import User
from bot.stations.catalogue import Catalog, StationInfo, catalog, get_station
from handlers.bookings.amounts import amount_said
from handlers.bookings.answers import (
    day_button,
    day_typed,
    product_button,
    product_typed,
    quantity_typed,
    slot_button,
    station_button,
    unit_button,
)
from handlers.bookings.base import (
    BOOKING_TIMEOUT_S,
    CONFIRM,
    DAY,
    KEPT,
    KEPT_AT,
    NAME,
    NEAR,
    NEAR_NAMED,
    PRODUCT,
    QUANTITY,
    SLOT,
    STATION,
    adds_to_draft,
    draft_of,
    draft_timed_out,
    fill_from_sentence,
    keep_draft,
    keep_for_sentence,
    kept_too_long,
    move_left_key,
    now_of,
    want_day,
)
from handlers.bookings.cancelling import cancel_said, day_turned_down
from handlers.bookings.confirm import confirm_button, confirm_typed, decline_typed, stale_confirm
from handlers.bookings.herds import herd_in_sentence
from handlers.bookings.moving import move_said, move_to_button, start_move
from handlers.bookings.nav import (
    ask_step,
    back,
    carry_on,
    quit_flow,
    restart_booking,
    unexpected,
)
from handlers.bookings.places import change_place, place_button, station_location, station_text
from handlers.bookings.steps import next_missing, present
from handlers.bookings.typed import (
    is_amount_answer,
    is_nav,
    is_problem_told,
    is_produce_question,
    is_slot_answer,
    is_station_answer,
    slot_typed,
)
from handlers.common import register_visitor
from handlers.language import with_language
from handlers.leave import leave_handler, with_leave
from handlers.render import bookings as view
from handlers.routing import (
    AmountWords,
    CancelWords,
    DayTurnedDown,
    IntentFilter,
    MoveWords,
    NoWords,
    YesWords,
    intent_of,
)
from handlers.timeouts import TimedConversation
from knowledge.text.dates import said_day
from knowledge.text.intent import Kind
from knowledge.text.lexicon import lexicon
from knowledge.text.normalise import normalise
from knowledge.text.pickup import station_tail, station_words
from knowledge.text.yesno import says_no, says_yes

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
        note = t(user.language, move_left_key(draft))
        draft.clear()
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
        # 送两头黄牛到站里: live animals by the head, their weight asked (or multiplied).
        problem = herd_in_sentence(draft, intent.text, user.language) or problem
        note = f"{note}\n{problem}" if note and problem else note or problem
        await _station_said(draft, intent.text, user)
    return await present(update, context, user.language, next_missing(draft), note=note)


async def _station_said(draft: dict[str, Any], text: str, user: User) -> None:
    """送五百斤大葱到圣城街道邮政: the station the sentence names, when it is exactly one.

    One that does not take the produce is kept too: the next step says so (steps.present,
    bookings.station_refuses) and offers the stations that do, nearest first; with the
    farmer's place unknown, those nearest the station named (it was said, not ignored).
    """
    async with session_scope() as session:
        cat = await catalog(session)
    named = _named_in_sentence(cat, text)
    if named is None:
        return  # none, or several: the station step asks which
    draft["station"] = named.id
    product = draft.get("product")
    if product and not named.accepts(product) and user.home_lat is None and not draft.get(NEAR):
        draft[NEAR], draft[NEAR_NAMED] = [named.lat, named.lon, None], True


def _named_in_sentence(cat: Catalog, text: str) -> StationInfo | None:
    """The one station a booking sentence names at its end, after 到 (到圣城邮政) or without
    it (…500斤 圣城邮政), by its code (SG01) or its name, whole or shortened; None if none or
    several. Words without 到 that are a place's name (…500斤 三元朱) are the place's."""
    norm = normalise(text)
    said = station_words(norm)
    tail = station_tail(norm, lexicon().mentions(norm, "product"))
    for words, loose in ((said, False), (tail, True)):
        if words is None or (loose and cat.knows(words)):
            continue
        code = words.strip().upper()
        by_code = [s for s in cat.stations.values() if s.external_id.upper() == code]
        named = by_code or cat.stations_named(words)
        if len(named) == 1:
            return named[0]
    return None


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


def _leave(
    *,
    answers: Callable[[str], bool],
    places: bool = False,
    days: bool = False,
    asks: Callable[[str], bool] | None = None,
) -> MessageHandler[Any, Any]:
    """A step's way out to another subject; `answers` are the step's own, which stay; `asks`
    are questions the step cannot take, which leave whatever the base has on them."""
    return leave_handler(
        NAME,
        "bookings.left",
        # Where the stations are is the station step's own question (a place answers it);
        # at any other step (Im from shouguang, where is nearest station) it is the search's.
        # What the farmer has (我有两千斤玉米) is a booking's answer, not a sale listing.
        keep=(Kind.station,) if places else (Kind.supply,),
        on_leave=keep_draft,
        places=places,
        days=days,
        answers=answers,
        asks=asks,
    )


# The ✅'s number, typed (the summary's first button).
CONFIRM_KEYS = ("1",)


def is_typed_yes(said: str) -> bool:
    """A typed yes at the summary (确认, 好的, 可以, yes, 1): the ✅."""
    return said.strip() in CONFIRM_KEYS or says_yes(said)


def conversation() -> ConversationHandler[Any]:
    """The booking conversation (persistent, with a timeout)."""
    # New messages only: an edited message is not a new answer to a step.
    text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    location = filters.UpdateType.MESSAGE & filters.LOCATION
    nav_text = filters.Text(list(view.cancel_words() | view.back_words()))
    # A price question, a knowledge question, a menu button or a command puts the
    # draft aside (kept: 🚚 预约收货 resumes it) and is answered by its feature.
    # A station question stays at the station step: there a place is the answer.
    # 不约了 / 不改了 / 返回 are the booking's own at every step (sandbox walk: 不约了 put the
    # booking aside and then found "nothing to cancel", two replies that contradict).
    leave = _leave(answers=is_nav)
    # At the station step a place the catalogue knows (稻田 for 稻田镇) is the answer, and
    # so is a station's number or name (圣城街道邮政).
    leave_at_place = _leave(places=True, answers=is_station_answer)
    # At the day step a day named (明天) is the answer, whatever the base has near it.
    # A farming problem told there (my goats keep coughing at night) is a question, in either
    # language, whatever the base has on it.
    leave_at_day = _leave(days=True, answers=is_nav, asks=is_problem_told)
    # At the amount step a unit (斤, 公斤的) answers "500 是斤还是公斤?"; a question naming
    # produce (蓝莓修剪, blueberry pruning) is answered, not "I did not understand that amount",
    # also when the base has nothing on it (blind test). So at the product step: it is no
    # product to book (blueberry pruning was booked as 蓝莓).
    leave_at_amount = _leave(answers=is_amount_answer, asks=is_produce_question)
    leave_at_product = _leave(answers=is_nav, asks=is_produce_question)
    # At the slot step a round's number, hours, part of the day or time (第一个, 上午, 2点).
    leave_at_slot = _leave(answers=is_slot_answer, asks=is_problem_told)
    # At the confirmation a typed yes (确认, 好的, 1) is the ✅, whatever the base has on 确认.
    # A typed no (不中, 莫得, 不得行, nope) is the ✖️.
    leave_at_confirm = _leave(
        answers=lambda said: is_nav(said) or is_typed_yes(said) or says_no(said)
    )
    # 明天去不了 / 后天有事 at any step: that day is not chosen (it was read as picking it).
    turned_down = MessageHandler(text & DayTurnedDown(), day_turned_down)
    booking = TimedConversation(
        entry_points=[
            # 取消白菜的预约 typed: which booking to cancel (not a new cabbage booking).
            MessageHandler(filters.UpdateType.MESSAGE & CancelWords(), cancel_said),
            # 西红柿改成1200斤 typed: a booking's new amount (改成明天 is MoveWords' move).
            MessageHandler(filters.UpdateType.MESSAGE & AmountWords(), amount_said),
            MessageHandler(IntentFilter(Kind.booking), start_booking),
            CommandHandler("book", start_booking),
            CallbackQueryHandler(start_at_station, pattern=view.BookAt.matches),
            CallbackQueryHandler(restart_booking, pattern=view.Restart.matches),
            CallbackQueryHandler(start_move, pattern=view.Move.matches),
            # 改到后天 typed, right after booking: that booking's move (or which one).
            MessageHandler(filters.UpdateType.MESSAGE & MoveWords(), move_said),
            CallbackQueryHandler(move_to_button, pattern=view.MoveTo.matches),
        ],
        # "English please" / 说中文 / /language at any step: switched, and the step asked
        # again in it (/language put the booking aside before).
        states=with_language(
            with_leave(
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
                        # An estimate typed while the stations are offered (3-5吨): its figure.
                        CallbackQueryHandler(unit_button, pattern=view.UnitPick.matches),
                        CallbackQueryHandler(place_button, pattern=view.PlacePick.matches),
                        CallbackQueryHandler(change_place, pattern=view.ChangePlace.matches),
                        MessageHandler(location, station_location),
                        MessageHandler(text & ~nav_text, station_text),
                    ],
                    DAY: [
                        CallbackQueryHandler(day_button, pattern=view.DayPick.matches),
                        MessageHandler(text & ~nav_text, day_typed),
                    ],
                    SLOT: [
                        CallbackQueryHandler(slot_button, pattern=view.SlotPick.matches),
                        MessageHandler(text & ~nav_text, slot_typed),
                    ],
                    CONFIRM: [
                        CallbackQueryHandler(confirm_button, pattern=view.Confirm.matches),
                        # 是 / 确认 / 好的 / 1 typed is ✅ (不约了 / 算了 are ✖️ at every step).
                        MessageHandler(text & YesWords(also=CONFIRM_KEYS), confirm_typed),
                        # 不中 / 莫得 / 不得行 / nope typed is ✖️ (knowledge.text.yesno's no).
                        MessageHandler(text & NoWords(), decline_typed),
                    ],
                },
                leave,
                {
                    PRODUCT: leave_at_product,
                    QUANTITY: leave_at_amount,
                    STATION: leave_at_place,
                    DAY: leave_at_day,
                    SLOT: leave_at_slot,
                    CONFIRM: leave_at_confirm,
                },
                first=[turned_down],
            ),
            ask_step,
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
