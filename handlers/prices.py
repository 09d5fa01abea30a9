"""Price questions: "西红柿多少钱", product buttons, and the 30-day chart."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.asked import asked_place
from bot.markets.change import Change, against_days_before, against_period
from bot.markets.chart import render_png
from bot.markets.herds import county_animals
from bot.markets.history import DAY, TREND, PriceHistory, price_history
from bot.markets.prices import (
    CHART_DAYS,
    PRICE_UNITS,
    Place,
    PriceAnswer,
    all_markets,
    as_typed,
    chart_series,
    count_ask,
    latest_prices,
    local_today,
    most_asked,
    place_words,
    priced,
    product_named,
    product_ref,
    unknown_product_word,
)
from bot.markets.worth import worth_of
from bot.models.markets import Market, Product
from bot.stations.finder import village_named
from handlers import just_priced
from handlers.common import press, register_visitor, settings_of
from handlers.fallthrough import knowledge_instead
from handlers.render import price_history as history_view
from handlers.render import prices as view
from handlers.render.price_change import change_said
from handlers.render.worth import worth_lines
from handlers.routing import intent_of, menu_intent
from knowledge.text.intent import CHART, PEAK, PER_HEAD, asks_chart
from knowledge.text.lexicon import lexicon, names_said, product_label
from knowledge.text.normalise import normalise
from knowledge.text.numbers import amount_asked
from knowledge.text.per_head import without_animal
from knowledge.text.periods import Period, past_day, period_days
from knowledge.text.price_words import asks_change

log = logging.getLogger(__name__)

# One message answers at most this many products ("土豆和白菜多少钱").
MAX_PRODUCTS = 3
BUTTON_PRODUCTS = 9
CHART_MARKETS = 5


async def price_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a price question with the latest prices near the farmer."""
    await answer_price(update, context)


async def answer_price(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    carry_over: bool = False,
    where: str | None = None,
) -> None:
    """Answer a price question; `carry_over`: it goes on about the products just shown;
    `where`: the place it asks about, as found (a village spelt in pinyin), not as read."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    user = await register_visitor(update, context)
    lang, text = user.language, message.text
    today = local_today(settings_of(context).tz)
    intent = intent_of(text)
    typed = menu_intent(text) is None
    if typed:
        # 那土豆呢 after a price per 公斤: per 公斤 again; 那公斤呢: the products just shown.
        intent = just_priced.carried_over(context, intent, products=carry_over)
        if carry_over and intent.products and asks_chart(intent.text):
            # 看走势图, 走势呢, chart please after a price: its chart, not the card again.
            intent = replace(intent, extras={**intent.extras, CHART: "30"})
        just_priced.remember_shown(update, context, intent.products, intent.unit)
    day = past_day(text, today) if typed and intent.period is None else None
    if PEAK in intent.extras and intent.products and typed:
        # 土豆哪天价最高: the dearest (cheapest) day of the period asked, else of the
        # trend chart's window, from the stored prices.
        days = period_days(intent.period, today) if intent.period else trend_days(today)
        asked = Asked(text, intent.products, intent.unit, user.home_lat, user.home_lon)
        await _peak(message, lang, asked, days, intent.extras[PEAK] == "high")
        return
    if (intent.period is not None or day is not None) and intent.products and typed:
        # 上个月西红柿多少钱, 昨天黄瓜啥价: that period's or day's stored prices, never
        # today's in their place (said plainly when there are none, then the latest).
        days = period_days(intent.period, today) if intent.period else one_day(day or today)
        asked = Asked(text, intent.products, intent.unit, user.home_lat, user.home_lon)
        await _price_history(message, lang, asked, days, today, _change_asked(text, typed))
        return
    answers: list[PriceAnswer] = []
    async with session_scope() as session:
        markets = await all_markets(session)
        place: Place | None = None
        if typed:
            # 一头牛多少钱: the animal and "a head" name no place.
            said_at = without_animal(text) if PER_HEAD in intent.extras else text
            if carry_over:
                said_at = where or intent.text  # a follow-up's place as classified (xinfadi?)
            place = await asked_place(
                session, said_at, markets, village_named, user.home_lat, user.home_lon
            )
            # 羊价 in a county trading 肉羊, not 羊肉: its own animal (bot/markets/herds.py).
            names = await county_animals(session, intent.products[:MAX_PRODUCTS], intent.text)
            for name in names:
                product = await product_ref(session, name)
                if product is None:
                    continue
                count_ask(product.id)
                answers.append(
                    await latest_prices(session, product, place, today, intent.unit, markets)
                )
        if not answers:
            # No product named (or the menu button): which one?
            word = (
                "" if menu_intent(text) else unknown_product_word(text, place_words(markets), place)
            )
            reply, products = await _which_product(session, lang, word, as_typed(text, word))
    if not answers:
        # 种地补贴一亩给多少钱: no product the markets know, maybe a question the base answers.
        if word and await knowledge_instead(message, context, user, text):
            return
        await message.reply_text(
            reply, reply_markup=view.product_buttons(lang, products, view.PriceOf)
        )
        return
    if typed and not any(answer.rows for answer in answers):
        # No market quotes it: the base may know (a county's own entry on its price).
        empty = "\n".join(view.price_text(lang, answer) for answer in answers)
        if await knowledge_instead(message, context, user, text, empty):
            return
    if typed and CHART in intent.extras:
        # 辣椒走势, 看看土豆走势图: the 30-day chart the 📈 button draws, at the markets the
        # price answer would show.
        for answer in answers:
            shown = [row.market_id for row in answer.rows][:CHART_MARKETS]
            if not shown:
                label = product_label(lang, answer.product)
                await message.reply_text(t(lang, "prices.chart_empty", product=label))
                continue
            await _send_chart(
                context, message.chat_id, lang, (answer.product_id, answer.unit, shown)
            )
        await _say_left_out(message, lang, intent.products)
        return
    if PER_HEAD in intent.extras:
        # 羊娃子多钱一只: the meat's price per 斤 is what markets know; said so first.
        animal = intent.extras[PER_HEAD]
        label = product_label(lang, answers[0].product)
        await message.reply_text(t(lang, "prices.per_head", product=label, animal=animal))
    # 两千斤包谷能卖好多钱: what the amount comes to (a live animal's weight is no meat's).
    amount = amount_asked(text) if typed and PER_HEAD not in intent.extras else None
    # 椪柑多少钱: the card says 椪柑（柑橘）; a price by the head says its meat already.
    said = names_said(text) if typed and PER_HEAD not in intent.extras else {}
    change = _change_asked(text, typed)
    for answer in answers:
        worth = worth_of(answer, amount) if amount is not None else None
        card = view.price_text(lang, answer, worth_lines(lang, worth), said.get(answer.product))
        rose = against_days_before(answer) if change else None
        await message.reply_text(
            f"{change_said(lang, rose)}\n\n{card}" if rose is not None else card,
            reply_markup=view.price_keyboard(lang, answer),
        )
    # A card with no place to go by asks for the farmer's location: the one sent next
    # answers it (near_location).
    tipped = [(a.product, a.unit) for a in answers if a.place.kind == "national"]
    just_priced.remember(update, context, tipped)
    await _say_left_out(message, lang, intent.products)


async def names_place(text: str) -> bool:
    """Whether `text` names a market or a place prices can be shown for (新发地呢, 潍坊那边呢)."""
    async with session_scope() as session:
        markets = await all_markets(session)
        place = await asked_place(session, text, markets, village_named)
    return place.kind in ("market", "city", "near")


async def near_location(
    message: Message,
    context: ContextTypes.DEFAULT_TYPE,
    lang: str,
    lat: float,
    lon: float,
    asked: Sequence[tuple[str, str]],
) -> None:
    """The prices of the card just sent, at the markets nearest the location shared."""
    today = local_today(settings_of(context).tz)
    place = Place("home", "", lat, lon)
    answers: list[PriceAnswer] = []
    async with session_scope() as session:
        markets = await all_markets(session)
        for name, unit in asked:
            product = await product_ref(session, name)
            if product is not None:
                answers.append(await latest_prices(session, product, place, today, unit, markets))
    for answer in answers:
        await message.reply_text(
            view.price_text(lang, answer), reply_markup=view.price_keyboard(lang, answer)
        )


def trend_days(today: date) -> Period:
    """The trend chart's window up to today (CHART_DAYS days), as a period."""
    return Period(TREND, today - timedelta(days=CHART_DAYS - 1), today)


async def _peak(message: Message, lang: str, asked: Asked, days: Period, highest: bool) -> None:
    """The dearest (or cheapest) day of each nearest market in `days`, from stored prices."""
    async with session_scope() as session:
        markets = await all_markets(session)
        place = await asked_place(
            session, asked.text, markets, village_named, asked.home_lat, asked.home_lon
        )
        found: list[PriceHistory] = []
        for name in asked.products[:MAX_PRODUCTS]:
            product = await product_named(session, name)
            if product is None:
                continue
            count_ask(product.id)
            found.append(
                await price_history(
                    session, product, place, days.kind, days.start, days.end, asked.unit
                )
            )
    for history in found:
        await message.reply_text(history_view.peak_text(lang, history, highest))
    await _say_left_out(message, lang, asked.products)


def one_day(day: date) -> Period:
    """A past day asked about, as a period of its own (the history's DAY)."""
    return Period(DAY, day, day)


@dataclass(frozen=True)
class Asked:
    """A price question about the past: its words, products, unit and the farmer's home."""

    text: str
    products: Sequence[str]
    unit: str | None
    home_lat: float | None
    home_lon: float | None


def _change_asked(text: str, typed: bool) -> bool:
    """Whether a typed price question asks if it rose or fell (核桃比上个礼拜涨了莫得)."""
    return typed and asks_change(normalise(text))


async def _price_history(
    message: Message, lang: str, asked: Asked, days: Period, today: date, change: bool = False
) -> None:
    """Answer a question about a past period or day from the stored prices (a period's with
    its chart); none stored is said plainly, with the latest prices and their days. Asked
    whether it rose (`change`), the answer opens with one line saying so."""
    found: list[tuple[PriceHistory, PriceAnswer | None, Change | None]] = []
    async with session_scope() as session:
        markets = await all_markets(session)
        place = await asked_place(
            session, asked.text, markets, village_named, asked.home_lat, asked.home_lon
        )
        for name in asked.products[:MAX_PRODUCTS]:
            product = await product_named(session, name)
            if product is None:
                continue
            count_ask(product.id)
            history = await price_history(
                session, product, place, days.kind, days.start, days.end, asked.unit
            )
            latest = None
            if history.empty:
                latest = await latest_prices(session, product, place, today, asked.unit, markets)
            rose = None
            if change and not history.empty:
                # 比上个礼拜涨了莫得: the latest price, in the history's unit, against it.
                now = await latest_prices(session, product, place, today, history.unit, markets)
                rose = against_period(history, now)
            found.append((history, latest, rose))
    for history, latest, rose in found:
        keyboard = view.price_keyboard(lang, latest) if latest is not None else None
        card = history_view.history_text(lang, history, latest)
        await message.reply_text(
            f"{change_said(lang, rose)}\n\n{card}" if rose is not None else card,
            reply_markup=keyboard,
        )
        if history.chart is None or history.period == DAY:
            continue  # one day is no chart
        title, ylabel, caption = history_view.history_chart_labels(lang, history)
        # Drawing takes a few hundred milliseconds of CPU: off the event loop.
        png = await render_png(history.chart, title, ylabel, t(lang, "format.chart_day"))
        await message.reply_photo(png, caption=caption)
    await _say_left_out(message, lang, asked.products)


async def _say_left_out(message: Message, lang: str, products: Sequence[str]) -> None:
    # "土豆、西红柿、黄瓜和白菜多少钱": the ones past MAX_PRODUCTS are named, never dropped.
    rest = products[MAX_PRODUCTS:]
    if rest:
        await message.reply_text(
            t(
                lang,
                "prices.too_many",
                max=MAX_PRODUCTS,
                rest=t(lang, "prices.list_sep").join(product_label(lang, p) for p in rest),
                first=product_label(lang, rest[0]),
            )
        )


async def _which_product(
    session: AsyncSession, lang: str, word: str, typed: str = ""
) -> tuple[str, list[tuple[int, str]]]:
    # No product named: suggest the closest known names to what was typed, or
    # the most asked products.
    typed = typed or word
    if word:
        names = lexicon().likely_typos(word, n=6)
        closest = [p for p in [await product_named(session, n) for n in names] if p is not None]
        if closest:
            return (
                t(lang, "prices.unknown_product", word=typed),
                [(p.id, p.name) for p in closest],
            )
        # 蒜薹啥价: no price of its own, but 大蒜's is there (a knowledge dead end before).
        related = await priced(session, lexicon().related_products(word))
        if related:
            return (
                t(lang, "prices.unknown_product_related", word=typed),
                [(p.id, p.name) for p in related],
            )
        key = "prices.unknown_product_none"
    else:
        key = "prices.ask_product"
    popular = await most_asked(session, BUTTON_PRODUCTS)
    return t(lang, key, word=typed), [(p.id, p.name) for p in popular]


async def product_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A product button (px:p:<id>): answer its price near the farmer."""
    query, user = await press(update, context)
    lang = user.language
    pressed = view.PriceOf.parse(query.data)
    product_id = pressed.product_id if pressed else None
    today = local_today(settings_of(context).tz)
    answer = None
    async with session_scope() as session:
        product = await session.get(Product, product_id) if product_id is not None else None
        if product is not None:
            markets = await all_markets(session)
            place = await asked_place(
                session, "", markets, village_named, user.home_lat, user.home_lon
            )
            count_ask(product.id)
            answer = await latest_prices(session, product, place, today, None, markets)
    if answer is None:
        await query.answer(t(lang, "fallback.unknown_button"), show_alert=True)
        return
    await query.answer()
    just_priced.remember_shown(update, context, [answer.product], None)
    await context.bot.send_message(
        user.telegram_id,
        view.price_text(lang, answer),
        reply_markup=view.price_keyboard(lang, answer),
    )


# Charts being drawn or just sent, per Application: (farmer, button data) -> the task.
DRAWING_KEY = "charts_drawing"
# A press of the same button this soon after its chart was sent is told to look
# up: the chart is right there (a storm of presses gets one chart, not one each).
CHART_REPEAT_S = 10.0


def _drawing(context: ContextTypes.DEFAULT_TYPE) -> dict[tuple[int, str], asyncio.Task[None]]:
    drawing: dict[tuple[int, str], asyncio.Task[None]] = context.application.bot_data.setdefault(
        DRAWING_KEY, {}
    )
    return drawing


async def chart_requested(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The 看走势图 button (px:c:<product>:<j|k>:<m.m.m>): send the 30-day chart as a photo.

    The press is answered at once and the chart drawn in the background: one
    chat's updates are handled in order, so a handler that drew before returning
    would hold the farmer's next presses until Telegram calls them too old. A
    press of the same button while its chart is being drawn is told so and
    draws nothing more.
    """
    query, user = await press(update, context)
    lang = user.language
    parsed = _parse_chart(query.data)
    if parsed is None:
        await query.answer(t(lang, "fallback.unknown_button"), show_alert=True)
        return
    key = (user.telegram_id, str(query.data))
    drawing = _drawing(context)
    busy = drawing.get(key)
    if busy is not None:
        await query.answer(t(lang, "prices.chart_sent" if busy.done() else "prices.chart_drawing"))
        return
    # Named "reply:": the rest of this press's answer (the sandbox harness waits for it).
    task = context.application.create_task(
        _send_chart(context, user.telegram_id, lang, parsed),
        update=update,
        name=f"reply:chart:{user.telegram_id}",
    )
    drawing[key] = task
    loop = asyncio.get_running_loop()
    task.add_done_callback(
        lambda done: loop.call_later(
            CHART_REPEAT_S, lambda: drawing.pop(key, None) if drawing.get(key) is done else None
        )
    )
    await query.answer(t(lang, "prices.chart_drawing"))


async def _send_chart(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, lang: str, parsed: tuple[int, str, list[int]]
) -> None:
    product_id, unit, market_ids = parsed
    today = local_today(settings_of(context).tz)
    chart = None
    async with session_scope() as session:
        product = await session.get(Product, product_id)
        known = list(await session.scalars(select(Market.id).where(Market.id.in_(market_ids))))
        if product is not None and known:
            ordered = [m for m in market_ids if m in known]
            chart = await chart_series(session, product, ordered, today, unit)
    if chart is None:
        await context.bot.send_message(chat_id, t(lang, "fallback.unknown_button"))
        return
    title, ylabel, caption = view.chart_labels(lang, chart)
    if chart.empty:
        await context.bot.send_message(
            chat_id, t(lang, "prices.chart_empty", product=product_label(lang, chart.product))
        )
        return
    png = await render_png(chart, title, ylabel, t(lang, "format.chart_day"))
    await context.bot.send_photo(chat_id, png, caption=caption)


def _parse_chart(data: object) -> tuple[int, str, list[int]] | None:
    # Untrusted: anything malformed is refused, not guessed.
    pressed = view.Chart.parse(data)
    if pressed is None:
        return None
    units = {code: unit for unit, code in view.UNIT_CODES.items()}
    unit = units.get(pressed.unit)
    parts = pressed.markets.split(".")[:CHART_MARKETS]
    if unit is None or unit not in PRICE_UNITS:
        return None
    if not all(p.isdigit() and len(p) < 10 for p in parts):
        return None
    return pressed.product_id, unit, [int(p) for p in parts]
