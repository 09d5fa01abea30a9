"""Supply offers: "我有两千斤玉米要卖" → draft → farmer confirms → staff /offers → matched."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from telegram import Message, Update
from telegram.ext import ContextTypes, filters

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.herds import county_animal_of, herd_said
from bot.markets.listings import open_listing_of
from bot.markets.prices import local_today, most_asked, product_named
from bot.markets.supply import (
    OfferError,
    OfferView,
    cancel_offer,
    confirm_offer,
    draft_offer,
    draft_view,
    open_offer_count,
    own_draft,
    set_product,
    set_quantity,
)
from bot.models.users import User, utcnow
from bot.stations.routing import OfferRoute, StationRefused, chosen_station, route_offer
from handlers import just_priced, listed_again, pending, staff_offers
from handlers.common import press, register_visitor, remove_buttons, settings_of
from handlers.render import listings as listings_view
from handlers.render import supply as view
from handlers.routing import intent_of, menu_intent
from knowledge.text.heads import Herd, each_weight, said_herd
from knowledge.text.intent import HEADS, HERD_TOLD, Kind
from knowledge.text.lexicon import product_label
from knowledge.text.loads import said_load
from knowledge.text.numbers import Quantity, parse_loose, parse_quantity
from knowledge.text.per_head import herd_noun
from knowledge.text.yesno import says_yes

BUTTON_PRODUCTS = 9
# user_data: the draft whose summary (请确认您要卖的货) is open: a typed 确认 / 好的 is its ✅,
# 不 its ❌ (handlers/pending).
OFFER_ASKED = pending.key("offer_asked")
# user_data: the draft whose "您大概有多少…要卖？" was just asked (another product typed next
# is the product meant: handlers/pending forgets it after that message).
AMOUNT_ASKED = pending.key("amount_asked")
# user_data: the 📦 要卖 (its encoded SellHerd) under 「您有20只羊。是想卖吗？」: 要卖 / 是的
# typed presses it (handlers/herds.py).
HERD_ASKED = pending.key("herd_asked")
# A reply that is only an amount ("两千斤", "大概3吨") is short.
MAX_QUANTITY_REPLY = 30
# A reply that is only a product's name (土豆, 是洋芋吧, potatoes) is shorter still.
MAX_PRODUCT_REPLY = 12
# Words by which a short text with a product asks about it (土豆多少钱, 土豆行情) instead.
_ASKS = re.compile(r"钱|价|多少|行情|贵|便宜|怎么|咋|吗|收|买|\?|？|price|cost|how|buy")

# Why an offer action was refused -> what the user reads.


class QuantityReply(filters.MessageFilter):
    """A message that is just an amount, the answer to "您大概有多少?"."""

    def filter(self, message: Message) -> bool:
        """True for short texts with a weight and no other intent or product."""
        text = message.text
        if not text or text.startswith("/") or len(text) > MAX_QUANTITY_REPLY:
            return False
        if menu_intent(text) is not None or parse_quantity(text) is None:
            return False
        intent = intent_of(text)
        return intent.kind is Kind.knowledge and not intent.products


class ProductReply(filters.MessageFilter):
    """Another product named, alone, right after "您大概有多少西红柿要卖？" (土豆, 是洋芋)."""

    def __init__(self, user_data: Mapping[int, dict[Any, Any]]) -> None:
        super().__init__(name="ProductReply")
        self.user_data = user_data

    def filter(self, message: Message) -> bool:
        """True for a short text naming one product and no amount, with the question open."""
        text, sender = message.text, message.from_user
        if sender is None or not self.user_data.get(sender.id, {}).get(AMOUNT_ASKED):
            return False
        if not text or text.startswith("/") or len(text) > MAX_QUANTITY_REPLY:
            return False
        intent = intent_of(text)
        # Only the name (土豆, 是洋芋, potato): 谁收土豆 or 土豆多少钱 asks something else.
        bare = intent.kind in (Kind.price, Kind.knowledge) and not intent.extras
        return (
            bare
            and len(intent.products) == 1
            and intent.quantity is None
            and intent.place is None
            and intent.period is None
            and len(intent.text) <= MAX_PRODUCT_REPLY
            and menu_intent(text) is None
            and _ASKS.search(intent.text) is None
        )


async def ask_again(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, offer_id: object
) -> None:
    """After "English please" / 说中文 (handlers/pending.py): the listing's open step (its
    amount, or its summary to confirm) asked again in `user`'s language, as a booking's step
    is (blind test: the amount was not)."""
    if not isinstance(offer_id, int):
        return
    try:
        async with session_scope() as session:
            offer = await draft_view(session, offer_id, user.telegram_id)
    except OfferError:
        return  # confirmed or dropped meanwhile: nothing to ask
    await next_step(update, context, offer, local_today(settings_of(context).tz), user, said="")


async def product_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The product the farmer meant, typed at the amount: the draft's, then its amount asked."""
    message = update.effective_message
    offer_id = context.user_data.get(AMOUNT_ASKED) if context.user_data is not None else None
    if message is None or message.text is None or not isinstance(offer_id, int):
        return
    user = await register_visitor(update, context)
    today = local_today(settings_of(context).tz)
    try:
        async with session_scope() as session:
            product = await product_named(session, intent_of(message.text).products[0])
            if product is None:
                raise OfferError("not_found")
            offer = await set_product(session, offer_id, user.telegram_id, product.id)
    except OfferError as exc:
        await message.reply_text(view.refusal(user.language, exc))
        return
    await next_step(update, context, offer, today, user)


async def supply_offer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Draft an offer from what the farmer said, then ask for what is missing or to confirm."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    user = await register_visitor(update, context)
    lang, text = user.language, message.text
    intent = intent_of(text)
    today = local_today(settings_of(context).tz)
    # 我有20只羊要卖: live animals by the head, the count kept with the weight asked next.
    herd = said_herd(intent.text) if HEADS in intent.extras else None
    if herd is not None and HERD_TOLD in intent.extras:
        await _ask_herd_for_sale(update, context, lang, herd)
        return
    try:
        async with session_scope() as session:
            # 我有羊要卖 in a county trading 肉羊, not 羊肉: its own animal (bot/markets/herds.py).
            named = intent.products[0] if intent.products else None
            named = await county_animal_of(session, named, intent.text) if named else None
            product = await product_named(session, named) if named else None
            # The same product listed and still open: that one, not a second (sandbox walk).
            listed = (
                await open_listing_of(session, user.telegram_id, product.id) if product else None
            )
            if listed is not None:
                weight = intent.quantity
                await listed_again.tell(
                    context, message.chat_id, lang, listed, herd, weight, each_weight(text)
                )
                return
            offer = await draft_offer(
                session,
                user.telegram_id,
                text,
                product.id if product else None,
                intent.quantity,
                intent.price,
                today,
                heads=(herd.heads, herd.high) if herd else None,
                each=herd is not None and each_weight(text),
            )
            popular = await most_asked(session, BUTTON_PRODUCTS) if offer.product is None else []
    except OfferError as exc:  # an impossible amount or price: nothing is drafted
        await message.reply_text(view.refusal(lang, exc))
        return
    if offer.product is None:
        await message.reply_text(
            t(lang, "supply.ask_product"),
            reply_markup=view.offer_product_keyboard(
                lang, offer.id, [(p.id, p.name) for p in popular]
            ),
        )
        return
    await next_step(update, context, offer, today, user)


async def _ask_herd_for_sale(
    update: Update, context: ContextTypes.DEFAULT_TYPE, lang: str, herd: Herd
) -> None:
    """我有20只羊 (no selling said): asked whether to sell them, or to see the meat's price;
    要卖 / 是的 typed next is the 📦 (handlers/herds.py)."""
    message = update.effective_message
    if message is None:
        return
    async with session_scope() as session:
        product = await product_named(session, herd.meat)
    if product is None:  # the meat is not in the catalogue: no listing to offer
        await message.reply_text(t(lang, "supply.ask_product"))
        return
    said = herd_said(lang, herd.meat, herd.heads, herd.high, herd.animal)
    sell = listings_view.SellHerd(product.id, herd.heads, herd.animal, herd.high or 0)
    await message.reply_text(
        listings_view.herd_told_text(lang, said, herd.meat),
        reply_markup=listings_view.herd_told_keyboard(lang, sell, herd.meat),
    )
    pending.remember(update, context, HERD_ASKED, sell.encode())


async def next_step(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    offer: OfferView,
    today: date,
    user: User,
    said: str | None = None,
) -> None:
    """Ask what the draft lacks, or its summary to confirm; `said`: the farmer's words when
    the update is a press (📦 要卖), not their message."""
    message = update.effective_message
    if message is None or await _listed_instead(context, user, offer):
        return
    lang, farmer_id = user.language, user.telegram_id
    if offer.missing == "quantity":
        pending.remember(update, context, AMOUNT_ASKED, offer.id)
        product = product_label(lang, offer.product or "")
        if said is None:
            said = intent_of(message.text).text if message.text else ""
        # 一车葱要卖: a load is no weight (a tricycle's or a lorry's), its 斤 are asked.
        load = said_load(said)
        if offer.heads is not None:
            # 20只羊: stations deal by weight, asked in all or per head (each_weight).
            herd = said_herd(said)
            question = view.ask_herd_weight(lang, offer, herd.animal if herd else product)
        elif load:
            question = t(lang, "supply.ask_quantity_load", load=load, product=product)
        else:
            question = t(lang, "supply.ask_quantity", product=product)
        await message.reply_text(question)
        return
    # 一千多斤 is listed as 1000斤: the summary says so (not of a weight per head, 每只80多斤).
    text = message.text or ""
    loose = parse_loose(intent_of(text).text)
    loose_said = loose.said if loose else None
    if loose_said is not None and each_weight(text):
        # 三头土猪，每头两百多斤: listed as 3 × 200斤, said to be one head's weight.
        if offer.heads is None:
            loose_said = None
        else:
            loose_said = listings_view.each_said(lang, offer.product or "", loose_said)
    herd = None
    if offer.heads is not None:  # the animal as said now, or in the words that drafted it
        herd = said_herd(intent_of(text).text) or said_herd(intent_of(offer.said).text)
    pending.remember(update, context, OFFER_ASKED, offer.id)
    sent = await message.reply_text(
        await _summary(lang, offer, today, farmer_id, loose_said, herd.animal if herd else None),
        reply_markup=view.offer_confirm_keyboard(lang, offer.id),
    )
    pending.shown(context, sent)


async def _summary(
    lang: str,
    offer: OfferView,
    today: date,
    farmer_id: int,
    said: str | None = None,
    animal: str | None = None,
) -> str:
    """The draft to confirm, with the station it will go to (routed as the ✅ will)."""
    async with session_scope() as session:
        farmer = await session.get(User, farmer_id)
        route = await route_offer(session, farmer, offer.product or "") if farmer else None
    station = (
        listings_view.goes_to(lang, offer.product or "", route)
        if route is not None
        else t(lang, "supply.goes_to_admins")
    )
    product = listings_view.offered_as(lang, offer, animal)
    return view.offer_summary(lang, offer, today, station, said, product)


async def _listed_instead(context: ContextTypes.DEFAULT_TYPE, user: User, offer: OfferView) -> bool:
    """The draft's product is listed and open already (its product chosen by a button, or
    typed at "what are you selling?"): the draft is dropped and that listing shown, its
    amount offered to change, instead of a second listing of it (sandbox walk)."""
    meat = offer.product
    if meat is None:
        return False
    async with session_scope() as session:
        product = await product_named(session, meat)
        listed = await open_listing_of(session, user.telegram_id, product.id) if product else None
        if listed is None or listed.id == offer.id:
            return False
        await cancel_offer(session, offer.id, user.telegram_id)
    pending.forget(context)
    lang = user.language
    herd = None
    if offer.heads is not None:
        herd = Herd(offer.heads, offer.heads_high, herd_noun(lang, meat) or "", meat)
    weight = None
    if offer.quantity is not None and offer.quantity_unit is not None:
        weight = Quantity(offer.quantity, offer.quantity_unit)
    await listed_again.tell(context, user.telegram_id, lang, listed, herd, weight)
    return True


async def quantity_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A bare amount: fill in the farmer's waiting draft, or explain how to offer produce."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    user = await register_visitor(update, context)
    lang = user.language
    quantity = parse_quantity(message.text)
    if quantity is None:
        return
    today = local_today(settings_of(context).tz)
    try:
        async with session_scope() as session:
            offer = await set_quantity(
                session,
                user.telegram_id,
                quantity,
                utcnow(),
                intent_of(message.text).price,
                each=each_weight(message.text),
            )
    except OfferError as exc:
        await message.reply_text(view.refusal(lang, exc))
        return
    if offer is None:
        await message.reply_text(t(lang, "supply.no_draft"))
        return
    await next_step(update, context, offer, today, user)


async def offer_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """sp:p (choose product), sp:no (cancel) on the farmer's own draft."""
    query, user = await press(update, context)
    lang = user.language
    today = local_today(settings_of(context).tz)
    pressed = view.OfferProduct.parse(query.data) or view.OfferCancel.parse(query.data)
    if pressed is None:
        await query.answer(t(lang, "fallback.unknown_button"), show_alert=True)
        return
    try:
        async with session_scope() as session:
            if isinstance(pressed, view.OfferProduct):
                offer = await set_product(
                    session, pressed.offer_id, user.telegram_id, pressed.product_id
                )
            else:
                offer = await cancel_offer(session, pressed.offer_id, user.telegram_id)
    except OfferError as exc:
        await query.answer(view.refusal(lang, exc), show_alert=True)
        return
    await query.answer()
    if isinstance(pressed, view.OfferCancel):
        await query.edit_message_text(t(lang, "supply.cancelled"))
    elif await _listed_instead(context, user, offer):
        await remove_buttons(query)  # the product's listing is shown below instead
    elif offer.missing == "quantity":
        pending.remember(update, context, AMOUNT_ASKED, offer.id)
        await query.edit_message_text(
            t(lang, "supply.ask_quantity", product=product_label(lang, offer.product or ""))
        )
    else:
        pending.remember(update, context, OFFER_ASKED, offer.id)
        await query.edit_message_text(
            await _summary(lang, offer, today, user.telegram_id),
            reply_markup=view.offer_confirm_keyboard(lang, offer.id),
        )
        pending.shown(context, query.message)


async def offer_confirm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """sp:ok (confirm) and sp:to (the station the farmer chose) on the farmer's own draft."""
    query, user = await press(update, context)
    pressed = view.OfferConfirm.parse(query.data) or listings_view.OfferTo.parse(query.data)
    if pressed is None:
        await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return
    await _confirm(update, context, user, pressed)


async def offer_answered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """确认 / 好的 / ok (or 不, 算了) typed to a draft's summary: as its ✅ (or ❌) button."""
    message = update.effective_message
    offer_id = context.user_data.get(OFFER_ASKED) if context.user_data is not None else None
    if message is None or not isinstance(offer_id, int):
        return
    user = await register_visitor(update, context)
    pending.forget(context)
    if says_yes(message.text or ""):
        await _confirm(update, context, user, view.OfferConfirm(offer_id))
        return
    try:
        async with session_scope() as session:
            await cancel_offer(session, offer_id, user.telegram_id)
    except OfferError as exc:
        await message.reply_text(view.refusal(user.language, exc))
        return
    await message.reply_text(t(user.language, "supply.cancelled"))


async def _refuse(update: Update, text: str) -> None:
    """A refusal: a popup for a press, a reply for a typed answer."""
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text)


async def _confirm(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    user: User,
    pressed: view.OfferConfirm | listings_view.OfferTo,
) -> None:
    """✅ (pressed or typed) routes the offer (bot.stations.routing): to the farmer's station
    when it buys the product, else to the nearest that does; when none near does, the farmer
    is told so and chooses (sp:to), and nothing opens until then."""
    lang = user.language
    today = local_today(settings_of(context).tz)
    max_open = settings_of(context).limits.open_offers
    pending.forget(context)
    route: OfferRoute | None = None
    try:
        async with session_scope() as session:
            draft = await own_draft(session, pressed.offer_id, user.telegram_id)
            farmer = await session.get(User, user.telegram_id)
            if farmer is None:  # registered by this very update: never
                raise OfferError("not_found")
            if await open_offer_count(session, farmer.telegram_id) >= max_open:
                raise OfferError("too_many", limit=max_open)
            if isinstance(pressed, view.OfferConfirm):
                route = await route_offer(session, farmer, draft.product or "")
                if route.needs_choice:
                    offer, done = draft, None
                else:
                    offer = await confirm_offer(
                        session,
                        draft.id,
                        farmer.telegram_id,
                        utcnow(),
                        station_id=route.station_id,
                        max_open=max_open,
                    )
                    # Whoever has it is told (handlers/staff_offers.py); nobody: no promise.
                    staffed = await staff_offers.opened(session, offer, today)
                    done = listings_view.routed_text(lang, offer, route, staffed)
                goes = listings_view.goes_to(lang, draft.product or "", route)
            else:
                station = await chosen_station(
                    session, farmer, draft.product or "", pressed.station_id
                )
                offer = await confirm_offer(
                    session,
                    draft.id,
                    farmer.telegram_id,
                    utcnow(),
                    station_id=station.id if station else None,
                    max_open=max_open,
                )
                staffed = await staff_offers.opened(session, offer, today)
                done = listings_view.chosen_text(lang, offer, station, staffed)
                goes = listings_view.chosen_station(lang, station)
    except OfferError as exc:
        await _refuse(update, view.refusal(lang, exc))
        return
    except StationRefused:
        await _refuse(update, t(lang, "supply.station_refused"))
        return
    query, message = update.callback_query, update.effective_message
    # The summary stays, without its "tap confirm" line, naming the animal as asked (猪, not 猪肉).
    herd = said_herd(intent_of(offer.said).text) if offer.said else None
    product = listings_view.offered_as(lang, offer, herd.animal if herd else None)
    summary = view.offer_summary(lang, offer, today, goes, product=product).rsplit("\n", 1)[0]
    if done is None:
        assert route is not None
        text = f"{summary}\n\n{listings_view.none_near_text(lang, offer, route)}"
        keyboard = listings_view.none_near_keyboard(lang, offer.id, route)
        if query is not None:
            await query.answer()
            await query.edit_message_text(text, reply_markup=keyboard)
        elif message is not None:
            await message.reply_text(text, reply_markup=keyboard)
        return
    if query is not None:
        await query.answer()
        await query.edit_message_text(summary)
    # Typed: the summary is above already; what was done is the answer.
    await context.bot.send_message(
        user.telegram_id, done, reply_markup=listings_view.list_button(lang)
    )
    # 谁收, 啥价 said next are about the produce just listed.
    just_priced.remember_shown(update, context, [offer.product or ""], None)
