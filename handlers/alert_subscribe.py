"""Subscribing to price alerts in the chat: in words, with the 🔔 menu button, or a product button.

"订阅西红柿价格" (a daily digest at the default time), "每天早上6点告诉我土豆价格",
"西红柿涨到三块五提醒我", "白菜跌到一块以下提醒我", "黄瓜波动超过10%提醒我"; the 🔔 menu
button shows the farmer's alerts and product buttons. When no product was named,
the product typed next (or its button) is the answer for a while.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta
from typing import Any

from telegram import Message, Update
from telegram.ext import (
    CallbackQueryHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.alerts import parsing, service
from bot.alerts import places as alert_places
from bot.alerts.model import AlertError, AlertSpec, AlertView
from bot.alerts.parsing import Request
from bot.alerts.text import (
    Subscribe,
    SubscribeAt,
    describe,
    error,
    in_unit,
    needs_location,
    unit_word,
)
from bot.core.config import Settings
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.prices import (
    ANSWER_MARKETS,
    MarketInfo,
    Place,
    all_markets,
    local_today,
    most_asked,
    place_words,
    product_named,
    unknown_product_word,
)
from bot.markets.said_names import said_product
from bot.models.alerts import AlertKind
from bot.models.markets import Product
from bot.models.users import User
from handlers import just_priced, just_subscribed
from handlers.alert_jobs import default_time, ensure_digest_job
from handlers.alert_prices import as_price, ask_price, is_price, price_wanted
from handlers.common import press, register_visitor, settings_of
from handlers.language import with_language
from handlers.leave import is_other_subject, redispatch
from handlers.render import alerts as view
from handlers.routing import IntentFilter, intent_of, menu_intent
from handlers.timeouts import TimedConversation
from knowledge.text.intent import Kind
from knowledge.text.lexicon import lexicon

# After the 🔔 prompt ("想订哪个产品的价格？"), a product typed is the answer for a while.
WAIT_PRODUCT = "al_product"  # a state name, stored by persistence: a string, not a number
PICK_CONVERSATION = "alert_pick"
PICK_TIMEOUT_S = 600
PENDING = "alert_pending"  # user_data: a subscription asked without its product
# user_data: the place found nowhere (火星村) the farmer was asked about.
ASKED_WHERE = "alert_asked_where"
# user_data: the unit the farmer speaks in (公斤), while a product or price is awaited.
ASKED_UNIT = "alert_asked_unit"
MAX_PRODUCTS = 3
BUTTON_PRODUCTS = 9


async def subscribe_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """A subscription in words, or the 🔔 menu button; then wait for a product if none was named."""
    message = update.effective_message
    if message is None or message.text is None:
        return ConversationHandler.END
    user = await register_visitor(update, context)
    settings = settings_of(context)
    data = context.user_data if context.user_data is not None else {}
    data.pop(PENDING, None)
    data.pop(ASKED_WHERE, None)
    if menu_intent(message.text) is Kind.subscribe:
        await overview(message, user, settings)
        return WAIT_PRODUCT
    return await _read(message, user, context, message.text)


async def ask_again(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, state: object
) -> str | int:
    """After a language switch while a product, a place or a price is awaited ("English
    please", /language): the same question again in the new language, the request kept."""
    message = update.effective_message
    data = context.user_data if context.user_data is not None else {}
    waiting = data.get(PENDING)
    if message is None:
        return ConversationHandler.END
    if not isinstance(waiting, str):
        await overview(message, user, settings_of(context))
        return WAIT_PRODUCT
    return await _read(message, user, context, waiting)


async def _read(
    message: Message, user: User, context: ContextTypes.DEFAULT_TYPE, text: str
) -> str | int:
    """A subscription in words: asked what it lacks (its product, place or price), or made."""
    data = context.user_data if context.user_data is not None else {}
    data.pop(PENDING, None)
    data.pop(ASKED_WHERE, None)
    data.pop(ASKED_UNIT, None)
    async with session_scope() as session:
        markets = await all_markets(session)
    try:
        request = parsing.read_request(text, default_time(settings_of(context)), markets)
    except AlertError as exc:
        await message.reply_text(error(user.language, exc))
        return ConversationHandler.END
    if not request.products:
        async with session_scope() as session:
            place = await alert_places.read_place(session, text, markets)
        # 咖啡多少钱一公斤, then 跌了提醒我: its product's button asks the price per 公斤.
        request = replace(request, unit=request.unit or _card_unit(context))
        await _which_product(message, user, request, place_words(markets), place)
        # "涨到三块五提醒我": the product typed next goes with what was asked.
        data[PENDING] = text
        if request.unit is not None:
            data[ASKED_UNIT] = request.unit
        return WAIT_PRODUCT
    return await _carry_on(message, user, context, text, request, markets)


def _card_unit(context: ContextTypes.DEFAULT_TYPE) -> str | None:
    """The unit the farmer's last price question was asked in (多少钱一公斤), if one was."""
    card = just_priced.shown(context.user_data or {})
    unit = card.get("unit") if card is not None else None
    return unit if unit in ("斤", "公斤") else None


async def _carry_on(
    message: Message,
    user: User,
    context: ContextTypes.DEFAULT_TYPE,
    text: str,
    request: Request,
    markets: Sequence[MarketInfo],
    unit: str | None = None,
) -> str | int:
    """A request with its products: where it watches, then its price, then subscribed.

    `unit`: the one the farmer spoke in earlier in the conversation (公斤), if known."""
    data = context.user_data if context.user_data is not None else {}
    async with session_scope() as session:
        place = await alert_places.read_place(
            session, text, markets, (user.home_lat, user.home_lon)
        )
        products = [p for p in [await product_named(session, n) for n in request.products] if p]
    if place.missing:
        # "火星村大蒜跌到3块提醒我": never quietly home's markets instead. The place typed
        # next (潍坊, 三元朱村) goes with what was asked; a button watches home's.
        located = user.home_lat is not None and user.home_lon is not None
        choices = [(p.id, p.name) for p in products[:MAX_PRODUCTS]]
        await message.reply_text(
            view.place_unknown_text(user.language, place.missing, located),
            reply_markup=view.watch_instead_buttons(user.language, choices, request, located),
        )
        data[PENDING], data[ASKED_WHERE] = text, place.missing
        return WAIT_PRODUCT
    try:
        # The place's own words are no price nor product (三元朱大蒜涨到5块: not 3 yuan).
        bare = alert_places.without_place(text, place)
        reread = parsing.read_request(bare, default_time(settings_of(context)), markets)
    except AlertError as exc:
        await message.reply_text(error(user.language, exc))
        return ConversationHandler.END
    if reread.products:
        request = reread
    request = alert_places.watching(request, place)
    if price_wanted(request):
        # "蒜价跌了提醒我": to what price? The price typed next goes with what was asked,
        # per the unit asked in (the farmer's: said now or before, else their alert's).
        said = request.unit or unit or _card_unit(context)
        asked_in = said or "斤"
        for name in request.products[:MAX_PRODUCTS]:
            asked_in = await ask_price(context, user, name, request.kind, place, markets, said)
        data[PENDING], data[ASKED_UNIT] = text, asked_in
        return WAIT_PRODUCT
    await _subscribe(message, user, context, request, markets)
    return ConversationHandler.END


async def product_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """After "想订哪个产品的价格？": a product typed (洋芋) is the answer, like its button.

    After "您说的是哪里？" a place typed (潍坊, 三元朱村) is; after "跌到多少提醒您？" a
    price. Anything else (a question, another request) is answered by its own feature.
    """
    message = update.effective_message
    text = message.text if message is not None else None
    data = context.user_data if context.user_data is not None else {}
    waiting = data.get(PENDING, "")
    if message is None or not text:
        await redispatch(update, context, skip=PICK_CONVERSATION)
        return ConversationHandler.END
    async with session_scope() as session:
        markets = await all_markets(session)
        typed_place = (
            await alert_places.read_place(session, text, markets)
            if data.get(ASKED_WHERE) and not intent_of(text).products
            else None
        )
    user = await register_visitor(update, context)
    at = default_time(settings_of(context))
    if typed_place is not None and typed_place.missing:
        # Another place found nowhere: said so, and still waiting for one.
        await message.reply_text(
            view.place_unknown_text(user.language, typed_place.missing, user.home_lat is not None)
        )
        return WAIT_PRODUCT
    if typed_place is not None and alert_places.names_a_place(typed_place):
        # "潍坊" after "您说的是哪里？": the request, at that place.
        data.pop(PENDING, None)
        data.pop(ASKED_WHERE, None)
        return await _request_at(message, user, context, f"{text} {waiting}", markets)
    # After "跌到多少提醒您？" a price (3块) answers it, though alone it reads as a question.
    answers_price = bool(waiting and is_price(text) and not text.startswith("/"))
    if not answers_price and is_other_subject(text):
        await redispatch(update, context, skip=PICK_CONVERSATION)
        return ConversationHandler.END
    asked = data.pop(PENDING, "")
    data.pop(ASKED_WHERE, None)
    unit = data.pop(ASKED_UNIT, None)
    try:
        request: Request | None = parsing.read_request(text, at, markets)
    except AlertError:
        request = None
    if request is not None and _names_another_product(request, asked):
        # "跌到多少提醒您？" about 玉米, then 寿光黄瓜掉到两块以下提醒俺: a request of its own,
        # never the answer (no 玉米 alert at 2 yuan); the question asked is dropped.
        if intent_of(text).kind is not Kind.subscribe:
            await redispatch(update, context, skip=PICK_CONVERSATION)
            return ConversationHandler.END
        return await _carry_on(message, user, context, text, request, markets)
    full = text
    if request is not None and asked and (request.products or is_price(text)):
        # A product for "涨到三块五提醒我", or after "跌到多少提醒您？" a price ("3块", "2.8").
        full = f"{text} {asked}" if request.products else f"{asked} {as_price(text, unit)}"
        try:
            request = parsing.read_request(full, at, markets)
        except AlertError:
            request = None
    if request is None or not request.products or price_wanted(request):
        await redispatch(update, context, skip=PICK_CONVERSATION)
        return ConversationHandler.END
    return await _carry_on(message, user, context, full, request, markets, unit)


def _names_another_product(request: Request, asked: str) -> bool:
    """Whether a reply names a product of its own while the request asked already had one."""
    before = set(intent_of(asked).products) if asked else set()
    return bool(before) and bool(request.products) and not set(request.products) <= before


async def _request_at(
    message: Message,
    user: User,
    context: ContextTypes.DEFAULT_TYPE,
    full: str,
    markets: Sequence[MarketInfo],
) -> str | int:
    """The request asked before, with the place now typed in `full` ("潍坊 火星村大蒜…")."""
    try:
        request = parsing.read_request(full, default_time(settings_of(context)), markets)
    except AlertError as exc:
        await message.reply_text(error(user.language, exc))
        return ConversationHandler.END
    return await _carry_on(message, user, context, full, request, markets)


async def product_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """A product button under the prompt: subscribed, and the prompt is answered."""
    await subscribe_button(update, context)
    return ConversationHandler.END


async def _subscribe(
    message: Message,
    user: User,
    context: ContextTypes.DEFAULT_TYPE,
    request: Request,
    markets: Sequence[MarketInfo],
) -> None:
    """Subscribe to each product of the request and say what was made."""
    settings = settings_of(context)
    lang = user.language
    problems: list[str] = []
    made: list[tuple[AlertView, str]] = []
    notes: list[str] = []
    today = local_today(settings.tz)
    watching: list[str] = []
    async with session_scope() as session:
        for name in request.products[:MAX_PRODUCTS]:
            spec = AlertSpec(
                name,
                request.kind,
                request.threshold,
                request.at_time,
                request.place,
                request.near,
                request.unit,
                time_said=request.time_said,
                said=request.said.get(name),
            )
            now = await service.watched(
                session, spec, markets, (user.home_lat, user.home_lon), today
            )
            crossed = now.crossed
            if crossed is not None and spec.threshold is not None:
                # Said plainly before the confirmation: such an alert waits for the
                # price to come back across the line first.
                notes.append(
                    t(
                        lang,
                        f"alerts.already_{spec.kind.value}",
                        product=said_product(lang, name, spec.said),
                        price=in_unit(crossed, spec.unit),
                        threshold=in_unit(spec.threshold, spec.unit),
                        unit=unit_word(lang, spec.unit),
                    )
                )
            try:
                made.append(await service.subscribe(session, user.telegram_id, spec))
            except AlertError as exc:
                problems.append(error(lang, exc))
                continue
            if spec.near is not None and now.answer is not None:
                # 潍坊 has no market: which ones the alert watches, as the price answer says.
                watching.append(view.watching_text(lang, spec.near.label, now.answer))
    for alert, _ in made:
        ensure_digest_job(context.application, alert)
    # 每天早上8点 said next is when these come (handlers/just_subscribed.py).
    just_subscribed.remember(context, [alert for alert, _ in made])
    if len(made) == 1 and not problems:
        text = said_back(lang, *made[0])
    else:
        # "土豆和白菜涨到两块提醒我": one line per product, then what was refused.
        lines = [t(lang, "alerts.subscribed_many", n=len(made))] if made else []
        lines += [f"• {describe(lang, alert)}" for alert, _ in made]
        text = "\n".join(lines + problems)
    if made and not request.percent_said:
        # No percentage said ("有变化就通知我"): the default one is named, with how to change it.
        text += "\n" + t(lang, "alerts.default_percent", pct=f"{request.threshold or 0:g}")
    text = "\n".join([*notes, text, *watching, *_location_hint(lang, [alert for alert, _ in made])])
    await message.reply_text(text, reply_markup=view.manage_keyboard(lang))


def _location_hint(lang: str, made: Sequence[AlertView]) -> list[str]:
    # No home: a "nearest markets" alert watches every market; sharing one narrows it.
    if any(needs_location(alert) for alert in made):
        return [t(lang, "alerts.share_location", n=ANSWER_MARKETS)]
    return []


def said_back(lang: str, alert: AlertView, state: str) -> str:
    """What a subscription made, changed or found as it was says (`service.subscribe`'s
    state): a daily alert already had says its time and how to change it."""
    key = {"added": "subscribed", "updated": "updated"}.get(state, "unchanged")
    if key == "unchanged" and alert.kind is AlertKind.daily:
        key = "unchanged_daily"
    return t(lang, f"alerts.{key}", desc=describe(lang, alert))


async def _which_product(
    message: Message, user: User, request: Request, words: list[str], place: Place
) -> None:
    # No product named: the closest to what was typed (the place named is none), else
    # the most asked.
    lang = user.language
    word = unknown_product_word(message.text or "", words, place)
    async with session_scope() as session:
        choices: list[Product] = []
        names = lexicon().likely_typos(word, n=6) if word else []
        for name in names:
            found = await product_named(session, name)
            if found is not None:
                choices.append(found)
        if choices:
            text = t(lang, "alerts.unknown_product", word=word)
        else:
            # Nothing it could be a typo of (牛油果): say so, and offer the usual ones.
            key = "alerts.unknown_product_none" if word else "alerts.ask_product"
            text = t(lang, key, word=word)
            choices = await most_asked(session, BUTTON_PRODUCTS)
    await message.reply_text(
        text, reply_markup=view.product_buttons(lang, [(p.id, p.name) for p in choices], request)
    )


async def overview(message: Message, user: User, settings: Settings) -> None:
    """The 🔔 button: what the farmer has, then how to add more."""
    lang = user.language
    async with session_scope() as session:
        views = await service.list_alerts(session, user.telegram_id)
        popular = await most_asked(session, BUTTON_PRODUCTS)
    if views:
        await message.reply_text(
            view.list_text(lang, views), reply_markup=view.list_keyboard(lang, views)
        )
    await message.reply_text(
        t(lang, "alerts.how_to", time=default_time(settings).strftime("%H:%M")),
        reply_markup=view.product_buttons(lang, [(p.id, p.name) for p in popular]),
    )


async def subscribe_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """al:s:<product id>[:<kind and value>]: subscribe to the chosen product."""
    query, user = await press(update, context)
    lang = user.language
    pressed = Subscribe.parse(query.data)
    product_id = pressed.product_id if pressed else None
    one_way = view.asked_kind(pressed.code) if pressed else None
    if pressed and one_way is not None:
        # A product chosen for "跌了提醒我": to what price?
        await query.answer()
        async with session_scope() as session:
            product = await session.get(Product, pressed.product_id)
            markets = await all_markets(session)
        if product is not None:
            unit = view.asked_unit(pressed.code)
            await ask_price(context, user, product.name, one_way, None, markets, unit)
        return
    code = view.read_code(pressed.code) if pressed and pressed.code else None
    if pressed and pressed.code and code is None:
        product_id = None  # malformed data: treat as stale
    kind, threshold, at_time = code or (AlertKind.daily, None, default_time(settings_of(context)))
    # No time on the button (🔔 under a price): the default hour, an alert had keeps its own.
    time_said = code is not None
    async with session_scope() as session:
        product = await session.get(Product, product_id) if product_id is not None else None
        if product is None:
            await query.answer(t(lang, "fallback.unknown_button"), show_alert=True)
            return
        try:
            alert, state = await service.subscribe(
                session,
                user.telegram_id,
                AlertSpec(
                    product.name,
                    kind,
                    threshold,
                    at_time,
                    unit=view.code_unit(pressed.code) if pressed else None,
                    time_said=time_said,
                ),
            )
        except AlertError as exc:
            await query.answer()
            await send(context, user.telegram_id, error(lang, exc))
            return
    ensure_digest_job(context.application, alert)
    just_subscribed.remember(context, [alert])
    await query.answer()
    await send(
        context,
        user.telegram_id,
        "\n".join(
            [
                said_back(lang, alert, state),
                *_location_hint(lang, [alert]),
            ]
        ),
        view.manage_keyboard(lang),
    )


async def subscribe_at_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """al:sa:<product id>:<place>: 🔔 under the price answer for a place named (潍坊大蒜啥价):
    the daily digest of the markets that answer for that place, as typed words would."""
    query, user = await press(update, context)
    pressed = SubscribeAt.parse(query.data)
    async with session_scope() as session:
        product = await session.get(Product, pressed.product_id) if pressed else None
        markets = await all_markets(session)
        place = await alert_places.read_place(session, pressed.place, markets) if pressed else None
    answer = query.message
    if (
        product is None
        or place is None
        or not alert_places.names_a_place(place)
        or not isinstance(answer, Message)
    ):
        await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return
    await query.answer()
    at = default_time(settings_of(context))
    asked = Request((product.name,), AlertKind.daily, at_time=at, time_said=False)
    request = alert_places.watching(asked, place)
    await _subscribe(answer, user, context, request, markets)


async def send(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, text: str, markup: Any = None
) -> None:
    """A message to the farmer's chat (the answer to a button press)."""
    await context.bot.send_message(chat_id, text, reply_markup=markup)


def pick_conversation() -> ConversationHandler[Any]:
    """A subscription in words or 🔔; when no product was named, the next product typed."""
    text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    return TimedConversation(
        entry_points=[MessageHandler(IntentFilter(Kind.subscribe), subscribe_text)],
        # "English please" / /language: the question again in it, the request kept.
        states=with_language(
            {
                WAIT_PRODUCT: [
                    CallbackQueryHandler(product_pressed, pattern=Subscribe.matches),
                    MessageHandler(text, product_typed),
                ]
            },
            ask_again,
        ),
        fallbacks=[],
        name=PICK_CONVERSATION,
        persistent=True,
        allow_reentry=True,
        # Only a moment after the prompt: later, 洋芋 asks its price again.
        timeout=timedelta(seconds=PICK_TIMEOUT_S),
    )
