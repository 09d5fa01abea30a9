"""Who buys: "哪里收土豆", "最近什么好卖", the 📦 menu button and its product buttons."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import ContextTypes

from bot.core.db import session_scope
from bot.core.geo import Hit
from bot.core.i18n import t
from bot.markets.asked import asked_place
from bot.markets.demand import open_listings, region_markets, top_risers, unknown_produce
from bot.markets.herds import county_animal_of, said_animal
from bot.markets.listings import farmer_offers
from bot.markets.prices import (
    all_markets,
    find_place,
    latest_prices,
    local_today,
    most_asked,
    product_named,
)
from bot.markets.supply import open_offer_count
from bot.models.markets import Product
from bot.models.users import Role, User
from bot.stations.catalogue import StationInfo
from bot.stations.finder import station_asked, village_named
from bot.stations.routing import route_offer, takers_anywhere, takers_near
from handlers import just_priced
from handlers.common import press, register_visitor, settings_of
from handlers.fallthrough import knowledge_instead
from handlers.render import demand as view
from handlers.render import listings as listings_view
from handlers.render import prices as prices_view
from handlers.render import stations as stations_view
from handlers.routing import intent_of, menu_intent
from knowledge.text.heads import animal_named
from knowledge.text.intent import PRICE_ASKED, asks_rising
from knowledge.text.lexicon import names_said
from knowledge.text.listings import animal_meat
from knowledge.text.price_follow import asks_buyers_only

BUTTON_PRODUCTS = 9


def _located(user: User) -> bool:
    return user.home_lat is not None and user.home_lon is not None


async def demand_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Buyers of the product asked about, or (no product) this week's risers and latest buyers."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    user = await register_visitor(update, context)
    lang, text = user.language, message.text
    today = local_today(settings_of(context).tz)
    intent = intent_of(text)
    if not intent.products and asks_buyers_only(text):
        # 谁收 right after garlic's price or listing: garlic's buyers (sandbox walk: the
        # whole list, none of them for garlic).
        intent = just_priced.carried_over(context, intent, products=True)
    just_priced.remember_shown(update, context, intent.products, intent.unit)
    async with session_scope() as session:
        if menu_intent(text) is not None:
            risers = await _risers_text(session, user, text)
            popular = await most_asked(session, BUTTON_PRODUCTS)
            await message.reply_text(risers)
            buttons = prices_view.product_buttons(
                lang, [(p.id, p.name) for p in popular], view.BuyersOf
            )
            # A farmer with listings waiting finds them where they sell (📋 我的卖货登记).
            if await open_offer_count(session, user.telegram_id):
                buttons = listings_view.with_list_button(lang, buttons)
            await message.reply_text(t(lang, "demand.ask_product"), reply_markup=buttons)
            return
        # 谁收羊 in a county trading 肉羊, not 羊肉: its own animal (bot/markets/herds.py).
        named = intent.products[0] if intent.products else None
        named = await county_animal_of(session, named, intent.text) if named else None
        product = await product_named(session, named) if named else None
        meat = None if intent.products else animal_meat(intent.text)
        if meat is not None:
            # 哪里收黄牛, 谁收水牛: a live animal no name table lists is its meat's buyers.
            product = await product_named(session, await county_animal_of(session, meat, text))
        if intent.extras.get("asks") == "station_list":
            # 孙家集京东服务站收什么, 我们站收什么: that station's whole list.
            who = intent.extras.get("station", "")
            asked = await station_asked(session, user, who)
            # Staff (and admins) are not told to book a pickup of their own station.
            staff = user.role is not Role.farmer
            await message.reply_text(stations_view.station_list_text(lang, who, asked, staff=staff))
            return
        if intent.extras.get("asks") == "station" and intent.products:
            # 站里收不收鸡蛋: the farmer's own station's list says, not the buyers' listings.
            route = await route_offer(session, user, intent.products[0])
            await message.reply_text(stations_view.takes_text(lang, intent.products[0], route))
            if PRICE_ASKED in intent.extras and product is not None:
                # 站里收不收红薯 啥价: and what it fetches, as a price question answers it.
                await message.reply_text(await _price_text(session, user, product, text, today))
            return
        takers: list[Hit[StationInfo]] = []
        anywhere: list[StationInfo] = []
        if product is not None:
            listings = await open_listings(session, today, product.id, user.home_lat, user.home_lon)
            # Stations near the farmer that take it come before buyers hundreds of km away.
            takers = await takers_near(session, user, product.name)
            # None near (or no place known): who takes it at all, never "nobody" (blind test).
            anywhere = [] if takers else await takers_anywhere(session, product.name)
            risers = ""
        else:
            risers = await _risers_text(session, user, text)
            listings = await open_listings(session, today, None, user.home_lat, user.home_lon)
    if product is None:
        buyers = view.listings_text(lang, listings, None, _located(user))
        word = "" if asks_rising(intent.text) else unknown_produce(text)
        if word:
            # 哪里收沙棘 with no 沙棘 known: nobody buys it, said first; then who buys what.
            await message.reply_text(t(lang, "demand.none_word", word=word))
            if listings:
                await message.reply_text(buyers)
            return
        # 收购, 谁在收购: who buys (near the farmer first), then this week's risers; 最近什么好卖,
        # 什么涨价了 ask the risers first.
        first, then = (risers, buyers) if asks_rising(intent.text) else (buyers, risers)
        await message.reply_text(first)
        await message.reply_text(then)
        return
    named = _named(lang, intent.text, text, product.name)
    reply = view.listings_text(lang, listings, product.name, _located(user), named)
    if takers:
        own = user.station_id
        await message.reply_text(
            stations_view.takers_text(lang, product.name, takers, own, named=named)
        )
    elif anywhere:
        await message.reply_text(
            # The buyers' list that follows has its own hint to send a location.
            stations_view.takers_any_text(
                lang, product.name, anywhere, _located(user) or bool(listings), named=named
            )
        )
    if not listings:
        # Her own garlic listed already: no invitation to list what she listed (sandbox walk).
        async with session_scope() as session:
            listed = await farmer_offers(session, user.telegram_id, product.id)
        if listed:
            await message.reply_text(
                listings_view.already_listed_text(
                    lang, product.name, listed, today, takers=bool(takers or anywhere)
                ),
                reply_markup=listings_view.list_button(lang),
            )
            return
        if takers or anywhere:
            return  # no buyer's listing: the stations are the answer
    # Nobody is buying it: the base may answer instead (a county's entry 青石县哪里收核桃),
    # after the line saying so (handlers/fallthrough.py).
    if listings or not await knowledge_instead(message, context, user, text, reply):
        await message.reply_text(reply)


def _named(lang: str, norm: str, text: str, product: str) -> str | None:
    """The product as the farmer asked for it, for the headers: a live animal (哪里收黄牛: 黄牛,
    not 牛肉) or another of its names (边度收番茄: 番茄（西红柿）, as a price card says it)."""
    said = animal_named(norm)
    if said and said.meat == product:
        return said_animal(lang, said.animal, said.meat)
    word = names_said(text).get(product)
    return prices_view.said_label(lang, product, word) if word else None


async def _listings_text(session: AsyncSession, user: User, product: Product, today: date) -> str:
    listings = await open_listings(session, today, product.id, user.home_lat, user.home_lon)
    return view.listings_text(user.language, listings, product.name, _located(user))


async def _price_text(
    session: AsyncSession, user: User, product: Product, text: str, today: date
) -> str:
    """Today's price of `product` near the farmer, as a price question shows it."""
    markets = await all_markets(session)
    # Near the farmer: the rest of the message (站里收不收) names no place.
    place = await asked_place(session, "", markets, village_named, user.home_lat, user.home_lon)
    answer = await latest_prices(session, product, place, today, intent_of(text).unit, markets)
    return prices_view.price_text(user.language, answer, said=names_said(text).get(product.name))


async def _risers_text(session: AsyncSession, user: User, text: str) -> str:
    markets = await all_markets(session)
    place = find_place(text, markets, user.home_lat, user.home_lon)
    risers = await top_risers(session, region_markets(markets, place))
    return view.risers_text(user.language, risers, place.kind != "national")


async def product_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A product button (dm:p:<id>): the buyers of that product."""
    query, user = await press(update, context)
    pressed = view.BuyersOf.parse(query.data)
    product_id = pressed.product_id if pressed else None
    today = local_today(settings_of(context).tz)
    reply = None
    async with session_scope() as session:
        product = await session.get(Product, product_id) if product_id is not None else None
        if product is not None:
            reply = await _listings_text(session, user, product, today)
    if reply is None:
        await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return
    await query.answer()
    await context.bot.send_message(user.telegram_id, reply)
