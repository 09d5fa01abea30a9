"""Farmers' supply offers: "我有两千斤玉米要卖" drafted, confirmed, seen and matched by staff.

Telegram-free; functions take the session and only query or flush. An offer is a
draft until its farmer confirms it; it then belongs to a station (the farmer's
own when it buys the product, else the nearest that does: bot.stations.routing;
or none: admins see unassigned offers) until staff mark it matched with a buyer
or the farmer withdraws it (bot.markets.listings).
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.audit import record
from bot.models.markets import OfferStatus, Product, SupplyOffer
from bot.models.users import Role, User
from bot.users import may
from knowledge.text.dates import parse_day
from knowledge.text.day_words import relative_offset
from knowledge.text.normalise import normalise
from knowledge.text.numbers import Price, Quantity, to_number
from knowledge.text.per_head import herd_noun

# A draft waits this long for its missing quantity.
DRAFT_TTL = timedelta(hours=2)
OFFERS_SHOWN = 10
# What one offer can sensibly be: more is a typo (or an attack), never produce.
MAX_OFFER_KG = 1_000_000  # 1000 吨
MAX_PRICE_YUAN = 10_000  # per 斤 or 公斤

_NUM = r"(\d{1,2}|[一二三四五六七八九十两]{1,3})"
_MONTH_DAY = re.compile(rf"{_NUM}\s*月\s*{_NUM}\s*(?:号|日)?")
_DAY_ONLY = re.compile(rf"(?<![月\d]){_NUM}\s*(?:号|日)")
_IN_DAYS = re.compile(rf"{_NUM}\s*天\s*(?:后|以后|之后)")
_LETTERS = re.compile(r"[a-z]")
_EN_NEXT_WEEK = re.compile(r"\bnext week\b")
_EN_NOW = re.compile(r"\b(?:right now|now|today|any ?time|in stock)\b")
_EN_MONTH_END = re.compile(r"\b(?:end of (?:the |this )?month|month end)\b")
_EN_NEXT_MONTH = re.compile(r"\bnext month\b")
# A seller's "now"; the day words every feature reads (明个, 后儿个 too) are day_words'.
_RELATIVE = (
    ("现在", 0),
    ("随时", 0),
    ("马上", 0),
    ("现货", 0),
)


# The most of a typed buyer (王老板 1.2元一斤) kept in the audit log and told the farmer.
MAX_BUYER = 80


class OfferError(Exception):
    """An offer action that is not allowed; `reason` names why, `params` fill the reply."""

    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params


def check_quantity(quantity: Quantity) -> None:
    """Refuse an amount that is not finite, not positive, or beyond MAX_OFFER_KG."""
    kg = quantity.kg
    if not math.isfinite(kg) or kg <= 0 or kg > MAX_OFFER_KG:
        raise OfferError("bad_quantity", max_kg=MAX_OFFER_KG)


def check_price(price: Price) -> None:
    """Refuse a price that is not finite, not positive, or beyond MAX_PRICE_YUAN."""
    if not math.isfinite(price.yuan) or price.yuan <= 0 or price.yuan > MAX_PRICE_YUAN:
        raise OfferError("bad_price", max_yuan=MAX_PRICE_YUAN)


def parse_ready_date(text: str, today: date) -> date | None:
    """When the produce is ready (明天, 下周, 10月5号, 15号, 三天后, 月底); None if unsaid."""
    norm = normalise(text)
    match = _MONTH_DAY.search(norm)
    if match:
        month, day = _int(match.group(1)), _int(match.group(2))
        if month and day and 1 <= month <= 12:
            found = _safe_date(today.year, month, day)
            if found is not None and found < today:
                found = _safe_date(today.year + 1, month, day)
            return found
    match = _IN_DAYS.search(norm)
    if match and (n := _int(match.group(1))) is not None:
        return today + timedelta(days=n)
    offset = relative_offset(norm)
    if offset is not None:
        return today + timedelta(days=offset)
    for word, offset in _RELATIVE:
        if word in norm:
            return today + timedelta(days=offset)
    if "下周" in norm or "下星期" in norm or "下礼拜" in norm:
        return today + timedelta(days=7 - today.weekday())
    if "月底" in norm:
        return today.replace(day=calendar.monthrange(today.year, today.month)[1])
    if "下个月" in norm or "下月" in norm:
        year, month = _next_month(today)
        return date(year, month, 1)
    match = _DAY_ONLY.search(norm)
    if match and (day := _int(match.group(1))) is not None:
        found = _safe_date(today.year, today.month, day)
        if found is not None and found < today:
            found = _safe_date(*_next_month(today), day)
        return found
    if _LETTERS.search(norm):
        return _english_ready(norm, today)
    return None


def _english_ready(norm: str, today: date) -> date | None:
    """When, said in English: "next week" (its Monday, as 下周), "now", "end of the month",
    "next month", else the days the bookings read (tomorrow, in 3 days, next Saturday, Oct 5)."""
    if _EN_NEXT_WEEK.search(norm):
        return today + timedelta(days=7 - today.weekday())
    if _EN_NOW.search(norm):
        return today
    if _EN_MONTH_END.search(norm):
        return today.replace(day=calendar.monthrange(today.year, today.month)[1])
    if _EN_NEXT_MONTH.search(norm):
        year, month = _next_month(today)
        return date(year, month, 1)
    return parse_day(norm, today)


def _next_month(today: date) -> tuple[int, int]:
    return (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)


def _int(token: str) -> int | None:
    value = to_number(token)
    return int(value) if value is not None and value.is_integer() else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class OfferView:
    """An offer as farmers and staff see it."""

    id: int
    farmer_id: int
    farmer_name: str
    farmer_username: str | None
    product: str | None
    quantity: float | None
    quantity_unit: str | None
    ready_date: date | None
    price: float | None
    price_unit: str | None
    station_id: int | None
    status: OfferStatus
    created_at: datetime
    # Live animals by the head (20只羊; 十几头猪: 10 to 19), else None.
    heads: int | None = None
    heads_high: int | None = None
    # The farmer's words that drafted it (两头黄牛要卖): the animal as said is shown.
    said: str = ""

    @property
    def missing(self) -> str | None:
        """What the draft still needs: 'product', 'quantity' or None."""
        if self.product is None:
            return "product"
        if self.quantity is None:
            return "quantity"
        return None


async def view(session: AsyncSession, offer: SupplyOffer) -> OfferView:
    """The offer with its product and farmer names."""
    product = await session.get(Product, offer.product_id) if offer.product_id else None
    farmer = await session.get(User, offer.farmer_id)
    return OfferView(
        id=offer.id,
        farmer_id=offer.farmer_id,
        farmer_name=farmer.name if farmer else str(offer.farmer_id),
        farmer_username=farmer.username if farmer else None,
        product=product.name if product else None,
        quantity=offer.quantity,
        quantity_unit=offer.quantity_unit,
        ready_date=offer.ready_date,
        price=offer.price,
        price_unit=offer.price_unit,
        station_id=offer.station_id,
        status=offer.status,
        created_at=offer.created_at,
        heads=offer.heads,
        heads_high=offer.heads_high,
        said=offer.text or "",
    )


async def draft_offer(
    session: AsyncSession,
    farmer_id: int,
    text: str,
    product_id: int | None,
    quantity: Quantity | None,
    price: Price | None,
    today: date,
    heads: tuple[int, int | None] | None = None,
    each: bool = False,
) -> OfferView:
    """Record what the farmer said as a draft; they confirm it before staff see it.

    `heads`: live animals by the head (20只羊: (20, None); 十几头猪: (10, 19)), kept with the
    weight that is asked next; `each`: the weight said is of one animal (三头土猪，每头两百斤:
    listed as 600斤, as `set_quantity` does)."""
    if quantity is not None and each and heads is not None:
        quantity = _times_heads(quantity, heads[0], heads[1])
    if quantity is not None:
        check_quantity(quantity)
    if price is not None:
        check_price(price)
    offer = SupplyOffer(
        farmer_id=farmer_id,
        product_id=product_id,
        quantity=quantity.value if quantity else None,
        quantity_unit=quantity.unit if quantity else None,
        ready_date=parse_ready_date(text, today) or today,
        price=price.yuan if price else None,
        price_unit=(price.unit or "斤") if price else None,
        status=OfferStatus.draft,
        text=text[:300],
        heads=heads[0] if heads else None,
        heads_high=heads[1] if heads else None,
    )
    session.add(offer)
    await session.flush()
    return await view(session, offer)


async def _own_draft(session: AsyncSession, offer_id: int, farmer_id: int) -> SupplyOffer:
    offer = await session.get(SupplyOffer, offer_id)
    if offer is None:
        raise OfferError("not_found")
    if offer.farmer_id != farmer_id:
        raise OfferError("not_yours")
    if offer.status is not OfferStatus.draft:
        raise OfferError("not_draft")
    return offer


async def set_product(
    session: AsyncSession, offer_id: int, farmer_id: int, product_id: int
) -> OfferView:
    """Fill in the product of the farmer's own draft (from a button)."""
    offer = await _own_draft(session, offer_id, farmer_id)
    if await session.get(Product, product_id) is None:
        raise OfferError("not_found")
    offer.product_id = product_id
    await session.flush()
    return await view(session, offer)


async def waiting_draft(session: AsyncSession, farmer_id: int, now: datetime) -> SupplyOffer | None:
    """The farmer's newest draft still waiting for its quantity, if recent."""
    return await session.scalar(
        select(SupplyOffer)
        .where(
            SupplyOffer.farmer_id == farmer_id,
            SupplyOffer.status == OfferStatus.draft,
            SupplyOffer.quantity.is_(None),
            SupplyOffer.created_at >= now - DRAFT_TTL,
        )
        .order_by(SupplyOffer.created_at.desc(), SupplyOffer.id.desc())
        .limit(1)
    )


def _times_heads(quantity: Quantity, heads: int, high: int | None) -> Quantity:
    """One animal's weight times the count (the middle of an estimate: 十几头 weighs as 15)."""
    count = heads if high is None else (heads + high) / 2
    return Quantity(round(quantity.value * round(count), 3), quantity.unit)


async def set_quantity(
    session: AsyncSession,
    farmer_id: int,
    quantity: Quantity,
    now: datetime,
    price: Price | None = None,
    each: bool = False,
) -> OfferView | None:
    """Give the farmer's waiting draft its quantity; None when no draft is waiting.

    `each`: the weight is of one animal (每只80斤): a draft of live animals by the head
    is listed at that times its count (the middle of an estimate: 十几头 weighs as 15)."""
    if price is not None:
        check_price(price)
    offer = await waiting_draft(session, farmer_id, now)
    if offer is not None and each and offer.heads is not None:
        quantity = _times_heads(quantity, offer.heads, offer.heads_high)
    check_quantity(quantity)
    if offer is None:
        return None
    offer.quantity, offer.quantity_unit = quantity.value, quantity.unit
    if price is not None and offer.price is None:
        offer.price, offer.price_unit = price.yuan, price.unit or "斤"
    await session.flush()
    return await view(session, offer)


async def open_offer_count(session: AsyncSession, farmer_id: int) -> int:
    """How many of the farmer's offers are open (confirmed, not yet matched)."""
    count = await session.scalar(
        select(func.count(SupplyOffer.id)).where(
            SupplyOffer.farmer_id == farmer_id, SupplyOffer.status == OfferStatus.open
        )
    )
    return int(count or 0)


async def drop_recent_draft(
    session: AsyncSession, farmer_id: int, now: datetime
) -> OfferView | None:
    """Cancel the farmer's sale being written (a draft of the last DRAFT_TTL, waiting for its
    amount or for ✅); None when there is none. 算了 / 不卖了 typed right after 我要卖洋芋."""
    offer = await session.scalar(
        select(SupplyOffer)
        .where(
            SupplyOffer.farmer_id == farmer_id,
            SupplyOffer.status == OfferStatus.draft,
            SupplyOffer.created_at >= now - DRAFT_TTL,
        )
        .order_by(SupplyOffer.created_at.desc(), SupplyOffer.id.desc())
        .limit(1)
    )
    if offer is None:
        return None
    offer.status = OfferStatus.cancelled
    await session.flush()
    return await view(session, offer)


async def draft_view(session: AsyncSession, offer_id: int, farmer_id: int) -> OfferView:
    """The farmer's own draft as it is, complete or not (its step asked again).

    Refused: not_found, not_yours, not_draft."""
    return await view(session, await _own_draft(session, offer_id, farmer_id))


async def own_draft(session: AsyncSession, offer_id: int, farmer_id: int) -> OfferView:
    """The farmer's own draft, complete, before it is confirmed (to route it first).

    Refused like confirm_offer: not_found, not_yours, not_draft, incomplete.
    """
    offer = await _own_draft(session, offer_id, farmer_id)
    if offer.product_id is None or offer.quantity is None:
        raise OfferError("incomplete")
    return await view(session, offer)


async def confirm_offer(
    session: AsyncSession,
    offer_id: int,
    farmer_id: int,
    now: datetime,
    *,
    station_id: int | None,
    max_open: int | None = None,
) -> OfferView:
    """The farmer confirms their own complete draft: it opens at `station_id`.

    The caller routes it (bot.stations.routing: the farmer's station when it buys
    the product, else the nearest that does, or the one the farmer chose); None
    leaves it unassigned, for admins. `max_open` caps the farmer's open offers, so
    one person cannot bury the station's list.
    """
    offer = await _own_draft(session, offer_id, farmer_id)
    if offer.product_id is None or offer.quantity is None:
        raise OfferError("incomplete")
    if max_open is not None and await open_offer_count(session, farmer_id) >= max_open:
        raise OfferError("too_many", limit=max_open)
    offer.station_id = station_id
    offer.status = OfferStatus.open
    offer.confirmed_at = now
    await session.flush()
    return await view(session, offer)


async def cancel_offer(session: AsyncSession, offer_id: int, farmer_id: int) -> OfferView:
    """The farmer drops their own draft."""
    offer = await _own_draft(session, offer_id, farmer_id)
    offer.status = OfferStatus.cancelled
    await session.flush()
    return await view(session, offer)


async def open_offers(
    session: AsyncSession, viewer: User, limit: int = OFFERS_SHOWN
) -> tuple[list[OfferView], int]:
    """Open offers the viewer may handle (newest first) and how many there are in all.

    Staff see their station's; admins see every open offer, unassigned ones first.
    """
    if not may(viewer, Role.staff):
        raise OfferError("forbidden")
    stmt = select(SupplyOffer).where(SupplyOffer.status == OfferStatus.open)
    if viewer.role is not Role.admin:
        stmt = stmt.where(SupplyOffer.station_id == viewer.station_id)
    stmt = stmt.order_by(
        case((SupplyOffer.station_id.is_(None), 0), else_=1),
        SupplyOffer.confirmed_at.desc(),
        SupplyOffer.id.desc(),
    )
    offers = list(await session.scalars(stmt))
    return [await view(session, o) for o in offers[:limit]], len(offers)


async def _handled(session: AsyncSession, offer_id: int, viewer: User) -> SupplyOffer:
    """The offer, locked, when the viewer handles it (its station's staff, or an admin)."""
    # Locked: the farmer withdrawing it at the same moment must not be overwritten.
    offer = await session.get(SupplyOffer, offer_id, with_for_update=True)
    if offer is None:
        raise OfferError("not_found")
    allowed = viewer.role is Role.admin or (
        viewer.role is Role.staff
        and viewer.station_id is not None
        and viewer.station_id == offer.station_id
    )
    if not allowed:
        raise OfferError("forbidden")
    return offer


async def handled_offer(session: AsyncSession, offer_id: int, viewer: User) -> OfferView:
    """An open offer the viewer may mark matched (asked before it is: ✅ first)."""
    offer = await _handled(session, offer_id, viewer)
    if offer.status is OfferStatus.withdrawn:
        raise OfferError("withdrawn_by_farmer", id=offer.id)
    if offer.status is not OfferStatus.open:
        raise OfferError("not_open")
    return await view(session, offer)


async def mark_matched(
    session: AsyncSession, offer_id: int, viewer: User, now: datetime, buyer: str = ""
) -> OfferView:
    """Staff of the offer's station (or an admin) mark it matched with a buyer (`buyer`: who
    and at what price, as typed; "" when skipped)."""
    offer = await _handled(session, offer_id, viewer)
    if offer.status is OfferStatus.withdrawn:
        raise OfferError("withdrawn_by_farmer", id=offer.id)
    if offer.status is not OfferStatus.open:
        raise OfferError("not_open")
    offer.status = OfferStatus.matched
    offer.matched_at = now
    offer.matched_by = viewer.telegram_id
    await session.flush()
    shown = await view(session, offer)
    # In the audit log as every other change staff make (blind test: it was missing).
    await record(
        session,
        viewer.telegram_id,
        "offer.match",
        f"offer #{offer.id}",
        before={"status": OfferStatus.open.value},
        after={
            "status": offer.status.value,
            "product": shown.product or "",
            "farmer": shown.farmer_name,
            # As typed (王老板 1.2元/斤), when staff wrote one.
            **({"buyer": buyer[:MAX_BUYER]} if buyer else {}),
        },
    )
    return shown


async def unmatch(session: AsyncSession, offer_id: int, viewer: User, since: datetime) -> OfferView:
    """↩️ 撤销对接: a match made at or after `since` (the same day) undone, the offer open again
    (blind walk: a mis-tap promised the farmer a buyer, with no way back)."""
    offer = await _handled(session, offer_id, viewer)
    if offer.status is not OfferStatus.matched:
        raise OfferError("not_matched", id=offer.id)
    if offer.matched_at is None or offer.matched_at < since:
        raise OfferError("undo_too_late", id=offer.id)
    offer.status = OfferStatus.open
    offer.matched_at = None
    offer.matched_by = None
    await session.flush()
    shown = await view(session, offer)
    await record(
        session,
        viewer.telegram_id,
        "offer.unmatch",
        f"offer #{offer.id}",
        before={"status": OfferStatus.matched.value},
        after={"status": offer.status.value, "product": shown.product or ""},
    )
    return shown


async def set_heads(
    session: AsyncSession, farmer_id: int, heads: tuple[int, int | None], now: datetime
) -> OfferView | None:
    """Give the farmer's waiting draft of an animal's meat its head count (两头 typed at
    "how much 牛肉?"): its weight is asked next. None when no such draft waits."""
    offer = await waiting_draft(session, farmer_id, now)
    if offer is None:
        return None
    product = await session.get(Product, offer.product_id) if offer.product_id else None
    if product is None or herd_noun("zh", product.name) is None:
        return None
    offer.heads, offer.heads_high = heads
    await session.flush()
    return await view(session, offer)
