"""The composer's last steps: send now, or at a typed time once confirmed, and store it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import ContextTypes

from bot.broadcasts import service
from bot.broadcasts import text as words
from bot.broadcasts.audience import AudienceError, recipients
from bot.core.clock import local_now
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.broadcasts import BroadcastStatus
from bot.models.users import Role, User
from handlers.broadcasts import closing
from handlers.broadcasts.draft import (
    END,
    WAIT_CONFIRM,
    WAIT_TIME,
    audience_of,
    draft_of,
    error,
    forget,
    say,
    staff_only,
)
from handlers.common import incoming, press, remove_buttons, settings_of
from handlers.render import broadcasts as view
from knowledge.text.dates import read_later, relative_days, with_days_written
from knowledge.text.yesno import says_yes


async def send_now(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """✅ Send now: store it and queue one message per farmer, in one unit of work."""
    user = await _pressed_by_staff(update, context)
    if user is None:
        return END
    return await create(update, context, user, None)


async def send_closing(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """📢 Send (or confirm the timed notice) and close now the round(s) the notice calls off."""
    user = await _pressed_by_staff(
        update, context, lambda data: closing.pressed_in_draft(data, draft_of(context))
    )
    draft = draft_of(context)
    if user is None or draft is None:
        return END
    await closing.close_named(update, context, draft)
    raw = draft.get("send_at")
    return await create(update, context, user, datetime.fromisoformat(raw) if raw else None)


async def send_later(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """⏰ Send later: ask when."""
    user = await _pressed_by_staff(update, context)
    if user is None:
        return END
    await say(
        update,
        view.ask_time(user.language, local_now(settings_of(context).tz).date()),
        reply_markup=view.drop_keyboard(user.language),
    )
    return WAIT_TIME


async def time_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """When to send: 明天8点, 2026-06-11 08:00 (现在: at once)."""
    message, _ = await incoming(update, context)
    user = await staff_only(update, context)
    draft = draft_of(context)
    if user is None or draft is None:
        return END
    lang = user.language
    tz = settings_of(context).tz
    # At "确认吗？" a typed yes is the ✅ (final blind walk: 确认 was 「没看懂这个时间」).
    if draft.get("send_at") and says_yes(message.text or ""):
        return await create(update, context, user, datetime.fromisoformat(draft["send_at"]))
    try:
        when = words.parse_when(message.text or "", local_now(tz))
    except words.WhenError as exc:
        today = local_now(tz).date()
        said = t(lang, "broadcasts.past_time") if exc.code == "past" else view.bad_time(lang, today)
        await message.reply_text(said)
        return WAIT_TIME
    if when is None:
        return await create(update, context, user, None)
    draft["send_at"] = when.isoformat()
    return await ask_confirm(update, user, draft, when, tz)


async def ask_confirm(
    update: Update, user: User, draft: dict[str, Any], when: datetime, tz: ZoneInfo
) -> str:
    """ "It goes at …, confirm?", warning first of 明天 / 后天 that will mean another day."""
    lang = user.language
    async with session_scope() as session:
        label = words.audience_label(
            lang,
            words.draft_stub(draft),
            await service.station_name(session, draft.get("audience_station")),
        )
        chat_ids = {person.chat_id for person in await recipients(session, audience_of(draft))}
    when = when.astimezone(tz)
    # 明天 12月7日（周一）07:00: the day in words and by its date (sandbox walk: at 03:50
    # 明早7点 was today's 07:00, shown only as 2026-12-06 07:00).
    at = words.when_label(lang, when, local_now(tz))
    text = t(lang, "broadcasts.confirm_later", when=at, n=draft.get("planned", 0), audience=label)
    # Written today, read on the day it is sent: 后天 then means another day.
    today = local_now(tz).date()
    shifted = read_later(draft["text"], today, when.date()) if when.date() != today else []
    if shifted:
        text = f"{view.relative_days_warning(lang, shifted, at)}\n\n{text}"
    rounds = await closing.named_rounds(user, draft, local_now(tz))
    if rounds:
        text += "\n\n" + view.rounds_warning(lang, rounds, today)
        text += closing.preview_note(lang, rounds, chat_ids, draft)
    keyboard = view.confirm_keyboard(lang, write_dates=bool(shifted), rounds=rounds)
    await say(update, text, reply_markup=keyboard)
    return WAIT_CONFIRM


async def write_dates(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """ "✍️ 改成具体日期": 后天 → 12月7日（周一） in the notice, shown again before confirming."""
    user = await _pressed_by_staff(update, context, lambda _: _timed(draft_of(context)))
    draft = draft_of(context)
    if user is None or draft is None:
        return END
    lang = user.language
    tz = settings_of(context).tz
    today = local_now(tz).date()
    text = with_days_written(draft["text"], relative_days(draft["text"], today), view.written_day)
    try:
        draft["text"] = service.check_text(text, photo=bool(draft.get("photo")))
    except service.BroadcastError as exc:  # the dates made it too long: said, text kept
        await say(update, error(lang, exc))
    else:
        async with session_scope() as session:
            name = await service.station_name(session, draft.get("station_id"))
        notice = words.notice(lang, name, draft["text"])
        await say(update, t(lang, "broadcasts.dates_written", notice=notice))
    return await ask_confirm(update, user, draft, datetime.fromisoformat(draft["send_at"]), tz)


async def confirm_later(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """✅ Confirm the timed notice."""
    user = await _pressed_by_staff(update, context)
    draft = draft_of(context)
    if user is None:
        return END
    raw = draft.get("send_at") if draft else None
    return await create(update, context, user, datetime.fromisoformat(raw) if raw else None)


async def _pressed_by_staff(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    fresh: Callable[[str | None], bool] | None = None,
) -> User | None:
    """The presser when they may broadcast and the press is `fresh` (else "expired", an alert):
    the press answered and its buttons taken off. None when refused."""
    query, _ = await press(update, context)
    user = await staff_only(update, context)
    if user is None:
        return None
    if fresh is not None and not fresh(query.data):
        await query.answer(t(user.language, "broadcasts.expired"), show_alert=True)
        return None
    await query.answer()
    await remove_buttons(query)
    return user


def _timed(draft: dict[str, Any] | None) -> bool:
    """Whether the draft is a timed notice still waiting for its ✅."""
    return bool(draft and draft.get("send_at"))


async def create(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, send_at: datetime | None
) -> int:
    """Store the notice, sent now or at `send_at`, and say so; the draft is dropped."""
    draft = draft_of(context)
    lang = user.language
    if draft is None or "kind" not in draft:
        await say(update, t(lang, "broadcasts.expired"))
        return END
    audience = audience_of(draft)
    admin = user.role is Role.admin
    # Checked again here, against the role and station stored now, not the draft's.
    station_id = draft.get("station_id") if admin else user.station_id
    tz = settings_of(context).tz
    if send_at is not None and send_at <= local_now(tz):
        send_at = None  # the time passed while the sender was confirming: now
    async with session_scope() as session:
        try:
            service.audience_allowed(audience, user.station_id, admin)
            bc = await service.create(
                session,
                service.Draft(
                    text=draft["text"],
                    audience=audience,
                    station_id=station_id,
                    sender_id=user.telegram_id,
                    photo=draft.get("photo"),
                    send_at=send_at,
                    draft_id=draft.get("id"),
                ),
            )
        except (service.BroadcastError, AudienceError) as exc:
            await say(update, error(lang, exc))
            forget(context)
            return END
        broadcast_id, planned = bc.id, bc.planned
        # Booked in a round closed with it: told in the closing's message, counted too.
        closed = await service.told_among(session, audience, draft.get("id"))
        # Started with nobody left to send to (they opted out meanwhile): said, not "sent".
        nobody = bc.status is BroadcastStatus.done and bc.run_id is None
    forget(context)
    if nobody and not closed:
        await say(update, t(lang, "broadcasts.sent_nobody", id=broadcast_id))
    else:
        when = words.when_label(lang, send_at, local_now(tz)) if send_at else None
        await say(update, closing.done_text(lang, planned, closed, draft, broadcast_id, when))
    return END
