"""Stations benchmark: the nearest-station lookup among 100,000 stations, and booking races.

Run: `.venv/bin/python bench/stations.py` (about a minute). `--stations`,
`--queries`, `--racers`, `--places` and `--backends sqlite,postgres` change it.

Lookup. 100,000 stations are laid out like a country's: 2,000 county seats
across eastern China, 50 stations scattered around each (about 15 km), each
taking a random handful of products and open 07:00-18:00 or 08:00-17:00. The
bot's own catalogue (bot.stations.catalogue.Catalog, the grid index of bot.core.geo) answers
"the three nearest stations that take product P, within 30 km" (open or not: a
closed one is listed as closed, since 2026-12) for
farmers standing near a random station. Baseline in the same run: brute force,
measuring the haversine distance to every station (what the index replaces);
every brute-force answer is compared with the index's.

Race. 200 farmers book at once (asyncio tasks, each with its own session, as
concurrent updates are handled) into the two slots of one station with 10
places in total, through the bot's booking service (bot.bookings.service.book inside
bot.core.transactions.retrying). Exactly 10 must succeed, the others be refused as
full, on SQLite and on PostgreSQL (each a temporary database migrated to head).

Lookup figures are per-question best of 5 passes (see bench_lookup); the last
line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, update  # noqa: E402

from bot.bookings.model import Refused  # noqa: E402
from bot.bookings.service import book  # noqa: E402
from bot.core import migrate  # noqa: E402
from bot.core.db import dispose_engine, init_engine, session_scope  # noqa: E402
from bot.core.geo import brute_force_nearest  # noqa: E402
from bot.core.transactions import retrying  # noqa: E402
from bot.models.stations import Booking, BookingStatus, Slot, SlotDay, StationKind  # noqa: E402
from bot.models.users import User  # noqa: E402
from bot.stations.catalogue import SERVED_RADIUS_KM, Catalog, StationInfo  # noqa: E402
from bot.stations.importer import store_stations  # noqa: E402
from knowledge.text.lexicon import lexicon  # noqa: E402
from tests import dbutil  # noqa: E402
from tests.stations_util import record  # noqa: E402

SEED = 20261128
TARGET_P99_MS = 1.0
SHANGHAI = ZoneInfo("Asia/Shanghai")
MORNING = datetime(2026, 12, 7, 6, 0, tzinfo=SHANGHAI)
DAY = date(2026, 12, 8)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def make_stations(n: int, rng: random.Random) -> list[StationInfo]:
    """n stations clustered around county seats in eastern China."""
    products = list(lexicon().products)
    seats = [(rng.uniform(21, 47), rng.uniform(100, 124)) for _ in range(max(1, n // 50))]
    hours = ((clock(7), clock(18)), (clock(8), clock(17)))
    kinds = list(StationKind)
    out = []
    for i in range(n):
        lat0, lon0 = seats[i % len(seats)]
        open_from, open_to = hours[i % 2]
        out.append(
            StationInfo(
                id=i + 1,
                external_id=f"B{i}",
                name=f"站{i}",
                kind=kinds[i % len(kinds)],
                lat=lat0 + rng.gauss(0, 0.12),
                lon=lon0 + rng.gauss(0, 0.15),
                address="",
                phone="",
                open_from=open_from,
                open_to=open_to,
                cold_storage=False,
                products=frozenset(rng.sample(products, rng.randint(5, 20))),
            )
        )
    return out


def bench_lookup(args: argparse.Namespace) -> dict[str, Any]:
    """The index against brute force on the same stations and questions."""
    rng = random.Random(SEED)
    stations = make_stations(args.stations, rng)
    started = time.perf_counter()
    catalog = Catalog.build(stations, [])
    build_s = time.perf_counter() - started
    products = list(lexicon().products)
    questions = []
    for _ in range(args.queries):
        near = rng.choice(stations)
        questions.append(
            (near.lat + rng.gauss(0, 0.05), near.lon + rng.gauss(0, 0.05), rng.choice(products))
        )
    # Warm up (first calls pay for caches), then time every question on its own,
    # `repeats` times. These machines are shared: a single pass's p99 mostly
    # measures when the OS ran someone else's process. The figure judged is each
    # question's best of the repeats (wall clock), shown with the single pass
    # and the thread's own CPU time so the noise is visible.
    for lat, lon, product in questions[:200]:
        catalog.nearest(lat, lon, product=product, max_km=SERVED_RADIUS_KM)
    best_us = [float("inf")] * len(questions)
    first_us: list[float] = []
    cpu_us: list[float] = []
    answers: list[list[int]] = []
    for repeat in range(args.repeats):
        for n, (lat, lon, product) in enumerate(questions):
            c0 = time.thread_time_ns()
            t0 = time.perf_counter()
            hits = catalog.nearest(lat, lon, product=product, max_km=SERVED_RADIUS_KM)
            wall = (time.perf_counter() - t0) * 1e6
            cpu = (time.thread_time_ns() - c0) / 1e3
            best_us[n] = min(best_us[n], wall)
            if repeat == 0:
                first_us.append(wall)
                cpu_us.append(cpu)
                answers.append([h.item.id for h in hits])
    index_us = best_us
    points = catalog.index.points
    brute_ms = []
    agree = True
    for n, (lat, lon, product) in enumerate(questions[: args.brute]):

        def accept(s: StationInfo, product: str = product) -> bool:
            return s.accepts(product)

        t0 = time.perf_counter()
        hits = brute_force_nearest(points, lat, lon, 3, accept, SERVED_RADIUS_KM)
        brute_ms.append((time.perf_counter() - t0) * 1e3)
        agree = agree and [h.item.id for h in hits] == answers[n]
    found = sum(1 for a in answers if a)
    load = round(os.getloadavg()[0], 1) if hasattr(os, "getloadavg") else None
    result = {
        "load_average": load,
        "stations": len(stations),
        "queries": len(questions),
        "build_s": round(build_s, 2),
        "repeats": args.repeats,
        "index_p50_us": round(statistics.median(index_us), 1),
        "index_p99_us": round(percentile(index_us, 99), 1),
        "index_max_us": round(max(index_us), 1),
        "single_pass_p50_us": round(statistics.median(first_us), 1),
        "single_pass_p99_us": round(percentile(first_us, 99), 1),
        "cpu_p99_us": round(percentile(cpu_us, 99), 1),
        "brute_p50_ms": round(statistics.median(brute_ms), 2),
        "speedup_p50": round(statistics.median(brute_ms) * 1e3 / statistics.median(index_us)),
        "answered": round(found / len(answers), 3),
        "agree_with_brute_force": agree,
    }
    print(
        f"lookup among {result['stations']:,} stations ({result['queries']:,} questions, "
        f"index built in {result['build_s']} s): best of {args.repeats} p50 "
        f"{result['index_p50_us']} µs, p99 {result['index_p99_us']} µs, max "
        f"{result['index_max_us']} µs; single pass p50 {result['single_pass_p50_us']} µs, "
        f"p99 {result['single_pass_p99_us']} µs; CPU p99 {result['cpu_p99_us']} µs; brute "
        f"force p50 {result['brute_p50_ms']} ms ({result['speedup_p50']}x slower); "
        f"{result['answered']:.0%} found a station; agree: {agree}"
    )
    return result


async def race(backend: str, args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    """`racers` farmers book at once into `places` places; count who got one."""
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp / 'race.db'}"
    else:
        reason = await dbutil.postgres_available()
        if reason is not None:
            print(f"postgres: skipped ({reason})")
            return {"skipped": reason}
        url = await dbutil.create_postgres_database()
    try:
        await migrate.upgrade(url)
        init_engine(url)
        half = args.places // 2
        slots = f"08:00-10:00={half}/1000000|14:00-16:00={args.places - half}/1000000"
        async with session_scope() as session:
            await store_stations(session, [record("RACE", slots=slots)])
            for n in range(args.racers):
                session.add(User(telegram_id=900_000 + n, name=f"农户{n}"))
        async with session_scope() as session:
            slot_ids = list(await session.scalars(select(Slot.id).order_by(Slot.starts)))
            station_id = int(await session.scalar(select(Slot.station_id).limit(1)) or 0)
        rng = random.Random(SEED)
        choices = [rng.choice(slot_ids) for _ in range(args.racers)]

        async def one(n: int) -> str:
            async def work(session: Any) -> Any:
                return await book(
                    session,
                    farmer_id=900_000 + n,
                    station_id=station_id,
                    slot_id=choices[n],
                    day=DAY,
                    product="西红柿",
                    quantity_text="500公斤",
                    quantity_kg=500,
                    now_local=MORNING,
                )

            try:
                await retrying(work)
            except Refused as refused:
                return refused.reason
            return "ok"

        started = time.perf_counter()
        outcomes = await asyncio.gather(*(one(n) for n in range(args.racers)))
        elapsed = time.perf_counter() - started
        async with session_scope() as session:
            booked = int(
                await session.scalar(
                    select(func.count(Booking.id)).where(Booking.status == BookingStatus.booked)
                )
                or 0
            )
            counters = list(await session.scalars(select(SlotDay.booked_count)))
        naive = await naive_race(slot_ids, choices)
        result = {
            "racers": args.racers,
            "places": args.places,
            "naive_succeeded": naive,
            "succeeded": outcomes.count("ok"),
            "refused_full": outcomes.count("full"),
            "other": len(outcomes) - outcomes.count("ok") - outcomes.count("full"),
            "rows_booked": booked,
            "counter_total": sum(counters),
            "seconds": round(elapsed, 2),
        }
        result["exact"] = (
            result["succeeded"]
            == result["rows_booked"]
            == result["counter_total"]
            == min(args.places, args.racers)
        )
        print(
            f"race on {backend}: {result['racers']} farmers, {result['places']} places -> "
            f"{result['succeeded']} booked, {result['refused_full']} refused as full, "
            f"{result['other']} other, in {result['seconds']} s; exact: {result['exact']} "
            f"(baseline, read-then-write without the conditional UPDATE: "
            f"{result['naive_succeeded']} 'booked')"
        )
        return result
    finally:
        await dispose_engine()
        if backend == "postgres":
            await dbutil.drop_postgres_database(url)


async def naive_race(slot_ids: list[int], choices: list[int]) -> int:
    """The baseline: check the count, then write count + 1 (what the service must not do)."""
    day = DAY + timedelta(days=1)
    async with session_scope() as session:
        for slot_id in slot_ids:
            slot = await session.get(Slot, slot_id)
            assert slot is not None
            session.add(
                SlotDay(
                    slot_id=slot_id,
                    day=day,
                    capacity=slot.capacity,
                    capacity_kg=slot.capacity_kg,
                    booked_count=0,
                    booked_kg=0,
                    closed=False,
                )
            )

    async def one(slot_id: int) -> bool:
        async with session_scope() as session:
            row = (
                await session.execute(
                    select(SlotDay.id, SlotDay.booked_count, SlotDay.capacity).where(
                        SlotDay.slot_id == slot_id, SlotDay.day == day
                    )
                )
            ).one()
            if row.booked_count >= row.capacity:
                return False
            # Other farmers' requests run here, as they do between two awaits in the bot.
            await asyncio.sleep(0)
            await session.execute(
                update(SlotDay)
                .where(SlotDay.id == row.id)
                .values(booked_count=row.booked_count + 1)
            )
            return True

    outcomes = await asyncio.gather(*(one(slot_id) for slot_id in choices))
    return sum(outcomes)


async def main(args: argparse.Namespace) -> dict[str, Any]:
    """Every measurement, as one dictionary."""
    lookup = bench_lookup(args)
    races = {}
    with tempfile.TemporaryDirectory() as tmp:
        for backend in args.backends.split(","):
            races[backend] = await race(backend, args, Path(tmp))
    ok = (
        lookup["index_p99_us"] < TARGET_P99_MS * 1000
        and lookup["agree_with_brute_force"]
        and all(r.get("exact", False) or "skipped" in r for r in races.values())
    )
    return {
        "bench": "stations",
        "python": platform.python_version(),
        "lookup": lookup,
        "race": races,
        "target_p99_ms": TARGET_P99_MS,
        "ok": ok,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stations", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=5, help="timed passes over the questions")
    parser.add_argument("--brute", type=int, default=200, help="questions also brute-forced")
    parser.add_argument("--racers", type=int, default=200)
    parser.add_argument("--places", type=int, default=10)
    parser.add_argument("--backends", default="sqlite,postgres")
    result = asyncio.run(main(parser.parse_args()))
    print(json.dumps(result, ensure_ascii=False))
    sys.exit(0 if result["ok"] else 1)
