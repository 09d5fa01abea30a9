"""The staff's composer: write a notice, choose its audience, preview it, send it or time it.

Staff (and admins): `/broadcast`, the 📢 button or typed "通知所有农户：…" → the
notice (text, or a photo with a caption) → the audience (their station's
farmers, those within 5/10/20 km, a product's; admins also everyone, every
station's, or a chosen station's) → a preview with the exact number of farmers
and the notice as they will see it → send now, or at a typed time (明天8点) →
confirm. The role is checked again on every update and every button, and the
audience against the sender's own station when the notice is stored.

"""

from __future__ import annotations

import logging
import re
import uuid
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Message, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.broadcasts import service
from bot.broadcasts import text as words
from bot.broadcasts.audience import Audience, AudienceError, recipients
from bot.core.clock import local_now
from bot.core.db import session_scope
from bot.core.i18n import all_labels, t
from bot.models.broadcasts import AudienceKind, BroadcastStatus
from bot.models.users import Role, User
from handlers.broadcasts import closing
from handlers.common import incoming, press, register_visitor, remove_buttons, settings_of
from handlers.guards import require
from handlers.leave import leave_handler, with_leave
from handlers.render import broadcasts as view
from handlers.timeouts import TimedConversation
from knowledge.text.dates import read_later, relative_days, with_days_written
from knowledge.text.staff_words import staff_words
from knowledge.text.yesno import says_yes

log = logging.getLogger(__name__)

CONVERSATION = "broadcast"
DRAFT = "broadcast_draft"  # user_data: the notice being composed
# State names are stored by persistence: strings, not numbers.
WAIT_TEXT = "bc_text"
WAIT_AUDIENCE = "bc_audience"
WAIT_PRODUCT = "bc_product"
WAIT_PREVIEW = "bc_preview"
WAIT_TIME = "bc_time"
WAIT_CONFIRM = "bc_confirm"
TIMEOUT_S = 30 * 60
END = ConversationHandler.END
# "📢 发通知" (in any language) or "发通知" alone starts the composer.
START_WORDS = re.compile(
    "^\\s*(?:"
    + "|".join(re.escape(label) for label in sorted(all_labels("broadcasts.menu_button")))
    + "|发通知|发个通知|群发通知|send a notice)\\s*$",
    re.IGNORECASE,
)
# "通知所有农户：明天下雨…": the notice typed with its first words.
# Also said without the colon (给大家发个通知 明天上午停电 不收货: sandbox walk, read as closing
# the round, which tells only those booked), and in English (send everyone a notice: …).
TYPED_NOTICE = re.compile(
    r"^\s*(?:(?:请|帮我)?(?:给|跟|向)?(?:所有|全体|各位)?(?:农户|大家|乡亲们?|老乡们?)(?:们)?"
    r"(?:发|群发)(?:个|一个|一条|一下)?通知(?:一下)?"
    r"|通知(?:一下)?(?:所有|全体|各位)?(?:农户|大家|乡亲们?|老乡们?)(?:们)?(?:一下|一声)?"
    r"|(?:发|群发)(?:个|一个|一条)?通知|群发)\s*(?:[:：,，]\s*|\s+)(\S.*)$"
    # 通知：明天上午不收货 (blind walk: it started closing the round).
    r"|^\s*(?:通知|公告|notice)\s*[:：]\s*(\S.*)$"
    r"|^\s*(?:send|tell|notify)\s+(?:a notice to\s+)?(?:everyone|all(?: the)? farmers|all)"
    r"(?:\s+a notice)?\s*:\s*(\S.*)$"
    # send a notice: the station is closed on Tuesday (blind test: a knowledge-base miss),
    # post an announcement to all farmers: …, send out the notice - …
    r"|^\s*(?:please\s+)?(?:send|post|put|give|make)(?:\s+out)?\s+(?:a|an|the)\s+"
    r"(?:notice|announcement)(?:\s+(?:to|for)\s+(?:everyone|everybody|all(?: the)? farmers|all))?"
    r"\s*(?:[:：]|\s-)\s*(\S.*)$",
    re.DOTALL | re.IGNORECASE,
)
ADMIN_KINDS = (AudienceKind.all, AudienceKind.stations)


# ---------------------------------------------------------------- helpers


async def staff_only(update: Update, context: ContextTypes.DEFAULT_TYPE) -> User | None:
    """The sender when they may broadcast (staff of a station, or an admin); else refused."""
    user = await register_visitor(update, context)
    return user if await require(update, user, Role.staff) else None


def _draft(context: ContextTypes.DEFAULT_TYPE) -> dict[str, Any] | None:
    data = context.user_data
    draft = data.get(DRAFT) if data is not None else None
    return draft if isinstance(draft, dict) else None


def _forget(context: ContextTypes.DEFAULT_TYPE) -> None:
    if context.user_data is not None:
        context.user_data.pop(DRAFT, None)


async def say(update: Update, text: str, **kwargs: Any) -> Message | None:
    """Send `text` to the update's chat (a button press has no message to reply to)."""
    chat = update.effective_chat
    return await chat.send_message(text, **kwargs) if chat is not None else None


def _audience(draft: dict[str, Any]) -> Audience:
    return Audience(
        AudienceKind(draft["kind"]),
        draft.get("audience_station"),
        draft.get("radius_km"),
        draft.get("product"),
    )


def error(lang: str, exc: service.BroadcastError | AudienceError) -> str:
    """A domain refusal in the sender's language."""
    return t(lang, f"broadcasts.error.{exc.code}", **exc.params)


# ---------------------------------------------------------------- composing


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """/broadcast, 📢 or "通知所有农户：…": staff only; ask for the notice (unless typed)."""
    message, _ = await incoming(update, context)
    user = await staff_only(update, context)
    if user is None:
        return END
    raw = message.text or ""
    typed = TYPED_NOTICE.match(raw)
    said = [group for group in typed.groups() if group] if typed else []
    text = said[0] if said else " ".join(context.args or [])
    if context.user_data is not None:
        context.user_data[DRAFT] = {"text": "", "id": uuid.uuid4().hex}
    if text.strip():
        return await _take_text(update, context, user, text, None)
    await message.reply_text(
        t(user.language, "broadcasts.ask_text"), reply_markup=view.drop_keyboard(user.language)
    )
    return WAIT_TEXT


async def text_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """The notice: text, or a photo with its caption."""
    message, _ = await incoming(update, context)
    user = await staff_only(update, context)
    if user is None:
        return END
    photo = message.photo[-1].file_id if message.photo else None
    return await _take_text(update, context, user, message.text or message.caption or "", photo)


async def _take_text(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    user: User,
    text: str,
    photo: str | None,
) -> str | int:
    lang = user.language
    try:
        cleaned = service.check_text(text, photo=photo is not None)
    except service.BroadcastError as exc:
        await say(update, error(lang, exc))
        return WAIT_TEXT
    draft = _draft(context)
    if draft is None:
        return END
    draft.update(text=cleaned, photo=photo)
    await say(
        update,
        t(lang, "broadcasts.ask_audience"),
        reply_markup=view.audience_keyboard(
            lang, has_station=user.station_id is not None, admin=user.role is Role.admin
        ),
    )
    return WAIT_AUDIENCE


async def audience_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """An audience button: the station's, near it, a product's, or (admins) more."""
    query, _ = await press(update, context)
    user = await staff_only(update, context)
    choice = view.Choose.parse(query.data)
    draft = _draft(context)
    if user is None or choice is None:
        return END
    if draft is None:
        await query.answer(t(user.language, "broadcasts.expired"), show_alert=True)
        return END
    lang = user.language
    kind = view.kind_of(choice.kind)
    if choice.kind == "pick" or kind in ADMIN_KINDS:
        if not await require(update, user, Role.admin):
            return WAIT_AUDIENCE
    await query.answer()
    if choice.kind == "pick":
        async with session_scope() as session:
            stations = await service.active_stations(session)
        await say(
            update,
            t(lang, "broadcasts.ask_station"),
            reply_markup=view.stations_keyboard(lang, stations),
        )
        return WAIT_AUDIENCE
    if kind is AudienceKind.product:
        draft.update(kind=kind.value)
        await say(update, t(lang, "broadcasts.ask_product"), reply_markup=view.drop_keyboard(lang))
        return WAIT_PRODUCT
    if kind in (AudienceKind.station, AudienceKind.radius):
        if user.station_id is None or (kind is AudienceKind.radius and choice.km not in view.RADII):
            return WAIT_AUDIENCE  # not offered to this sender: forged
        draft.update(
            kind=kind.value,
            audience_station=user.station_id,
            station_id=user.station_id,
            radius_km=float(choice.km) if kind is AudienceKind.radius else None,
        )
    elif kind in ADMIN_KINDS:
        draft.update(kind=kind.value, audience_station=None, station_id=None, radius_km=None)
    else:
        return WAIT_AUDIENCE
    return await _preview(update, context, user, draft)


async def station_picked(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """Admins: the chosen station's farmers."""
    query, user = await press(update, context)
    picked = view.PickStation.parse(query.data)
    draft = _draft(context)
    if picked is None or not await require(update, user, Role.admin):
        return WAIT_AUDIENCE
    if draft is None:
        await query.answer(t(user.language, "broadcasts.expired"), show_alert=True)
        return END
    await query.answer()
    draft.update(
        kind=AudienceKind.station.value,
        audience_station=picked.station_id,
        station_id=picked.station_id,
        radius_km=None,
    )
    return await _preview(update, context, user, draft)


async def product_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """The product whose farmers get the notice (staff: their station's farmers of it)."""
    message, _ = await incoming(update, context)
    user = await staff_only(update, context)
    draft = _draft(context)
    if user is None or draft is None:
        return END
    # Staff speak for their station; an admin's product notice is the county's.
    station = None if user.role is Role.admin else user.station_id
    draft.update(
        kind=AudienceKind.product.value,
        product=(message.text or "").strip(),
        audience_station=station,
        station_id=station,
        radius_km=None,
    )
    return await _preview(update, context, user, draft)


async def _preview(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, draft: dict[str, Any]
) -> str | int:
    lang = user.language
    audience = _audience(draft)
    async with session_scope() as session:
        try:
            service.audience_allowed(audience, user.station_id, user.role is Role.admin)
            audience = await service.canonical(session, audience)
            draft["product"] = audience.product
            people = await recipients(session, audience)
            readers, n = [person.language for person in people], len(people)
            groups = len(await service.groups_of(session, audience))
        except (service.BroadcastError, AudienceError) as exc:
            await say(update, error(lang, exc))
            return WAIT_PRODUCT if audience.kind is AudienceKind.product else WAIT_AUDIENCE
        name = await service.station_name(session, draft.get("station_id"))
        label = words.audience_label(
            lang, words.draft_stub(draft), await service.station_name(session, audience.station_id)
        )
    if n == 0 and groups == 0:
        await say(
            update,
            t(lang, "broadcasts.nobody"),
            reply_markup=view.audience_keyboard(
                lang, has_station=user.station_id is not None, admin=user.role is Role.admin
            ),
        )
        return WAIT_AUDIENCE
    draft["planned"] = n
    # As the farmers read it (📢 …通知 in their language), and said when they read another.
    notice, warning = words.for_readers(lang, name, draft["text"], readers)
    text = view.preview(lang, n, label, notice, photo=bool(draft.get("photo")), groups=groups)
    text += warning
    # A round of the station called off (明天上午停电): what it holds, and closing it too.
    now = local_now(settings_of(context).tz)
    rounds = await closing.named_rounds(user, draft, now)
    if rounds:
        text += "\n\n" + view.rounds_warning(lang, rounds, now.date())
        text += closing.preview_note(lang, rounds, {p.chat_id for p in people}, draft)
    keyboard = view.preview_keyboard(lang, rounds)
    chat = update.effective_chat
    assert chat is not None
    if draft.get("photo") and len(text) <= 1024:
        await chat.send_photo(draft["photo"], caption=text, reply_markup=keyboard)
    else:
        await chat.send_message(text, reply_markup=keyboard)
    return WAIT_PREVIEW


async def send_now(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """✅ Send now: store it and queue one message per farmer, in one unit of work."""
    query, _ = await press(update, context)
    user = await staff_only(update, context)
    if user is None:
        return END
    await query.answer()
    await remove_buttons(query)
    return await _create(update, context, user, None)


async def send_closing(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """📢 Send (or confirm the timed notice) and close now the round(s) the notice calls off."""
    query, _ = await press(update, context)
    user = await staff_only(update, context)
    draft = _draft(context)
    if user is None:
        return END
    if draft is None or not closing.pressed_in_draft(query.data, draft):
        await query.answer(t(user.language, "broadcasts.expired"), show_alert=True)
        return END
    await query.answer()
    await remove_buttons(query)
    await closing.close_named(update, context, draft)
    raw = draft.get("send_at")
    return await _create(update, context, user, datetime.fromisoformat(raw) if raw else None)


async def send_later(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """⏰ Send later: ask when."""
    query, _ = await press(update, context)
    user = await staff_only(update, context)
    if user is None:
        return END
    await query.answer()
    await remove_buttons(query)
    await say(
        update,
        t(user.language, "broadcasts.ask_time"),
        reply_markup=view.drop_keyboard(user.language),
    )
    return WAIT_TIME


async def time_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """When to send: 明天8点, 2026-06-11 08:00 (现在: at once)."""
    message, _ = await incoming(update, context)
    user = await staff_only(update, context)
    draft = _draft(context)
    if user is None or draft is None:
        return END
    lang = user.language
    tz = settings_of(context).tz
    # At "确认吗？" a typed yes is the ✅ (final blind walk: 确认 was 「没看懂这个时间」).
    if draft.get("send_at") and says_yes(message.text or ""):
        return await _create(update, context, user, datetime.fromisoformat(draft["send_at"]))
    try:
        when = words.parse_when(message.text or "", local_now(tz))
    except words.WhenError as exc:
        await message.reply_text(
            t(lang, f"broadcasts.{'past_time' if exc.code == 'past' else 'bad_time'}")
        )
        return WAIT_TIME
    if when is None:
        return await _create(update, context, user, None)
    draft["send_at"] = when.isoformat()
    return await _ask_confirm(update, user, draft, when, tz)


async def _ask_confirm(
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
        chat_ids = {person.chat_id for person in await recipients(session, _audience(draft))}
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
    query, _ = await press(update, context)
    user = await staff_only(update, context)
    draft = _draft(context)
    if user is None:
        return END
    if draft is None or not draft.get("send_at"):
        await query.answer(t(user.language, "broadcasts.expired"), show_alert=True)
        return END
    await query.answer()
    await remove_buttons(query)
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
    return await _ask_confirm(update, user, draft, datetime.fromisoformat(draft["send_at"]), tz)


async def confirm_later(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """✅ Confirm the timed notice."""
    query, _ = await press(update, context)
    user = await staff_only(update, context)
    draft = _draft(context)
    if user is None:
        return END
    await query.answer()
    await remove_buttons(query)
    raw = draft.get("send_at") if draft else None
    return await _create(update, context, user, datetime.fromisoformat(raw) if raw else None)


async def _create(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, send_at: datetime | None
) -> int:
    draft = _draft(context)
    lang = user.language
    if draft is None or "kind" not in draft:
        await say(update, t(lang, "broadcasts.expired"))
        return END
    audience = _audience(draft)
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
            _forget(context)
            return END
        broadcast_id, planned = bc.id, bc.planned
        # Booked in a round closed with it: told in the closing's message, counted too.
        closed = await service.told_among(session, audience, draft.get("id"))
        # Started with nobody left to send to (they opted out meanwhile): said, not "sent".
        nobody = bc.status is BroadcastStatus.done and bc.run_id is None
    _forget(context)
    if nobody and not closed:
        await say(update, t(lang, "broadcasts.sent_nobody", id=broadcast_id))
    else:
        when = words.when_label(lang, send_at, local_now(tz)) if send_at else None
        await say(update, closing.done_text(lang, planned, closed, draft, broadcast_id, when))
    return END


async def drop(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """❌ or /cancel: the draft is dropped."""
    user = await register_visitor(update, context)
    if update.callback_query is not None:
        await update.callback_query.answer()
        await remove_buttons(update.callback_query)
    _forget(context)
    await say(update, t(user.language, "broadcasts.dropped"))
    return END


def _left(context: ContextTypes.DEFAULT_TYPE) -> None:
    _forget(context)


def _leave_at_time() -> MessageHandler[Any, Any]:
    """The composer's way out where a time is asked: a staff errand said instead."""
    return leave_handler(
        CONVERSATION,
        "broadcasts.left",
        intents=False,
        on_leave=_left,
        asks=lambda text: staff_words(text) is not None,
    )


def conversation() -> ConversationHandler[Any]:
    """The composer, kept across restarts; a menu button or command leaves it."""
    text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    buttons = [CallbackQueryHandler(drop, pattern=view.Drop.matches)]
    return TimedConversation(
        entry_points=[
            CommandHandler("broadcast", start),
            MessageHandler(filters.UpdateType.MESSAGE & filters.Regex(START_WORDS), start),
            MessageHandler(filters.UpdateType.MESSAGE & filters.Regex(TYPED_NOTICE), start),
        ],
        # Any text is the notice (or the product, the time): only a command or a
        # menu button leaves, dropping the draft.
        states=with_leave(
            {
                WAIT_TEXT: [
                    MessageHandler(text | (filters.UpdateType.MESSAGE & filters.PHOTO), text_typed),
                    *buttons,
                ],
                WAIT_AUDIENCE: [
                    CallbackQueryHandler(audience_chosen, pattern=view.Choose.matches),
                    CallbackQueryHandler(station_picked, pattern=view.PickStation.matches),
                    *buttons,
                ],
                WAIT_PRODUCT: [
                    MessageHandler(text, product_typed),
                    CallbackQueryHandler(audience_chosen, pattern=view.Choose.matches),
                    *buttons,
                ],
                WAIT_PREVIEW: [
                    CallbackQueryHandler(send_now, pattern=view.SendNow.matches),
                    CallbackQueryHandler(send_closing, pattern=view.SendClosing.matches),
                    CallbackQueryHandler(send_later, pattern=view.SendLater.matches),
                    CallbackQueryHandler(audience_chosen, pattern=view.Choose.matches),
                    CallbackQueryHandler(station_picked, pattern=view.PickStation.matches),
                    *buttons,
                ],
                WAIT_TIME: [MessageHandler(text, time_typed), *buttons],
                WAIT_CONFIRM: [
                    CallbackQueryHandler(confirm_later, pattern=view.ConfirmLater.matches),
                    CallbackQueryHandler(send_closing, pattern=view.SendClosing.matches),
                    CallbackQueryHandler(write_dates, pattern=view.WriteDates.matches),
                    MessageHandler(text, time_typed),
                    *buttons,
                ],
            },
            leave_handler(CONVERSATION, "broadcasts.left", intents=False, on_leave=_left),
            # Where a time is asked, the station's own words (明天下午下雨 关了, 明天下午重新
            # 开放) leave the draft (blind walk: 「没看懂这个时间」 each time, no way out said).
            {WAIT_TIME: _leave_at_time(), WAIT_CONFIRM: _leave_at_time()},
        ),
        fallbacks=[CommandHandler("cancel", drop)],
        name=CONVERSATION,
        persistent=True,
        allow_reentry=True,
        timeout=timedelta(seconds=TIMEOUT_S),
    )
