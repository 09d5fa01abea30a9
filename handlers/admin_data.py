"""Admins keep the data current from the chat: upload a file, preview, apply, /undo.

The domain is bot.admindata (Telegram-free); here the document is downloaded,
the guard asked, and the outcome rendered (handlers/render/admin_data.py).
Farmers who send a file are told what FarmHub reads, as before; staff get the
guard's refusal.
"""

from __future__ import annotations

from pathlib import PurePath

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.admindata import exports, previews, uploads
from bot.core.clock import local_today
from bot.core.i18n import t
from bot.imports import MAX_FILE_BYTES, MAX_FILE_MB, MAX_ROWS, SUFFIXES
from bot.models.users import Role
from handlers import fallback, pending
from handlers.common import incoming, press, register_visitor, remove_buttons, settings_of
from handlers.guards import require
from handlers.render import admin_data as view


async def document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A file sent in a private chat: an admin's upload is previewed; anyone else is told."""
    message, user = await incoming(update, context)
    lang = user.language
    sent = message.document
    if sent is None:
        return
    if user.role is Role.farmer:
        # As before any upload existed: a farmer is told what FarmHub reads.
        await fallback.non_text(update, context)
        return
    if not await require(update, user, Role.admin):
        return
    name = sent.file_name or "upload"
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUFFIXES:
        await message.reply_text(t(lang, "admindata.wrong_type", suffix=suffix or name))
        return
    if (sent.file_size or 0) > MAX_FILE_BYTES:
        # Refused before it is downloaded: Telegram says the size.
        await message.reply_text(
            t(
                lang,
                "admindata.too_big",
                size=f"{(sent.file_size or 0) / 1024 / 1024:.1f}",
                mb=MAX_FILE_MB,
                max_rows=f"{MAX_ROWS:,}",
            )
        )
        return
    try:
        data = bytes(await (await sent.get_file()).download_as_bytearray())
    except TelegramError:
        await message.reply_text(t(lang, "admindata.download_failed"))
        return
    today = local_today(settings_of(context).tz)
    preview = await uploads.receive(user.telegram_id, name, data, today)
    await _show(message, lang, preview)


async def _show(message: Message, lang: str, preview: previews.Preview) -> None:
    await message.reply_text(
        view.preview_text(lang, preview), reply_markup=view.preview_keyboard(lang, preview)
    )
    if preview.errors:
        name, data = view.report(lang, preview.file_name, preview.errors)
        await message.reply_document(
            data,
            filename=name,
            caption=t(
                lang, "admindata.report_caption", file=preview.file_name, count=len(preview.errors)
            ),
        )


async def kind_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The admin said which kind of data the file is: preview it as that."""
    query, user = await press(update, context)
    if not await require(update, user, Role.admin):
        return
    button = view.UploadKind.parse(query.data)
    assert button is not None  # the pattern matched
    today = local_today(settings_of(context).tz)
    preview = await uploads.choose_kind(user.telegram_id, button.upload_id, button.kind, today)
    if preview is None:
        await query.answer(t(user.language, "admindata.gone"), show_alert=True)
        return
    await query.answer()
    await remove_buttons(query)
    if isinstance(query.message, Message):
        await _show(query.message, user.language, preview)


async def apply_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """✅ under a preview (➕ creating a /price's new market, ⚠️ despite its warnings): apply
    the kept file at once."""
    query, _ = await press(update, context)
    assert query.data is not None
    await _apply(update, context, query.data)


async def _apply(update: Update, context: ContextTypes.DEFAULT_TYPE, data: str) -> None:
    """The ✅'s work, pressed or typed (/kb add's preview, 对): its data checked as a press's."""
    user = await register_visitor(update, context)
    if not await require(update, user, Role.admin):
        return
    button = view.ApplyUpload.parse(data)
    assert button is not None
    today = local_today(settings_of(context).tz)
    applied = await uploads.apply(
        user.telegram_id,
        button.upload_id,
        today,
        new_markets=bool(button.new_markets),
        anyway=bool(button.anyway),
    )
    if applied is None:
        await _say(update, await _gone(user.telegram_id, button.upload_id, user.language))
        return
    await _done(update, view.applied_text(user.language, applied))


async def _gone(user_id: int, upload_id: int, lang: str) -> str:
    # A /price replaced or saved already is spoken of as the price, not as a file.
    typed = await uploads.is_typed_price(user_id, upload_id)
    return t(lang, "price.gone" if typed else "admindata.gone")


async def _say(update: Update, text: str) -> None:
    """Why not: a popup for a press, a reply to typed words."""
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text)


async def _done(update: Update, text: str) -> None:
    """What was done: the pressed buttons removed and said under the preview, or replied."""
    query = update.callback_query
    if query is not None:
        await query.answer()
        await remove_buttons(query)
    message = update.effective_message
    if isinstance(message, Message):
        await message.reply_text(text)


async def cancel_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """✖ under a preview: forget the file."""
    query, _ = await press(update, context)
    button = view.CancelUpload.parse(query.data)
    assert button is not None
    await _cancel(update, context, button.upload_id)


async def _cancel(update: Update, context: ContextTypes.DEFAULT_TYPE, upload_id: int) -> None:
    """The ✖'s work, pressed or typed (不, no): the file forgotten."""
    user = await register_visitor(update, context)
    if not await require(update, user, Role.admin):
        return
    if not await uploads.cancel(user.telegram_id, upload_id):
        await _say(update, await _gone(user.telegram_id, upload_id, user.language))
        return
    await _done(update, t(user.language, "admindata.cancelled"))


async def _cancel_typed(update: Update, context: ContextTypes.DEFAULT_TYPE, data: str) -> None:
    button = view.ApplyUpload.parse(data)
    if button is not None:
        await _cancel(update, context, button.upload_id)


# A typed entry's preview (/kb add) answered in words: 对 / 确认 / yes as its ✅, 不 / no as ✖.
APPLY = pending.Question(pending.key("upload_asked"), _apply, _cancel_typed)


async def undo_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/undo (admins): revert this admin's last apply exactly, sending nothing again."""
    message, user = await incoming(update, context)
    if not await require(update, user, Role.admin):
        return
    undone = await uploads.undo(user.telegram_id)
    tz = settings_of(context).tz
    await message.reply_text(view.undone_text(user.language, undone, tz))


async def export_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/export kb|prices|stations|demand [csv] (admins): the current data as a file."""
    message, user = await incoming(update, context)
    if not await require(update, user, Role.admin):
        return
    words = [w.lower() for w in (context.args or [])]
    kind = words[0] if words else ""
    suffix = ".csv" if "csv" in words[1:] else ".xlsx"
    if kind not in exports.EXPORT_KINDS:
        await message.reply_text(t(user.language, "export.usage"))
        return
    settings = settings_of(context)
    stamp = local_today(settings.tz).strftime("%Y%m%d")
    done = await exports.export(kind, suffix, stamp)
    await message.reply_document(
        done.data,
        filename=done.file_name,
        caption=t(
            user.language,
            "export.caption",
            kind=view.kind_name(user.language, kind),
            records=done.records,
            file=done.file_name,
        ),
    )
