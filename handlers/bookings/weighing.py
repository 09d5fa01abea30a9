"""Station staff: "收了" and the weighed quantity (a short persistent conversation); a weight
far from the booking asked ✅ first; ✏️ 改重量 under a collected pickup."""

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

from bot.audit import record
from bot.bookings import model, notices, queries, service
from bot.bookings.marks import far_from_booking
from bot.bookings.model import BookingView, Refused, may_collect
from bot.bookings.text import date_label, exact_kg, quantity_label, weighed_label
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.core.timeofday import hhmm
from bot.core.transactions import retrying
from bot.models.stations import Booking, BookingStatus
from bot.models.users import User
from handlers import pending
from handlers.bookings.base import (
    BARE_NUMBER,
    BOOKING_TIMEOUT_S,
    allowed_booking,
    answer_press,
    now_of,
    pressed_booking,
    show_reply,
    tell_refused,
)
from handlers.common import register_visitor
from handlers.language import from_draft, with_language
from handlers.render import bookings as view
from handlers.render import rounds
from handlers.timeouts import TimedConversation
from knowledge.text.numbers import parse_quantity, to_number

WEIGH_NAME = "pickup_weigh"
WEIGH = "bk_weigh"  # the conversation's one state: waiting for the weight
WEIGHING = "weighing"  # user_data key: the booking being weighed
REWEIGHING = "reweighing"  # user_data key: True when its weight is a correction (✏️ 改重量)


async def ask_weight(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """ "收了": ask the weighed quantity (or take the estimate)."""
    user, booking_id = await pressed_booking(update, context, view.Collect)
    if booking_id is None:
        return ConversationHandler.END
    booking = await allowed_booking(update, user, booking_id, True, _COLLECTABLE)
    if booking is None:
        return ConversationHandler.END
    now = now_of(context)
    try:  # say so before asking the weight, not after
        if not may_collect(booking.status, booking.day, now.date()):  # an earlier day's 没来
            raise Refused("bad_state", status=booking.status.value)
        model.refuse_before_round(booking.day, booking.starts, booking.ends, now)
    except Refused as refused:
        await tell_refused(update, user.language, refused)
        return ConversationHandler.END
    if context.user_data is not None:
        context.user_data[WEIGHING] = booking.id
        context.user_data.pop(REWEIGHING, None)
    await _ask(update, user, booking)
    return WEIGH


# 收了 pressed on a booked pickup, or on one marked 没来 earlier that day (the farmer came late).
_COLLECTABLE = (BookingStatus.booked, BookingStatus.no_show)


async def ask_reweigh(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """✏️ 改重量 under a collected pickup: the right weight asked (blind staff walk: only
    retyping the code corrected it, and nothing said so)."""
    user, booking_id = await pressed_booking(update, context, view.Reweigh)
    if booking_id is None:
        return ConversationHandler.END
    booking = await allowed_booking(update, user, booking_id, True, (BookingStatus.collected,))
    if booking is None:
        return ConversationHandler.END
    if context.user_data is not None:
        context.user_data[WEIGHING] = booking.id
        context.user_data[REWEIGHING] = True
    lang = user.language
    weighed = weighed_label(lang, booking.weighed_kg or 0, booking.quantity_text)
    said = t(lang, "bookings.staff.ask_reweigh", code=booking.code, weighed=weighed)
    await show_reply(update, said, rounds.quit_keyboard(lang), edit=False)
    return WEIGH


async def _ask(update: Update, user: User, booking: BookingView) -> None:
    """The weighed quantity asked, with the estimate's button."""
    await show_reply(
        update,
        t(user.language, "bookings.staff.ask_weight", code=booking.code),
        rounds.weigh_keyboard(user.language, booking),
        edit=False,
    )


async def ask_weight_again(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, booking_id: object
) -> str | int:
    """After a language switch while the weight is awaited ("English please", 说中文,
    /language): asked again in the new language, the booking still being weighed (the words
    used to be refused as a weight, and the language stayed)."""
    if not isinstance(booking_id, int):
        return ConversationHandler.END
    if (context.user_data or {}).get(REWEIGHING):
        return ConversationHandler.END  # a correction: its ✏️ pressed again asks it
    booking = await allowed_booking(update, user, booking_id, True, _COLLECTABLE)
    if booking is None:  # collected or cancelled meanwhile: said, nothing left to weigh
        if context.user_data is not None:
            context.user_data.pop(WEIGHING, None)
        return ConversationHandler.END
    await _ask(update, user, booking)
    return WEIGH


async def _status(session: Any, booking_id: int) -> dict[str, Any] | None:
    """A booking's status before a staff action, for the audit log."""
    row = await session.get(Booking, booking_id)
    return {"status": row.status.value} if row is not None else None


async def _collect(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    booking_id: int,
    kg: float | None,
    *,
    early: bool = False,
) -> int:
    user = await register_visitor(update, context)
    lang = user.language
    now = now_of(context)
    today = now.date()

    async def work(session: Any) -> BookingView:
        actor = await model.actor_of(session, user.telegram_id)
        weighed = kg
        if weighed is None:  # the farmer's estimate, as typed (1斤 is 0.5 kg)
            estimate = await queries.may_run(session, actor, booking_id)
            weighed = exact_kg(estimate.quantity_text, estimate.quantity_kg)
        before = await _status(session, booking_id)
        booking = await service.mark_collected(
            session, actor, booking_id, weighed, now, early=early
        )
        await notices.queue_notice(session, booking, "collected", today)
        await record(
            session,
            user.telegram_id,
            "booking.collect",
            f"booking {booking.code}",
            before=before,
            after={
                "status": booking.status.value,
                "weighed_kg": booking.weighed_kg,
                **({"early": True} if early else {}),
            },
        )
        return booking

    try:
        booking = await retrying(work)
    except Refused as refused:
        await tell_refused(update, lang, refused)
        return ConversationHandler.END
    finally:
        if context.user_data is not None:
            context.user_data.pop(WEIGHING, None)
            context.user_data.pop(REWEIGHING, None)
    await show_reply(
        update,
        t(
            lang,
            "bookings.staff.collected",
            code=booking.code,
            weighed=weighed_label(lang, booking.weighed_kg or 0, booking.quantity_text),
        ),
        edit=False,
    )
    return ConversationHandler.END


async def weigh_said(
    update: Update, context: ContextTypes.DEFAULT_TYPE, lang: str, booking: BookingView, kg: float
) -> None:
    """A weight typed for a pickup (E9LEXL 已收 780斤, 孙大爷鸡蛋收了 28斤): a collected one's
    corrected; else recorded as the 收了 button records it (a same-day no-show too), asked ✅
    first when the farmer came before the round or the weight is far from the booking."""
    now = now_of(context)
    if booking.status is BookingStatus.collected:  # a typo corrected (已收 1000斤 again)
        await correct_weighed(update, context, booking.id, kg)
        return
    try:  # as the 收了 button: booked, the weight in bounds, not before the round starts
        if not may_collect(booking.status, booking.day, now.date()):
            raise Refused("bad_state", status=booking.status.value)
        if not 0 < kg <= model.MAX_BOOKING_KG:
            raise Refused("bad_quantity")
        model.refuse_before_round(booking.day, booking.starts, booking.ends, now)
    except Refused as refused:
        if refused.reason in ("not_yet", "not_started"):  # the farmer came early
            await ask_early(update, context, lang, booking, kg, now.date())
            return
        await tell_refused(update, lang, refused)
        return
    if far_from_booking(kg, booking.quantity_kg):
        await ask_far(update, context, lang, booking, kg)
        return
    await _collect(update, context, booking.id, kg)


async def ask_far(
    update: Update, context: ContextTypes.DEFAULT_TYPE, lang: str, booking: BookingView, kg: float
) -> None:
    """「差了 3 倍以上，确定吗？」: a weight far from the booking (3000斤 for 300斤) asked ✅
    before the farmer is told it; its ✅ (or 对 typed) records it."""
    message = update.effective_message
    if message is None:
        return
    said = t(
        lang,
        "bookings.staff.far_ask",
        code=booking.code,
        booked=quantity_label(lang, booking.quantity_text, booking.quantity_kg),
        weighed=weighed_label(lang, kg, booking.quantity_text),
    )
    sent = await message.reply_text(said, reply_markup=rounds.far_keyboard(lang, booking, kg))
    FAR.ask(update, context, rounds.far_data(booking, kg), sent)


async def collect_far(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The far weight's ✅: collected at the weight typed."""
    query = update.callback_query
    if query is not None and query.data is not None:
        await _collect_far(update, context, query.data)


async def _collect_far(update: Update, context: ContextTypes.DEFAULT_TYPE, data: str) -> None:
    """The ✅'s work, pressed or typed (对, 好的, yes): its data checked as a press's."""
    await _collect_confirmed(update, context, view.CollectFar.parse(data), early=False)


async def _far_kept(update: Update, context: ContextTypes.DEFAULT_TYPE, data: str) -> None:
    """不 typed to the far weight's question: nothing recorded, and that is said."""
    await _kept_said(update, context, view.CollectFar.parse(data), "bookings.staff.far_kept")


# The far weight's question answered in words: 对 / 好的 / yes as its ✅, 不 / no as leaving it.
FAR = pending.Question(pending.key("far_asked"), _collect_far, _far_kept)


async def ask_early(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    lang: str,
    booking: BookingView,
    kg: float,
    today: date,
) -> None:
    """「提前收货？」: a weight typed with the code before the booking's round (blind test: a
    farmer who came the day before could not be recorded); its ✅ (or 对 typed) records it."""
    message = update.effective_message
    if message is None:
        return
    said = t(
        lang,
        "bookings.staff.early_ask",
        code=booking.code,
        date=date_label(lang, booking.day, today),
        starts=hhmm(booking.starts),
        ends=hhmm(booking.ends),
        weighed=weighed_label(lang, kg, booking.quantity_text),
    )
    keyboard = rounds.early_keyboard(lang, booking, kg)
    sent = await message.reply_text(said, reply_markup=keyboard)
    EARLY.ask(update, context, rounds.early_data(booking, kg), sent)


async def early_again(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, data: object
) -> None:
    """「提前收货？」 asked again in `user`'s language after "English please" (handlers/
    pending.py), while the booking is still the station's to collect (else why not is said)."""
    pressed = view.CollectEarly.parse(data) if isinstance(data, str) else None
    if pressed is None:
        return
    booking = await allowed_booking(update, user, pressed.booking_id, True, {BookingStatus.booked})
    if booking is not None:
        today = now_of(context).date()
        await ask_early(update, context, user.language, booking, pressed.tenths / 10, today)


async def collect_early(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """「提前收货？」's ✅: collected before its round, at the weight typed."""
    query = update.callback_query
    if query is not None and query.data is not None:
        await _collect_early(update, context, query.data)


async def _collect_early(update: Update, context: ContextTypes.DEFAULT_TYPE, data: str) -> None:
    """The ✅'s work, pressed or typed (对, 好的, yes): its data checked as a press's."""
    await _collect_confirmed(update, context, view.CollectEarly.parse(data), early=True)


async def _early_kept(update: Update, context: ContextTypes.DEFAULT_TYPE, data: str) -> None:
    """不 typed to 「提前收货？」 (which has no ✖️): nothing is recorded, and that is said."""
    await _kept_said(update, context, view.CollectEarly.parse(data), "bookings.staff.early_kept")


# 「提前收货？」 answered in words: 对 / 好的 / yes as its ✅, 不 / no as leaving it.
EARLY = pending.Question(pending.key("early_asked"), _collect_early, _early_kept)


async def _collect_confirmed(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    pressed: view.CollectFar | view.CollectEarly | None,
    early: bool,
) -> None:
    """A weight's ✅ (far from the booking, or before its round), pressed or typed: its data
    checked as a press's, then collected at the weight it carries."""
    if pressed is None or not 0 < pressed.tenths <= model.MAX_BOOKING_KG * 10:
        user = await register_visitor(update, context)
        text = t(user.language, "fallback.unknown_button")
        if not await answer_press(update, text, show_alert=True):
            await show_reply(update, text, edit=False)
        return
    await _collect(update, context, pressed.booking_id, pressed.tenths / 10, early=early)


async def _kept_said(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    pressed: view.CollectFar | view.CollectEarly | None,
    key: str,
) -> None:
    """不 typed to a weight's question: nothing recorded, and `key` says so of its booking."""
    user = await register_visitor(update, context)
    async with session_scope() as session:
        booking = await queries.view(session, pressed.booking_id) if pressed else None
    code = booking.code if booking is not None else ""
    await show_reply(update, t(user.language, key, code=code), edit=False)


async def correct_weighed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, booking_id: int, kg: float
) -> None:
    """A weight typed with the code of a pickup collected already (已收 1000斤 after a typo of
    980斤): corrected, audited old → new, the farmer told the corrected weight once."""
    user = await register_visitor(update, context)
    lang = user.language
    now = now_of(context)

    async def work(session: Any) -> tuple[BookingView, float]:
        actor = await model.actor_of(session, user.telegram_id)
        booking, before = await service.correct_weight(session, actor, booking_id, kg, now)
        if booking.weighed_kg != before:
            occasion = f"{booking.weighed_kg:g}"
            await notices.queue_notice(session, booking, "reweighed", now.date(), occasion=occasion)
            await record(
                session,
                user.telegram_id,
                "booking.reweigh",
                f"booking {booking.code}",
                before={"weighed_kg": before},
                after={"weighed_kg": booking.weighed_kg},
            )
        return booking, before

    try:
        booking, before = await retrying(work)
    except Refused as refused:
        await tell_refused(update, lang, refused)
        return
    typed = booking.quantity_text
    new = weighed_label(lang, booking.weighed_kg or 0, typed)
    if booking.weighed_kg == before:
        said = t(lang, "bookings.staff.reweigh_same", code=booking.code, weighed=new)
    else:
        old = weighed_label(lang, before, typed)
        said = t(lang, "bookings.staff.reweighed", code=booking.code, old=old, new=new)
    await show_reply(update, said, edit=False)


async def weight_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """The weighed quantity typed by staff: 1.2吨, 800公斤, 1600斤, or a bare number of kg."""
    message = update.effective_message
    user = await register_visitor(update, context)
    text = (message.text or "") if message else ""
    booking_id = (context.user_data or {}).get(WEIGHING)
    if not isinstance(booking_id, int):
        return ConversationHandler.END
    quantity = parse_quantity(text)
    bare = BARE_NUMBER.match(text)
    kg = quantity.kg if quantity else (to_number(bare.group(1)) if bare else None)
    if kg is None or not 0 < kg <= model.MAX_BOOKING_KG:
        if message is not None:
            await message.reply_text(t(user.language, "bookings.staff.bad_weight"))
        return WEIGH
    if (context.user_data or {}).get(REWEIGHING):  # ✏️ 改重量: the collected weight corrected
        if context.user_data is not None:
            context.user_data.pop(WEIGHING, None)
            context.user_data.pop(REWEIGHING, None)
        await correct_weighed(update, context, booking_id, kg)
        return ConversationHandler.END
    async with session_scope() as session:
        booking = await queries.view(session, booking_id)
    if booking is not None and far_from_booking(kg, booking.quantity_kg):
        if context.user_data is not None:
            context.user_data.pop(WEIGHING, None)
        await ask_far(update, context, user.language, booking, kg)
        return ConversationHandler.END
    return await _collect(update, context, booking_id, kg)


async def collected_at_estimate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """ "按预估": collected at the farmer's estimated quantity."""
    _, booking_id = await pressed_booking(update, context, view.Estimate)
    if booking_id is None:
        return ConversationHandler.END
    return await _collect(update, context, booking_id, None)


async def weigh_quit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Stop recording a weight; nothing changes."""
    user = await register_visitor(update, context)
    if context.user_data is not None:
        context.user_data.pop(WEIGHING, None)
        context.user_data.pop(REWEIGHING, None)
    await show_reply(update, t(user.language, "bookings.staff.weigh_cancelled"))
    return ConversationHandler.END


def conversation() -> ConversationHandler[Any]:
    """The staff's weighing prompt: "收了", then the weight (persistent, with a timeout)."""
    # New messages only: an edited message is not a new answer.
    text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    return TimedConversation(
        entry_points=[
            CallbackQueryHandler(ask_weight, pattern=view.Collect.matches),
            CallbackQueryHandler(ask_reweigh, pattern=view.Reweigh.matches),
        ],
        # "English please" / 说中文 / /language: the weight asked again in it.
        states=with_language(
            {
                WEIGH: [
                    CallbackQueryHandler(weigh_quit, pattern=view.WeighQuit.matches),
                    CallbackQueryHandler(collected_at_estimate, pattern=view.Estimate.matches),
                    MessageHandler(text, weight_typed),
                ]
            },
            from_draft(WEIGHING, ask_weight_again),
        ),
        fallbacks=[CommandHandler("cancel", weigh_quit)],
        name=WEIGH_NAME,
        persistent=True,
        allow_reentry=True,
        timeout=timedelta(seconds=BOOKING_TIMEOUT_S),
    )
