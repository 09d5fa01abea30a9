"""`farmhub prices import`: CSV or XLSX, checked whole, all or nothing (demand: demand_import).

Rules (also in docs/markets.md):
- A price must be above 0 and below 1000 元/斤 (500 元/公斤 is the same bound) and lie
  within a factor of 10 of the product's recent median (per 斤): its last 30 days in
  the database, else the file's own prices of that product and market (at least 5).
  A wrong unit or an extra zero is caught, a real price swing is not
  (bot/markets/plausible.py). A demand listing's price is checked the same way.
- The same (date, product, market) twice in one file is a duplicate. A row equal to
  what is stored counts as unchanged; a different price for a stored (date, product,
  market) updates it.
- A market is named by its name, its short name or their pinyin (Xinfadi, xin fa di:
  bot/markets/names.find_market). A market not yet known is added (with the row's
  province, city, lat, lon); for a known market those columns, when given, update it.
  A price typed by hand (options.new_markets False) names a known market, or is
  refused with the closest.
- `low`, `high` and `source` left out (no such column) or empty keep what is stored for
  that (date, product, market); `-` clears them. A kept low or high that no longer
  holds the new price is dropped with the other kept one (the preview says it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from sqlalchemy import Column, MetaData, and_, delete, insert, or_, select, update
from sqlalchemy import Table as SqlTable
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.schema import CreateTable

from bot.imports import (
    CHANGES_KEPT,
    Checker,
    FieldChange,
    ImportOptions,
    ImportResult,
    Keep,
    Problem,
    ProblemError,
    Row,
    RowChange,
    Table,
    WarningsNotAccepted,
    check_header,
    parse_date,
    parse_latitude,
    parse_longitude,
    problem,
)
from bot.markets.jumps import DatedRow, price_jumps
from bot.markets.names import closest_markets, find_market, names_of, short_name_of
from bot.markets.plausible import (
    PricedRow,
    check_near_median,
    plausible_price,
)
from bot.markets.prices import convert, forget_markets, price_unit, sync_products
from bot.markets.sample import SOURCE as SAMPLE
from bot.markets.sample import drop_sample_prices, sample_ending
from bot.models.markets import Market, MarketPrice, Product
from bot.models.users import utcnow
from knowledge.text.lexicon import lexicon

PRICE_REQUIRED = ("date", "product", "market", "price", "unit")
PRICE_OPTIONAL = ("low", "high", "province", "city", "lat", "lon", "source")

# What a price import calls the markets it adds (ImportResult.extra and .names; the CLI says it).
MARKETS_ADDED = "markets added"
# What a price file's first import ends (the sample prices): counts and names, likewise.
SAMPLE_REMOVED = "sample prices removed"
PRODUCTS_ENDED = "products no longer priced"
MARKETS_ENDED = "markets no longer priced"
PRODUCTS_THINNED = "products left with the file's prices only"


def parse_product(raw: str) -> str:
    """A known product by any alias, as its canonical name; unknown names get suggestions."""
    product = lexicon().product(raw)
    if product is not None:
        return product.name
    closest = lexicon().closest_products(raw)
    if closest:
        raise ProblemError("unknown_product_closest", raw=raw, closest=tuple(closest))
    raise ProblemError("unknown_product", raw=raw)


def text_of(limit: int) -> Callable[[str], str]:
    """A parser of a text cell of at most `limit` characters."""

    def parse(raw: str) -> str:
        if len(raw) > limit:
            raise ProblemError("too_long", limit=limit)
        return raw

    return parse


def coordinates(checker: Checker, row: Row) -> tuple[float | None, float | None]:
    """A row's optional lat and lon: both or neither."""
    lat = checker.cell(row, "lat", parse_latitude, required=False)
    lon = checker.cell(row, "lon", parse_longitude, required=False)
    if bool(row.get("lat")) != bool(row.get("lon")):
        missing = "lon" if row.get("lat") else "lat"
        checker.add(row, missing, problem("other_coordinate"))
    return lat, lon


# ---------------------------------------------------------------- prices


@dataclass
class _PriceRecord:
    row: int
    day: date
    product: str
    market: str
    avg: float
    unit: str
    # KEEP: the file has no such column, or the cell is empty: the stored value stays.
    low: float | Keep | None
    high: float | Keep | None
    source: str | Keep | None


@dataclass
class _MarketInfo:
    row: int
    province: str | None
    city: str | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class PriceStored:
    """A price this import added or changed (what price alerts watch)."""

    product_id: int
    market_id: int
    day: date
    avg_jin: float


@dataclass
class PricesStored:
    """What a price import did, and the prices it added or changed."""

    result: ImportResult
    stored: list[PriceStored]


async def store_prices(
    session: AsyncSession, table: Table, *, options: ImportOptions
) -> PricesStored:
    """Check every row of a price file, then add or update all of them, or raise ImportFailed.

    The registered "prices" importer is bot.alerts.importer.import_prices: it calls
    this and queues the alerts the new prices trigger in the same transaction.
    """
    today = options.today
    check_header(table, PRICE_REQUIRED, PRICE_OPTIONAL)
    checker = Checker()
    markets = {m.name: m for m in await session.scalars(select(Market))}
    aliases = {m.short_name: m.name for m in markets.values() if m.short_name}
    named: dict[str, str] = {}  # a market named otherwise (Xinfadi), read once per file
    records: list[_PriceRecord] = []
    seen: dict[tuple[date, str, str], int] = {}
    infos: dict[str, _MarketInfo] = {}
    for row in table.rows:
        day = checker.cell(row, "date", parse_date)
        if day is not None and day > today:
            checker.add(row, "date", problem("in_future", day=day.isoformat()))
            day = None
        product = checker.cell(row, "product", parse_product)
        market = checker.cell(row, "market", text_of(100))
        if market is not None:
            market = aliases.get(market, market)
            if market not in markets:
                if market not in named:
                    named[market] = _market_named(market, markets)
                market = named[market]
            if market not in markets and not options.new_markets:
                checker.add(row, "market", _unknown_market(market, markets.values()))
                market = None
        unit = checker.cell(row, "unit", price_unit)
        parse = plausible_price(unit or "斤")
        avg = checker.cell(row, "price", parse)
        # Left out or empty, low, high and source keep what is stored; `-` clears them.
        low = checker.kept(row, "low", parse)
        high = checker.kept(row, "high", parse)
        if avg is not None and isinstance(low, float) and low > avg:
            checker.add(row, "low", problem("low_above_price", low=f"{low:g}", avg=f"{avg:g}"))
        if avg is not None and isinstance(high, float) and high < avg:
            checker.add(row, "high", problem("high_below_price", high=f"{high:g}", avg=f"{avg:g}"))
        source = checker.kept(row, "source", text_of(100))
        province = checker.cell(row, "province", text_of(20), required=False)
        city = checker.cell(row, "city", text_of(20), required=False)
        lat, lon = coordinates(checker, row)
        if market is not None:
            _check_market_info(
                checker, row, infos, market, _MarketInfo(row.number, province, city, lat, lon)
            )
        if day is None or product is None or market is None or unit is None or avg is None:
            continue
        key = (day, product, market)
        if key in seen:
            checker.add(row, "date", problem("duplicate_price", row=seen[key]))
            continue
        seen[key] = row.number
        records.append(_PriceRecord(row.number, day, product, market, avg, unit, low, high, source))
    await check_near_median(
        session, checker, [PricedRow(r.row, r.product, r.avg, r.unit, r.market) for r in records]
    )
    checker.raise_if_any()
    # The softer check: a price doubled or halved since the one it follows is imported
    # only once the admin accepted it (bot/markets/jumps.py).
    warnings = await price_jumps(
        session, [DatedRow(r.row, r.day, r.product, r.market, r.avg, r.unit) for r in records]
    )
    if warnings and not options.preview and not options.accept_warnings:
        raise WarningsNotAccepted(warnings)
    stored = await _apply_prices(session, records, infos, markets, today)
    stored.result.warnings = warnings
    # Real prices replace the generated sample ones: the two are never mixed. What
    # farmers stop seeing is named (the chat's preview lists it before ✅).
    if options.replace_sample:
        ending = await sample_ending(session)
        removed = await drop_sample_prices(session)
        if removed:
            result = stored.result
            result.extra[SAMPLE_REMOVED] = removed
            if ending.products:
                result.extra[PRODUCTS_ENDED] = len(ending.products)
            result.names[PRODUCTS_ENDED] = ending.products
            result.names[MARKETS_ENDED] = ending.markets
            result.names[PRODUCTS_THINNED] = ending.thinned
    return stored


def _market_named(word: str, markets: dict[str, Market]) -> str:
    # Xinfadi, xin fa di, XINFADI: the market whose name says that, else the word as typed.
    found = find_market(word, markets.values())
    return word if found is None else found.name


def _unknown_market(name: str, markets: Iterable[Market]) -> Problem:
    closest = names_of(closest_markets(name, markets))
    if closest:
        return problem("unknown_market_closest", raw=name, closest=closest)
    return problem("unknown_market", raw=name)


def _check_market_info(
    checker: Checker, row: Row, infos: dict[str, _MarketInfo], market: str, info: _MarketInfo
) -> None:
    # One file must not say two different things about the same market.
    first = infos.get(market)
    if first is None:
        infos[market] = info
        return
    for column in ("province", "city", "lat", "lon"):
        mine, theirs = getattr(info, column), getattr(first, column)
        if mine is not None and theirs is None:
            setattr(first, column, mine)
        elif mine is not None and mine != theirs:
            conflict = problem("market_conflict", value=str(mine), row=first.row, market=market)
            checker.add(row, column, conflict)


async def _apply_prices(
    session: AsyncSession,
    records: list[_PriceRecord],
    infos: dict[str, _MarketInfo],
    markets: dict[str, Market],
    today: date,
) -> PricesStored:
    result = ImportResult(extra={MARKETS_ADDED: 0, "markets updated": 0})
    await sync_products(session)
    products = {p.name: p.id for p in await session.scalars(select(Product))}
    for name, info in infos.items():
        market = markets.get(name)
        if market is None:
            # Named in full only: the short name farmers say (定边县马铃薯批发市场: 定边), unless
            # another market has it already.
            taken = {m.short_name for m in markets.values()} | set(markets)
            market = Market(
                name=name,
                short_name=short_name_of(name, taken),
                province=info.province or "",
                city=info.city or "",
                lat=info.lat,
                lon=info.lon,
            )
            session.add(market)
            markets[name] = market
            result.extra[MARKETS_ADDED] += 1
            result.names.setdefault(MARKETS_ADDED, []).append(name)
            continue
        changed = False
        for column in ("province", "city", "lat", "lon"):
            value = getattr(info, column)
            if value is not None and getattr(market, column) != value:
                setattr(market, column, value)
                changed = True
        result.extra["markets updated"] += changed
    await session.flush()
    forget_markets()
    existing = await _stored_prices(session, records, products, markets)
    new: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    stale: list[MarketPrice] = []
    stored_now: list[PriceStored] = []
    now = utcnow()
    for r in records:
        values: dict[str, Any] = {
            "product_id": products[r.product],
            "market_id": markets[r.market].id,
            "day": r.day,
            "avg": r.avg,
            "unit": r.unit,
            "avg_jin": convert(r.avg, r.unit, "斤"),
        }
        stored = existing.get((values["product_id"], values["market_id"], r.day))
        values |= _kept_fields(r, stored)
        if stored is None or any(getattr(stored, k) != v for k, v in values.items()):
            stored_now.append(
                PriceStored(values["product_id"], values["market_id"], r.day, values["avg_jin"])
            )
        if stored is None:
            new.append({**values, "updated_at": now})
            result.added += 1
        elif all(getattr(stored, k) == v for k, v in values.items()):
            result.unchanged += 1
        else:
            updates.append({**values, "id": stored.id, "updated_at": now})
            stale.append(stored)
            result.updated += 1
            if len(result.changes) < CHANGES_KEPT:
                result.changes.append(_price_change(r, markets[r.market], stored, values))
    # Everything above only read: the writes come now, all at once.
    await _write_prices(session, new, updates)
    for row in stale:  # loaded before the update: not to be read as they were
        session.expire(row)
    await session.flush()
    return PricesStored(result, stored_now)


def _kept_fields(r: _PriceRecord, stored: MarketPrice | None) -> dict[str, Any]:
    """Low, high and source: the file's, else (KEEP) the stored ones, in the row's unit.

    A kept low or high that no longer holds the new price (low ≤ price ≤ high) is
    dropped with the other kept one: the preview lists them going (low 63.06 → -), not
    a range that lies.
    """
    low, high = r.low, r.high
    kept_low, kept_high = isinstance(low, Keep), isinstance(high, Keep)
    if isinstance(low, Keep):
        low = _in_unit(stored.low, stored.unit, r.unit) if stored is not None else None
    if isinstance(high, Keep):
        high = _in_unit(stored.high, stored.unit, r.unit) if stored is not None else None
    if (kept_low and low is not None and low > r.avg) or (
        kept_high and high is not None and high < r.avg
    ):
        low = None if kept_low else low
        high = None if kept_high else high
    source = r.source
    if isinstance(source, Keep):
        # A generated price replaced by a real one is no sample any more (they are deleted).
        source = stored.source if stored is not None and stored.source != SAMPLE else None
    return {"low": low, "high": high, "source": source}


def _in_unit(value: float | None, unit: str, wanted: str) -> float | None:
    # A stored 元/公斤 range kept beside a price now given per 斤 is said per 斤.
    if value is None or unit == wanted:
        return value
    return round(convert(value, unit, wanted), 4)


# A stored price's fields as the file names them, in the order the preview says them.
_SAID = (("price", "avg"), ("low", "low"), ("high", "high"), ("unit", "unit"), ("source", "source"))


def _price_change(
    r: _PriceRecord, market: Market, stored: MarketPrice, values: dict[str, Any]
) -> RowChange:
    fields = tuple(
        FieldChange(column, _said(getattr(stored, key)), _said(values[key]))
        for column, key in _SAID
        if getattr(stored, key) != values[key]
    )
    where = market.short_name or market.name
    return RowChange(r.row, f"{r.day.isoformat()} {r.product} {where}", fields)


def _said(value: object) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


_STAGE = SqlTable(
    "farmhub_price_stage",
    MetaData(),
    *(Column(c.name, c.type) for c in MarketPrice.__table__.columns),
    prefixes=["TEMPORARY"],
)
_VALUES = [c.name for c in MarketPrice.__table__.columns if c.name != "id"]


async def _write_prices(
    session: AsyncSession, new: list[dict[str, Any]], updates: list[dict[str, Any]]
) -> None:
    """Add `new` rows and change `updates` (with their id), in this transaction.

    On SQLite one process writes at a time, and a farmer's registration or
    booking waits (busy_timeout, 10 s) while an import holds the write lock. So
    the rows are first staged in a TEMPORARY table, which is the connection's
    own and needs no lock on the database, at Python's pace; then two
    statements inside SQLite copy them over: the lock is held for those (a
    fraction of a second for 200,000 rows) and the commit, and the import stays
    all or nothing. PostgreSQL locks rows, not the database: written directly.
    """
    if not new and not updates:
        return
    if session.get_bind().dialect.name != "sqlite":
        if new:
            await session.execute(insert(MarketPrice), new)
        if updates:
            # By primary key, one executemany (not 50,000 ORM objects flushed one by one).
            await session.execute(update(MarketPrice), updates)
        return
    await session.execute(CreateTable(_STAGE, if_not_exists=True))
    await session.execute(delete(_STAGE))
    # The same types as the prices table: dates and times stored the same way.
    await session.execute(insert(_STAGE), [{"id": None, **row} for row in new] + updates)
    prices = cast(SqlTable, MarketPrice.__table__)
    stage = _STAGE.c
    if new:
        await session.execute(
            insert(prices).from_select(
                _VALUES, select(*(stage[c] for c in _VALUES)).where(stage.id.is_(None))
            )
        )
    if updates:
        await session.execute(
            update(prices).values({c: stage[c] for c in _VALUES}).where(prices.c.id == stage.id)
        )
    await session.execute(delete(_STAGE))


async def _stored_prices(
    session: AsyncSession,
    records: list[_PriceRecord],
    products: dict[str, int],
    markets: dict[str, Market],
) -> dict[tuple[int, int, date], MarketPrice]:
    # One range query per (product, market) pair the file touches.
    spans: dict[tuple[int, int], tuple[date, date]] = {}
    for r in records:
        key = (products[r.product], markets[r.market].id)
        first, last = spans.get(key, (r.day, r.day))
        spans[key] = (min(first, r.day), max(last, r.day))
    found: dict[tuple[int, int, date], MarketPrice] = {}
    pairs = list(spans.items())
    for start in range(0, len(pairs), 200):
        branches = [
            and_(
                MarketPrice.product_id == p,
                MarketPrice.market_id == m,
                MarketPrice.day >= first,
                MarketPrice.day <= last,
            )
            for (p, m), (first, last) in pairs[start : start + 200]
        ]
        for row in await session.scalars(select(MarketPrice).where(or_(*branches))):
            found[(row.product_id, row.market_id, row.day)] = row
    return found
