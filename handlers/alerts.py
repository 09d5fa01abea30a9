"""Price alerts in the chat: subscribe, 退订, /alerts and its buttons, /deliveries; the jobs.

Subscribing: "订阅西红柿价格" (a daily digest at the default time), "每天早上6点告诉我
土豆价格", "西红柿涨到三块五提醒我", "白菜跌到一块以下提醒我", "黄瓜波动超过10%提醒我";
the 🔔 menu button shows the farmer's alerts and product buttons. "退订" stops
everything ("退订西红柿": that product's). Every button's data is untrusted: a
forged or someone else's subscription id finds nothing.

Jobs (scheduled by handlers/jobs.py): one daily job per digest time, rebuilt
from the subscriptions table at start-up and kept in step with it every minute
(times added by `farmhub alerts import` included), with a catch-up at start for
times missed within the last hours. A new subscription's time is scheduled here
at once.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import time, timedelta
from typing import Any

from telegram import CallbackQuery, Message, Update
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.alerts import digests, parsing, service
from bot.alerts.model import AlertError, AlertSpec, AlertView
from bot.alerts.parsing import Request
from bot.alerts.text import (
    FROM_LIST,
    Change,
    Delete,
    ListAlerts,
    Pause,
    Resume,
    Subscribe,
    describe,
    error,
    needs_location,
)
from bot.core.callbacks import any_of
from bot.core.config import Settings
from bot.core.db import session_scope
from bot.core.i18n import money, t
from bot.delivery import outbox
from bot.markets.prices import (
    ANSWER_MARKETS,
    MarketInfo,
    all_markets,
    local_today,
    most_asked,
    place_words,
    product_named,
    unknown_product_word,
)
from bot.models.alerts import AlertKind
from bot.models.markets import Product
from bot.models.users import Role, User
from handlers.alert_prices import as_price, ask_price, is_price, price_wanted
from handlers.common import SETTINGS_KEY, incoming, press, register_visitor, settings_of
from handlers.guards import require
from handlers.leave import is_other_subject, leave_handler, redispatch, with_leave
from handlers.render import alerts as view
from handlers.routing import IntentFilter, menu_intent
from handlers.timeouts import TimedConversation
from knowledge.text.intent import ALERT_LIST, Kind
from knowledge.text.lexicon import lexicon, product_label

log = logging.getLogger(__name__)

WAIT_VALUE = "al_value"  # a state name, stored by persistence: a string, not a number
CONVERSATION = "alert_change"
# After the 🔔 prompt ("想订哪个产品的价格？"), a product typed is the answer for a while.
WAIT_PRODUCT = "al_product"
PICK_CONVERSATION = "alert_pick"
PICK_TIMEOUT_S = 600
PENDING = "alert_pending"  # user_data: a subscription asked without its product
# Typed while a new value is awaited: leave the alert as it is.
CANCEL_WORDS = frozenset({"取消", "算了", "不改了", "cancel"})
EDITING = "alert_editing"  # user_data: the subscription being changed
CHANGE_TIMEOUT_S = 600
MAX_PRODUCTS = 3
BUTTON_PRODUCTS = 9
# "我的提醒" and friends list the farmer's alerts (not a new subscription).
LIST_WORDS = filters.Regex(ALERT_LIST)

AnyApp = Application[Any, Any, Any, Any, Any, Any]


# ---------------------------------------------------------------- subscribing


async def subscribe_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """A subscription in words, or the 🔔 menu button; then wait for a product if none was named."""
    message = update.effective_message
    if message is None or message.text is None:
        return ConversationHandler.END
    user = await register_visitor(update, context)
    settings = settings_of(context)
    data = context.user_data if context.user_data is not None else {}
    data.pop(PENDING, None)
    if menu_intent(message.text) is Kind.subscribe:
        await _overview(message, user, settings)
        return WAIT_PRODUCT
    async with session_scope() as session:
        markets = await all_markets(session)
    try:
        request = parsing.read_request(message.text, _default_time(settings), markets)
    except AlertError as exc:
        await message.reply_text(error(user.language, exc))
        return ConversationHandler.END
    if not request.products:
        await _which_product(message, user, request, place_words(markets))
        # "涨到三块五提醒我": the product typed next goes with what was asked.
        data[PENDING] = message.text
        return WAIT_PRODUCT
    if price_wanted(request):
        # "蒜价跌了提醒我": to what price? The price typed next goes with what was asked.
        for name in request.products[:MAX_PRODUCTS]:
            await ask_price(context, user, name, request.kind, request.place, markets)
        data[PENDING] = message.text
        return WAIT_PRODUCT
    await _subscribe(message, user, context, request, markets)
    return ConversationHandler.END


async def product_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """After "想订哪个产品的价格？": a product typed (洋芋) is the answer, like its button.

    Anything else (a question, another request) is answered by its own feature.
    """
    message = update.effective_message
    text = message.text if message is not None else None
    waiting = context.user_data.get(PENDING, "") if context.user_data is not None else ""
    # After "跌到多少提醒您？" a price (3块) answers it, though alone it reads as a question.
    answers_price = bool(text and waiting and is_price(text) and not text.startswith("/"))
    if message is None or not text or (not answers_price and is_other_subject(text)):
        await redispatch(update, context, skip=PICK_CONVERSATION)
        return ConversationHandler.END
    user = await register_visitor(update, context)
    asked = context.user_data.pop(PENDING, "") if context.user_data is not None else ""
    async with session_scope() as session:
        markets = await all_markets(session)
    try:
        at = _default_time(settings_of(context))
        request = parsing.read_request(text, at, markets)
        if request.products and asked:
            request = parsing.read_request(f"{text} {asked}", at, markets)
        elif asked and is_price(text):
            # After "跌到多少提醒您？": "3块" or "2.8" is the price of what was asked.
            request = parsing.read_request(f"{asked} {as_price(text)}", at, markets)
    except AlertError:
        request = None
    if request is None or not request.products or price_wanted(request):
        await redispatch(update, context, skip=PICK_CONVERSATION)
        return ConversationHandler.END
    await _subscribe(message, user, context, request, markets)
    return ConversationHandler.END


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
    async with session_scope() as session:
        for name in request.products[:MAX_PRODUCTS]:
            spec = AlertSpec(name, request.kind, request.threshold, request.at_time, request.place)
            crossed = await service.crossed_price(
                session, spec, markets, (user.home_lat, user.home_lon), today
            )
            if crossed is not None and spec.threshold is not None:
                # Said plainly before the confirmation: such an alert waits for the
                # price to come back across the line first.
                notes.append(
                    t(
                        lang,
                        f"alerts.already_{spec.kind.value}",
                        product=product_label(lang, name),
                        price=money(crossed),
                        threshold=money(spec.threshold),
                    )
                )
            try:
                made.append(await service.subscribe(session, user.telegram_id, spec))
            except AlertError as exc:
                problems.append(error(lang, exc))
    for alert, _ in made:
        _ensure_digest_job(context.application, alert)
    if len(made) == 1 and not problems:
        alert, state = made[0]
        text = t(lang, f"alerts.{_state_key(state)}", desc=describe(lang, alert))
    else:
        # "土豆和白菜涨到两块提醒我": one line per product, then what was refused.
        lines = [t(lang, "alerts.subscribed_many", n=len(made))] if made else []
        lines += [f"• {describe(lang, alert)}" for alert, _ in made]
        text = "\n".join(lines + problems)
    if made and not request.percent_said:
        # No percentage said ("有变化就通知我"): the default one is named, with how to change it.
        text += "\n" + t(lang, "alerts.default_percent", pct=f"{request.threshold or 0:g}")
    text = "\n".join([*notes, text, *_location_hint(lang, [alert for alert, _ in made])])
    await message.reply_text(text, reply_markup=view.manage_keyboard(lang))


def _location_hint(lang: str, made: Sequence[AlertView]) -> list[str]:
    # No home: a "nearest markets" alert watches every market; sharing one narrows it.
    if any(needs_location(alert) for alert in made):
        return [t(lang, "alerts.share_location", n=ANSWER_MARKETS)]
    return []


def _state_key(state: str) -> str:
    return {"added": "subscribed", "updated": "updated"}.get(state, "unchanged")


def _default_time(settings: Settings) -> time:
    return settings.schedule.at("daily_digest")


async def _which_product(message: Message, user: User, request: Request, words: list[str]) -> None:
    # No product named: the closest to what was typed, else the most asked.
    lang = user.language
    word = unknown_product_word(message.text or "", words)
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


async def _overview(message: Message, user: User, settings: Settings) -> None:
    # The 🔔 button: what the farmer has, then how to add more.
    lang = user.language
    async with session_scope() as session:
        views = await service.list_alerts(session, user.telegram_id)
        popular = await most_asked(session, BUTTON_PRODUCTS)
    if views:
        await message.reply_text(
            view.list_text(lang, views), reply_markup=view.list_keyboard(lang, views)
        )
    await message.reply_text(
        t(lang, "alerts.how_to", time=_default_time(settings).strftime("%H:%M")),
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
            await ask_price(context, user, product.name, one_way, None, markets)
        return
    code = view.read_code(pressed.code) if pressed and pressed.code else None
    if pressed and pressed.code and code is None:
        product_id = None  # malformed data: treat as stale
    kind, threshold, at_time = code or (AlertKind.daily, None, _default_time(settings_of(context)))
    async with session_scope() as session:
        product = await session.get(Product, product_id) if product_id is not None else None
        if product is None:
            await query.answer(t(lang, "fallback.unknown_button"), show_alert=True)
            return
        try:
            alert, state = await service.subscribe(
                session, user.telegram_id, AlertSpec(product.name, kind, threshold, at_time)
            )
        except AlertError as exc:
            await query.answer()
            await _send(context, user.telegram_id, error(lang, exc))
            return
    _ensure_digest_job(context.application, alert)
    await query.answer()
    await _send(
        context,
        user.telegram_id,
        "\n".join(
            [
                t(lang, f"alerts.{_state_key(state)}", desc=describe(lang, alert)),
                *_location_hint(lang, [alert]),
            ]
        ),
        view.manage_keyboard(lang),
    )


async def _send(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, text: str, markup: Any = None
) -> None:
    await context.bot.send_message(chat_id, text, reply_markup=markup)


# -------------------------------------------------- the list (退订: alert_unsubscribe.py)


async def alerts_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/alerts, "我的提醒", or the 📋 button: the list with its buttons."""
    user = await register_visitor(update, context)
    query = update.callback_query
    if query is not None:
        await query.answer()
    async with session_scope() as session:
        views = await service.list_alerts(session, user.telegram_id)
    if views:
        await _send(
            context,
            user.telegram_id,
            view.list_text(user.language, views),
            view.list_keyboard(user.language, views),
        )
        return
    message = update.effective_message
    settings = settings_of(context)
    if message is not None and query is None:
        await _overview(message, user, settings)
    else:
        async with session_scope() as session:
            popular = await most_asked(session, BUTTON_PRODUCTS)
        await _send(
            context,
            user.telegram_id,
            t(user.language, "alerts.list_empty")
            + "\n"
            + t(user.language, "alerts.how_to", time=_default_time(settings).strftime("%H:%M")),
            view.product_buttons(user.language, [(p.id, p.name) for p in popular]),
        )


async def alert_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """⏸ / ▶️ / 🗑 on one subscription (al:p:, al:r:, al:d: + id, + ":l" under the list)."""
    query, user = await press(update, context)
    lang = user.language
    pressed = Pause.parse(query.data) or Resume.parse(query.data) or Delete.parse(query.data)
    if pressed is None:
        await query.answer(t(lang, "alerts.gone"), show_alert=True)
        return
    from_list = pressed.where == FROM_LIST
    async with session_scope() as session:
        if isinstance(pressed, Delete):
            key = "alerts.deleted"
            found = await service.delete_alert(session, user.telegram_id, pressed.subscription_id)
        else:
            paused = isinstance(pressed, Pause)
            key = "alerts.paused" if paused else "alerts.resumed"
            found = await service.set_paused(
                session, user.telegram_id, pressed.subscription_id, paused
            )
        views = await service.list_alerts(session, user.telegram_id)
    if found is None:
        await query.answer(t(lang, "alerts.gone"), show_alert=True)
        return
    done = t(lang, key, desc=describe(lang, found))
    if from_list:
        await query.answer(done[:200])
        await _redraw(query, lang, views)
    else:
        await query.answer()
        await _send(context, user.telegram_id, done, view.manage_keyboard(lang))


async def _redraw(query: CallbackQuery, lang: str, views: list[AlertView]) -> None:
    try:
        await query.edit_message_text(
            view.list_text(lang, views), reply_markup=view.list_keyboard(lang, views)
        )
    except BadRequest as exc:
        # "message is not modified" (a double tap) is fine; anything else is not.
        if "not modified" not in exc.message:
            raise


# ---------------------------------------------------------------- changing a value


async def start_change(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """✏️ (al:e:<id>): ask for the new time, price or percentage."""
    query, user = await press(update, context)
    lang = user.language
    pressed = Change.parse(query.data)
    sub_id = pressed.subscription_id if pressed else None
    async with session_scope() as session:
        found = await service.get_alert(session, user.telegram_id, sub_id or 0)
    if found is None:
        await query.answer(t(lang, "alerts.gone"), show_alert=True)
        return ConversationHandler.END
    await query.answer()
    if context.user_data is not None:
        context.user_data[EDITING] = found.id
    prompt = {AlertKind.daily: "alerts.change_daily", AlertKind.move: "alerts.change_move"}.get(
        found.kind, "alerts.change_price"
    )
    await _send(context, user.telegram_id, describe(lang, found) + "\n" + t(lang, prompt))
    return WAIT_VALUE


async def change_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """The new value: change it, or say why not (either way the conversation ends)."""
    message = update.effective_message
    if message is None or message.text is None:
        return WAIT_VALUE
    user = await register_visitor(update, context)
    lang = user.language
    sub_id = context.user_data.pop(EDITING, None) if context.user_data is not None else None
    try:
        async with session_scope() as session:
            changed = await service.change_value(
                session, user.telegram_id, int(sub_id or 0), message.text
            )
    except AlertError as exc:
        await message.reply_text(t(lang, "alerts.change_failed", problem=error(lang, exc)))
        return ConversationHandler.END
    if changed is None:
        await message.reply_text(t(lang, "alerts.gone"))
        return ConversationHandler.END
    _ensure_digest_job(context.application, changed)
    await message.reply_text(
        t(lang, "alerts.updated", desc=describe(lang, changed)),
        reply_markup=view.manage_keyboard(lang),
    )
    return ConversationHandler.END


async def cancel_change(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """/cancel while changing: nothing changes."""
    user = await register_visitor(update, context)
    if context.user_data is not None:
        context.user_data.pop(EDITING, None)
    if update.effective_message is not None:
        await update.effective_message.reply_text(t(user.language, "alerts.change_cancelled"))
    return ConversationHandler.END


def _forget_editing(context: ContextTypes.DEFAULT_TYPE) -> None:
    if context.user_data is not None:
        context.user_data.pop(EDITING, None)


def conversation() -> ConversationHandler[Any]:
    """✏️ on a subscription, then the new value (kept across restarts, as every conversation)."""
    text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    return TimedConversation(
        entry_points=[CallbackQueryHandler(start_change, pattern=Change.matches)],
        # 取消 / 算了 keep the alert as it is; another subject is answered by its feature.
        states=with_leave(
            {
                WAIT_VALUE: [
                    MessageHandler(text & filters.Text(list(CANCEL_WORDS)), cancel_change),
                    MessageHandler(text, change_typed),
                ]
            },
            leave_handler(CONVERSATION, "alerts.change_left", on_leave=_forget_editing),
        ),
        fallbacks=[CommandHandler("cancel", cancel_change)],
        name=CONVERSATION,
        persistent=True,
        allow_reentry=True,
        # A farmer who never answers gets their messages back after a while.
        timeout=timedelta(seconds=CHANGE_TIMEOUT_S),
    )


def pick_conversation() -> ConversationHandler[Any]:
    """A subscription in words or 🔔; when no product was named, the next product typed."""
    text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    return TimedConversation(
        entry_points=[MessageHandler(IntentFilter(Kind.subscribe), subscribe_text)],
        states={
            WAIT_PRODUCT: [
                CallbackQueryHandler(product_pressed, pattern=Subscribe.matches),
                MessageHandler(text, product_typed),
            ]
        },
        fallbacks=[],
        name=PICK_CONVERSATION,
        persistent=True,
        allow_reentry=True,
        # Only a moment after the prompt: later, 洋芋 asks its price again.
        timeout=timedelta(seconds=PICK_TIMEOUT_S),
    )


# Buttons outside the conversation: (callback data pattern, handler).
BUTTONS = (
    (Subscribe.matches, subscribe_button),
    (any_of(Pause, Resume, Delete), alert_button),
    (ListAlerts.matches, alerts_command),
)


# ---------------------------------------------------------------- admins


async def deliveries_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/deliveries (admins): the recent runs' counts and what is waiting."""
    message, user = await incoming(update, context)
    if not await require(update, user, Role.admin):
        return
    async with session_scope() as session:
        runs = await outbox.recent_runs(session, 8)
        counts = await outbox.status_counts(session)
    await message.reply_text(
        view.deliveries_text(user.language, runs, counts, settings_of(context).tz)
    )


# ---------------------------------------------------------------- jobs


def _job_name(at: time) -> str:
    return f"alert_digest {at:%H:%M}"


def _schedule(app: AnyApp, at: time) -> None:
    queue = app.job_queue
    if queue is None or queue.get_jobs_by_name(_job_name(at)):
        return
    settings: Settings = app.bot_data[SETTINGS_KEY]
    # A time without a zone would be UTC to PTB: digests are in the farmers' time.
    queue.run_daily(digest_job, time=at.replace(tzinfo=settings.tz), data=at, name=_job_name(at))


def _ensure_digest_job(app: AnyApp, alert: AlertView) -> None:
    if alert.kind is AlertKind.daily and alert.at_time is not None:
        _schedule(app, alert.at_time)


async def sync_digest_jobs(app: AnyApp) -> list[time]:
    """One daily job per digest time in the subscriptions table; returns the times."""
    async with session_scope() as session:
        times = await digests.digest_times(session)
    for at in times:
        _schedule(app, at)
    return times


async def sync_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """JobQueue: pick up digest times added outside this process (imports)."""
    await sync_digest_jobs(context.application)


async def digest_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """JobQueue: queue today's digests for one time of day."""
    job = context.job
    if job is None or not isinstance(job.data, time):
        return
    settings = settings_of(context)
    today = local_today(settings.tz)
    async with session_scope() as session:
        queued = await digests.enqueue_digests(session, job.data, today, settings.tz)
    if queued:
        log.info("digests at %s: %d queued", f"{job.data:%H:%M}", queued)
