"""Who has a farmer's sale listing is told when it opens (blind test: 我有三千斤椪柑要卖 was
confirmed "交给服务站" and queued nothing: staff saw it only in /offers or 今天有啥事).

As a forwarded question or a withdrawn listing is told: one message per listing to each of its
station's staff (the admins for a listing of no station), through the outbox in the unit of work
that opens it, in each one's own language, under a key so an update handled twice queues it
once. A station nobody runs on FarmHub is told nothing: the farmer is told that instead.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.markets.supply import OfferView
from bot.users import get_user
from handlers.notify import push
from handlers.render import listings as view
from knowledge.kb.questions import staff_of


async def opened(session: AsyncSession, offer: OfferView, today: date) -> bool:
    """Queue the new listing for whoever has it; False for a station with nobody on FarmHub to
    tell (its farmer is then promised no buyer's call, handlers/render/listings.py)."""
    staff = await staff_of(session, offer.station_id)
    for staff_id in staff:
        member = await get_user(session, staff_id)
        if member is None or staff_id == offer.farmer_id:
            continue  # a staff member's own listing is no news to them
        text = view.opened_notice(member.language, offer, today)
        key = f"offer-opened:{offer.id}:{staff_id}"
        await push(session, staff_id, text, key=key, source="offer")
    return bool(staff) or offer.station_id is None
