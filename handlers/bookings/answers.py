"""The booking conversation's answers to each step: a product, an amount, a station, a day,
a round, typed or pressed. Each puts what it got in the draft and shows the next step."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.bookings import model
from bot.bookings.model import Refused
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.stations.catalogue import get_station
from handlers.bookings.base import (
    BARE,
    BARE_NUMBER,
    CONFIRM,
    DAY,
    OFFERED_PRODUCTS,
    PRODUCT,
    QUANTITY,
    RESIZE,
    SLOT,
    STATION,
    draft_of,
    limits_of,
    negative_note,
    now_of,
    show_reply,
    take_amount,
    take_quantity,
    tell_refused,
    want_day,
)
from handlers.bookings.herd_draft import keep_said
from handlers.bookings.herds import herd_amount
from handlers.bookings.nav import unexpected
from handlers.bookings.steps import day_at_limit, next_missing, present
from handlers.bookings.typed import pick
from handlers.common import register_visitor
from handlers.render import amounts
from handlers.render import bookings as view
from handlers.render.knowledge import quote
from knowledge.text.dates import said_day
from knowledge.text.intent import in_characters
from knowledge.text.lexicon import lexicon
from knowledge.text.numbers import Quantity, parse_quantity, to_number, unit_answer
from knowledge.text.picks import picked_number

# How much of an unrecognised answer is quoted back.
QUOTED_CHARS = 20


async def product_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The product as typed (maybe with the amount: 两千斤玉米)."""
    message = update.effective_message
    user = await register_visitor(update, context)
    text = (message.text or "") if message else ""
    draft = draft_of(context)
    read = in_characters(text)  # typed in pinyin (xihongshi liangqian jin): its characters
    found = lexicon().find_products(read)
    number = picked_number(read) if not found else None
    if number is not None:
        # 1 or 第一个 where the products are buttons: the one listed there (blind test: 1 was
        # "not recognised").
        if OFFERED_PRODUCTS not in draft:
            # A step shown before its list was kept (a draft from an older version): again.
            return await present(update, context, user.language, PRODUCT, edit=False)
        offered = [p for p in draft[OFFERED_PRODUCTS] or [] if p in lexicon().products]
        picked = pick(offered, number)
        if picked is None:
            note = t(user.language, "bookings.product_numbers", count=len(offered))
            return await present(update, context, user.language, PRODUCT, note=note, edit=False)
        found = [picked]
    if not found:
        close = lexicon().likely_typos(read)
        draft["suggest"] = close
        key = "bookings.unknown_product" if close else "bookings.unknown_product_none"
        # Named back as typed, but not 500 potatoes of emoji long.
        said = quote(text.strip(), QUOTED_CHARS)
        return await present(
            update, context, user.language, PRODUCT, note=t(user.language, key, text=said)
        )
    draft["product"] = found[0]
    keep_said(draft, read)  # 洋芋 typed: shown 洋芋（土豆）, not 土豆
    draft.pop("suggest", None)
    quantity = parse_quantity(read)
    problem = take_amount(draft, read, quantity, user.language) if quantity is not None else None
    if problem is not None:
        return await present(update, context, user.language, QUANTITY, note=problem)
    return await present(update, context, user.language, next_missing(draft))


async def product_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """A product button (the name is untrusted: it must be a known product)."""
    query = update.callback_query
    user = await register_visitor(update, context)
    pressed = view.ProductPick.parse(query.data) if query else None
    name = pressed.product if pressed else ""
    if query is None or name not in lexicon().products:
        if query is not None:
            await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return PRODUCT
    draft = draft_of(context)
    draft["product"] = name
    draft.pop("suggest", None)
    return await present(update, context, user.language, next_missing(draft))


async def quantity_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The amount: 两千斤, 1.5吨, 300公斤; a bare number asks 斤 or 公斤, a range (3-5吨) which
    of its figures to book."""
    message = update.effective_message
    user = await register_visitor(update, context)
    lang, text = user.language, in_characters((message.text or "") if message else "")
    negative = negative_note(text, lang)
    if negative is not None:  # -5斤 read as 5斤 would book what was never meant
        return await present(update, context, lang, QUANTITY, note=negative)
    quantity = parse_quantity(text)
    draft = draft_of(context)
    # 我有20只羊要卖, 20只羊 每只80斤, or 每只80斤 after it: a head count and its weight.
    herd = await herd_amount(update, context, lang, text, draft)
    if herd is not None:
        return herd
    named = lexicon().find_products(text)
    if len(named) == 1 and named[0] != draft.get("product"):
        # 土豆 typed when asked how much 西红柿: the farmer means potatoes, not an amount
        # (sandbox walk: "没看懂这个数量"). Their amount is asked, unless said with it.
        draft["product"] = named[0]
        keep_said(draft, text)
        draft.pop(BARE, None)
        if quantity is None:
            return await present(update, context, lang, QUANTITY, edit=False)
    if quantity is None:
        unit = unit_answer(text)
        if unit is not None:
            # 斤, 公斤的, 按斤, kg: the unit of the number asked about ("500 是斤还是公斤?").
            return await _unit_typed(update, context, lang, unit)
        bare = BARE_NUMBER.match(text)
        number = to_number(bare.group(1)) if bare else None
        if number is not None and 0 < number <= model.MAX_BOOKING_KG * 2:
            shown = f"{number:g}"
            draft[BARE] = shown  # the unit typed next is its answer, as its buttons are
            await show_reply(
                update,
                t(lang, "bookings.which_unit", number=shown),
                amounts.unit_keyboard(lang, shown),
            )
            return QUANTITY
        return await present(update, context, lang, QUANTITY, note=t(lang, "bookings.bad_quantity"))
    problem = take_amount(draft, text, quantity, lang)
    if problem is not None:
        return await present(update, context, lang, QUANTITY, note=problem)
    # 两千斤，后天上午送过去: the day said with the amount is not asked again.
    want_day(draft, said_day(text, now_of(context).date()))
    return await present(update, context, lang, next_missing(draft))


async def _unit_typed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, lang: str, unit: str
) -> str:
    """A unit typed at the amount step: with the number asked about, the amount; alone, the
    question how many (nothing is guessed)."""
    draft = draft_of(context)
    number = to_number(str(draft.pop(BARE, "")))
    if number is None:
        note = t(lang, "bookings.unit_needs_number", unit=t(lang, f"units.{unit}"))
        return await present(update, context, lang, QUANTITY, note=note, edit=False)
    problem = take_quantity(draft, Quantity(number, unit), lang)
    if problem is not None:
        return await present(update, context, lang, QUANTITY, note=problem, edit=False)
    return await present(update, context, lang, next_missing(draft), edit=False)


async def unit_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """An amount button: 斤 or 公斤 for a bare number, one figure of a range, or the most a
    round still takes."""
    query = update.callback_query
    user = await register_visitor(update, context)
    draft = draft_of(context)
    pressed = view.UnitPick.parse(query.data) if query else None
    unit = amounts.UNIT_CODES.get(pressed.unit, "") if pressed else ""
    try:
        number = float(pressed.number) if pressed else 0.0
    except ValueError:
        number = 0.0
    # The number is text the farmer typed once: it must still be a number the bot offers.
    if query is None or not unit or not 0 < number <= model.MAX_BOOKING_KG * 2:
        if query is not None:
            await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return str(draft.get("step") or QUANTITY)
    problem = take_quantity(draft, Quantity(number, unit), user.language)
    if problem is not None:  # a range's larger figure may be more than one booking takes
        return await present(update, context, user.language, QUANTITY, note=problem)
    return await present(update, context, user.language, next_missing(draft))


async def station_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """A station was picked (the id is untrusted: it must exist and take the product)."""
    query = update.callback_query
    user = await register_visitor(update, context)
    draft = draft_of(context)
    pressed = view.StationPick.parse(query.data) if query else None
    async with session_scope() as session:
        station = await get_station(session, pressed.station_id) if pressed else None
    if query is None or station is None:
        if query is not None:
            await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return STATION
    if not station.accepts(draft.get("product")):
        await tell_refused(update, user.language, Refused("not_accepted", product=draft["product"]))
        return STATION
    draft["station"] = station.id
    draft.pop(RESIZE, None)
    # DAY, or the amount when the station was offered before it was asked.
    return await present(update, context, user.language, next_missing(draft))


async def day_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """A day was picked: offer its free slots."""
    query = update.callback_query
    user = await register_visitor(update, context)
    pressed = view.DayPick.parse(query.data) if query else None
    day = pressed.day if pressed else None
    if query is None or day is None or day not in model.booking_window(now_of(context).date()):
        if query is not None:
            await query.answer(t(user.language, "bookings.refused.bad_day"), show_alert=True)
        return DAY
    draft = draft_of(context)
    if "station" in draft and await day_at_limit(update, context, draft, day):
        # A day button from before the farmer booked that day full: refused right here.
        limit = limits_of(context).per_station_day
        note = t(user.language, "bookings.refused.limit_station_day", limit=limit)
        return await present(update, context, user.language, DAY, note=note)
    draft["day"] = day.isoformat()
    return await present(update, context, user.language, SLOT)


async def day_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """A day typed at the day step (后天上午, 12月7号, 下周三, 月底, 下礼拜): taken as if it were
    said in the first message; anything else is met as any unexpected message is."""
    message = update.effective_message
    typed = in_characters(message.text or "") if message else ""
    said = said_day(typed, now_of(context).date()) if message else None
    if said is None or (said.day is None and said.span is None):
        return await unexpected(update, context)
    user = await register_visitor(update, context)
    want_day(draft_of(context), said)
    # The day step takes a wanted day the station has room on, or says it has none.
    return await present(update, context, user.language, DAY, edit=False)


async def slot_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """A slot was picked: show the summary to confirm."""
    query = update.callback_query
    user = await register_visitor(update, context)
    pressed = view.SlotPick.parse(query.data) if query else None
    if query is None or pressed is None:
        if query is not None:
            await query.answer(t(user.language, "fallback.unknown_button"), show_alert=True)
        return SLOT
    draft_of(context)["slot"] = pressed.slot_id
    return await present(update, context, user.language, CONFIRM)
