"""Daily digests: when they are due, and queueing them. Telegram-free."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts import text as alert_text
from bot.alerts.firing import sending_targets, watched_point
from bot.alerts.model import CATCH_UP, DIGEST_PRIORITY, Target
from bot.alerts.service import units_of
from bot.delivery import outbox, runs
from bot.delivery.outbox import Push
from bot.markets.prices import (
    MarketInfo,
    Place,
    PriceAnswer,
    all_markets,
    latest_prices,
)
from bot.models.alerts import AlertKind, AlertStatus, AlertSubscription, RunKind
from bot.models.markets import Product

# ---------------------------------------------------------------- digests


async def digest_times(session: AsyncSession) -> list[time]:
    """The distinct times of day at which some digest is due (the jobs to schedule)."""
    rows = await session.scalars(
        select(AlertSubscription.at_time)
        .where(
            AlertSubscription.kind == AlertKind.daily,
            AlertSubscription.at_time.is_not(None),
            AlertSubscription.status != AlertStatus.paused,
        )
        .distinct()
    )
    return sorted(t for t in rows if t is not None)


def missed_times(times: Iterable[time], now: datetime) -> list[time]:
    """Digest times earlier today (local `now`) within CATCH_UP: run them at start-up."""
    start = now - CATCH_UP
    return [
        t
        for t in times
        if start <= now.replace(hour=t.hour, minute=t.minute, second=0, microsecond=0) <= now
    ]


async def enqueue_digests(session: AsyncSession, at: time, today: date, tz: ZoneInfo) -> int:
    """Queue today's digests for the subscriptions due at `at`; returns how many were new."""
    targets = await sending_targets(
        session, and_(AlertSubscription.kind == AlertKind.daily, AlertSubscription.at_time == at)
    )
    if not targets:
        return 0
    markets = await all_markets(session)
    by_id = {m.id: m for m in markets}
    units = await units_of(session, {target.user_id for target in targets})
    answers: dict[tuple[object, ...], PriceAnswer | None] = {}
    texts: dict[tuple[object, ...], str] = {}
    pushes: list[Push] = []
    for target in targets:
        place, key = _digest_place(target, by_id, markets)
        # Per 公斤 for a farmer whose alert on this product says 公斤 (their own unit).
        unit = target.unit or units.get((target.user_id, target.product_id), "斤")
        answer_key = (target.product_id, key, unit)
        if answer_key not in answers:
            product = await session.get(Product, target.product_id)
            answers[answer_key] = (
                await latest_prices(session, product, place, today, unit, markets)
                if product
                else None
            )
        answer = answers[answer_key]
        if answer is None or not answer.rows:
            continue  # nothing to tell: no prices for this product there
        text_key = (answer_key, target.language)
        if text_key not in texts:
            texts[text_key] = alert_text.digest(target.language, answer)
        pushes.append(
            Push(
                key=f"digest:{target.id}:{today.isoformat()}",
                chat_id=target.user_id,
                text=texts[text_key],
                buttons=alert_text.alert_buttons(target.language, target.id),
                priority=DIGEST_PRIORITY,
            )
        )
    if not pushes:
        return 0
    run = await outbox.start_run(session, RunKind.digest, f"{at:%H:%M} {today.isoformat()}")
    queued = await outbox.enqueue(session, pushes, source="digest", run=run)
    # A slot already queued (a restart's catch-up): no second run saying 正在发送 forever.
    await runs.drop_if_empty(session, run)
    return queued


def _digest_place(
    sub: Target, by_id: dict[int, MarketInfo], markets: Sequence[MarketInfo]
) -> tuple[Place, tuple[object, ...]]:
    if sub.market_id is not None and sub.market_id in by_id:
        market = by_id[sub.market_id]
        return (
            Place("market", market.short_name or market.name, market.lat, market.lon, (market.id,)),
            ("m", market.id),
        )
    if sub.region:
        ids = tuple(m.id for m in markets if sub.region in (m.city, m.province))
        return Place("city", sub.region, market_ids=ids), ("r", sub.region)
    lat, lon = watched_point(sub)
    if lat is not None and lon is not None:
        # Farmers of one village share an answer: ~1 km (as the alerts' scopes do).
        lat, lon = round(lat, 2), round(lon, 2)
        return Place("home", "", lat, lon), ("h", lat, lon)
    return Place("national"), ("n",)
