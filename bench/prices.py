"""Prices benchmark: the latest-price answer and the 30-day chart on a year of daily prices.

Run: `.venv/bin/python bench/prices.py` (defaults: 200 products x 50 markets x 365
days = 3.65 million rows, on SQLite and PostgreSQL; a few minutes). `--products`,
`--markets`, `--days`, `--queries` and `--backends sqlite,postgres` change it.

Each backend gets a temporary database (a SQLite file in a temp folder; a
PostgreSQL database created and dropped on the test server, as tests/dbutil.py
does), migrated to head, so the schema and indexes are exactly the migration's.
Rows are bulk loaded (stdlib sqlite3 executemany in one transaction; asyncpg
COPY), then ANALYZEd.

Measured through the bot's own service code (SQLAlchemy async, a fresh session
per question, as a handler does), single questions one after another:
- latest: `all_markets` + `latest_prices` for a random product at a random
  farmer location (nearest 3 markets, change against 7 days before);
- chart: `chart_series` for a random product at 3 markets over 30 days.
Baselines in the same run: a primary-key lookup of one price row (the floor of
one round trip through the same stack), and the latest/chart questions on a
copy of the database without the (product, market, day) index (what the
migration's index buys). All kinds are interleaved in one shuffled loop, so a
busy machine slows them alike. Figures are p50/p99 in milliseconds; the last
line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker  # noqa: E402

from bot.core import migrate  # noqa: E402
from bot.core.db import make_engine  # noqa: E402
from bot.markets.prices import Place, all_markets, chart_series, latest_prices  # noqa: E402
from bot.models.markets import MarketPrice, Product  # noqa: E402

SEED = 20261128
TARGET_P99_MS = 20.0
TODAY = date(2026, 11, 28)
CHUNK = 50_000
COMPOSITE = "ux_prices_product_market_day"


def _quantiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[98]


def _rows(products: int, markets: int, days: int) -> Iterator[tuple[Any, ...]]:
    """(id, product_id, market_id, day, low, avg, high, unit, avg_jin, source), day by day."""
    rng = random.Random(SEED)
    base = [0.5 + rng.random() * 10 for _ in range(products)]
    first = TODAY - timedelta(days=days - 1)
    row_id = 0
    for d in range(days):
        day = first + timedelta(days=d)
        for m in range(1, markets + 1):
            unit = "公斤" if m % 4 == 0 else "斤"
            factor = 2.0 if unit == "公斤" else 1.0
            for p in range(1, products + 1):
                row_id += 1
                jin = base[p - 1] * (1 + 0.1 * math.sin(d / 9 + p)) * (0.9 + (m % 7) / 30)
                avg = round(jin * factor, 2)
                yield (
                    row_id,
                    p,
                    m,
                    day,
                    round(avg * 0.9, 2),
                    avg,
                    round(avg * 1.1, 2),
                    unit,
                    avg / factor,
                    "bench",
                )


def _market_rows(markets: int) -> list[tuple[Any, ...]]:
    rng = random.Random(SEED + 1)
    return [
        (
            m,
            f"市场{m:03d}",
            f"市{m:03d}",
            "省",
            "市",
            22 + rng.random() * 24,
            100 + rng.random() * 27,
        )
        for m in range(1, markets + 1)
    ]


def _product_rows(products: int) -> list[tuple[Any, ...]]:
    return [(p, f"品种{p:03d}", "蔬菜", f"p{p}", "斤", 0) for p in range(1, products + 1)]


def load_sqlite(path: Path, products: int, markets: int, days: int) -> int:
    """Bulk load with stdlib sqlite3 in one transaction; returns the row count."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-1000000")  # 1 GB page cache during the load only
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    with conn:
        conn.executemany("INSERT INTO products VALUES (?,?,?,?,?,?)", _product_rows(products))
        conn.executemany("INSERT INTO markets VALUES (?,?,?,?,?,?,?)", _market_rows(markets))
        count = 0
        batch: list[tuple[Any, ...]] = []
        for row in _rows(products, markets, days):
            batch.append((*row[:3], row[3].isoformat(), *row[4:], now))
            if len(batch) >= CHUNK:
                conn.executemany("INSERT INTO prices VALUES (?,?,?,?,?,?,?,?,?,?,?)", batch)
                count += len(batch)
                batch.clear()
        conn.executemany("INSERT INTO prices VALUES (?,?,?,?,?,?,?,?,?,?,?)", batch)
        count += len(batch)
    conn.execute("ANALYZE")
    conn.close()
    return count


async def load_postgres(url: str, products: int, markets: int, days: int) -> int:
    """Bulk load with asyncpg COPY; returns the row count."""
    import asyncpg

    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        # Bulk load: skip the per-row foreign-key triggers (the generator only
        # writes ids that exist); indexes are maintained as in production.
        await conn.execute("SET session_replication_role = replica")
        columns = ["id", "name", "category", "en", "default_unit", "asked_count"]
        await conn.copy_records_to_table(
            "products", records=_product_rows(products), columns=columns
        )
        await conn.copy_records_to_table(
            "markets",
            records=_market_rows(markets),
            columns=["id", "name", "short_name", "province", "city", "lat", "lon"],
        )
        now = datetime.now(UTC)
        cols = [
            "id",
            "product_id",
            "market_id",
            "day",
            "low",
            "avg",
            "high",
            "unit",
            "avg_jin",
            "source",
            "updated_at",
        ]
        count = 0
        batch: list[tuple[Any, ...]] = []
        for row in _rows(products, markets, days):
            batch.append((*row, now))
            if len(batch) >= CHUNK:
                await conn.copy_records_to_table("prices", records=batch, columns=cols)
                count += len(batch)
                batch.clear()
        await conn.copy_records_to_table("prices", records=batch, columns=cols)
        count += len(batch)
        for table in ("products", "markets", "prices"):
            await conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
    return count


def _sessions(url: str) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(make_engine(url), expire_on_commit=False)


async def measure(
    url: str,
    baseline_url: str,
    products: int,
    markets: int,
    rows: int,
    queries: int,
    baseline_every: int,
) -> dict[str, Any]:
    """Latency figures of one backend: every kind of question interleaved, so they share
    whatever else the machine is doing; the no-index baseline every `baseline_every` rounds."""
    rng = random.Random(SEED + 2)
    indexed, bare = _sessions(url), _sessions(baseline_url)
    async with indexed() as session:
        # Detached rows: the questions only need each product's id and name.
        product_rows = {p.id: p for p in await session.scalars(select(Product))}

    async def latest(sessions: async_sessionmaker[AsyncSession]) -> None:
        product = product_rows[rng.randint(1, products)]
        place = Place("home", "", 22 + rng.random() * 24, 100 + rng.random() * 27)
        async with sessions() as session, session.begin():
            markets_now = await all_markets(session)
            answer = await latest_prices(session, product, place, TODAY, "斤", markets_now)
        assert len(answer.rows) == 3 and answer.rows[0].change_7d is not None

    async def chart(sessions: async_sessionmaker[AsyncSession]) -> None:
        product = product_rows[rng.randint(1, products)]
        ids = rng.sample(range(1, markets + 1), 3)
        async with sessions() as session, session.begin():
            data = await chart_series(session, product, ids, TODAY, "斤")
        assert all(len(s.days) == 30 for s in data.series)

    async def pk(sessions: async_sessionmaker[AsyncSession]) -> None:
        async with sessions() as session, session.begin():
            assert await session.get(MarketPrice, rng.randint(1, rows)) is not None

    kinds: list[tuple[str, Callable[[], Awaitable[None]]]] = [
        ("latest", lambda: latest(indexed)),
        ("chart", lambda: chart(indexed)),
        ("pk_lookup", lambda: pk(indexed)),
    ]
    baseline: list[tuple[str, Callable[[], Awaitable[None]]]] = [
        ("no_index_latest", lambda: latest(bare)),
        ("no_index_chart", lambda: chart(bare)),
    ]
    samples: dict[str, list[float]] = {name: [] for name, _ in kinds + baseline}
    try:
        for _ in range(20):  # warm up: connections, statement caches, the market list
            for _name, fn in kinds:
                await fn()
        for _name, fn in baseline:
            await fn()
        for i in range(queries):
            todo = list(kinds) + (list(baseline) if i % baseline_every == 0 else [])
            rng.shuffle(todo)
            for name, fn in todo:
                start = time.perf_counter()
                await fn()
                samples[name].append((time.perf_counter() - start) * 1000)
    finally:
        await indexed.kw["bind"].dispose()
        await bare.kw["bind"].dispose()
    result: dict[str, Any] = {}
    for name, values in samples.items():
        p50, p99 = _quantiles(values)
        result[f"{name}_p50_ms"], result[f"{name}_p99_ms"] = round(p50, 3), round(p99, 3)
        print(f"  {name:<16} p50 {p50:8.3f} ms   p99 {p99:8.3f} ms   (n={len(values)})", flush=True)
    for name in ("latest", "chart"):
        result[f"index_speedup_{name}_p50"] = round(
            result[f"no_index_{name}_p50_ms"] / result[f"{name}_p50_ms"], 1
        )
    return result


async def _drop_composite(url: str) -> None:
    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text(f"DROP INDEX {COMPOSITE}"))
            await conn.execute(text("ANALYZE"))
    finally:
        await engine.dispose()


async def run_backend(backend: str, args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    """Create, load, copy (the copy without the composite index), measure and drop."""
    from tests import dbutil

    if backend == "sqlite":
        path = tmp / "prices.db"
        url = f"sqlite+aiosqlite:///{path}"
    else:
        reason = await dbutil.postgres_available()
        if reason is not None:
            print(f"postgres skipped: {reason}")
            return {"skipped": reason}
        url = await dbutil.create_postgres_database()
    baseline_url = ""
    try:
        await migrate.upgrade(url)
        start = time.perf_counter()
        if backend == "sqlite":
            rows = load_sqlite(path, args.products, args.markets, args.days)
        else:
            rows = await load_postgres(url, args.products, args.markets, args.days)
        load_s = time.perf_counter() - start
        print(f"{backend}: loaded {rows:,} rows in {load_s:.1f} s", flush=True)
        baseline_url = await _copy_database(backend, url, tmp)
        await _drop_composite(baseline_url)
        figures = await measure(
            url, baseline_url, args.products, args.markets, rows, args.queries, args.baseline_every
        )
        return {"rows": rows, "load_s": round(load_s, 1), **figures}
    finally:
        if backend == "postgres":
            await dbutil.drop_postgres_database(url)
            if baseline_url:
                await dbutil.drop_postgres_database(baseline_url)


async def _copy_database(backend: str, url: str, tmp: Path) -> str:
    # The baseline is the same data in a second database, so both are measured
    # side by side in one loop.
    if backend == "sqlite":
        source = sqlite3.connect(make_url(url).database or "")
        target_path = tmp / "prices_baseline.db"
        target = sqlite3.connect(target_path)
        source.backup(target)
        source.close()
        target.close()
        return f"sqlite+aiosqlite:///{target_path}"
    import asyncpg

    from tests import dbutil

    name = f"{make_url(url).database}_b"
    admin = await asyncpg.connect(
        make_url(dbutil.postgres_base_url())
        .set(drivername="postgresql")
        .render_as_string(hide_password=False)
    )
    try:
        await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{make_url(url).database}"')
    finally:
        await admin.close()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


async def main(args: argparse.Namespace) -> dict[str, Any]:
    """Run every backend asked for."""
    out: dict[str, Any] = {
        "bench": "prices",
        "products": args.products,
        "markets": args.markets,
        "days": args.days,
        "queries": args.queries,
        "target_p99_ms": TARGET_P99_MS,
        "python": platform.python_version(),
        # Other work on this machine shows up in p99: record how busy it was.
        "load_average_start": round(os.getloadavg()[0], 2),
    }
    with tempfile.TemporaryDirectory() as tmp:
        for backend in args.backends.split(","):
            out[backend] = await run_backend(backend, args, Path(tmp))
    out["load_average_end"] = round(os.getloadavg()[0], 2)
    measured = [out[b] for b in args.backends.split(",") if "latest_p99_ms" in out[b]]
    out["meets_target"] = bool(measured) and all(
        f["latest_p99_ms"] < TARGET_P99_MS and f["chart_p99_ms"] < TARGET_P99_MS for f in measured
    )
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--products", type=int, default=200)
    parser.add_argument("--markets", type=int, default=50)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--queries", type=int, default=1000, help="measured questions of each kind")
    parser.add_argument(
        "--baseline-every",
        type=int,
        default=20,
        help="ask the no-index baseline once every N rounds",
    )
    parser.add_argument("--backends", default="sqlite,postgres")
    result = asyncio.run(main(parser.parse_args()))
    print(json.dumps(result, ensure_ascii=False))
