"""Threshold and move alerts fired by new prices. Telegram-free."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import and_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts import text as alert_text
from bot.alerts.model import (
    ALERT_PRIORITY,
    FRESH_DAYS,
    MOVE_LOOKBACK_DAYS,
    Hit,
    Observation,
    Target,
)
from bot.delivery import outbox, runs
from bot.delivery.outbox import Push
from bot.markets.prices import (
    MarketInfo,
    by_distance,
    latest_days,
    nearest_quoting,
)
from bot.models.alerts import AlertKind, AlertStatus, AlertSubscription, DeliveryRun, RunKind
from bot.models.markets import Market, MarketPrice, Product
from bot.models.users import User

# ---------------------------------------------------------------- firing


async def sending_targets(session: AsyncSession, condition: object) -> list[Target]:
    """Subscriptions matching `condition` that send: active, or blocked by a farmer who is back."""
    rows = await session.execute(
        select(
            AlertSubscription.id,
            AlertSubscription.user_id,
            AlertSubscription.product_id,
            AlertSubscription.market_id,
            AlertSubscription.region,
            AlertSubscription.kind,
            AlertSubscription.threshold,
            AlertSubscription.status,
            User.language,
            User.home_lat,
            User.home_lon,
            AlertSubscription.place_lat,
            AlertSubscription.place_lon,
            AlertSubscription.unit,
            AlertSubscription.said,
        )
        .join(User, User.telegram_id == AlertSubscription.user_id)
        .where(
            condition,  # type: ignore[arg-type]
            User.active.is_(True),
            AlertSubscription.status.in_((AlertStatus.active, AlertStatus.blocked)),
        )
        .order_by(AlertSubscription.id)
    )
    found = [Target(*row) for row in rows]
    back = [t.id for t in found if t.status is AlertStatus.blocked]
    for start in range(0, len(back), 500):
        await session.execute(
            update(AlertSubscription)
            .where(AlertSubscription.id.in_(back[start : start + 500]))
            .values(status=AlertStatus.active)
        )
    return found


def watched_point(sub: Target) -> tuple[float | None, float | None]:
    """Where a "nearest markets" subscription measures from: the place named (潍坊), else home."""
    if sub.place_lat is not None and sub.place_lon is not None:
        return sub.place_lat, sub.place_lon
    return sub.home_lat, sub.home_lon


class _Scopes:
    """Which markets a subscription watches, computed once per distinct scope."""

    def __init__(self, markets: Sequence[MarketInfo]) -> None:
        self.markets = list(markets)
        self._regions: dict[str, frozenset[int]] = {}
        self._nearest: dict[tuple[int, float, float], frozenset[int]] = {}

    def of(self, sub: Target, quoting: Collection[int]) -> frozenset[int]:
        """Market ids in the subscription's scope.

        `quoting`: every market that has ever quoted the product (not only this
        batch's): "your nearest markets" are chosen among them by the price
        answer's own rule, so a new price far away is not taken for a near one.
        """
        if sub.market_id is not None:
            return frozenset((sub.market_id,))
        if sub.region:
            found = self._regions.get(sub.region)
            if found is None:
                found = frozenset(m.id for m in self.markets if sub.region in (m.city, m.province))
                self._regions[sub.region] = found
            return found
        lat, lon = watched_point(sub)
        if lat is None or lon is None:
            return frozenset(quoting)  # no home: every market (the alert says so)
        # Farmers of one village share a scope: key by ~1 km (as the digests do).
        key = (sub.product_id, round(lat, 2), round(lon, 2))
        nearest = self._nearest.get(key)
        if nearest is None:
            order = by_distance(key[1], key[2], self.markets)
            nearest = frozenset(nearest_quoting(order, quoting))
            self._nearest[key] = nearest
        return nearest


async def on_new_prices(
    session: AsyncSession, observations: Sequence[Observation], today: date
) -> int:
    """Queue the threshold and move alerts these new prices trigger; returns how many."""
    run = await fire(session, observations, today)
    return run.queued if run is not None else 0


async def fire(
    session: AsyncSession,
    observations: Sequence[Observation],
    today: date,
    *,
    not_before: datetime | None = None,
) -> DeliveryRun | None:
    """Queue the alerts these new prices trigger, as one run (None: they trigger none).

    Called by the price import (and any price entry) in its transaction. `not_before`
    holds them back until then (an admin's typed price: /undo may withdraw them first).
    """
    fresh = _freshest(observations, today)
    if not fresh:
        return None
    # A backfilled day older than what the market already has is not news.
    by_product: dict[int, list[Observation]] = defaultdict(list)
    for obs in fresh:
        by_product[obs.product_id].append(obs)
    # Not the cached list: the import may have added markets in this transaction.
    markets = [
        MarketInfo(m.id, m.name, m.short_name, m.province, m.city, m.lat, m.lon)
        for m in await session.scalars(select(Market).order_by(Market.id))
    ]
    names = {m.id: m.short_name or m.name for m in markets}
    scopes = _Scopes(markets)
    pushes: list[Push] = []
    labels: list[str] = []
    for product_id, news in by_product.items():
        newest = await latest_days(session, product_id, [o.market_id for o in news])
        news = [o for o in news if newest.get(o.market_id, o.day) <= o.day]
        if not news:
            continue
        product = await session.get(Product, product_id)
        if product is None:
            continue
        targets = await sending_targets(
            session,
            and_(
                AlertSubscription.product_id == product_id,
                AlertSubscription.kind.in_((AlertKind.above, AlertKind.below, AlertKind.move)),
            ),
        )
        if not targets:
            continue
        before = await _previous_prices(session, product_id, news)
        # All markets quoting the product, this batch's included (flushed, same transaction).
        quoting = set(await latest_days(session, product_id, [m.id for m in markets]))
        made = 0
        # Farmers with the same language, rule and matching markets get the same
        # words: render once.
        texts: dict[tuple[object, ...], str] = {}
        for target in targets:
            scope = scopes.of(target, quoting)
            hits = _hits(target, [o for o in news if o.market_id in scope], before, names)
            for day, day_hits in sorted(hits.items()):
                text_key = (
                    target.language,
                    target.kind,
                    target.threshold,
                    target.unit,
                    target.said,
                    tuple(day_hits),
                )
                text = texts.get(text_key)
                if text is None:
                    text = alert_text.alert(
                        target.language,
                        product.name,
                        target.kind,
                        target.threshold or 0.0,
                        day_hits,
                        target.unit,
                        target.said,
                    )
                    texts[text_key] = text
                pushes.append(
                    Push(
                        key=f"alert:{target.id}:{day.isoformat()}",
                        chat_id=target.user_id,
                        text=text,
                        buttons=alert_text.alert_buttons(target.language, target.id),
                        priority=ALERT_PRIORITY,
                    )
                )
                made += 1
        if made:
            days = sorted({o.day for o in news})
            labels.append(f"{product.name} {days[-1].isoformat()}")
    if not pushes:
        return None
    run = await outbox.start_run(session, RunKind.alert, ", ".join(labels))
    await outbox.enqueue(session, pushes, source="alert", run=run, not_before=not_before)
    if await runs.drop_if_empty(session, run):
        return None  # prices stored again: every alert was queued before
    return run


def _freshest(observations: Sequence[Observation], today: date) -> list[Observation]:
    # Per (product, market): only the newest day in the batch, and only if fresh.
    newest: dict[tuple[int, int], Observation] = {}
    for obs in observations:
        if (today - obs.day).days > FRESH_DAYS or obs.day > today:
            continue
        key = (obs.product_id, obs.market_id)
        if key not in newest or newest[key].day < obs.day:
            newest[key] = obs
    return list(newest.values())


async def _previous_prices(
    session: AsyncSession, product_id: int, news: Sequence[Observation]
) -> dict[int, tuple[date, float]]:
    # Each market's price on its previous price day (within the look-back).
    earliest = min(o.day for o in news) - timedelta(days=MOVE_LOOKBACK_DAYS)
    day_of = {o.market_id: o.day for o in news}
    rows = await session.execute(
        select(MarketPrice.market_id, MarketPrice.day, MarketPrice.avg_jin).where(
            MarketPrice.product_id == product_id,
            MarketPrice.market_id.in_(list(day_of)),
            MarketPrice.day >= earliest,
        )
    )
    before: dict[int, tuple[date, float]] = {}
    for market_id, day, avg_jin in rows:
        if day < day_of[market_id] and (market_id not in before or before[market_id][0] < day):
            before[market_id] = (day, avg_jin)
    return before


def _hits(
    sub: Target,
    news: Sequence[Observation],
    before: dict[int, tuple[date, float]],
    names: dict[int, str],
) -> dict[date, list[Hit]]:
    found: dict[date, list[Hit]] = defaultdict(list)
    threshold = sub.threshold or 0.0
    for obs in news:
        name = names.get(obs.market_id, "?")
        if sub.kind is AlertKind.above and obs.avg_jin >= threshold - 1e-9:
            found[obs.day].append(Hit(name, obs.day, obs.avg_jin))
        elif sub.kind is AlertKind.below and obs.avg_jin <= threshold + 1e-9:
            found[obs.day].append(Hit(name, obs.day, obs.avg_jin))
        elif sub.kind is AlertKind.move and obs.market_id in before:
            prior = before[obs.market_id][1]
            if prior > 0 and abs(obs.avg_jin / prior - 1) * 100 >= threshold - 1e-9:
                found[obs.day].append(Hit(name, obs.day, obs.avg_jin, prior))
    return found
