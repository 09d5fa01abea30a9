"""Supply offers: ready dates, drafts, confirmation by their farmer, staff matching (both databases)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.audit import entries as audit_entries
from bot.core.clock import utcnow
from bot.core.db import session_scope
from bot.markets.prices import product_named, sync_products
from bot.markets.supply import (
    DRAFT_TTL,
    OfferError,
    OfferView,
    cancel_offer,
    confirm_offer,
    draft_offer,
    drop_recent_draft,
    mark_matched,
    open_offers,
    parse_ready_date,
    set_product,
    set_quantity,
)
from bot.models.markets import OfferStatus
from bot.models.users import Role, User
from knowledge.text.intent import classify
from knowledge.text.numbers import Quantity

TODAY = date(2026, 11, 28)  # a Saturday
NOW = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)
FARMER, OTHER_FARMER, STAFF, OTHER_STAFF, ADMIN = 10001, 10002, 20001, 20002, 30001


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我有两千斤玉米要卖", None),
        ("明天就能卖", TODAY + timedelta(days=1)),
        ("后天", TODAY + timedelta(days=2)),
        ("三天后能收完", TODAY + timedelta(days=3)),
        ("下周出货", date(2026, 11, 30)),
        ("12月5号能卖", date(2026, 12, 5)),
        ("十月五号", date(2027, 10, 5)),  # already past this year: next year
        ("30号", date(2026, 11, 30)),
        ("15号", date(2026, 12, 15)),
        ("月底", date(2026, 11, 30)),
        ("下个月", date(2026, 12, 1)),
        ("现在就有", TODAY),
    ],
)
def test_ready_dates(text: str, expected: date | None) -> None:
    assert parse_ready_date(text, TODAY) == expected


async def _people(session: AsyncSession) -> None:
    for tid, role, station in (
        (FARMER, Role.farmer, 7),
        (OTHER_FARMER, Role.farmer, None),
        (STAFF, Role.staff, 7),
        (OTHER_STAFF, Role.staff, 8),
        (ADMIN, Role.admin, None),
    ):
        session.add(
            User(
                telegram_id=tid, name=f"u{tid}", role=role, station_id=station, started_at=utcnow()
            )
        )
    await sync_products(session)


async def _draft(session: AsyncSession, farmer: int, text: str) -> OfferView:
    intent = classify(text)
    product = await product_named(session, intent.products[0]) if intent.products else None
    product_id = product.id if product else None
    return await draft_offer(
        session, farmer, text, product_id, intent.quantity, intent.price, TODAY
    )


def _amount(text: str) -> Quantity:
    quantity = classify(text).quantity
    assert quantity is not None
    return quantity


async def test_full_offer_is_confirmed_at_the_farmers_station(db: str) -> None:
    async with session_scope() as session:
        await _people(session)
        offer = await _draft(session, FARMER, "我有两千斤玉米要卖，一块二一斤，下周能出货")
        assert offer.product == "玉米" and offer.missing is None
        assert (offer.quantity, offer.quantity_unit) == (2000, "斤")
        assert (offer.price, offer.price_unit) == (1.2, "斤")
        assert offer.ready_date == date(2026, 11, 30)
        with pytest.raises(OfferError, match="not_yours"):
            await confirm_offer(session, offer.id, OTHER_FARMER, NOW, station_id=None)
        confirmed = await confirm_offer(session, offer.id, FARMER, NOW, station_id=7)
        assert confirmed.status is OfferStatus.open and confirmed.station_id == 7
        with pytest.raises(OfferError, match="not_draft"):
            await confirm_offer(session, offer.id, FARMER, NOW, station_id=7)
        with pytest.raises(OfferError, match="not_found"):
            await confirm_offer(session, 99999, FARMER, NOW, station_id=7)


async def test_missing_product_and_quantity_are_filled_in(db: str) -> None:
    async with session_scope() as session:
        await _people(session)
        offer = await _draft(session, OTHER_FARMER, "我有东西要卖")
        assert offer.missing == "product"
        with pytest.raises(OfferError, match="incomplete"):
            await confirm_offer(session, offer.id, OTHER_FARMER, NOW, station_id=None)
        potato = await product_named(session, "土豆")
        assert potato is not None
        with pytest.raises(OfferError, match="not_yours"):
            await set_product(session, offer.id, FARMER, potato.id)
        with pytest.raises(OfferError, match="not_found"):
            await set_product(session, offer.id, OTHER_FARMER, 99999)
        chosen = await set_product(session, offer.id, OTHER_FARMER, potato.id)
        assert chosen.missing == "quantity"
        # Only the farmer's own recent draft takes the amount.
        assert await set_quantity(session, FARMER, _amount("3吨"), NOW) is None
        later = utcnow() + timedelta(hours=3)  # the draft has waited too long
        assert await set_quantity(session, OTHER_FARMER, _amount("3吨"), later) is None
        filled = await set_quantity(session, OTHER_FARMER, _amount("3吨"), utcnow())
        assert filled is not None and (filled.quantity, filled.quantity_unit) == (3, "吨")
        confirmed = await confirm_offer(session, offer.id, OTHER_FARMER, NOW, station_id=None)
        # This farmer has no station: the offer stays unassigned, for admins.
        assert confirmed.station_id is None


async def test_cancel_only_own_draft(db: str) -> None:
    async with session_scope() as session:
        await _people(session)
        offer = await _draft(session, FARMER, "我有500公斤苹果要卖")
        with pytest.raises(OfferError, match="not_yours"):
            await cancel_offer(session, offer.id, OTHER_FARMER)
        cancelled = await cancel_offer(session, offer.id, FARMER)
        assert cancelled.status is OfferStatus.cancelled


async def test_the_sale_being_written_is_what_calling_off_drops(db: str) -> None:
    # 我要卖洋芋, then 算了: "nothing to cancel" while a draft waited (sandbox walk).
    async with session_scope() as session:
        await _people(session)
        listed = await _draft(session, FARMER, "我有两千斤玉米要卖")
        await confirm_offer(session, listed.id, FARMER, NOW, station_id=7)
        other = await _draft(session, OTHER_FARMER, "我要卖洋芋")
        waiting = await _draft(session, FARMER, "我要卖洋芋")
        # Long after, it is no sale in progress any more.
        assert await drop_recent_draft(session, FARMER, utcnow() + DRAFT_TTL * 2) is None
        dropped = await drop_recent_draft(session, FARMER, utcnow())
        assert dropped is not None and dropped.id == waiting.id
        assert dropped.status is OfferStatus.cancelled
        # Nothing else: the listing stays open, another farmer's draft waits on.
        assert await drop_recent_draft(session, FARMER, utcnow()) is None
        again = await drop_recent_draft(session, OTHER_FARMER, utcnow())
        assert again is not None and again.id == other.id
        staff = await session.get(User, STAFF)
        assert staff is not None
        offers, _ = await open_offers(session, staff)
        assert [o.id for o in offers] == [listed.id]


async def test_staff_see_and_match_their_stations_offers(db: str) -> None:
    async with session_scope() as session:
        await _people(session)
        mine = await _draft(session, FARMER, "我有两千斤玉米要卖")
        await confirm_offer(session, mine.id, FARMER, NOW, station_id=7)
        unassigned = await _draft(session, OTHER_FARMER, "我有1吨土豆要卖")
        await confirm_offer(session, unassigned.id, OTHER_FARMER, NOW, station_id=None)
        staff = await session.get(User, STAFF)
        other = await session.get(User, OTHER_STAFF)
        admin = await session.get(User, ADMIN)
        farmer = await session.get(User, FARMER)
        assert staff and other and admin and farmer
        offers, total = await open_offers(session, staff)
        assert [o.id for o in offers] == [mine.id] and total == 1
        assert (await open_offers(session, other))[1] == 0
        admin_view, admin_total = await open_offers(session, admin)
        assert admin_total == 2 and admin_view[0].station_id is None  # unassigned first
        with pytest.raises(OfferError, match="forbidden"):
            await open_offers(session, farmer)
        with pytest.raises(OfferError, match="forbidden"):
            await mark_matched(session, mine.id, other, NOW)
        with pytest.raises(OfferError, match="forbidden"):
            await mark_matched(session, mine.id, farmer, NOW)
        matched = await mark_matched(session, mine.id, staff, NOW)
        assert matched.status is OfferStatus.matched
        with pytest.raises(OfferError, match="not_open"):
            await mark_matched(session, mine.id, staff, NOW)
        assert (await open_offers(session, staff))[1] == 0
        await mark_matched(session, unassigned.id, admin, NOW)
        # Each one in the audit log, by whom (blind test: marking 已对接 was not recorded).
        logged = await audit_entries(session)
        assert [(e.actor_id, e.action) for e in logged] == [
            (ADMIN, "offer.match"),
            (STAFF, "offer.match"),
        ]
        assert logged[1].target == f"offer #{mine.id}"
        assert logged[1].before == {"status": "open"}
        assert logged[1].after is not None and logged[1].after["status"] == "matched"


HUGE = "9" * 400


async def test_impossible_amounts_and_prices_are_never_saved(db: str) -> None:
    async with session_scope() as session:
        await _people(session)
        # A 400-digit amount is no amount: the draft asks for it, never "inf斤".
        huge = await _draft(session, FARMER, f"我有{HUGE}斤玉米要卖，{HUGE}块一斤")
        assert huge.quantity is None and huge.price is None and huge.missing == "quantity"
        for text, reason in (
            ("我有一千亿斤玉米要卖", "bad_quantity"),  # more than any listing
            ("我有0斤玉米要卖", "bad_quantity"),
            ("我有两千斤玉米要卖，五万块一斤", "bad_price"),
        ):
            with pytest.raises(OfferError) as refused:
                await _draft(session, FARMER, text)
            assert refused.value.reason == reason, text
        with pytest.raises(OfferError, match="bad_quantity"):
            await set_quantity(session, FARMER, Quantity(float("inf"), "斤"), utcnow())
        with pytest.raises(OfferError, match="bad_quantity"):
            await set_quantity(session, FARMER, Quantity(2e9, "吨"), utcnow())
        filled = await set_quantity(session, FARMER, _amount("3吨"), utcnow())
        assert filled is not None and filled.quantity == 3


async def test_one_farmer_has_a_limited_number_of_open_offers(db: str) -> None:
    async with session_scope() as session:
        await _people(session)
        for _ in range(2):
            offer = await _draft(session, FARMER, "我有两千斤玉米要卖")
            await confirm_offer(session, offer.id, FARMER, NOW, station_id=7, max_open=2)
        third = await _draft(session, FARMER, "我有两千斤玉米要卖")
        with pytest.raises(OfferError) as refused:
            await confirm_offer(session, third.id, FARMER, NOW, station_id=7, max_open=2)
        assert refused.value.reason == "too_many" and refused.value.params == {"limit": 2}
        # Another farmer is not held back; a matched offer no longer counts.
        other = await _draft(session, OTHER_FARMER, "我有两千斤玉米要卖")
        await confirm_offer(session, other.id, OTHER_FARMER, NOW, station_id=None, max_open=2)
        staff = await session.get(User, ADMIN)
        assert staff is not None
        mine, _ = await open_offers(session, staff)
        await mark_matched(session, next(o.id for o in mine if o.farmer_id == FARMER), staff, NOW)
        opened = await confirm_offer(session, third.id, FARMER, NOW, station_id=7, max_open=2)
        assert opened.status is OfferStatus.open
