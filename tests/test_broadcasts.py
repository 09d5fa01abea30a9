"""Broadcasts' audiences and service on both databases: counts, start, cancel, settle, opt-out."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts import service as alerts
from bot.alerts.model import AlertSpec
from bot.audit import entries
from bot.broadcasts import service
from bot.broadcasts import text as words
from bot.broadcasts.audience import Audience, AudienceError, count, recipients
from bot.core.clock import PinnedClock, utcnow
from bot.core.db import session_scope
from bot.delivery import outbox, transitions
from bot.delivery.outcomes import Blocked, Delivered
from bot.markets.prices import product_named
from bot.models.alerts import AlertKind, OutboxMessage, OutboxStatus
from bot.models.broadcasts import AudienceKind, BroadcastStatus
from bot.models.markets import OfferStatus, SupplyOffer
from bot.models.stations import Booking, SlotDay
from bot.models.users import Role, User
from tests.stations_util import make_station, make_user

SHANGHAI = ZoneInfo("Asia/Shanghai")


async def county(session: AsyncSession) -> tuple[int, int]:
    """Two stations 30 km apart and their farmers; returns the station ids.

    Station A (36.88, 118.74): 101 usual station A (home 2 km away), 102 booked at A
    (tomatoes), 103 offered at A (cucumbers), 104 usual station A but opted out,
    105 usual station A but blocked the bot; staff 900 of A.
    Station B (36.61, 118.74): 201 usual station B (home at B), subscribed to tomato alerts.
    106 has no station and lives 8 km from A.
    """
    a, slots_a = await make_station(session, external_id="A", name="城关服务站")
    b, _ = await make_station(session, external_id="B", name="南关服务站", lat=36.61)
    for tid, station in ((101, a), (104, a), (105, a), (201, b)):
        await make_user(session, tid, f"农户{tid}", station_id=station)
    for tid in (102, 103, 106):
        await make_user(session, tid, f"农户{tid}")
    await make_user(session, 900, "站长", role=Role.staff, station_id=a)
    homes = {101: (36.898, 118.74), 106: (36.952, 118.74), 201: (36.61, 118.74)}
    for tid, (lat, lon) in homes.items():
        user = await session.get(User, tid)
        assert user is not None
        user.home_lat, user.home_lon = lat, lon
    (await session.get(User, 104)).notices_off = True  # type: ignore[union-attr]
    (await session.get(User, 105)).active = False  # type: ignore[union-attr]
    day = SlotDay(slot_id=slots_a[0], day=date(2026, 6, 11), capacity=3, capacity_kg=3000)
    session.add(day)
    await session.flush()
    session.add(
        Booking(
            code="AB12",
            farmer_id=102,
            station_id=a,
            slot_id=slots_a[0],
            slot_day_id=day.id,
            day=day.day,
            product="西红柿",
            quantity_text="500斤",
            quantity_kg=250,
        )
    )
    cucumber = await product_named(session, "黄瓜")
    assert cucumber is not None
    session.add(
        SupplyOffer(
            farmer_id=103,
            product_id=cucumber.id,
            station_id=a,
            status=OfferStatus.open,
            text="黄瓜两千斤",
        )
    )
    await alerts.subscribe(session, 201, AlertSpec("西红柿", AlertKind.above, 3.0, None, None))
    await session.flush()
    return a, b


async def ids(session: AsyncSession, audience: Audience) -> list[int]:
    return [r.chat_id for r in await recipients(session, audience)]


async def test_audiences(db: str) -> None:
    async with session_scope() as session:
        a, b = await county(session)
        assert await ids(session, Audience(AudienceKind.station, a)) == [101, 102, 103]
        assert await ids(session, Audience(AudienceKind.station, b)) == [201]
        assert await ids(session, Audience(AudienceKind.radius, a, 5)) == [101]
        assert await ids(session, Audience(AudienceKind.radius, a, 10)) == [101, 106]
        assert await ids(session, Audience(AudienceKind.radius, a, 40)) == [101, 106, 201]
        # 番茄 is 西红柿: the booking at A and the alert of B's farmer.
        assert await ids(session, Audience(AudienceKind.product, product="番茄")) == [102, 201]
        # A station's staff reach only their station's farmers of the product.
        assert await ids(session, Audience(AudienceKind.product, a, product="西红柿")) == [102]
        assert await ids(session, Audience(AudienceKind.product, product="黄瓜")) == [103]
        assert await ids(session, Audience(AudienceKind.stations)) == [101, 102, 103, 201]
        # Everyone: farmers only, not the opted out (104), the blocked (105) or staff (900).
        assert await ids(session, Audience(AudienceKind.all)) == [101, 102, 103, 106, 201]
        assert await count(session, Audience(AudienceKind.all)) == 5
        with pytest.raises(AudienceError):
            await count(session, Audience(AudienceKind.product, product="火星菜"))
        with pytest.raises(AudienceError):
            await count(session, Audience(AudienceKind.station, 9999))
        with pytest.raises(AudienceError):
            await count(session, Audience(AudienceKind.radius, a, 0))


async def test_a_products_farmers_leave_out_listings_withdrawn(db: str) -> None:
    # A notice "to a product's farmers" counted a farmer who had withdrawn their only listing
    # of it, no longer selling it (blind test); a listing matched through a station counts.
    async with session_scope() as session:
        a, _ = await county(session)
        cucumber = await product_named(session, "黄瓜")
        assert cucumber is not None
        for farmer, status in ((106, OfferStatus.withdrawn), (101, OfferStatus.matched)):
            offer = SupplyOffer(
                farmer_id=farmer, product_id=cucumber.id, station_id=a, status=status, text="黄瓜"
            )
            session.add(offer)
        await session.flush()
        assert await ids(session, Audience(AudienceKind.product, product="黄瓜")) == [101, 103]
        offer = await session.scalar(select(SupplyOffer).where(SupplyOffer.farmer_id == 103))
        assert offer is not None
        offer.status = OfferStatus.withdrawn
        await session.flush()
        assert await ids(session, Audience(AudienceKind.product, product="黄瓜")) == [101]
        assert await count(session, Audience(AudienceKind.product, product="黄瓜")) == 1


async def test_send_now_queues_one_message_per_farmer_with_the_station_name(db: str) -> None:
    async with session_scope() as session:
        a, _ = await county(session)
        (await session.get(User, 102)).language = "en"  # type: ignore[union-attr]
        draft = service.Draft("明天下雨，上午不收货", Audience(AudienceKind.station, a), a, 900)
        bc = await service.create(session, draft)
        assert (bc.planned, bc.status) == (3, BroadcastStatus.sending)
        again = await service.start(session, bc.id)  # already started: nothing more
        assert again is None
    async with session_scope() as session:
        rows = list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.chat_id)))
        assert [r.key for r in rows] == [f"broadcast:{bc.id}:{c}" for c in (101, 102, 103)]
        assert rows[0].text == "📢 城关服务站通知：\n明天下雨，上午不收货"
        assert rows[1].text.startswith("📢 Notice from 城关服务站:")
        assert "不再接收通知" in (rows[0].markup or "")
        assert {r.priority for r in rows} == {service.BROADCAST_PRIORITY}
        [line] = await entries(session)
        assert (line.action, line.actor_id, line.target) == (
            "broadcast.send",
            900,
            f"broadcast {bc.id}",
        )
        # The station by its code, not its database id (blind test).
        assert line.after is not None and line.after["station"] == "A"
        assert "station_id" not in line.after


def test_staff_reach_only_their_own_station() -> None:
    with pytest.raises(service.BroadcastError):
        service.audience_allowed(Audience(AudienceKind.station, 2), 1, admin=False)
    with pytest.raises(service.BroadcastError):
        service.audience_allowed(Audience(AudienceKind.all), 1, admin=False)
    service.audience_allowed(Audience(AudienceKind.radius, 1, 5), 1, admin=False)
    service.audience_allowed(Audience(AudienceKind.all), None, admin=True)


async def test_scheduled_then_cancelled_sends_nothing(db: str, clock: PinnedClock) -> None:
    async with session_scope() as session:
        a, _ = await county(session)
        at = utcnow() + timedelta(hours=22)
        bc = await service.create(
            session,
            service.Draft("周六开会", Audience(AudienceKind.station, a), a, 900, send_at=at),
        )
        assert bc.status is BroadcastStatus.scheduled
        assert await service.due(session) == []
    async with session_scope() as session:
        await service.cancel(session, bc.id, 900)
        with pytest.raises(service.BroadcastError) as err:
            await service.cancel(session, bc.id, 900)
        assert err.value.code == "started"
    clock.advance(timedelta(days=1))
    async with session_scope() as session:
        assert await service.due(session) == []
        assert await service.start(session, bc.id) is None
        assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
        actions = [line.action for line in await entries(session)]
        assert sorted(actions) == ["broadcast.cancel", "broadcast.schedule"]


async def test_due_then_started_then_settled_reports_once(db: str, clock: PinnedClock) -> None:
    async with session_scope() as session:
        a, _ = await county(session)
        at = utcnow() + timedelta(hours=1)
        bc = await service.create(
            session,
            service.Draft("下午收西红柿", Audience(AudienceKind.station, a), a, 900, send_at=at),
        )
    clock.advance(timedelta(hours=1, seconds=1))
    async with session_scope() as session:
        [due] = await service.due(session)
        assert await service.start(session, due.id) == 3
        assert await service.settle(session) == []  # nothing delivered yet
    async with session_scope() as session:
        claimed = await transitions.claim(session, 10)
        await transitions.mark_sending(session, [e.id for e in claimed])
        await transitions.apply_outcomes(
            session,
            [Delivered(e, 1, utcnow()) for e in claimed[:2]]
            + [Blocked(claimed[2], "Forbidden: bot was blocked by the user")],
        )
    async with session_scope() as session:
        [settled] = await service.settle(session)
        assert settled.id == bc.id and settled.status is BroadcastStatus.done
        assert await service.settle(session) == []  # once
    async with session_scope() as session:
        report = await session.scalar(
            select(OutboxMessage).where(OutboxMessage.key == f"broadcast-report:{bc.id}")
        )
        assert report is not None and report.chat_id == 900
        assert (
            report.text
            == f"📊 通知 #{bc.id} 送达情况：共 3 位农户，送达 2，屏蔽了机器人 1，发送失败 0。"
        )


async def test_opt_out_stops_waiting_notices_but_not_alerts(db: str) -> None:
    async with session_scope() as session:
        a, _ = await county(session)
        await outbox.enqueue(session, [outbox.Push("alert:1:x", 101, "西红柿涨了")], source="alert")
        await service.create(
            session, service.Draft("通知", Audience(AudienceKind.station, a), a, 900)
        )
        assert await service.set_notices(session, 101, False) is False
    async with session_scope() as session:
        rows = {
            r.source: r.status
            for r in await session.scalars(
                select(OutboxMessage).where(OutboxMessage.chat_id == 101)
            )
        }
        assert rows == {"alert": OutboxStatus.queued, "broadcast": OutboxStatus.failed}
        assert 101 not in await ids(session, Audience(AudienceKind.station, a))
        await service.set_notices(session, 101, True)
        assert 101 in await ids(session, Audience(AudienceKind.station, a))


def test_times_as_typed() -> None:
    now = datetime(2026, 6, 10, 10, 0, tzinfo=SHANGHAI)
    assert words.parse_when("明天8点", now) == datetime(2026, 6, 11, 8, 0, tzinfo=SHANGHAI)
    assert words.parse_when("明天下午3点半", now) == datetime(2026, 6, 11, 15, 30, tzinfo=SHANGHAI)
    assert words.parse_when("2026-06-11 08:00", now) == datetime(2026, 6, 11, 8, 0, tzinfo=SHANGHAI)
    assert words.parse_when("8点", now) == datetime(2026, 6, 11, 8, 0, tzinfo=SHANGHAI)
    assert words.parse_when("下午2点", now) == datetime(2026, 6, 10, 14, 0, tzinfo=SHANGHAI)
    assert words.parse_when("现在", now) is None
    bad_times = [("下雨了", "format"), ("2026-06-09 08:00", "past"), ("今天9点", "past")]
    # A day gone by is past, not the same hour tomorrow (昨天8点 was sent the next morning).
    bad_times += [("昨天8点", "past"), ("前天下午3点", "past"), ("yesterday 8am", "past")]
    for bad, code in bad_times:
        with pytest.raises(words.WhenError) as err:
            words.parse_when(bad, now)
        assert err.value.code == code


def test_tomorrow_morning_said_short_and_at_night() -> None:
    # Sandbox walk, at 03:50: 明早7点 was today's 07:00, 明天早上7点 tomorrow's.
    before_dawn = datetime(2026, 12, 6, 3, 50, tzinfo=SHANGHAI)
    tomorrow_7 = datetime(2026, 12, 7, 7, 0, tzinfo=SHANGHAI)
    for said in ("明早7点", "明天早上7点", "明儿早上七点", "tomorrow morning 7am"):
        assert words.parse_when(said, before_dawn) == tomorrow_7, said
    assert words.parse_when("明晚8点", before_dawn) == datetime(2026, 12, 7, 20, 0, tzinfo=SHANGHAI)
    assert words.parse_when("今晚8点", before_dawn) == datetime(2026, 12, 6, 20, 0, tzinfo=SHANGHAI)
    assert words.parse_when("今早6点", before_dawn) == datetime(2026, 12, 6, 6, 0, tzinfo=SHANGHAI)
    # Before NIGHT_ENDS nobody has slept yet: "tomorrow morning" is the coming one; any
    # other time of tomorrow is still tomorrow's.
    night = datetime(2026, 12, 6, 1, 30, tzinfo=SHANGHAI)
    today_7 = datetime(2026, 12, 6, 7, 0, tzinfo=SHANGHAI)
    assert words.parse_when("明早7点", night) == today_7
    assert words.parse_when("明天早上7点", night) == today_7
    assert words.parse_when("明天下午3点", night) == datetime(2026, 12, 7, 15, 0, tzinfo=SHANGHAI)
    assert words.parse_when("明晚8点", night) == datetime(2026, 12, 7, 20, 0, tzinfo=SHANGHAI)


def test_when_a_notice_goes_is_said_with_the_day_and_its_date() -> None:
    now = datetime(2026, 12, 6, 3, 50, tzinfo=SHANGHAI)
    at = datetime(2026, 12, 7, 7, 0, tzinfo=SHANGHAI)
    # The date first, what it is to the reader beside it: 12月7日（明天，周一）.
    assert words.when_label("zh", at, now) == "12月7日（明天，周一）07:00"
    assert words.when_label("en", at, now) == "Mon Dec 7 (tomorrow), 07:00"
    assert words.when_label("zh", at.replace(day=6), now) == "12月6日（今天，周日）07:00"
    assert words.when_label("zh", at.replace(day=10), now) == "12月10日（周四）07:00"
    assert words.when_label("zh", at.replace(year=2027), now) == "2027-12-07 07:00"


def test_text_checks() -> None:
    with pytest.raises(service.BroadcastError):
        service.check_text("  ", photo=False)
    assert service.check_text("", photo=True) == ""
    with pytest.raises(service.BroadcastError):
        service.check_text("字" * 900, photo=True)


async def test_the_same_draft_confirmed_twice_is_sent_once(db: str) -> None:
    """A confirmation handled again after a crash (the update redelivered) sends nothing more."""
    async with session_scope() as session:
        a, _ = await county(session)
    draft = service.Draft(
        "收货时间改了", Audience(AudienceKind.station, a), a, 900, draft_id="d" * 32
    )
    async with session_scope() as session:
        first = await service.create(session, draft)
    async with session_scope() as session:
        again = await service.create(session, draft)
        assert again.id == first.id
        assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == 3
        assert len(await entries(session)) == 1


def test_a_notice_quoted_short_says_where_it_was_cut() -> None:
    from bot.broadcasts.text import gist

    assert gist("明天\n停水") == "明天 停水"
    assert gist("x" * 40) == "x" * 40
    cut = gist("word " * 20)
    assert cut.endswith("…") and len(cut) <= 40 and not cut.endswith(" …")
