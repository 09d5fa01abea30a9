"""/start, /help and /language: registration, the main menu and the language switch."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.bookings import queries
from bot.core.clock import utcnow
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.listings import farmer_offers
from bot.markets.supply import drop_recent_draft
from bot.models.users import User
from bot.users import get_user
from handlers import render, roles
from handlers.bookings.base import now_of
from handlers.bookings.mine import my_bookings
from handlers.common import FarmContext, register_visitor
from handlers.language import offer_languages, switch_pressed, switch_said
from handlers.listings import send_list
from handlers.render.bookings import keep_words


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Register (or refresh) the user and greet them with the main menu (and their role's part).

    A deep link's payload may be an invitation (handlers/roles.py `on_start`);
    whatever it says, the normal welcome follows.
    """
    user = await register_visitor(update, context)
    message = update.effective_message
    if message is None:
        return
    note = await roles.on_start(update, context, user)
    user = await _fresh(context, user)
    if note:
        await message.reply_text(note)
    addition = await roles.start_text(user)
    # Staff and admins: what they can do, not the farmers' welcome (blind test).
    greeting = t(
        user.language, "start.greeting_work" if addition else "start.greeting", name=user.name
    )
    await message.reply_text(
        f"{greeting}\n\n{addition}" if addition else greeting,
        reply_markup=render.main_menu(user.language, user.role),
    )


async def _fresh(context: ContextTypes.DEFAULT_TYPE, user: User) -> User:
    """The user as stored now (an invitation may just have changed their role)."""
    async with session_scope() as session:
        fresh = await get_user(session, user.telegram_id)
    if fresh is None:
        return user
    if isinstance(context, FarmContext):
        context.visitor = fresh
    return fresh


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain what to type, with examples (and the commands of the user's role)."""
    user = await register_visitor(update, context)
    if update.effective_message is not None:
        await update.effective_message.reply_text(
            await roles.help_text(user), reply_markup=render.main_menu(user.language, user.role)
        )


async def language_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer the two languages as buttons."""
    await offer_languages(update, context)


async def language_said(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "English please", "change language", 说中文: switched at once, with one tap to undo
    (handlers/language.py), then the bottom menu in the new language with one line saying
    /help lists everything (not the whole help: the farmer asked for a language).

    Switching at once (not asking "which language?") is what an older farmer expects after
    saying which one they want; the undo button, labelled in the language they leave, is
    there for a mistake.
    """
    user = await switch_said(update, context)
    message = update.effective_message
    if user is not None and message is not None:
        await message.reply_text(
            t(user.language, "language.menu_ready"),
            reply_markup=render.main_menu(user.language, user.role),
        )


async def language_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Store the chosen language, then the menu in it and where the rest is (not the whole
    help again: the user asked for a language)."""
    user = await switch_pressed(update, context)
    query = update.callback_query
    if user is not None and query is not None and query.message is not None:
        await context.bot.send_message(
            query.message.chat.id,
            t(user.language, "language.menu_ready"),
            reply_markup=render.main_menu(user.language, user.role),
        )


async def nothing_to_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/cancel or 取消 outside any conversation: the sale being written (我要卖洋芋, then 算了)
    is dropped; else a farmer's coming bookings, each with its cancel button (what a farmer
    who cannot come means), else their sale listings, each with its withdraw button (不卖了
    from a farmer with produce listed), or else that nothing is going on. 不改了 changes
    nothing and offers to cancel nothing."""
    user = await register_visitor(update, context)
    message = update.effective_message
    if message is None:
        return
    lang = user.language
    if (message.text or "").strip() in keep_words():
        # "Don't change it" is no wish to cancel a booking: said back, nothing offered.
        await message.reply_text(
            t(lang, "cancel.nothing_changed"), reply_markup=render.main_menu(lang, user.role)
        )
        return
    async with session_scope() as session:
        # The sale the farmer is writing is what 算了 / 不卖了 call off (its draft waits for
        # the amount or ✅ outside any conversation): "nothing to cancel" would be untrue.
        dropped = await drop_recent_draft(session, user.telegram_id, utcnow())
        coming = (
            []
            if dropped
            else await queries.farmer_bookings(session, user.telegram_id, now_of(context).date())
        )
        listed = [] if coming or dropped else await farmer_offers(session, user.telegram_id)
    if dropped is not None:
        await message.reply_text(
            t(lang, "supply.cancelled"), reply_markup=render.main_menu(lang, user.role)
        )
        return
    if coming:
        await message.reply_text(t(user.language, "cancel.which_booking"))
        await my_bookings(update, context)
        return
    if listed:
        header = t(user.language, "cancel.which_listing")
        await send_list(context, message.chat_id, user.language, listed, header)
        return
    await message.reply_text(
        t(user.language, "cancel.nothing"), reply_markup=render.main_menu(user.language, user.role)
    )
