"""After composing: /broadcasts with its ❌ and 📊, the farmers' /notices and 🔕; the due job.

`/broadcasts` lists the newest with ❌ (scheduled) and 📊 (report). A button
naming a broadcast is checked against the presser's station on every press, so
forged data (another station's broadcast) is refused.

Farmers: `/notices` turns station notices off and on; the 🔕 button under
every notice turns them off. Price alerts are not affected.

The due job (scheduled by handlers/jobs.py every few seconds) starts scheduled
broadcasts whose time has come, those the command line queued included, and
tells each sender how theirs went once all its messages are settled.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import ContextTypes

from bot.broadcasts import service
from bot.broadcasts import text as words
from bot.core.config import Settings
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.broadcasts import Broadcast, BroadcastStatus
from bot.models.users import Role, User
from bot.users import get_user
from handlers import pending
from handlers.broadcasts.draft import error, say, staff_only
from handlers.common import incoming, press, register_visitor, settings_of
from handlers.guards import require
from handlers.render import broadcasts as view

log = logging.getLogger(__name__)


# ---------------------------------------------------------------- /broadcasts


async def list_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/broadcasts: staff see their station's newest notices, admins everyone's."""
    message, _ = await incoming(update, context)
    user = await staff_only(update, context)
    if user is None:
        return
    admin = user.role is Role.admin
    async with session_scope() as session:
        lines = []
        for bc in await service.listing(session, user.station_id, everyone=admin):
            run = await service.run_of(session, bc)
            lines.append(
                view.Line(
                    bc,
                    await service.station_name(session, bc.station_id),
                    run.queued if run is not None else _unstarted_size(bc),
                    service.state_of(bc, run),
                )
            )
    text, keyboard = view.listing(user.language, lines, settings_of(context).tz)
    await message.reply_text(text, reply_markup=keyboard)


def _unstarted_size(bc: Broadcast) -> int:
    # Done without a run: it started with nobody to send to.
    return 0 if bc.status is BroadcastStatus.done else bc.planned


async def _own_broadcast(
    update: Update, context: ContextTypes.DEFAULT_TYPE, broadcast_id: int
) -> tuple[User, Broadcast] | None:
    """The broadcast a button names, if the presser may act for it; else refused (said)."""
    user = await register_visitor(update, context)
    async with session_scope() as session:
        bc = await service.get(session, broadcast_id)
    if bc is None:
        await _tell(update, t(user.language, "broadcasts.error.unknown", id=broadcast_id))
        return None
    # A station's broadcast: its staff (or an admin); the county's: admins only.
    if bc.station_id is None:
        allowed = await require(update, user, Role.admin)
    else:
        allowed = await require(update, user, Role.staff, station_id=bc.station_id)
    if not allowed:
        log.warning("broadcast %d: refused a button from user %d", bc.id, user.telegram_id)
        return None
    return user, bc


async def _tell(update: Update, text: str) -> None:
    """Why not: a popup for a press, a message for typed words."""
    query = update.callback_query
    if query is not None:
        await query.answer(text, show_alert=True)
    else:
        await say(update, text)


async def cancel_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """❌ under /broadcasts: cancel a scheduled broadcast (not once it started)."""
    query, _ = await press(update, context)
    assert query.data is not None
    await _cancel(update, context, query.data)


async def _cancel(update: Update, context: ContextTypes.DEFAULT_TYPE, data: str) -> None:
    """The ❌'s work, pressed or typed (撤回这条通知？ 对): its data checked as a press's."""
    pressed = view.CancelBroadcast.parse(data)
    assert pressed is not None
    found = await _own_broadcast(update, context, pressed.broadcast_id)
    if found is None:
        return
    user, bc = found
    lang = user.language
    async with session_scope() as session:
        try:
            await service.cancel(session, bc.id, user.telegram_id)
        except service.BroadcastError as exc:
            await _tell(update, error(lang, exc))
            return
    if update.callback_query is not None:
        await update.callback_query.answer()
    await say(update, t(lang, "broadcasts.cancelled", id=bc.id))


async def _kept(update: Update, context: ContextTypes.DEFAULT_TYPE, data: str) -> None:
    """不 typed to 撤回这条通知？ (it has no ✖️): the notice stays scheduled, and that is said."""
    user = await register_visitor(update, context)
    pressed = view.CancelBroadcast.parse(data)
    if pressed is not None:
        await say(update, t(user.language, "broadcasts.withdraw_kept", id=pressed.broadcast_id))


# 撤回这条通知？ (staff_words) answered in words: 对 / 确认 / yes as its ❌, 不 / no keeps it.
WITHDRAW = pending.Question(pending.key("notice_withdraw_asked"), _cancel, _kept)


async def report_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """📊 under /broadcasts: how the broadcast was delivered so far."""
    query, _ = await press(update, context)
    data = view.ReportOf.parse(query.data)
    assert data is not None
    found = await _own_broadcast(update, context, data.broadcast_id)
    if found is None:
        return
    user, bc = found
    async with session_scope() as session:
        run = await service.run_of(session, bc)
    await query.answer()
    await say(update, words.report(user.language, bc, run))


# ---------------------------------------------------------------- farmers


# /notices off, /notices 关: said outright. A bare /notices only shows where they stand
# (blind walk: typing /notices to see them turned them off, unasked).
_OFF_WORDS = re.compile(r"^(off|stop|no|关|关掉|关闭|关了|不要|不收|停|停掉|别发)$", re.IGNORECASE)
_ON_WORDS = re.compile(r"^(on|start|yes|开|打开|开启|开了|要|收|恢复)$", re.IGNORECASE)


async def notices_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/notices: whether station notices come, with a button to change it; /notices off
    (关) or on (开) changes it at once."""
    message, user = await incoming(update, context)
    said = " ".join(context.args or []).strip()
    wanted = True if _ON_WORDS.match(said) else False if _OFF_WORDS.match(said) else None
    if wanted is None:
        text, keyboard = view.notices_state(user.language, not user.notices_off)
        await message.reply_text(text, reply_markup=keyboard)
        return
    async with session_scope() as session:
        on = await service.set_notices(session, user.telegram_id, wanted)
    user.notices_off = not on
    await message.reply_text(t(user.language, f"broadcasts.notices_{'on' if on else 'off'}"))


async def start_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """🔔 under a bare /notices: station notices again."""
    await _notices_pressed(update, context, True)


async def stop_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """🔕 under a notice: no more station notices (alerts unaffected)."""
    await _notices_pressed(update, context, False)


async def _notices_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE, on: bool) -> None:
    query, user = await press(update, context)
    async with session_scope() as session:
        await service.set_notices(session, user.telegram_id, on)
    user.notices_off = not on
    await query.answer()
    await say(update, t(user.language, f"broadcasts.notices_{'on' if on else 'off'}"))


STOP_PATTERN = words.StopNotices.matches


# ---------------------------------------------------------------- the due job


async def due_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """JobQueue: start broadcasts whose time has come; report the settled ones."""
    await run_due(context.bot, settings_of(context))


async def run_due(bot: Any, settings: Settings) -> None:
    """Start every due broadcast (uploading a command-line photo first), then settle."""
    async with session_scope() as session:
        due = [(bc.id, bc.photo_data is not None) for bc in await service.due(session)]
    for broadcast_id, upload in due:
        try:
            if upload and not await _upload_photo(bot, settings, broadcast_id):
                continue  # Telegram unreachable: tried again at the next run
            async with session_scope() as session:
                started = await service.start(session, broadcast_id)
        except Exception:
            # One broadcast's trouble must not hold up the others; it stays
            # scheduled (its transaction rolled back) and is tried again.
            log.exception("broadcast %d could not be started", broadcast_id)
            continue
        if started is not None:
            log.info("broadcast %d started: %d messages queued", broadcast_id, started)
    async with session_scope() as session:
        for bc in await service.settle(session):
            log.info("broadcast %d settled", bc.id)


async def _upload_photo(bot: Any, settings: Settings, broadcast_id: int) -> bool:
    """Upload a command-line photo once; its file_id then goes to every farmer.

    It is sent to the broadcast's sender, or else to the first admin, as a copy
    of the notice (in their language: an English admin read the Chinese one): Telegram
    gives a file_id only for a photo sent to some chat.
    """
    async with session_scope() as session:
        bc = await service.get(session, broadcast_id)
        if bc is None or bc.photo_data is None:
            return True
        name = await service.station_name(session, bc.station_id)
        data, text = bc.photo_data, bc.text
        chats = [c for c in (bc.sender_id, *settings.admin_ids) if c is not None]
        people = [await get_user(session, chat_id) for chat_id in chats]
        default = settings.default_language
        languages = [person.language if person is not None else default for person in people]
    for chat_id, lang in zip(chats, languages, strict=True):
        try:
            sent = await bot.send_photo(
                chat_id,
                data,
                caption=words.notice(lang, name, text)[: words.MAX_CAPTION_TEXT + 100],
            )
        except (BadRequest, Forbidden) as exc:
            # This chat refuses (blocked the bot, never started it): try the next.
            # (Before NetworkError: PTB's BadRequest is one.)
            log.warning(
                "broadcast %d: could not upload its photo to %d: %s", broadcast_id, chat_id, exc
            )
            continue
        except (NetworkError, RetryAfter) as exc:
            # Telegram unreachable or busy: the next run tries again.
            log.warning("broadcast %d: photo upload failed for now: %s", broadcast_id, exc)
            return False
        except TelegramError as exc:  # anything else Telegram says: the next chat
            log.warning(
                "broadcast %d: could not upload its photo to %d: %s", broadcast_id, chat_id, exc
            )
            continue
        async with session_scope() as session:
            await service.set_photo(session, broadcast_id, sent.photo[-1].file_id)
        return True
    log.warning(
        "broadcast %d: no chat took its photo (a sender or an admin must have started the "
        "bot); sent without it",
        broadcast_id,
    )
    async with session_scope() as session:
        await service.set_photo(session, broadcast_id, None)
    return True
