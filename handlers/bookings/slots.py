"""Station staff: closing a slot (rain, no truck) and telling every farmer booked in it.

"🚫 关闭" asks why: a reason button closes it, and so does a reason typed in its
own words (下雨，车坏了), which the farmers get as written. Staff may say it too
(今天下午不收货了, 关闭今天下午, close this afternoon): the round meant is asked about exactly
as the button asks, and a reason said with it (下午不收了下雨) is offered as one more button
(sandbox walk). "↩️ 重新开放" (under the closing's reply, and in /pickups) opens a slot closed
by mistake again. The question is a short persistent conversation, so the typed reason is
never taken for a knowledge question.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup, Message, Update
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
from bot.bookings.model import Actor, BookingView, Refused
from bot.broadcasts.text import language_warning
from bot.core.clock import utcnow
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.core.transactions import retrying
from bot.models.stations import BookingStatus
from bot.models.users import User
from bot.users import languages_of
from handlers.bookings import round_pages
from handlers.bookings.base import (
    BOOKING_TIMEOUT_S,
    now_of,
    refused_key,
    show_reply,
    tell_refused,
)
from handlers.common import press, register_visitor
from handlers.language import from_draft, with_language
from handlers.leave import leave_handler, with_leave
from handlers.render import bookings as view
from handlers.render import rounds
from handlers.render.rounds import who_text
from handlers.routing import LONG_MESSAGE_CHARS, menu_intent
from handlers.senders import StaffSender
from handlers.timeouts import TimedConversation
from knowledge.text.dates import said_day
from knowledge.text.language import mismatch
from knowledge.text.staff_words import StaffAsk, reason_code, staff_words
from knowledge.text.yesno import says_no, says_yes

CLOSE_NAME = "slot_close"
WAIT_REASON = "bk_close_reason"  # the conversation's one state: waiting for the reason
CLOSING = "closing_slot"  # user_data: [slot id, ISO day] of the slot being closed
SAID_REASON = "closing_reason"  # user_data: the reason said with close words (下午不收了下雨)
# Words that call the closing off where its reason is asked (says_no reads the rest).
_KEEP_OPEN = re.compile(
    r"(?:不关(?:闭|门)?|别关|不用关|莫关|甭关|取消|先不关"
    r"|keep it open|don'?t close|do not close)"
    r"[了啦吧嘞!！。.\s]*",
    re.IGNORECASE,
)
# The stored reason's column holds 100 characters.
MAX_REASON = 100


async def ask_close(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """ "关闭这个时段": check the staff runs it, then ask why (a button or typed words)."""
    query, user = await press(update, context)
    pressed = view.CloseSlot.parse(query.data)
    if pressed is None:
        await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return ConversationHandler.END
    return await _ask_why(update, context, pressed.slot_id, pressed.day)


async def _ask_why(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    slot_id: int,
    day: date,
    reason: str | None = None,
) -> str | int:
    """Check the staff may close the round, then ask why; a reason said already is offered
    as its own button (✅ 关闭，原因：下雨), and another may still be pressed or typed."""
    user = await register_visitor(update, context)
    lang = user.language
    now = now_of(context)
    try:
        async with session_scope() as session:
            actor = await model.actor_of(session, user.telegram_id)
            pickups = await queries.closable(session, actor, slot_id, day, now)
            active = [b for b in pickups.bookings if b.status is BookingStatus.booked]
            readers = await languages_of(session, [b.farmer_id for b in active])
    except Refused as refused:
        await tell_refused(update, lang, refused)
        if refused.reason in round_pages.STALE:
            await round_pages.show_round_now(update, context, lang, slot_id, day)
        return ConversationHandler.END
    starts, ends = view.window(pickups.starts, pickups.ends)
    # Every booking of it done (collected, no-show): nobody to tell, but people did book it
    # (blind walk: 4 handled bookings read 这个时段还没有人约). Nobody booked it: said so.
    handled = [b for b in pickups.bookings if b.status is not BookingStatus.slot_closed]
    said = dict(
        date=view.date_label(lang, day, now.date()),
        starts=starts,
        ends=ends,
        who=who_text(lang, active or handled),
    )
    empty = "" if active else "_done" if handled else "_empty"
    if reason is None:
        text = t(lang, f"bookings.staff.close_confirm{empty}", **said)
    else:
        text = t(
            lang,
            f"bookings.staff.close_confirm_said{empty}",
            reason=reason_label(lang, reason),
            **said,
        )
        # Typed words reach the farmers as written: in English for farmers reading Chinese,
        # said before it goes (tester: 「站里说：「heavy snowstorm, …」」).
        other = mismatch(reason, readers) if reason not in view.CLOSE_REASONS else None
        if other is not None:
            text += "\n\n" + language_warning(lang, "reason", other)
    if context.user_data is not None:
        context.user_data[CLOSING] = [slot_id, day.isoformat()]
    keyboard = rounds.close_keyboard(lang, slot_id, day, reason)
    await show_reply(update, text, keyboard, edit=False)
    return WAIT_REASON


async def ask_why_again(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, closing: object
) -> str | int:
    """After a language switch while the reason is asked ("English please", 说中文,
    /language): the round's question again in the new language, a reason said already still
    offered (the words used to be read back as the reason, the farmers' to be told)."""
    if not isinstance(closing, list) or len(closing) != 2:
        return ConversationHandler.END
    said = (context.user_data or {}).get(SAID_REASON)
    reason = said if isinstance(said, str) else None
    return await _ask_why(update, context, int(closing[0]), date.fromisoformat(closing[1]), reason)


def reason_label(lang: str, reason: str) -> str:
    """A reason as the staff read it back: a button's in words (下雨), typed words as typed."""
    return t(lang, f"bookings.reason.{reason}") if reason in view.CLOSE_REASONS else reason


class CloseWords(filters.MessageFilter):
    """Text closing a round in words (今天下午不收货了); only staff's is routed here."""

    def filter(self, message: Message) -> bool:
        """True for close words (not a command, not a menu button, not a long message)."""
        text = message.text
        if not text or text.startswith("/") or menu_intent(text) is not None:
            return False
        if len(text.strip()) > LONG_MESSAGE_CHARS:
            return False
        said = staff_words(text)
        return said is not None and said.ask is StaffAsk.close


async def close_said(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """今天下午不收货了 (staff): the round meant, asked about as its 🚫 button asks; several
    rounds of the day, each with its own 🚫 button; none left to close, said."""
    message = update.effective_message
    user = await register_visitor(update, context)
    said = staff_words(message.text or "") if message is not None else None
    if message is None or said is None or user.station_id is None:
        return ConversationHandler.END
    lang, now = user.language, now_of(context)
    when = said_day(message.text or "", now.date())
    day, part = when.day or now.date(), said.part or when.part
    async with session_scope() as session:
        found = await queries.station_pickups(session, user.station_id, [day])
    open_rounds = [
        p
        for p in found
        if not p.closed and not queries.round_over(day, p.ends, now) and rounds.in_part(p, part)
    ]
    label = view.date_label(lang, day, now.date())
    if not open_rounds:
        said_part = t(lang, f"bookings.staff.part_{part}") if part else ""
        await message.reply_text(t(lang, "bookings.staff.close_none", date=label, part=said_part))
        return ConversationHandler.END
    if len(open_rounds) > 1:
        buttons = [[rounds.close_button(lang, p, now.date())] for p in open_rounds]
        await message.reply_text(
            t(lang, "bookings.staff.close_which", date=label),
            reply_markup=InlineKeyboardMarkup(buttons),
        )
        return ConversationHandler.END
    (one,) = open_rounds
    if context.user_data is not None and said.reason is not None:
        context.user_data[SAID_REASON] = said.reason
    return await _ask_why(update, context, one.slot_id, day, said.reason)


async def said_reason_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """ "✅ 关闭（原因：…）": close for the reason said with the close words."""
    query, user = await press(update, context)
    pressed = view.CloseSaid.parse(query.data)
    reason = (context.user_data or {}).get(SAID_REASON)
    if pressed is None or not isinstance(reason, str):
        # The words are gone (another closing since): ask why as the 🚫 button does.
        if pressed is None:
            await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
            return ConversationHandler.END
        return await _ask_why(update, context, pressed.slot_id, pressed.day)
    return await close_round(update, context, pressed.slot_id, pressed.day, reason)


async def close_confirmed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """A reason button: close the slot and tell every farmer booked in it."""
    query, user = await press(update, context)
    pressed = view.CloseYes.parse(query.data)
    if pressed is None or pressed.reason not in view.CLOSE_REASONS:
        await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return ConversationHandler.END
    return await close_round(update, context, pressed.slot_id, pressed.day, pressed.reason)


async def reason_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """The reason in the staff's own words (下雨，车坏了): asked back with its ✅ before the
    round closes (blind walk: 看看问题 typed after 🚫 closed a round with two farmers in it,
    who were told 「站里说：看看问题」)."""
    message = update.effective_message
    user = await register_visitor(update, context)
    closing = (context.user_data or {}).get(CLOSING)
    if message is None or not isinstance(closing, list) or len(closing) != 2:
        return ConversationHandler.END
    reason = " ".join((message.text or "").split())
    # A no is no reason (blind walk: 不关了 and 算了 were read back as the reason, and a ✅
    # would have told farmers 「因为不关了」); a yes confirms the reason said before, if any.
    if says_no(reason) or _KEEP_OPEN.fullmatch(reason):
        return await keep_open(update, context)
    if says_yes(reason):
        said = (context.user_data or {}).get(SAID_REASON)
        if isinstance(said, str):
            return await close_round(
                update, context, int(closing[0]), date.fromisoformat(closing[1]), said
            )
        await message.reply_text(t(user.language, "bookings.staff.reason_needed"))
        return WAIT_REASON
    if not reason or len(reason) > MAX_REASON:
        await message.reply_text(
            t(user.language, "bookings.staff.reason_too_long", limit=MAX_REASON)
        )
        return WAIT_REASON
    # Typed as a button says it (暴雪, 雪太大, snowstorm): that button's reason, which each
    # farmer reads in their own language.
    reason = reason_code(reason) or reason
    if context.user_data is not None:
        context.user_data[SAID_REASON] = reason
    return await _ask_why(update, context, int(closing[0]), date.fromisoformat(closing[1]), reason)


async def close_round(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    slot_id: int,
    day: date,
    reason: str,
    *,
    answered: bool = False,
    notice: tuple[str, str] | None = None,
) -> int:
    """Close the slot and tell every farmer booked in it, offering another time (also for a
    notice that calls the round off, handlers/broadcasts/closing.py: `answered`, its press
    was answered there, and what is done goes as a new message below the notice's;
    `notice`, its whole words and outbox occasion: the farmers' one message quotes them)."""
    user = await register_visitor(update, context)
    lang = user.language
    if context.user_data is not None:
        context.user_data.pop(CLOSING, None)
        context.user_data.pop(SAID_REASON, None)
    now = now_of(context)
    today = now.date()
    # A button's reason is said in each farmer's language; typed words are quoted as written.
    said = reason not in view.CLOSE_REASONS
    kind = "slot_closed_said" if said else "slot_closed"
    # A slot reopened may be closed again: that is told again too.
    occasion = utcnow().isoformat()
    told = reason
    if notice is not None:
        # The notice's farmers booked here get this one message, with its whole words
        # (bot/broadcasts/service.py leaves them out of the notice itself).
        told, occasion = notice
    changed = await _change_round(
        update,
        context,
        lang,
        user.telegram_id,
        slot_id,
        day,
        opens=False,
        change=lambda session, actor: service.close_slot(
            session, actor, slot_id, day, reason, now_local=now
        ),
        # Every farmer in the slot is told, with buttons to pick another time, in the same
        # transaction that closes it.
        notify=lambda session, booking: notices.queue_notice(
            session,
            booking,
            kind,
            today,
            reason=told,
            buttons=view.rebook_buttons,
            occasion=occasion,
        ),
        audited={"reason": reason},
        answered=answered,
    )
    if changed is None:
        return ConversationHandler.END
    affected, starts, ends = changed
    await _reply(
        update,
        t(
            lang,
            # Nobody to tell (each booking done, or none): not "正在给已约的 0 户发通知".
            ("bookings.staff.closed_said" if said else "bookings.staff.closed")
            + ("" if affected else "_nobody"),
            date=view.date_label(lang, day, today),
            starts=starts,
            ends=ends,
            who=who_text(lang, affected),
            reason=reason,
        ),
        # Closed by mistake: open it again at once (blind test).
        rounds.reopen_keyboard(lang, slot_id, day, starts, ends, today),
        answered=answered,
    )
    return ConversationHandler.END


async def _reply(
    update: Update, text: str, markup: InlineKeyboardMarkup | None = None, *, answered: bool
) -> None:
    """The outcome: as a button's (show_reply), or a new message when the press was answered."""
    chat = update.effective_chat
    if not answered:
        await show_reply(update, text, markup)
    elif chat is not None:
        await chat.send_message(text, reply_markup=markup)


async def reopen_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "↩️ 重新开放": the slot takes bookings again, and the farmers it had keep their place."""
    query, user = await press(update, context)
    lang = user.language
    pressed = view.ReopenSlot.parse(query.data)
    if pressed is None:
        await query.answer(t(lang, "fallback.unknown_button"), show_alert=True)
        return
    slot_id, day = pressed.slot_id, pressed.day
    now = now_of(context)
    occasion = utcnow().isoformat()
    changed = await _change_round(
        update,
        context,
        lang,
        user.telegram_id,
        slot_id,
        day,
        opens=True,
        change=lambda session, actor: service.reopen_slot(session, actor, slot_id, day, now),
        notify=lambda session, booking: notices.queue_notice(
            session, booking, "slot_reopened", now.date(), occasion=occasion
        ),
    )
    if changed is None:
        return
    restored, starts, ends = changed
    said = dict(date=view.date_label(lang, day, now.date()), starts=starts, ends=ends)
    if restored:
        text = t(lang, "bookings.staff.reopened", who=who_text(lang, restored), **said)
    else:
        text = t(lang, "bookings.staff.reopened_empty", **said)
    if round_pages.pressed_page(update) is None:
        await show_reply(update, text)
        return
    # Pressed in /pickups: the list stays, showing the round open; what was done goes below.
    await show_reply(update, text, edit=False)
    await round_pages.show_round_now(update, context, lang, slot_id, day)


async def _change_round(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    lang: str,
    staff_id: int,
    slot_id: int,
    day: date,
    *,
    opens: bool,
    change: Callable[[AsyncSession, Actor], Awaitable[list[BookingView]]],
    notify: Callable[[AsyncSession, BookingView], Awaitable[object]],
    audited: dict[str, Any] | None = None,
    answered: bool = False,
) -> tuple[list[BookingView], str, str] | None:
    """Close or reopen a round: the bookings it touched and its hours; None when refused.

    One unit of work (retried on a conflict) changes the round, queues each farmer's
    notice and writes the audit line, so the farmers hear of it exactly when it happened;
    a refusal (not the staff's station, already closed or open) is told to the staff.
    """

    async def work(session: AsyncSession) -> list[BookingView]:
        actor = await model.actor_of(session, staff_id)
        touched = await change(session, actor)
        for booking in touched:
            await notify(session, booking)
        # The round's hours go into the line: an admin reads 14:00-16:00 12月7日, not slot 2.
        hours = "-".join(view.window(*await queries.slot_window(session, slot_id)))
        await record(
            session,
            staff_id,
            "slot.reopen" if opens else "slot.close",
            f"slot {slot_id} {day.isoformat()} {hours}",
            before={"open": not opens},
            after={"open": opens, **(audited or {}), "bookings": [b.code for b in touched]},
        )
        return touched

    try:
        touched = await retrying(work)
        async with session_scope() as session:
            slot = await queries.slot_window(session, slot_id)
    except Refused as refused:
        if answered:
            await _reply(update, t(lang, refused_key(refused)), answered=True)
        else:
            await tell_refused(update, lang, refused)
            if refused.reason in round_pages.STALE:
                # A message from before (reopened since, or closed): shown as it is now.
                await round_pages.show_round_now(update, context, lang, slot_id, day)
        return None
    starts, ends = view.window(*slot)
    return touched, starts, ends


async def keep_open(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """ "不关闭" (or /cancel while asked why)."""
    user = await register_visitor(update, context)
    _left(context)
    await show_reply(update, t(user.language, "bookings.staff.kept_open"))
    return ConversationHandler.END


def _left(context: ContextTypes.DEFAULT_TYPE) -> None:
    if context.user_data is not None:
        context.user_data.pop(CLOSING, None)
        context.user_data.pop(SAID_REASON, None)


def _other_errand(text: str) -> bool:
    said = staff_words(text)
    return said is not None and said.ask is not StaffAsk.close


def conversation() -> ConversationHandler[Any]:
    """ "🚫 关闭", then why: a reason button or typed words (persistent, with a timeout)."""
    # New messages only: an edited message is not a new reason.
    text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    return TimedConversation(
        entry_points=[
            CallbackQueryHandler(ask_close, pattern=view.CloseSlot.matches),
            CallbackQueryHandler(said_reason_pressed, pattern=view.CloseSaid.matches),
            # Said in words, by staff only: a farmer's 今天下午不收货了 is theirs to ask.
            MessageHandler(filters.UpdateType.MESSAGE & StaffSender() & CloseWords(), close_said),
        ],
        # Any text is the reason: only a command or a menu button leaves; "English please" /
        # 说中文 / /language asks why again in it.
        states=with_language(
            with_leave(
                {
                    WAIT_REASON: [
                        CallbackQueryHandler(close_confirmed, pattern=view.CloseYes.matches),
                        CallbackQueryHandler(keep_open, pattern=view.KeepOpen.matches),
                        MessageHandler(text, reason_typed),
                    ]
                },
                # Staff words of something else (明天有哪些预约) are no reason: answered as such.
                leave_handler(
                    CLOSE_NAME,
                    "bookings.staff.close_left",
                    intents=False,
                    on_leave=_left,
                    asks=_other_errand,
                ),
            ),
            from_draft(CLOSING, ask_why_again),
        ),
        fallbacks=[CommandHandler("cancel", keep_open)],
        name=CLOSE_NAME,
        persistent=True,
        allow_reentry=True,
        timeout=timedelta(seconds=BOOKING_TIMEOUT_S),
    )
