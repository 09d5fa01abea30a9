"""The booking conversation's ✅: booking (or moving) for real, exactly once per form.

The ✅ carries the draft's id; the booking consumes it in its own transaction, so a
double tap, or a press after a restart brought the conversation back at this step,
books nothing twice and says so. A ✅ pressed at another step, or with no booking in
progress, is answered here too.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes, ConversationHandler

from bot.bookings import model, queries, service
from bot.bookings.model import BookingView, Refused
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.core.transactions import retrying
from bot.models.users import Role
from bot.stations.catalogue import get_station
from handlers import render, usual_station
from handlers.bookings.base import (
    CONFIRM_IN,
    DAY,
    DRAFT_ID,
    SLOT,
    SLOT_PROBLEMS,
    STATION,
    answer_press,
    draft_of,
    drop_draft,
    dropped_move,
    limits_of,
    now_of,
    refused_key,
    reminder_time,
    rest_note,
    show_reply,
    tell_refused,
)
from handlers.bookings.herd_draft import draft_herd, draft_said
from handlers.bookings.nav import quit_flow, unexpected
from handlers.bookings.steps import present
from handlers.common import register_visitor, remove_buttons, remove_buttons_of, role_of
from handlers.render import bookings as view
from handlers.render import stations as station_view
from knowledge.text.lexicon import product_label


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
    return await _confirm(update, context, _pressed_draft_id(update))


async def confirm_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """是 / 确认 / 好的 / 1 typed at the summary: as ✅ on the form shown (not a new one), whose
    buttons then go, as a press takes them off (handlers/common.remove_buttons_of)."""
    draft = draft_of(context)
    shown, pressed = draft.get(CONFIRM_IN), draft.get(DRAFT_ID)
    state = await _confirm(update, context, pressed)
    await _unbutton(context, shown)
    return state


async def decline_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """不中 / 莫得 / nope typed at the summary: as ✖️, the summary's buttons taken off."""
    shown = draft_of(context).get(CONFIRM_IN)
    state = await quit_flow(update, context)
    await _unbutton(context, shown)
    return state


async def _unbutton(context: ContextTypes.DEFAULT_TYPE, shown: object) -> None:
    """The summary's ✅ / ✖️ off ([chat id, message id], as the draft kept it)."""
    if isinstance(shown, list) and len(shown) == 2:
        await remove_buttons_of(context.bot, int(shown[0]), int(shown[1]))


async def _confirm(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: str | None
) -> str | int:
    user = await register_visitor(update, context)
    lang = user.language
    draft = draft_of(context)
    if await _already_done(update, lang, pressed):
        if draft.get(DRAFT_ID) == pressed:
            drop_draft(context)
        return ConversationHandler.END
    current = draft.get(DRAFT_ID)
    if current is None or "day" not in draft:
        # The draft was lost (or is from before ✅ carried an id): nothing to book.
        return await _form_expired(update, context, lang, pressed)
    if pressed != current:
        # An older form's ✅ while this one waits: that one is void (its buttons go), this
        # one is shown again.
        if update.callback_query is not None:
            await remove_buttons(update.callback_query)
        return await unexpected(update, context)
    now = now_of(context)
    day = date.fromisoformat(draft["day"])
    reminder_at = reminder_time(context)
    limits = limits_of(context)

    async def work(session: Any) -> BookingView:
        usual.clear()  # a retried transaction starts over
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
            herd=draft_herd(draft),  # 两头黄牛: shown as said once booked, not as 牛肉
            said=draft_said(draft),  # 洋芋: shown 洋芋（土豆） once booked
        )
        # A farmer's first station is the one they book at; a usual one is never changed by
        # a booking without a word (sandbox walk): they are offered to make it theirs.
        if await usual_station.adopt(session, user.telegram_id, booked.station_id, now.date()):
            usual[:] = [None]
        elif user.role is Role.farmer and user.station_id not in (None, booked.station_id):
            station = await get_station(session, user.station_id)
            usual[:] = [station.name if station is not None else None]
        return booked

    usual: list[str | None] = []  # [None]: adopted as the first; [name]: another is usual

    try:
        booking = await retrying(work)
    except Refused as refused:
        params = dict(refused.params)
        if "product" in params:
            params["product"] = product_label(lang, str(params["product"]))
        note = t(lang, refused_key(refused), **params)
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
    markup = None
    if draft.get("mode") == "move":
        text = view.booking_text(lang, "bookings.moved", booking, now.date())
    else:
        text = view.booked_text(lang, booking, now.date(), reminder_at)
        rest = rest_note(lang, draft)  # 先约 16000斤 of 20000斤: the 4000斤 left is said
        text = f"{text}\n{rest}" if rest else text
        if usual:
            line, markup = station_view.usual_after_booking(
                lang, booking.station_id, booking.station_name, usual[0]
            )
            text = f"{text}\n\n{line}"
    drop_draft(context)
    await show_reply(update, text, markup)
    return ConversationHandler.END


async def _form_expired(
    update: Update, context: ContextTypes.DEFAULT_TYPE, lang: str, pressed: str | None
) -> int:
    """A ✅ of a form that can no longer be booked: say so and end the conversation. A move
    called off says its booking stands, with its time (blind test: "没有预约" read as gone)."""
    drop_draft(context)
    text = t(lang, "bookings.form_expired")
    booking_id = dropped_move(context, pressed)
    if booking_id is not None:
        try:
            async with session_scope() as session:
                kept = await queries.view(session, booking_id)
        except Refused:
            kept = None  # gone since: the plain "expired" says it
        today = now_of(context).date()
        if kept is not None and kept.status in model.ACTIVE and kept.day >= today:
            text = view.booking_text(lang, "bookings.move_dropped", kept, today)
    if not await answer_press(update, text, show_alert=True):
        chat = update.effective_chat
        if chat is not None:
            await chat.send_message(text, reply_markup=render.main_menu(lang, role_of(context)))
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
    await _form_expired(update, context, user.language, _pressed_draft_id(update))
