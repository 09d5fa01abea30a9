"""Price alert subscriptions: add, list, pause, change, delete; a blocked farmer. Telegram-free.

See the package's docstring (bot/alerts/__init__.py) for what subscriptions do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.model import MAX_PER_FARMER, AlertError, AlertSpec, AlertView, NearPlace
from bot.alerts.parsing import check_values, read_value, value_unit
from bot.delivery import outbox
from bot.delivery.held import withdraw_keyed
from bot.markets.prices import (
    MarketInfo,
    Place,
    PriceAnswer,
    all_markets,
    by_distance,
    find_place,
    latest_days,
    latest_prices,
    nearest_quoting,
    product_named,
)
from bot.models.alerts import AlertKind, AlertStatus, AlertSubscription
from bot.models.markets import Market, Product
from bot.models.users import User
from knowledge.text.lexicon import lexicon

# ---------------------------------------------------------------- subscriptions


@dataclass(frozen=True)
class Watched:
    """What a new alert watches now: its markets' latest prices (nearest first for a place)."""

    spec: AlertSpec
    answer: PriceAnswer | None  # None: the product is unknown

    @property
    def crossed(self) -> float | None:
        """The latest price (元/斤) when a threshold alert's line is already crossed, else None.

        "西红柿涨到2块告诉我" while tomatoes are 2.68 would never fire as the farmer
        expects: the price shown for the same place is compared, so it can be said.
        """
        spec = self.spec
        if spec.kind not in (AlertKind.above, AlertKind.below) or spec.threshold is None:
            return None
        fresh = [row for row in self.answer.rows if not row.stale] if self.answer else []
        if not fresh:
            return None
        price = fresh[0].price
        beyond = (
            price >= spec.threshold if spec.kind is AlertKind.above else price <= spec.threshold
        )
        return price if beyond else None


def watched_place(
    spec: AlertSpec, markets: Sequence[MarketInfo], home: tuple[float | None, float | None]
) -> Place:
    """The price answer's place for what `spec` watches: the markets its alerts fire on."""
    if spec.near is not None:
        return Place("near", spec.near.label, spec.near.lat, spec.near.lon)
    return find_place(spec.place or "", markets, *home)


async def watched(
    session: AsyncSession,
    spec: AlertSpec,
    markets: Sequence[MarketInfo],
    home: tuple[float | None, float | None],
    today: date,
) -> Watched:
    """The markets `spec` watches and their latest prices (元/斤), as "西红柿多少钱" shows them."""
    product = await product_named(session, spec.product)
    if product is None:
        return Watched(spec, None)
    place = watched_place(spec, markets, home)
    return Watched(spec, await latest_prices(session, product, place, today, "斤", markets))


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
    # A county's market named by the place in its full name (施甸 for 施甸县甸阳农贸市场), as a
    # price question finds it (bot.markets.places): when only one market has it.
    inside = list(await session.scalars(select(Market).where(Market.name.contains(word)).limit(2)))
    if len(word) >= 2 and len(inside) == 1:
        return inside[0], None
    raise AlertError("unknown_market", column="market", word=word)


def _same_target(
    product_id: int, kind: AlertKind, market_id: int | None, region: str | None, place: str | None
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
        AlertSubscription.place.is_(None) if place is None else AlertSubscription.place == place,
    ]


async def subscribe(session: AsyncSession, user_id: int, spec: AlertSpec) -> tuple[AlertView, str]:
    """Add a subscription or change the value of the same one; returns it and
    "added", "updated" or "unchanged". Raises AlertError for nonsense and limits.

    A daily alert asked again without a time (`spec.time_said` False: the 🔔 under a
    price, 订阅土豆价格) keeps the time it has: only a time said changes it."""
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
    # A market or region named is what is watched; else a place named (潍坊), else home.
    near = spec.near if market_id is None and region is None else None
    place = near.label[:50] if near is not None else None
    threshold = spec.threshold if spec.kind is not AlertKind.daily else None
    at_time = spec.at_time if spec.kind is AlertKind.daily else None
    # The unit the farmer said the price in (公斤): the alert speaks in it; 斤 is the default.
    unit = spec.unit if spec.kind in (AlertKind.above, AlertKind.below) else None
    unit = None if unit == "斤" else unit
    existing = await session.scalar(
        select(AlertSubscription)
        .where(
            AlertSubscription.user_id == user_id,
            *_same_target(product.id, spec.kind, market_id, region, place),  # type: ignore[arg-type]
        )
        .limit(1)
    )
    if existing is not None:
        if not spec.time_said and existing.at_time is not None:
            at_time = existing.at_time  # 08:30 stays: the default hour was nobody's word
        unchanged = (
            existing.threshold == threshold
            and existing.at_time == at_time
            and existing.unit == unit
            and existing.status is AlertStatus.active
        )
        if not unchanged:
            existing.threshold, existing.at_time = threshold, at_time
            existing.unit = unit
            existing.status = AlertStatus.active
        if spec.said is not None:
            existing.said = spec.said  # 洋芋 said again (or 马铃薯 now): the latest word shown
        if near is not None:
            # The place's point as it is known now (a gazetteer entry may have moved).
            existing.place_lat, existing.place_lon = near.lat, near.lon
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
        place=place,
        place_lat=near.lat if near is not None else None,
        place_lon=near.lon if near is not None else None,
        kind=spec.kind,
        threshold=threshold,
        unit=unit,
        said=spec.said,
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
    users = (
        list(
            await session.execute(
                select(User.telegram_id, User.active, User.home_lat, User.home_lon).where(
                    User.telegram_id.in_({s.user_id for s in subs})
                )
            )
        )
        if subs
        else []
    )
    active_users = {u for u, active, _, _ in users if active}
    located = {u for u, _, lat, lon in users if lat is not None and lon is not None}
    homes = {u: (lat, lon) for u, _, lat, lon in users if lat is not None and lon is not None}
    nearest = await _nearest_names(session, subs, homes)
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
            located=s.user_id in located,
            near=s.place,
            nearest=nearest.get(s.id, ()),
            unit=s.unit or "斤",
            said=s.said,
        )
        for s in subs
    ]


async def _nearest_names(
    session: AsyncSession,
    subs: Sequence[AlertSubscription],
    homes: dict[int, tuple[float, float]],
) -> dict[int, tuple[str, ...]]:
    """The markets each subscription to the farmer's nearest markets watches, by name,
    measured from home as the alert run measures it (bot/alerts/firing.py `_Scopes`)."""
    wanted = [s for s in subs if s.market_id is None and not s.region and not s.place]
    if not wanted:
        return {}
    markets = await all_markets(session)
    names = {m.id: m.short_name or m.name for m in markets}
    quoting: dict[int, set[int]] = {}
    found: dict[int, tuple[str, ...]] = {}
    for s in wanted:
        point = homes.get(s.user_id)
        if point is None:
            continue  # no home: every market (the alert says so)
        if s.product_id not in quoting:
            ids = [m.id for m in markets]
            quoting[s.product_id] = set(await latest_days(session, s.product_id, ids))
        order = by_distance(round(point[0], 2), round(point[1], 2), markets)
        found[s.id] = tuple(names[m] for m in nearest_quoting(order, quoting[s.product_id]))
    return found


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
    """Pause or resume one of the farmer's subscriptions (None if not theirs).

    Paused, it sends nothing until resumed: what was queued for it and not sent yet (a
    typed price's held alert, a digest still waiting) is withdrawn too.
    """
    sub = await _owned(session, user_id, sub_id)
    if sub is None:
        return None
    sub.status = AlertStatus.paused if paused else AlertStatus.active
    if paused:
        await withdraw_keyed(session, user_id, pushes_of(sub.id))
    await session.flush()
    return await _view(session, sub)


def pushes_of(sub_id: int) -> tuple[str, ...]:
    """The outbox keys' beginnings of one subscription's pushes (firing.py, digests.py)."""
    return (f"alert:{sub_id}:", f"digest:{sub_id}:")


async def change_value(
    session: AsyncSession, user_id: int, sub_id: int, text: str
) -> AlertView | None:
    """Change a subscription's time, price or percentage from the farmer's words."""
    sub = await _owned(session, user_id, sub_id)
    if sub is None:
        return None
    unit = sub.unit or "斤"
    threshold, at_time = read_value(sub.kind, text, unit=unit)
    return await set_value(
        session, user_id, sub_id, threshold, at_time, unit=value_unit(text, unit)
    )


async def set_value(
    session: AsyncSession,
    user_id: int,
    sub_id: int,
    threshold: float | None,
    at_time: time | None,
    kind: AlertKind | None = None,
    unit: str | None = None,
) -> AlertView | None:
    """Set a subscription's new value (checked), and it sends again; None if not theirs
    (or not of `kind`, when a button said which kind the value was for). `unit`: the unit
    a rise or fall's price was said in (斤, 公斤), shown from now on; None keeps it."""
    sub = await _owned(session, user_id, sub_id)
    if sub is None or (kind is not None and sub.kind is not kind):
        return None
    check_values(sub.kind, threshold, at_time)
    if sub.kind is AlertKind.daily:
        sub.at_time = at_time
    else:
        sub.threshold = threshold
        if unit is not None and sub.kind in (AlertKind.above, AlertKind.below):
            sub.unit = None if unit == "斤" else unit
    sub.status = AlertStatus.active
    await session.flush()
    return await _view(session, sub)


async def crossed_at(
    session: AsyncSession,
    user_id: int,
    sub_id: int,
    threshold: float,
    markets: Sequence[MarketInfo],
    today: date,
) -> float | None:
    """Today's price (元/斤) when a rise or fall alert changed to `threshold` would already
    be past its line (涨到 2.80 以上 while the price is 3.02): it would alert at once.

    None when it would not, or the alert is no rise or fall alert of the farmer's.
    """
    sub = await _owned(session, user_id, sub_id)
    if sub is None or sub.kind not in (AlertKind.above, AlertKind.below):
        return None
    (view,) = await _views(session, [sub])
    market = await session.get(Market, sub.market_id) if sub.market_id is not None else None
    near = (
        NearPlace(sub.place, sub.place_lat, sub.place_lon)
        if sub.place and sub.place_lat is not None and sub.place_lon is not None
        else None
    )
    where = market.name if market is not None else sub.region
    spec = AlertSpec(view.product, sub.kind, threshold, None, where, near)
    user = await session.get(User, user_id)
    home = (user.home_lat, user.home_lon) if user is not None else (None, None)
    return (await watched(session, spec, markets, home, today)).crossed


def named(
    views: Sequence[AlertView], products: Sequence[str], place: str | None = None
) -> list[AlertView]:
    """The farmer's alerts their words name: of these products (any, when none said), and
    at the place named (潍坊: its market, its region, or the place whose markets it watches)."""
    found = [v for v in views if not products or v.product in products]
    if place:
        found = [v for v in found if place in (v.market, v.region, v.near)]
    return found


async def delete_alert(session: AsyncSession, user_id: int, sub_id: int) -> AlertView | None:
    """Delete one of the farmer's subscriptions; returns what it was (None if not theirs)."""
    sub = await _owned(session, user_id, sub_id)
    if sub is None:
        return None
    view = await _view(session, sub)
    await withdraw_keyed(session, user_id, pushes_of(sub.id))
    await session.delete(sub)
    await session.flush()
    return view


async def unsubscribe(
    session: AsyncSession, user_id: int, products: Iterable[str] = (), upto: int | None = None
) -> int:
    """Delete the farmer's subscriptions (of some products, or all); returns how many.

    `upto`: only ids up to it, the ones a confirmation listed (one made after it stays).
    Alerts already queued but not yet sending are cancelled too: "退订" means now.
    """
    query = delete(AlertSubscription).where(AlertSubscription.user_id == user_id)
    if upto is not None:
        query = query.where(AlertSubscription.id <= upto)
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


# Farmers per statement in `units_of`: well under the databases' parameter limits.
UNITS_CHUNK = 500


async def units_of(session: AsyncSession, user_ids: set[int]) -> dict[tuple[int, int], str]:
    """(farmer, product) → the unit their rise or fall alert on it was said in (斤, 公斤; the
    newest alert's when several were): a digest, which names no price, speaks in it, and so
    do the prices offered for a new one (跌了提醒我)."""
    found: dict[tuple[int, int], str] = {}
    ids = sorted(user_ids)
    for start in range(0, len(ids), UNITS_CHUNK):
        rows = await session.execute(
            select(AlertSubscription.user_id, AlertSubscription.product_id, AlertSubscription.unit)
            .where(
                AlertSubscription.user_id.in_(ids[start : start + UNITS_CHUNK]),
                AlertSubscription.kind.in_((AlertKind.above, AlertKind.below)),
            )
            .order_by(AlertSubscription.id)
        )
        found.update({(user, product): unit or "斤" for user, product, unit in rows})
    return found
