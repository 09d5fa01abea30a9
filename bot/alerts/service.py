"""Price alerts: farmers' subscriptions, and the pushes they cause. Telegram-free.

A subscription watches one product at one market, a region (a city or a
province), or the farmer's nearest markets, and is one of

- `daily`: a digest of the latest prices at a chosen time (Asia/Shanghai);
- `above` / `below`: the price reaches X 元/斤 (a price per 公斤 is converted);
- `move`: the price moves Y% or more from the market's previous price day.

Threshold and move alerts fire from `on_new_prices`, which the price import
calls in its own transaction, so the pushes are queued exactly when the prices
are stored. Each fires at most once per subscription and price date: the
outbox key is ``alert:<subscription>:<date>``. Only fresh prices fire (at most
FRESH_DAYS old, and the newest of their market): a backfill of old prices
stays quiet. Digests are queued by `enqueue_digests` with the key
``digest:<subscription>:<local date>``, so a digest job that runs twice (a
restart, a catch-up) sends once.

A farmer who blocked the bot (403) has their active subscriptions set to
`blocked`; they count as active again as soon as the farmer is active again
(they talked to the bot: `users.active`), and are switched back then.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts import text as alert_text
from bot.delivery import outbox
from bot.delivery.outbox import Push
from bot.markets.prices import (
    ANSWER_MARKETS,
    MarketInfo,
    Place,
    PriceAnswer,
    all_markets,
    find_place,
    haversine_km,
    latest_days,
    latest_prices,
    product_named,
)
from bot.models.alerts import AlertKind, AlertStatus, AlertSubscription
from bot.models.markets import Market, MarketPrice, Product
from bot.models.users import User
from knowledge.text.intent import classify
from knowledge.text.lexicon import lexicon
from knowledge.text.normalise import normalise
from knowledge.text.numbers import per_jin, to_number

MAX_PER_FARMER = 10
# Thresholds: more than 0 and less than this many 元/斤 (the price import's bound).
MAX_PRICE_JIN = 1000.0
MIN_PERCENT, MAX_PERCENT = 1.0, 100.0
# Prices older than this (in days, against the local date) never fire an alert.
FRESH_DAYS = 3
# A move compares with the market's previous price day at most this many days back.
MOVE_LOOKBACK_DAYS = 7
# A digest job that starts late (the bot was down at 07:00) still runs within this.
CATCH_UP = timedelta(hours=3)
ALERT_PRIORITY = 10  # pushes with a lower number (pickup reminders) go first
DIGEST_PRIORITY = 20


class AlertError(ValueError):
    """A subscription that cannot be made; `code` names the catalogue message."""

    def __init__(self, code: str, column: str = "value", **params: object) -> None:
        self.code = code
        self.column = column
        self.params = params
        super().__init__(alert_text.error(None, self))


@dataclass(frozen=True)
class AlertSpec:
    """What a farmer (or an import row) asked for, before it is checked."""

    product: str
    kind: AlertKind
    threshold: float | None = None  # 元/斤 (above/below) or percent (move)
    at_time: time | None = None  # daily
    place: str | None = None  # a market's name or short name, a city or a province


@dataclass(frozen=True)
class AlertView:
    """A stored subscription with names, for listing and rendering."""

    id: int
    user_id: int
    product: str
    kind: AlertKind
    threshold: float | None
    at_time: time | None
    market: str | None
    region: str | None
    status: AlertStatus


# ---------------------------------------------------------------- values


def check_values(kind: AlertKind, threshold: float | None, at_time: time | None) -> None:
    """Refuse nonsense: a threshold at or below zero, an absurd price or percentage."""
    if kind in (AlertKind.above, AlertKind.below):
        if threshold is None:
            raise AlertError("price_missing")
        if threshold <= 0:
            raise AlertError("negative")
        if threshold >= MAX_PRICE_JIN:
            raise AlertError("too_high", price=f"{threshold:g}")
    elif kind is AlertKind.move:
        if threshold is None:
            raise AlertError("percent_missing")
        if not MIN_PERCENT <= threshold <= MAX_PERCENT:
            raise AlertError("percent", low=f"{MIN_PERCENT:g}", high=f"{MAX_PERCENT:g}")
    elif at_time is None:
        raise AlertError("time")


_HHMM = re.compile(r"^\s*(\d{1,2})\s*[:：]\s*(\d{2})\s*$")
_SPOKEN_TIME = re.compile(
    r"(凌晨|早上|早晨|上午|中午|下午|傍晚|晚上)?\s*"
    r"(\d{1,2}|[零一二两三四五六七八九十]{1,3})\s*(?:点|时)\s*"
    r"(半|一刻|三刻|(\d{1,2}|[零一二三四五六七八九十]{1,3})\s*分?)?"
)
_PM = ("下午", "傍晚", "晚上")


def parse_hhmm(raw: str) -> time:
    """A time written HH:MM (24-hour)."""
    match = _HHMM.match(raw)
    if match is None:
        raise AlertError("time")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise AlertError("time")
    return time(hour, minute)


def parse_time(text: str) -> time | None:
    """A time of day in a farmer's words (7点, 早上7点半, 晚上8点15, 18:30), else None."""
    norm = normalise(text)
    hhmm = re.search(r"(\d{1,2})\s*[:：]\s*(\d{2})", norm)
    if hhmm:
        return parse_hhmm(hhmm.group(0))
    match = _SPOKEN_TIME.search(norm)
    if match is None:
        return None
    hour_value = to_number(match.group(2))
    if hour_value is None:
        return None
    hour, minute = int(hour_value), 0
    rest = match.group(3) or ""
    if rest == "半":
        minute = 30
    elif rest == "一刻":
        minute = 15
    elif rest == "三刻":
        minute = 45
    elif match.group(4):
        minute = int(to_number(match.group(4)) or 0)
    if match.group(1) in _PM and hour < 12:
        hour += 12
    elif match.group(1) == "中午" and hour < 6:
        hour += 12
    if hour > 23 or minute > 59:
        raise AlertError("time")
    return time(hour, minute)


def parse_value(kind: AlertKind, raw: str) -> tuple[float | None, time | None]:
    """An import cell: HH:MM for daily, 元/斤 for above/below, a percentage for move."""
    raw = raw.strip()
    if kind is AlertKind.daily:
        at = parse_hhmm(raw)
        return None, at
    number = raw.removesuffix("%").removesuffix("％").strip() if kind is AlertKind.move else raw
    try:
        value = float(number)
    except ValueError:
        code = "percent_missing" if kind is AlertKind.move else "price_missing"
        raise AlertError(code) from None
    if not math.isfinite(value):
        raise AlertError("price_missing")
    check_values(kind, value, None)
    return value, None


_NEGATIVE = re.compile(r"(^|[^\d])-\s*\d|负\s*[\d零一二两三四五六七八九十]")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|％|个点)|百分之\s*([零一二两三四五六七八九十百点]+)")
_ABOVE = re.compile(r"涨到|涨过|涨破|涨上|超过|高于|以上|达到|到了|above|over")
_BELOW = re.compile(r"跌到|跌破|跌过|降到|低于|以下|不到|below|under")


@dataclass(frozen=True)
class Request:
    """A subscription request read from a farmer's message."""

    products: tuple[str, ...]
    kind: AlertKind
    threshold: float | None = None
    at_time: time | None = None
    place: str | None = None
    words: dict[str, str] = field(default_factory=dict)


def read_request(text: str, default_time: time, markets: Sequence[MarketInfo] = ()) -> Request:
    """What "订阅西红柿价格" / "涨到三块五提醒我" / "波动超过10%提醒我" asks for.

    Raises AlertError for nonsense a farmer can fix (a negative price, 25点).
    """
    norm = normalise(text)
    intent = classify(norm)
    place = find_place(norm, markets)
    where = place.label if place.kind in ("market", "city") else None
    percent = _PERCENT.search(norm)
    if percent is not None:
        value = to_number(percent.group(1) or percent.group(2) or "")
        if value is None:
            raise AlertError("percent_missing")
        check_values(AlertKind.move, value, None)
        return Request(intent.products, AlertKind.move, value, place=where)
    if _NEGATIVE.search(norm):
        raise AlertError("negative")
    if intent.price is not None:
        yuan = per_jin(intent.price.yuan, intent.price.unit or "斤")
        below = _BELOW.search(norm) is not None or (_ABOVE.search(norm) is None and "跌" in norm)
        kind = AlertKind.below if below else AlertKind.above
        check_values(kind, yuan, None)
        return Request(intent.products, kind, round(yuan, 4), place=where)
    at = parse_time(norm) or default_time
    return Request(intent.products, AlertKind.daily, at_time=at, place=where)


# ---------------------------------------------------------------- subscriptions


async def _resolve_place(
    session: AsyncSession, word: str | None
) -> tuple[Market | None, str | None]:
    # A market by name or short name, else a city or province with markets.
    if not word:
        return None, None
    word = word.strip()
    market = await session.scalar(
        select(Market).where(or_(Market.name == word, Market.short_name == word)).limit(1)
    )
    if market is not None:
        return market, None
    in_region = await session.scalar(
        select(func.count())
        .select_from(Market)
        .where(or_(Market.city == word, Market.province == word))
    )
    if in_region:
        return None, word[:20]
    raise AlertError("unknown_market", column="market", word=word)


def _same_target(
    product_id: int, kind: AlertKind, market_id: int | None, region: str | None
) -> list[object]:
    return [
        AlertSubscription.product_id == product_id,
        AlertSubscription.kind == kind,
        AlertSubscription.market_id.is_(None)
        if market_id is None
        else AlertSubscription.market_id == market_id,
        AlertSubscription.region.is_(None)
        if region is None
        else AlertSubscription.region == region,
    ]


async def subscribe(session: AsyncSession, user_id: int, spec: AlertSpec) -> tuple[AlertView, str]:
    """Add a subscription or change the value of the same one; returns it and
    "added", "updated" or "unchanged". Raises AlertError for nonsense and limits."""
    user = await session.get(User, user_id)
    if user is None:
        raise AlertError("not_started", column="telegram_id", user=user_id)
    product = await product_named(session, spec.product)
    if product is None:
        closest = lexicon().closest_products(spec.product)
        raise AlertError(
            "unknown_product", column="product", word=spec.product, closest="、".join(closest)
        )
    check_values(spec.kind, spec.threshold, spec.at_time)
    market, region = await _resolve_place(session, spec.place)
    market_id = market.id if market is not None else None
    threshold = spec.threshold if spec.kind is not AlertKind.daily else None
    at_time = spec.at_time if spec.kind is AlertKind.daily else None
    existing = await session.scalar(
        select(AlertSubscription)
        .where(
            AlertSubscription.user_id == user_id,
            *_same_target(product.id, spec.kind, market_id, region),  # type: ignore[arg-type]
        )
        .limit(1)
    )
    if existing is not None:
        unchanged = (
            existing.threshold == threshold
            and existing.at_time == at_time
            and existing.status is AlertStatus.active
        )
        if not unchanged:
            existing.threshold, existing.at_time = threshold, at_time
            existing.status = AlertStatus.active
            await session.flush()
        return await _view(session, existing), "unchanged" if unchanged else "updated"
    count = await session.scalar(
        select(func.count())
        .select_from(AlertSubscription)
        .where(AlertSubscription.user_id == user_id)
    )
    if (count or 0) >= MAX_PER_FARMER:
        raise AlertError("limit", column="telegram_id", max=MAX_PER_FARMER)
    sub = AlertSubscription(
        user_id=user_id,
        product_id=product.id,
        market_id=market_id,
        region=region,
        kind=spec.kind,
        threshold=threshold,
        at_time=at_time,
        status=AlertStatus.active,
    )
    session.add(sub)
    await session.flush()
    return await _view(session, sub), "added"


async def _view(session: AsyncSession, sub: AlertSubscription) -> AlertView:
    (view,) = await _views(session, [sub])
    return view


async def _views(session: AsyncSession, subs: Sequence[AlertSubscription]) -> list[AlertView]:
    product_ids = {s.product_id for s in subs}
    market_ids = {s.market_id for s in subs if s.market_id is not None}
    products = (
        {
            p.id: p.name
            for p in await session.scalars(select(Product).where(Product.id.in_(product_ids)))
        }
        if product_ids
        else {}
    )
    markets = (
        {
            m.id: (m.short_name or m.name)
            for m in await session.scalars(select(Market).where(Market.id.in_(market_ids)))
        }
        if market_ids
        else {}
    )
    active_users = (
        set(
            await session.scalars(
                select(User.telegram_id).where(
                    User.telegram_id.in_({s.user_id for s in subs}), User.active.is_(True)
                )
            )
        )
        if subs
        else set()
    )
    return [
        AlertView(
            id=s.id,
            user_id=s.user_id,
            product=products.get(s.product_id, "?"),
            kind=s.kind,
            threshold=s.threshold,
            at_time=s.at_time,
            market=markets.get(s.market_id) if s.market_id is not None else None,
            region=s.region,
            # Blocked, but the farmer is back: it sends again (see the module doc).
            status=(
                AlertStatus.active
                if s.status is AlertStatus.blocked and s.user_id in active_users
                else s.status
            ),
        )
        for s in subs
    ]


async def list_alerts(session: AsyncSession, user_id: int | None = None) -> list[AlertView]:
    """A farmer's subscriptions (or everyone's), oldest first."""
    query = select(AlertSubscription).order_by(AlertSubscription.user_id, AlertSubscription.id)
    if user_id is not None:
        query = query.where(AlertSubscription.user_id == user_id)
    return await _views(session, list(await session.scalars(query)))


async def _owned(session: AsyncSession, user_id: int, sub_id: int) -> AlertSubscription | None:
    # Callback data is untrusted: a forged id, or someone else's, finds nothing.
    sub = await session.get(AlertSubscription, sub_id)
    return sub if sub is not None and sub.user_id == user_id else None


async def get_alert(session: AsyncSession, user_id: int, sub_id: int) -> AlertView | None:
    """One of the farmer's subscriptions, or None if it is not theirs."""
    sub = await _owned(session, user_id, sub_id)
    return await _view(session, sub) if sub is not None else None


async def set_paused(
    session: AsyncSession, user_id: int, sub_id: int, paused: bool
) -> AlertView | None:
    """Pause or resume one of the farmer's subscriptions (None if not theirs)."""
    sub = await _owned(session, user_id, sub_id)
    if sub is None:
        return None
    sub.status = AlertStatus.paused if paused else AlertStatus.active
    await session.flush()
    return await _view(session, sub)


async def change_value(
    session: AsyncSession, user_id: int, sub_id: int, text: str
) -> AlertView | None:
    """Change a subscription's time, price or percentage from the farmer's words."""
    sub = await _owned(session, user_id, sub_id)
    if sub is None:
        return None
    norm = normalise(text)
    if sub.kind is AlertKind.daily:
        at = parse_time(norm)
        if at is None:
            raise AlertError("time")
        sub.at_time = at
    elif sub.kind is AlertKind.move:
        match = _PERCENT.search(norm) or re.search(r"(\d+(?:\.\d+)?)", norm)
        value = to_number(match.group(1) or "") if match else None
        if value is None:
            raise AlertError("percent_missing")
        check_values(AlertKind.move, value, None)
        sub.threshold = value
    else:
        if _NEGATIVE.search(norm):
            raise AlertError("negative")
        price = classify(norm).price
        if price is None:
            bare = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*", norm)
            if bare is None:
                raise AlertError("price_missing")
            yuan = float(bare.group(1))
        else:
            yuan = per_jin(price.yuan, price.unit or "斤")
        check_values(sub.kind, yuan, None)
        sub.threshold = round(yuan, 4)
    sub.status = AlertStatus.active
    await session.flush()
    return await _view(session, sub)


async def delete_alert(session: AsyncSession, user_id: int, sub_id: int) -> AlertView | None:
    """Delete one of the farmer's subscriptions; returns what it was (None if not theirs)."""
    sub = await _owned(session, user_id, sub_id)
    if sub is None:
        return None
    view = await _view(session, sub)
    await session.delete(sub)
    await session.flush()
    return view


async def unsubscribe(session: AsyncSession, user_id: int, products: Iterable[str] = ()) -> int:
    """Delete the farmer's subscriptions (of some products, or all); returns how many.

    Alerts already queued but not yet sending are cancelled too: "退订" means now.
    """
    query = delete(AlertSubscription).where(AlertSubscription.user_id == user_id)
    names = list(products)
    if names:
        ids = list(await session.scalars(select(Product.id).where(Product.name.in_(names))))
        query = query.where(AlertSubscription.product_id.in_(ids))
    removed = len((await session.execute(query.returning(AlertSubscription.id))).all())
    if removed and not names:
        for source in ("alert", "digest"):
            await outbox.cancel_pending(session, user_id, source, "cancelled: unsubscribed")
    return removed


async def recipient_blocked(session: AsyncSession, chat_id: int) -> None:
    """The delivery engine got 403 for this farmer: their active subscriptions pause."""
    await session.execute(
        update(AlertSubscription)
        .where(AlertSubscription.user_id == chat_id, AlertSubscription.status == AlertStatus.active)
        .values(status=AlertStatus.blocked)
    )


# ---------------------------------------------------------------- firing


@dataclass(frozen=True)
class Observation:
    """A price just stored: the alerts' input."""

    product_id: int
    market_id: int
    day: date
    avg_jin: float


class Target(NamedTuple):
    """A subscription that sends, with what its pushes need of the farmer (plain columns:
    a digest or an alert run loads 100,000 of these)."""

    id: int
    user_id: int
    product_id: int
    market_id: int | None
    region: str | None
    kind: AlertKind
    threshold: float | None
    status: AlertStatus
    language: str
    home_lat: float | None
    home_lon: float | None


async def _targets(session: AsyncSession, condition: object) -> list[Target]:
    # Subscriptions that send: active, or blocked by a farmer who is back.
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


class _Scopes:
    """Which markets a subscription watches, computed once per distinct scope."""

    def __init__(self, markets: Sequence[MarketInfo]) -> None:
        self.markets = list(markets)
        self._regions: dict[str, frozenset[int]] = {}
        self._nearest: dict[tuple[int, float, float], frozenset[int]] = {}

    def of(self, sub: Target, quoting: Sequence[int]) -> frozenset[int]:
        """Market ids in the subscription's scope (`quoting`: markets with the product)."""
        if sub.market_id is not None:
            return frozenset((sub.market_id,))
        if sub.region:
            found = self._regions.get(sub.region)
            if found is None:
                found = frozenset(m.id for m in self.markets if sub.region in (m.city, m.province))
                self._regions[sub.region] = found
            return found
        if sub.home_lat is None or sub.home_lon is None:
            return frozenset(quoting)  # no home: every market, as the price answer does
        # Farmers of one village share a scope: key by ~1 km.
        key = (sub.product_id, round(sub.home_lat, 2), round(sub.home_lon, 2))
        nearest = self._nearest.get(key)
        if nearest is None:
            lat, lon = key[1], key[2]
            located = [
                m
                for m in self.markets
                if m.id in set(quoting) and m.lat is not None and m.lon is not None
            ]
            located.sort(key=lambda m: haversine_km(lat, lon, m.lat or 0.0, m.lon or 0.0))
            nearest = frozenset(m.id for m in located[:ANSWER_MARKETS])
            self._nearest[key] = nearest
        return nearest


@dataclass(frozen=True)
class Hit:
    """One market's price that meets a subscription's condition."""

    market: str
    day: date
    price: float
    before: float | None = None  # the previous price day's (moves)

    @property
    def change(self) -> float | None:
        """Percent change from `before`."""
        return None if not self.before else (self.price / self.before - 1) * 100


async def on_new_prices(
    session: AsyncSession, observations: Sequence[Observation], today: date
) -> int:
    """Queue the threshold and move alerts these new prices trigger; returns how many.

    Called by the price import (and any price entry) in its transaction.
    """
    fresh = _freshest(observations, today)
    if not fresh:
        return 0
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
        targets = await _targets(
            session,
            and_(
                AlertSubscription.product_id == product_id,
                AlertSubscription.kind.in_((AlertKind.above, AlertKind.below, AlertKind.move)),
            ),
        )
        if not targets:
            continue
        before = await _previous_prices(session, product_id, news)
        quoting = list(newest)
        made = 0
        # Farmers with the same language, rule and matching markets get the same
        # words: render once.
        texts: dict[tuple[object, ...], str] = {}
        for target in targets:
            scope = scopes.of(target, quoting)
            hits = _hits(target, [o for o in news if o.market_id in scope], before, names)
            for day, day_hits in sorted(hits.items()):
                text_key = (target.language, target.kind, target.threshold, tuple(day_hits))
                text = texts.get(text_key)
                if text is None:
                    text = alert_text.alert(
                        target.language,
                        product.name,
                        target.kind,
                        target.threshold or 0.0,
                        day_hits,
                    )
                    texts[text_key] = text
                pushes.append(
                    Push(
                        key=f"alert:{target.id}:{day.isoformat()}",
                        chat_id=target.user_id,
                        text=text,
                        markup=alert_text.alert_buttons(target.language, target.id),
                        priority=ALERT_PRIORITY,
                    )
                )
                made += 1
        if made:
            days = sorted({o.day for o in news})
            labels.append(f"{product.name} {days[-1].isoformat()}")
    if not pushes:
        return 0
    run = await outbox.start_run(session, "alert", "价格提醒 " + ", ".join(labels))
    return await outbox.enqueue(session, pushes, source="alert", run=run)


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
    targets = await _targets(
        session, and_(AlertSubscription.kind == AlertKind.daily, AlertSubscription.at_time == at)
    )
    if not targets:
        return 0
    markets = await all_markets(session)
    by_id = {m.id: m for m in markets}
    answers: dict[tuple[object, ...], PriceAnswer | None] = {}
    texts: dict[tuple[object, ...], str] = {}
    pushes: list[Push] = []
    for target in targets:
        place, key = _digest_place(target, by_id, markets)
        answer_key = (target.product_id, key)
        if answer_key not in answers:
            product = await session.get(Product, target.product_id)
            answers[answer_key] = (
                await latest_prices(session, product, place, today, "斤", markets)
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
                markup=alert_text.alert_buttons(target.language, target.id),
                priority=DIGEST_PRIORITY,
            )
        )
    if not pushes:
        return 0
    run = await outbox.start_run(session, "digest", f"每日行情 {at:%H:%M} {today.isoformat()}")
    return await outbox.enqueue(session, pushes, source="digest", run=run)


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
    if sub.home_lat is not None and sub.home_lon is not None:
        lat, lon = round(sub.home_lat, 2), round(sub.home_lon, 2)
        return Place("home", "", lat, lon), ("h", lat, lon)
    return Place("national"), ("n",)
