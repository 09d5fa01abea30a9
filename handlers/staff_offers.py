"""Station staff's side of farmers' sale listings: told when one opens, /offers (its 已对接 is
asked first: handlers/offer_matching.py).

A new listing is told as a forwarded question or a withdrawn listing is (blind test: 我有三千斤椪柑
要卖 was confirmed "交给服务站" and queued nothing): one message per listing to each of its
station's staff (the admins for a listing of no station), through the outbox in the unit of
work that opens it, in each one's own language, under a key so an update handled twice queues
it once. A station nobody runs on FarmHub is told nothing: the farmer is told that instead.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.core.db import session_scope
from bot.markets.prices import local_today
from bot.markets.supply import OfferView, open_offers
from bot.models.users import Role
from bot.users import get_user
from handlers.common import incoming, settings_of
from handlers.guards import require
from handlers.notify import push
from handlers.render import listings as listings_view
from handlers.render import supply as view
from knowledge.kb.questions import staff_of


async def offers_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/offers: station staff (and admins) see the open offers they handle."""
    message, user = await incoming(update, context)
    lang = user.language
    if not await require(update, user, Role.staff):
        return
    today = local_today(settings_of(context).tz)
    async with session_scope() as session:
        offers, total = await open_offers(session, user)
    await message.reply_text(
        view.offers_text(lang, offers, total, today),
        reply_markup=view.offers_keyboard(lang, offers),
        parse_mode=ParseMode.HTML,
    )


async def opened(session: AsyncSession, offer: OfferView, today: date) -> bool:
    """Queue the new listing for whoever has it; False for a station with nobody on FarmHub to
    tell (its farmer is then promised no buyer's call, handlers/render/listings.py)."""
    staff = await staff_of(session, offer.station_id)
    for staff_id in staff:
        member = await get_user(session, staff_id)
        if member is None or staff_id == offer.farmer_id:
            continue  # a staff member's own listing is no news to them
        text = listings_view.opened_notice(member.language, offer, today)
        key = f"offer-opened:{offer.id}:{staff_id}"
        await push(session, staff_id, text, key=key, source="offer")
    return bool(staff) or offer.station_id is None
