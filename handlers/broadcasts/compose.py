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

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.broadcasts import service
from bot.core.clock import local_now
from bot.core.i18n import all_labels, t
from bot.models.users import Role, User
from handlers.broadcasts.draft import (
    CONVERSATION,
    DRAFT,
    END,
    TIMEOUT_S,
    WAIT_AUDIENCE,
    WAIT_CONFIRM,
    WAIT_PREVIEW,
    WAIT_PRODUCT,
    WAIT_TEXT,
    WAIT_TIME,
    draft_of,
    error,
    forget,
    say,
    staff_only,
)
from handlers.broadcasts.recipients import (
    audience_chosen,
    product_typed,
    show_preview,
    station_picked,
)
from handlers.broadcasts.sending import (
    ask_confirm,
    confirm_later,
    send_closing,
    send_later,
    send_now,
    time_typed,
    write_dates,
)
from handlers.common import incoming, register_visitor, remove_buttons, settings_of
from handlers.language import with_language
from handlers.leave import leave_handler, with_leave
from handlers.render import broadcasts as view
from handlers.timeouts import TimedConversation
from knowledge.text.staff_words import staff_words

log = logging.getLogger(__name__)

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
    draft = draft_of(context)
    if photo is None and draft is not None and draft.get("photo_waits"):
        photo = draft["photo"]  # the words asked for the photo sent before
    return await _take_text(update, context, user, message.text or message.caption or "", photo)


async def photo_alone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """⏭ 不用写字: the photo sent without words goes alone."""
    query = update.callback_query
    user = await staff_only(update, context)
    if query is not None:
        await query.answer()
        await remove_buttons(query)
    draft = draft_of(context)
    if user is None or draft is None or not draft.get("photo"):
        return END
    return await _take_text(update, context, user, "", draft["photo"], alone=True)


async def _take_text(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    user: User,
    text: str,
    photo: str | None,
    *,
    alone: bool = False,
) -> str | int:
    lang = user.language
    try:
        cleaned = service.check_text(text, photo=photo is not None)
    except service.BroadcastError as exc:
        await say(update, error(lang, exc))
        return WAIT_TEXT
    draft = draft_of(context)
    if draft is None:
        return END
    if photo is not None and not cleaned and not alone:
        # A photo without a caption (blind walk: a notice of a photo and no words went out,
        # listed blank): its words are asked, the photo kept; ⏭ sends it alone.
        draft.update(text="", photo=photo, photo_waits=True)
        await say(
            update, t(lang, "broadcasts.ask_caption"), reply_markup=view.caption_keyboard(lang)
        )
        return WAIT_TEXT
    draft.update(text=cleaned, photo=photo, photo_waits=False)
    await say(
        update,
        t(lang, "broadcasts.ask_audience"),
        reply_markup=view.audience_keyboard(
            lang, has_station=user.station_id is not None, admin=user.role is Role.admin
        ),
    )
    return WAIT_AUDIENCE


async def drop(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """❌ or /cancel: the draft is dropped."""
    user = await register_visitor(update, context)
    if update.callback_query is not None:
        await update.callback_query.answer()
        await remove_buttons(update.callback_query)
    forget(context)
    await say(update, t(user.language, "broadcasts.dropped"))
    return END


async def ask_again(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, state: object
) -> str | int:
    """After a language switch at `state` ("English please", /language): the same step asked
    again in the new language, the draft kept (it was dropped, or its text taken for the
    notice): the notice, its audience, the product, the preview, the time or its ✅."""
    if await staff_only(update, context) is None:
        return END
    lang, draft = user.language, draft_of(context)
    if draft is None:
        return END
    if state == WAIT_TEXT and draft.get("photo_waits"):
        await say(
            update, t(lang, "broadcasts.ask_caption"), reply_markup=view.caption_keyboard(lang)
        )
        return WAIT_TEXT
    if state == WAIT_TEXT or not (draft.get("text") or draft.get("photo")):
        await say(update, t(lang, "broadcasts.ask_text"), reply_markup=view.drop_keyboard(lang))
        return WAIT_TEXT
    if state == WAIT_PRODUCT:
        await say(update, t(lang, "broadcasts.ask_product"), reply_markup=view.drop_keyboard(lang))
        return WAIT_PRODUCT
    if state == WAIT_TIME:
        today = local_now(settings_of(context).tz).date()
        await say(update, view.ask_time(lang, today), reply_markup=view.drop_keyboard(lang))
        return WAIT_TIME
    if state == WAIT_CONFIRM and draft.get("send_at"):
        tz = settings_of(context).tz
        return await ask_confirm(update, user, draft, datetime.fromisoformat(draft["send_at"]), tz)
    if state in (WAIT_PREVIEW, WAIT_CONFIRM) and draft.get("kind"):
        return await show_preview(update, context, user, draft)
    await say(
        update,
        t(lang, "broadcasts.ask_audience"),
        reply_markup=view.audience_keyboard(
            lang, has_station=user.station_id is not None, admin=user.role is Role.admin
        ),
    )
    return WAIT_AUDIENCE


def _left(context: ContextTypes.DEFAULT_TYPE) -> None:
    forget(context)


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
        # "English please" / 说中文 / /language at any step: the step again in it (ask_again).
        states=with_language(
            with_leave(
                {
                    WAIT_TEXT: [
                        MessageHandler(
                            text | (filters.UpdateType.MESSAGE & filters.PHOTO), text_typed
                        ),
                        CallbackQueryHandler(photo_alone, pattern=view.PhotoAlone.matches),
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
            ask_again,
        ),
        fallbacks=[CommandHandler("cancel", drop)],
        name=CONVERSATION,
        persistent=True,
        allow_reentry=True,
        timeout=timedelta(seconds=TIMEOUT_S),
    )
