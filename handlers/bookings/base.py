"""What every bookings handler shares: state names, the draft, answering buttons, refusals."""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Collection
from datetime import datetime, time, timedelta
from typing import Any

from telegram import InlineKeyboardMarkup, MaybeInaccessibleMessage, ReplyKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.bookings import model, queries
from bot.bookings.model import BookingView, Refused
from bot.bookings.text import counts_in_jin, kg_text
from bot.core.clock import local_now, utcnow
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import BookingStatus
from bot.models.users import User
from handlers.bookings.herd_draft import keep_said
from handlers.common import register_visitor, settings_of
from handlers.render.bookings import OnBooking
from knowledge.text.dates import SaidDay
from knowledge.text.intent import Intent
from knowledge.text.lexicon import product_label
from knowledge.text.numbers import AmountRange, Quantity, parse_loose, parse_range

log = logging.getLogger(__name__)

NAME = "booking"
PRODUCT, QUANTITY, STATION, DAY, SLOT, CONFIRM = (
    "bk_product",
    "bk_quantity",
    "bk_station",
    "bk_day",
    "bk_slot",
    "bk_confirm",
)
BOOKING_TIMEOUT_S = 60 * 60
# The day and part of the day ("am" / "pm") the first message said, until the day step.
WANT_DAY, WANT_PART = "want_day", "want_part"
# Days said loosely (下礼拜, 月底前, 过几天): [first ISO day, last ISO day or None, the words].
WANT_SPAN = "want_span"
# The time of day the first message said ("08:00" for 明天早上8点 / "tomorrow at 8 am").
WANT_TIME = "want_time"
# Set when the amount is asked again because no round of the station takes it (too big,
# or bigger than what is still free): the amount step then says the station's limits.
RESIZE = "resize"
# An amount said as a range (3-5吨), [[3, "吨"], [5, "吨"]], until the farmer picks the figure
# to book at the amount step (render/amounts.range_question).
RANGE = "range"
# The words of an amount said loosely (一千多斤, 十几吨), kept with its RANGE (the figure said
# and the next round one: 1000斤 and 2000斤) for the amount step to ask which to book.
LOOSE = "loose"
# What is left of such a load once part of it is booked: [kilograms, said in 斤], for the
# confirmation to say (the rest is booked as another booking).
REST = "rest"
# The station chosen before the product (🚚 在这里预约) when it does not take the product.
ASKED_AT = "asked_at"
# A number typed without its unit (500) while "500 是斤还是公斤?" waits: 斤 typed next answers it.
BARE = "bare_number"
# What the station and slot steps listed, in order (ids): 1 or 第一个 typed picks from them.
OFFERED_STATIONS, OFFERED_SLOTS = "offered_stations", "offered_slots"
# The products the product step offered as buttons, in order: 1 typed picks the first.
OFFERED_PRODUCTS = "offered_products"
# A place the farmer typed (or a location sent) at the station step while a home is saved:
# [lat, lon, label or None]. The stations near it are offered for this booking; the saved
# home stays as it was (a place searched is not where the farmer lives).
NEAR = "near"
# Set when NEAR is the station a booking sentence named, which did not take the produce (the
# farmer's place unknown): the distances offered are counted from it, and that is said.
NEAR_NAMED = "near_named"
DRAFT = "booking"
DRAFT_ID = "draft_id"
# [chat id, message id] of the summary showing the ✅: a typed 好的 takes its buttons off.
CONFIRM_IN = "confirm_in"
# The day a moved booking is on, kept in its draft: 推迟两天 counts from it.
BOOKED_DAY = "booked_day"
# A moved booking's own round (slot id) and whether the station had closed it when the move
# began: that round is not offered again, and a move left says the booking has no time.
BOOKED_SLOT, BOOKED_CLOSED = "booked_slot", "booked_closed"
# Set on a draft put aside when the farmer changed the subject (or let the booking time
# out): the next 预约收货 resumes it, if that is within KEPT_FOR of when it was put aside.
KEPT, KEPT_AT = "kept", "kept_at"
KEPT_FOR = timedelta(hours=24)
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
BARE_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万点]+)\s*$")
# A minus sign (or 负) right before an amount: -5斤, －5斤, 负五斤; not a range's dash (3-5吨).
_DIGITS = r"\d零〇一二两三四五六七八九十百千万"
NEGATIVE = re.compile(rf"(?:^|[^{_DIGITS}.])[-－−–—]\s*[{_DIGITS}]|负\s*[{_DIGITS}]")
# Problems a farmer fixes by picking another slot; any other refusal ends the step.
SLOT_PROBLEMS = {"full", "slot_closed", "too_heavy", "started", "same_slot", "no_slot", "bad_day"}


# --- small helpers ------------------------------------------------------------------------


def now_of(context: ContextTypes.DEFAULT_TYPE) -> datetime:
    """The local time now, in the bot's time zone."""
    return local_now(settings_of(context).tz)


def slot_part(starts: time) -> str:
    """The part of the day a round starting at `starts` is in: "am" before noon, else "pm"."""
    return "am" if starts.hour < 12 else "pm"


def reminder_time(context: ContextTypes.DEFAULT_TYPE) -> time:
    """When the evening-before reminders go out."""
    return settings_of(context).schedule.at("pickup_reminder")


def limits_of(context: ContextTypes.DEFAULT_TYPE) -> model.Limits:
    """The configured booking limits."""
    limits = settings_of(context).limits
    return model.Limits(
        per_station_day=limits.bookings_per_station_day, open_total=limits.open_bookings
    )


def draft_of(context: ContextTypes.DEFAULT_TYPE) -> dict[str, Any]:
    """The booking in progress (created empty), kept in user_data."""
    data = context.user_data
    if data is None:  # PTB gives user_data for every update with a user
        raise RuntimeError("no user_data for this update")
    draft: dict[str, Any] = data.setdefault(DRAFT, {})
    return draft


# user_data: the moves called off (their form's id → the booking), the newest last: a ✅ of
# such a form pressed later says the booking stands as it was, not "nothing booked".
DROPPED_MOVES = "dropped_moves"
_DROPPED_KEPT = 5


def drop_draft(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Forget the booking in progress (a move's form remembered as called off)."""
    if context.user_data is None:
        return
    draft = context.user_data.pop(DRAFT, None)
    if isinstance(draft, dict) and draft.get("mode") == "move" and draft.get(DRAFT_ID):
        dropped = dict(context.user_data.get(DROPPED_MOVES) or {})
        dropped[str(draft[DRAFT_ID])] = int(draft["booking_id"])
        context.user_data[DROPPED_MOVES] = dict(list(dropped.items())[-_DROPPED_KEPT:])


def dropped_move(context: ContextTypes.DEFAULT_TYPE, draft_id: str | None) -> int | None:
    """The booking whose move the form `draft_id` was, when that move was called off."""
    if context.user_data is None or draft_id is None:
        return None
    found = (context.user_data.get(DROPPED_MOVES) or {}).get(draft_id)
    return int(found) if found is not None else None


def keep_draft(context: ContextTypes.DEFAULT_TYPE) -> str | None:
    """Put the booking in progress aside, to be resumed by the next 预约收货.

    A reschedule (改时间) is not kept but dropped: 预约收货 starts a new booking, and
    a move is restarted from its booking's button. Returns the line that says so
    (None: the usual "put aside" line).
    """
    draft = draft_of(context)
    if draft.get("mode") == "move":
        drop_draft(context)
        return move_left_key(draft)
    draft[KEPT], draft[KEPT_AT] = True, utcnow().isoformat()
    return None


def move_left_key(draft: dict[str, Any]) -> str:
    """What a move given up says of its booking: it keeps its time, or, its round closed by
    the station, it still has none (never "还是原来的时间" for a time the station cancelled)."""
    return "bookings.move_left_closed" if draft.get(BOOKED_CLOSED) else "bookings.move_left"


def draft_timed_out(user_data: dict[Any, Any], now: datetime) -> None:
    """The booking conversation timed out: a new booking's draft is kept, a move's dropped."""
    draft = user_data.get(DRAFT)
    if not draft:
        return
    if draft.get("mode") == "move" or not draft.get("product"):
        # Nothing worth resuming (a move is restarted from its booking's button).
        user_data.pop(DRAFT, None)
        return
    draft[KEPT], draft[KEPT_AT] = True, now.isoformat()


def kept_too_long(draft: dict[str, Any], now: datetime) -> bool:
    """True when a kept draft was put aside more than KEPT_FOR ago (or at an unknown time)."""
    kept_at = draft.get(KEPT_AT)
    try:
        since = datetime.fromisoformat(kept_at) if kept_at else None
    except ValueError:
        since = None
    return since is None or now - since > KEPT_FOR


def quantity_text(value: float, unit: str) -> str:
    """An amount as the farmer sees it: 2000斤."""
    return f"{value:g}{unit}"


def whole_kg(value_kg: float) -> int:
    # Whole kilograms, at least one: what the slot's weight capacity counts.
    """Whole kilograms, at least one."""
    return max(1, round(value_kg))


def negative_note(text: str, lang: str) -> str | None:
    """The note refusing an amount said with a minus sign (-5斤 is not 5斤), else None.

    The dash of a range is none (3吨-5吨, 3 - 5吨).
    """
    if NEGATIVE.search(text) and parse_range(text) is None:
        return t(lang, "bookings.negative_quantity")
    return None


def take_amount(draft: dict[str, Any], text: str, quantity: Quantity, lang: str) -> str | None:
    """Put the amount `text` says (parsed as `quantity`) in the draft; else the note why not.

    An estimate said as a range (3-5吨, 两三千斤) is not booked as either figure: it is
    kept (RANGE) for the amount step to ask which one. Booking the larger figure unasked
    would hold room the farmer may not fill, or send them to the "too big for a round"
    advice for a load they may not have; the smaller one may not fit what they bring.
    The farmer knows their harvest: the question offers the larger figure first and
    says the station keeps room for what is booked.
    """
    negative = negative_note(text, lang)
    if negative is not None:
        return negative
    ranged, said = parse_range(text), None
    loose = parse_loose(text) if ranged is None else None
    if loose is not None and loose.high is not None:
        # 一千多斤 has no top the farmer said: asked as a range is, between the figure said
        # and the next round one (1000斤 or 2000斤). 两千来斤 (about 2000) is 2000斤.
        ranged, said = AmountRange(loose.low, loose.high), loose.said
    if ranged is None:
        return take_quantity(draft, quantity, lang)
    if whole_kg(ranged.low.kg) > model.MAX_BOOKING_KG:
        return t(lang, "bookings.too_much", max_kg=model.MAX_BOOKING_KG)
    take_range(draft, ranged, said)
    return None


def take_range(draft: dict[str, Any], ranged: AmountRange, said: str | None = None) -> None:
    """Keep an amount said as a range (or loosely, `said`: 一千多斤) for the amount step,
    dropping any amount set before."""
    for key in ("kg", "qty", REST, LOOSE):
        draft.pop(key, None)
    draft[RANGE] = [[q.value, q.unit] for q in (ranged.low, ranged.high)]
    if said is not None:
        draft[LOOSE] = said


def take_quantity(draft: dict[str, Any], quantity: Quantity, lang: str) -> str | None:
    """Put a parsed amount in the draft if a slot could take it; else the note saying why not."""
    kg = quantity.kg
    if not math.isfinite(kg) or kg <= 0:
        return t(lang, "bookings.bad_quantity")
    if whole_kg(kg) > model.MAX_BOOKING_KG:
        return t(lang, "bookings.too_much", max_kg=model.MAX_BOOKING_KG)
    set_amount(draft, whole_kg(kg), quantity_text(quantity.value, quantity.unit))
    return None


def set_amount(draft: dict[str, Any], kg: int, text: str) -> None:
    """The draft's amount; one that replaces a load too big for the station leaves a rest."""
    draft.pop(REST, None)
    draft.pop(BARE, None)
    draft.pop(RANGE, None)
    draft.pop(LOOSE, None)
    if draft.pop(RESIZE, None) and draft.get("kg", 0) > kg:
        draft[REST] = [draft["kg"] - kg, counts_in_jin(draft.get("qty", ""))]
    draft["kg"], draft["qty"] = kg, text


def rest_note(lang: str, draft: dict[str, Any]) -> str | None:
    """The line saying what is left of a load booked in part (None: nothing left)."""
    rest = draft.get(REST)
    if not rest or draft.get("mode") != "new":
        return None
    return t(lang, "bookings.rest_left", rest=kg_text(lang, int(rest[0]), bool(rest[1])))


def fill_from_sentence(
    draft: dict[str, Any], intent: Intent, said: SaidDay, lang: str
) -> str | None:
    """Put what one sentence said in the draft: product, amount, day, part of the day, time.

    我想后天上午送两千斤苞谷到站里 fills all of them but the station; the conversation
    then asks only for what is still missing. Returns the note for an amount no slot
    could take (asked again at its step), else None.
    """
    problem = None
    if intent.product:
        draft["product"] = intent.product
        keep_said(draft, intent.text)  # 明天拉500斤洋芋: 洋芋（土豆）, the farmer's word kept
    if intent.quantity is not None:
        problem = take_amount(draft, intent.text, intent.quantity, lang)
    want_day(draft, said)
    return problem


def want_day(draft: dict[str, Any], said: SaidDay) -> None:
    """Keep the day (or days said loosely), part of the day and time a message said, for the
    day and slot steps."""
    if said.day is not None:
        draft[WANT_DAY] = said.day.isoformat()
        draft.pop(WANT_SPAN, None)
    elif said.span is not None:
        span = said.span
        last = span.last.isoformat() if span.last is not None else None
        draft[WANT_SPAN] = [span.first.isoformat(), last, span.said]
        draft.pop(WANT_DAY, None)
    # 上午 / 8点 said without a day: used once the farmer picks the day.
    if said.part is not None:
        draft[WANT_PART] = said.part
    if said.at is not None:
        draft[WANT_TIME] = said.at.strftime("%H:%M")


def adds_to_draft(draft: dict[str, Any], intent: Intent, said: SaidDay) -> bool:
    """Whether a booking sentence said during a booking adds to it rather than starting anew.

    两千斤，明天送过去 at the amount step keeps the product and station chosen so far;
    another product (预约收货 300公斤辣椒) or a bare 预约收货 starts a new booking.
    """
    if draft.get("mode") != "new" or draft.get(KEPT) or not draft.get("step"):
        return False
    if intent.product and intent.product != draft.get("product"):
        return False
    return (
        intent.quantity is not None
        or said.day is not None
        or said.span is not None
        or said.part is not None
    )


def keep_for_sentence(draft: dict[str, Any]) -> None:
    """Keep only the product, amount (or range) and station of a draft a sentence adds to."""
    kept: dict[str, Any] = {
        key: draft[key]
        for key in ("mode", "product", "kg", "qty", RANGE, LOOSE, "station")
        if key in draft
    }
    draft.clear()
    draft.update(kept)


async def answer_press(update: Update, text: str | None = None, show_alert: bool = False) -> bool:
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


async def show_reply(
    update: Update,
    text: str,
    markup: InlineKeyboardMarkup | ReplyKeyboardMarkup | None = None,
    *,
    edit: bool = True,
) -> MaybeInaccessibleMessage | None:
    """Answer a button by editing its message, or a typed message with a new one; the
    message that shows it (None without a chat)."""
    query = update.callback_query
    if query is not None:
        # An old press (answered too late) may be from a message far up the chat:
        # a new message is what the farmer sees, an edit up there would be missed.
        edit = await answer_press(update) and edit
        if edit and not isinstance(markup, ReplyKeyboardMarkup):
            try:
                await query.edit_message_text(text, reply_markup=markup)
                return query.message
            except BadRequest as exc:
                # Unchanged (the same button pressed twice): it already shows this, and a
                # second copy would be a duplicate message (sandbox walk). Too old: send anew.
                if "not modified" in exc.message.lower():
                    return query.message
                log.debug("could not edit a booking message: %s", exc)
    chat = update.effective_chat
    if chat is not None:
        return await chat.send_message(text, reply_markup=markup)
    return None


async def tell_refused(update: Update, lang: str, refused: Refused) -> None:
    """Tell the user why an action was refused (a popup for buttons)."""
    params = dict(refused.params)
    if "product" in params:
        params["product"] = product_label(lang, str(params["product"]))
    text = t(lang, refused_key(refused), **params)
    if await answer_press(update, text, show_alert=True):
        return
    chat = update.effective_chat
    if chat is not None:
        await chat.send_message(text)


def refused_key(refused: Refused) -> str:
    """The message key of a refusal; a booking's state says which state (cancelled, collected)."""
    status = refused.params.get("status")
    if refused.reason == "bad_state" and status in _SAID_STATES:
        return f"bookings.refused.state.{status}"
    return f"bookings.refused.{refused.reason}"


# The states a refused change says by name (the rest: "already dealt with").
_SAID_STATES = frozenset(
    {BookingStatus.cancelled.value, BookingStatus.collected.value, BookingStatus.no_show.value}
)


async def pressed_booking(
    update: Update, context: ContextTypes.DEFAULT_TYPE, button: type[OnBooking]
) -> tuple[User, int | None]:
    """The presser and the booking id a button names; a stale or forged id is answered here."""
    query = update.callback_query
    user = await register_visitor(update, context)
    pressed = button.parse(query.data) if query else None
    booking_id = pressed.booking_id if pressed is not None else None
    if query is not None and booking_id is None:
        await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
    return user, booking_id


async def allowed_booking(
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
            actor = await model.actor_of(session, user.telegram_id)
            check = queries.may_run if staff_action else queries.may_change
            booking = await check(session, actor, booking_id)
    except Refused as refused:
        await tell_refused(update, user.language, refused)
        return None
    if booking.status not in states:
        # Said as it stands (这个预约已经取消了), not only "already dealt with".
        await tell_refused(update, user.language, Refused("bad_state", status=booking.status.value))
        return None
    return booking
