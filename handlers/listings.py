"""我的卖货登记: a farmer's own open sale listings, and withdrawing one.

Typed (我的卖货登记, 我登记了哪些, "my listings"; 我的大葱不卖了, 大葱卖掉了不用登记了,
"withdraw my onion listing": Kind.my_offers) or pressed (📋 under a confirmation
and under the 📦 menu's products). Withdrawing asks first; the press is checked
against the offer's farmer in the service, so forged data changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from telegram import CallbackQuery, Message, Update
from telegram.ext import ContextTypes, filters

from bot.bookings import queries
from bot.core.clock import utcnow
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.listings import change_amount, farmer_offers, own_open_offer, withdraw_offer
from bot.markets.prices import local_today, product_named
from bot.markets.supply import OfferError, OfferView
from bot.models.users import User
from bot.stations.catalogue import catalog
from bot.users import get_user
from handlers import pending, render
from handlers.bookings import mine
from handlers.bookings.base import now_of
from handlers.common import incoming, press, register_visitor, remove_buttons, role_of, settings_of
from handlers.listed_again import CHANGE_ASKED
from handlers.notify import push
from handlers.render import listings as view
from handlers.render import supply as supply_view
from handlers.render.supply import refusal
from handlers.routing import intent_of
from handlers.supply import MAX_QUANTITY_REPLY
from knowledge.kb.questions import staff_of
from knowledge.text.heads import each_weight
from knowledge.text.lexicon import product_label
from knowledge.text.listings import WITHDRAW
from knowledge.text.numbers import Quantity, parse_quantity
from knowledge.text.per_head import herd_noun
from knowledge.text.yesno import says_yes

# user_data: the listing whose "撤回这条登记？" is open (a typed 是 withdraws it: handlers/pending).
WITHDRAW_ASKED = pending.key("withdraw_asked")


async def _station_names(offers: list[OfferView]) -> dict[int, str]:
    """The names of the stations the offers are at (closed ones are left out)."""
    async with session_scope() as session:
        stations = (await catalog(session)).stations
    return {o.station_id: stations[o.station_id].name for o in offers if o.station_id in stations}


async def _has_bookings(context: ContextTypes.DEFAULT_TYPE, farmer_id: int) -> bool:
    async with session_scope() as session:
        return bool(await queries.farmer_bookings(session, farmer_id, now_of(context).date()))


async def send_list(
    context: ContextTypes.DEFAULT_TYPE,
    chat_id: int,
    lang: str,
    offers: list[OfferView],
    header: str | None = None,
) -> None:
    """The farmer's listings (or that there are none), each with its ↩️, in `chat_id`."""
    names = await _station_names(offers)
    today = local_today(settings_of(context).tz)
    for text, markup in view.my_offers(lang, offers, names, today, header):
        await context.bot.send_message(
            chat_id, text, reply_markup=markup or render.main_menu(lang, role_of(context))
        )


async def my_offers(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The farmer's open listings; for a withdrawal, straight to "withdraw it?" when one fits."""
    message, user = await incoming(update, context)
    lang, chat = user.language, message.chat_id
    intent = intent_of(message.text or "")
    withdraw = intent.extras.get("listings") == WITHDRAW
    async with session_scope() as session:
        product = await product_named(session, intent.products[0]) if intent.products else None
        offers = await farmer_offers(session, user.telegram_id)
    if not withdraw:
        await send_list(context, chat, lang, offers)
        return
    if not offers and product is None and await _has_bookings(context, user.telegram_id):
        # 我不想卖了 from a farmer with a pick-up booked and nothing listed: the pick-up.
        await message.reply_text(t(lang, "cancel.which_booking"))
        await mine.my_bookings(update, context)
        return
    # 我的大葱不卖了: the 大葱 listings; none of that product says so, then lists the rest.
    fitting = [o for o in offers if product is None or o.product == product.name]
    if product is not None and not fitting:
        await message.reply_text(
            t(lang, "supply.mine.none_of", product=product_label(lang, product.name))
        )
        if offers:
            await send_list(context, chat, lang, offers)
        return
    if len(fitting) == 1:
        offer = fitting[0]
        pending.remember(update, context, WITHDRAW_ASKED, offer.id)
        sent = await message.reply_text(
            view.withdraw_question(lang, offer), reply_markup=view.withdraw_keyboard(lang, offer.id)
        )
        pending.shown(context, sent)
        return
    header = t(lang, "supply.mine.pick") if fitting else None
    await send_list(context, chat, lang, fitting, header)


async def my_offers_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """📋 我的卖货登记 (ol:ls): the farmer's open listings, in a new message."""
    query, user = await press(update, context)
    await query.answer()
    async with session_scope() as session:
        offers = await farmer_offers(session, user.telegram_id)
    await send_list(context, user.telegram_id, user.language, offers)


async def ask_withdraw(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """↩️ 撤回 (ol:wd:<id>): check it is the farmer's own open listing, then ask to confirm."""
    query, user = await press(update, context)
    lang = user.language
    pressed = view.WithdrawOffer.parse(query.data)
    offer = await _own_open(query, user, pressed.offer_id if pressed else None)
    if offer is None:
        return
    await query.answer()
    pending.remember(update, context, WITHDRAW_ASKED, offer.id)
    sent = await context.bot.send_message(
        user.telegram_id,
        view.withdraw_question(lang, offer),
        reply_markup=view.withdraw_keyboard(lang, offer.id),
    )
    pending.shown(context, sent)


async def withdraw_again(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, offer_id: object
) -> None:
    """撤回这条登记？ asked again in `user`'s language after "English please" (handlers/
    pending.py), while the listing is still the farmer's own and open."""
    if not isinstance(offer_id, int):
        return
    try:
        async with session_scope() as session:
            offer = await own_open_offer(session, offer_id, user.telegram_id)
    except OfferError:
        return  # withdrawn or matched meanwhile: nothing to ask
    pending.remember(update, context, WITHDRAW_ASKED, offer.id)
    sent = await context.bot.send_message(
        user.telegram_id,
        view.withdraw_question(user.language, offer),
        reply_markup=view.withdraw_keyboard(user.language, offer.id),
    )
    pending.shown(context, sent)


async def _own_open(query: CallbackQuery, user: User, offer_id: int | None) -> OfferView | None:
    """The pressed listing while it is the presser's own and open; else says why (an alert)."""
    lang = user.language
    if offer_id is None:
        await query.answer(t(lang, "fallback.unknown_button"), show_alert=True)
        return None
    try:
        async with session_scope() as session:
            return await own_open_offer(session, offer_id, user.telegram_id)
    except OfferError as exc:
        await query.answer(refusal(lang, exc), show_alert=True)
        return None


async def withdraw_confirmed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """是，撤回 (ol:wy:<id>): withdraw it; refused, changing nothing, unless theirs and open."""
    query, user = await press(update, context)
    pressed = view.WithdrawYes.parse(query.data)
    if pressed is None:
        await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return
    await _withdraw(update, context, pressed.offer_id)


async def withdraw_answered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """是 / "yes, withdraw it" (or 不) typed to "撤回这条登记？": as its button."""
    message = update.effective_message
    offer_id = context.user_data.get(WITHDRAW_ASKED) if context.user_data is not None else None
    if message is None or not isinstance(offer_id, int):
        return
    if says_yes(message.text or ""):
        await _withdraw(update, context, offer_id)
    else:
        await keep_offer(update, context)


async def _withdraw(update: Update, context: ContextTypes.DEFAULT_TYPE, offer_id: int) -> None:
    """Withdraw one listing of the sender's, pressed or typed; refused unless theirs and open."""
    user = await register_visitor(update, context)
    lang = user.language
    pending.forget(context)
    query = update.callback_query
    try:
        async with session_scope() as session:
            offer = await withdraw_offer(session, offer_id, user.telegram_id, utcnow())
            # Whoever has the listing (its station's staff, or the admins) stops looking for
            # a buyer: queued with the withdrawal itself.
            for staff_id in await staff_of(session, offer.station_id):
                member = await get_user(session, staff_id)
                if member is None:
                    continue
                await push(
                    session,
                    staff_id,
                    view.withdrawn_notice(member.language, offer, user.name),
                    key=f"offer-withdrawn:{offer.id}:{staff_id}",
                    source="offer",
                )
    except OfferError as exc:
        if query is not None:
            await query.answer(refusal(lang, exc), show_alert=True)
        elif update.effective_message is not None:
            await update.effective_message.reply_text(refusal(lang, exc))
        return
    await _said(update, view.withdrawn_text(lang, offer))


async def keep_offer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """不撤回 (ol:keep:<id>), or 不 typed: says who keeps looking for a buyer (the listing's
    station, or the county admin for one at no station); for one already withdrawn or
    matched, that it is."""
    user = await register_visitor(update, context)
    query = update.callback_query
    pressed = view.KeepOffer.parse(query.data) if query is not None else None
    asked = context.user_data.get(WITHDRAW_ASKED) if context.user_data is not None else None
    offer_id = pressed.offer_id if pressed is not None and pressed.offer_id else asked
    pending.forget(context)
    offer, closed = None, None
    if isinstance(offer_id, int) and offer_id:
        try:
            async with session_scope() as session:
                offer = await own_open_offer(session, offer_id, user.telegram_id)
        except OfferError as exc:
            # Not theirs (no one is named), or no longer open (withdrawn, matched: said).
            closed = exc.reason
    await _said(update, view.kept_text(user.language, offer, closed))


class ChangeReply(filters.MessageFilter):
    """An amount typed after ✏️ 改数量 (两千斤, 每只90斤): the open listing's new amount."""

    def __init__(self, user_data: Mapping[int, dict[Any, Any]]) -> None:
        super().__init__(name="ChangeReply")
        self.user_data = user_data

    def filter(self, message: Message) -> bool:
        """True for a short amount from someone whose ✏️ asked for it."""
        text, sender = message.text, message.from_user
        if sender is None or not self.user_data.get(sender.id, {}).get(CHANGE_ASKED):
            return False
        if not text or text.startswith("/") or len(text) > MAX_QUANTITY_REPLY:
            return False
        return parse_quantity(text) is not None


async def change_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """✏️ (ol:ch) under "already listed": the amount said changed at once, or asked for."""
    query, user = await press(update, context)
    lang = user.language
    pressed = view.ChangeAmount.parse(query.data)
    weight = parse_quantity(pressed.amount) if pressed and pressed.amount else None
    if pressed is not None and weight is not None:
        await query.answer()
        await _change(update, context, pressed, weight)
        return
    offer = await _own_open(query, user, pressed.offer_id if pressed else None)
    if pressed is None or offer is None:
        return
    await query.answer()
    if offer.heads is not None:
        # 25只羊 said this time: the weight asked is of those.
        if pressed.heads:
            offer = replace(offer, heads=pressed.heads, heads_high=pressed.high or None)
        animal = herd_noun(lang, offer.product or "") or product_label(lang, offer.product or "")
        question = supply_view.ask_herd_weight(lang, offer, animal)
    else:
        question = t(lang, "supply.mine.ask_amount", **view.what(lang, offer))
    pending.remember(update, context, CHANGE_ASKED, pressed.encode())
    await context.bot.send_message(user.telegram_id, question)


async def change_answered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The amount typed after ✏️: the open listing's new one (每只90斤 times its head count)."""
    message = update.effective_message
    asked = context.user_data.get(CHANGE_ASKED) if context.user_data is not None else None
    pressed = view.ChangeAmount.parse(asked)
    weight = parse_quantity(message.text or "") if message is not None else None
    if message is None or pressed is None or weight is None:
        return
    await _change(update, context, pressed, weight, each=each_weight(message.text or ""))


async def _change(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    pressed: view.ChangeAmount,
    weight: Quantity,
    each: bool = False,
) -> None:
    """Give the farmer's own open listing its new amount; its station's staff are told."""
    user = await register_visitor(update, context)
    lang = user.language
    pending.forget(context)
    heads = (pressed.heads, pressed.high or None) if pressed.heads else None
    try:
        async with session_scope() as session:
            offer = await change_amount(
                session, pressed.offer_id, user.telegram_id, weight, each=each, heads=heads
            )
            for staff_id in await staff_of(session, offer.station_id):
                member = await get_user(session, staff_id)
                if member is not None:
                    await push(
                        session,
                        staff_id,
                        view.changed_notice(member.language, offer, user.name),
                        key=f"offer-changed:{offer.id}:{offer.quantity}:{staff_id}",
                        source="offer",
                    )
    except OfferError as exc:
        await context.bot.send_message(user.telegram_id, refusal(lang, exc))
        return
    query = update.callback_query
    if query is not None:
        await remove_buttons(query)  # changed once: the ✏️ is spent
    await context.bot.send_message(
        user.telegram_id, view.changed_text(lang, offer), reply_markup=view.list_button(lang)
    )


async def _said(update: Update, text: str) -> None:
    """The answer to the question: in its message for a press, a new one for a typed answer."""
    query = update.callback_query
    if query is not None:
        await query.answer()
        await query.edit_message_text(text)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text)
