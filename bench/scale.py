"""Webhook workers on PostgreSQL: updates through 1, 2 and 4 workers, and a leader kill.

    .venv/bin/python -m bench.scale [--updates 1000] [--chats 100] [--workers 1,2,4]
                                    [--alerts 20000] [--reps 1]

Everything on this machine: PostgreSQL (FARMHUB_TEST_POSTGRES_URL or
postgres@127.0.0.1), the Bot API server in this process (bot/sandbox, flood
limits off for the updates, Telegram's paid-broadcast limit for the alerts),
pushing updates to the webhook up to 100 at once as Telegram does, and FarmHub
as `farmhub run --webhook --workers N` subprocesses (bot/sandbox/workers.py).

- updates: for each N, a burst of `--updates` "你好" from `--chats` farmers (the
  bench/updates.py workload) into one uvicorn with N worker processes:
  updates/s (N over the time to the last reply) and the p50/p99 latency from
  the update being queued to its reply reaching the server. A warm-up burst
  first (the first questions load the caches).
- leader: two single-process workers (as on two machines); `--alerts` pushes
  queued at once as one alert run (paid broadcast); the leader is killed with
  SIGKILL once a third are delivered; reported: takeover time (kill to the
  other reporting itself leader), the gap in deliveries, duplicates and losses
  counted by the server, rows left in doubt (on the wire at the kill).

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import insert

from bot.cluster.locks import asyncpg_dsn
from bot.core import migrate
from bot.core.db import dispose_engine, init_engine, session_scope
from bot.delivery import outbox
from bot.models import User
from bot.models.alerts import RunKind
from bot.models.users import utcnow
from bot.sandbox.flood import FloodLimits
from bot.sandbox.server import BotApiServer
from bot.sandbox.workers import HOOK_PATH, Balancer, WorkerProcess
from tests import dbutil

TEXT = "你好"
FIRST_CHAT = 5_000_000
FIRST_SUBSCRIBER = 6_000_000


def log(line: str) -> None:
    """Progress on stderr; the JSON result alone on stdout's last line."""
    print(line, file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of values, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def group_cpu(group: int) -> float:
    """CPU seconds used so far by every live process of a process group (a worker's)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the command: state ppid pgrp ... utime (12th) stime (13th).
        if int(fields[2]) == group:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


async def until(probe: Any, done: Any, within: float, every: float = 0.02) -> Any:
    """Call `probe` (sync or async) until `done(value)`; the value. TimeoutError after `within`."""
    deadline = time.monotonic() + within
    while True:
        value = probe()
        if asyncio.iscoroutine(value):
            value = await value
        if done(value):
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"still {value!r} after {within} s")
        await asyncio.sleep(every)


async def fresh_database() -> str:
    """A new migrated PostgreSQL database."""
    url = await dbutil.create_postgres_database()
    await migrate.upgrade(url)
    return url


async def all_processes_up(worker: WorkerProcess, count: int, within: float = 120) -> None:
    """Wait until `count` distinct worker processes have answered /healthz."""
    pids: set[object] = set()
    deadline = time.monotonic() + within
    while len(pids) < count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"only {len(pids)} of {count} workers answered")
        health = await worker.health()
        if health is not None:
            pids.add(health["pid"])
        await asyncio.sleep(0.05)


async def burst(server: BotApiServer, updates: int, chats: int, base: int) -> dict[str, float]:
    """Queue `updates` messages at once; wait for every reply; rate and latencies."""
    api = server.api
    people = [api.person(base + i, f"农户{i}", language_code="zh-hans") for i in range(chats)]
    queued: dict[int, list[float]] = {p.id: [] for p in people}
    sent_before = {p.id: len(api.chats[p.id].bot_messages) for p in people}
    calls_before = len(server.calls)
    started = time.monotonic()
    for i in range(updates):
        person = people[i % chats]
        api.user_message(person, api.chats[person.id], text=TEXT)
        queued[person.id].append(time.monotonic())
    target = updates + sum(sent_before.values())
    deadline = started + 300
    while sum(len(api.chats[p.id].bot_messages) for p in people) < target:
        if time.monotonic() > deadline:
            raise TimeoutError("replies missing")
        await asyncio.sleep(0.02)
    elapsed = time.monotonic() - started
    # The k-th reply in a chat answers the k-th update of that chat (one chat's in order).
    answered: dict[int, list[float]] = {p.id: [] for p in people}
    for call in server.calls[calls_before:]:
        chat = call.params.get("chat_id") if call.method == "sendMessage" else None
        if chat in answered and call.finished is not None:
            answered[chat].append(call.finished)
    latencies = [
        done - sent
        for chat, times in queued.items()
        for sent, done in zip(times, sorted(answered[chat]), strict=False)
    ]
    return {
        "updates_per_s": round(updates / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
    }


async def updates_run(workers: int, args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    """One uvicorn with `workers` processes: warm-up, then the measured bursts."""
    url = await fresh_database()
    server = BotApiServer(flood=FloodLimits.off())
    await server.start()
    # PostgreSQL here allows 100 connections, shared with the machine's other users:
    # the workers together handle 16 updates at once, whatever their number.
    env = {
        "FARMHUB_LOG_LEVEL": "WARNING",
        "FARMHUB_WEBHOOK_CONCURRENCY": str(max(2, 16 // workers)),
    }
    worker = WorkerProcess(
        server, url, "", tmp / f"updates-{workers}.log", workers=workers, extra_env=env
    )
    worker.env["FARMHUB_WEBHOOK_URL"] = worker.url + HOOK_PATH
    try:
        worker.start()
        await worker.ready(120)
        await all_processes_up(worker, workers)
        await burst(server, max(100, args.chats), args.chats, FIRST_CHAT)  # warm-up
        assert worker.proc is not None
        figures = []
        for rep in range(args.reps):
            cpu = group_cpu(worker.proc.pid)
            figure = await burst(server, args.updates, args.chats, FIRST_CHAT + 100_000 * (rep + 1))
            # The workers' CPU per update: what the machine's other load disturbs least.
            figure["cpu_ms_per_update"] = round(
                (group_cpu(worker.proc.pid) - cpu) * 1000 / args.updates, 1
            )
            figure["load_average"] = os.getloadavg()[0]
            figures.append(figure)
        result = {key: statistics.median(f[key] for f in figures) for key in figures[0]}
        log(f"[updates] {workers} worker(s): {result}")
        return result
    finally:
        worker.stop()
        await server.stop()
        await dbutil.drop_postgres_database(url)


async def _queue_alerts(url: str, count: int) -> None:
    ids = range(FIRST_SUBSCRIBER, FIRST_SUBSCRIBER + count)
    init_engine(url)
    try:
        now = utcnow()
        for start in range(0, count, 5000):
            async with session_scope() as session:
                await session.execute(
                    insert(User),
                    [
                        {
                            "telegram_id": i,
                            "name": f"农户{i}",
                            "language": "zh",
                            "role": "farmer",
                            "active": True,
                            "created_at": now,
                            "last_seen_at": now,
                        }
                        for i in ids[start : start + 5000]
                    ],
                )
        async with session_scope() as session:
            run = await outbox.start_run(session, RunKind.alert, "西红柿 above 3.0")
            await outbox.enqueue(
                session,
                [
                    outbox.Push(key=f"alert:bench:{uid}", chat_id=uid, text=f"🔔 价格提醒 {uid}")
                    for uid in ids
                ],
                source="alert",
                run=run,
            )
    finally:
        await dispose_engine()


async def leader_run(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    """Two workers; an alert run; the leader killed a third of the way; the counts."""
    url = await fresh_database()
    server = BotApiServer(flood=FloodLimits())
    await server.start()
    balancer = Balancer()
    await balancer.start()
    env = {"FARMHUB_RATE_LIMITS__PAID_BROADCAST": "true", "FARMHUB_LOG_LEVEL": "WARNING"}
    workers = [
        WorkerProcess(server, url, balancer.url, tmp / f"leader-{i}.log", extra_env=env)
        for i in range(2)
    ]
    conn = await asyncpg.connect(asyncpg_dsn(url))
    ids = range(FIRST_SUBSCRIBER, FIRST_SUBSCRIBER + args.alerts)
    try:
        for uid in ids:
            server.api.person(uid, f"农户{uid}", language_code="zh-hans")
        for worker in workers:
            worker.start()
        for worker in workers:
            await worker.ready(120)
        balancer.backends = [w.url for w in workers]

        async def leader() -> int | None:
            for index, worker in enumerate(workers):
                health = await worker.health()
                if health is not None and health["leader"]:
                    return index
            return None

        first = await until(leader, lambda found: found is not None, 60)
        assert first is not None
        before = server.api.messages_sent
        started = time.monotonic()
        await _queue_alerts(url, args.alerts)
        queued_s = time.monotonic() - started

        def delivered() -> int:
            return server.api.messages_sent - before

        await until(delivered, lambda n: n >= args.alerts // 3, 600)
        at_kill = delivered()
        workers[first].kill()
        killed = time.monotonic()
        await until(leader, lambda found: found == 1 - first, 60)
        takeover = time.monotonic() - killed
        await until(delivered, lambda n: n > at_kill, 60)
        gap = time.monotonic() - killed
        deadline = time.monotonic() + 600
        while await conn.fetchval(
            "SELECT count(*) FROM outbox WHERE status IN ('queued', 'claimed', 'sending')"
        ):
            if time.monotonic() > deadline:
                raise TimeoutError("the run did not finish")
            await asyncio.sleep(0.2)
        total = time.monotonic() - started
        counts = Counter(len(server.api.chats[uid].bot_messages) for uid in ids)
        doubt = {
            r["chat_id"]
            for r in await conn.fetch("SELECT chat_id FROM outbox WHERE status = 'doubt'")
        }
        missing = [uid for uid in ids if not server.api.chats[uid].bot_messages]
        result = {
            "alerts": args.alerts,
            "queued_s": round(queued_s, 1),
            "delivered_before_kill": at_kill,
            "takeover_s": round(takeover, 2),
            "delivery_gap_s": round(gap, 2),
            "duplicates": sum(n - 1 for n in counts if n > 1 for _ in range(counts[n])),
            "losses": len([uid for uid in missing if uid not in doubt]),
            "in_doubt": len(doubt),
            "in_doubt_delivered": len([uid for uid in doubt if uid not in missing]),
            "run_s": round(total, 1),
            "rate_per_s": round(args.alerts / total, 1),
        }
        log(f"[leader] {result}")
        return result
    finally:
        for worker in workers:
            worker.stop()
        await conn.close()
        await balancer.stop()
        await server.stop()
        await dbutil.drop_postgres_database(url)


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    """Every run in turn."""
    reason = await dbutil.postgres_available()
    if reason is not None:
        raise SystemExit(reason)
    with tempfile.TemporaryDirectory(prefix="farmhub-scale-") as scratch:
        tmp = args.logs or scratch
        out: dict[str, Any] = {"updates": args.updates, "chats": args.chats, "text": TEXT}
        for count in (int(n) for n in args.workers.split(",")):
            out[f"workers_{count}"] = await updates_run(count, args, Path(tmp))
        if args.alerts:
            out["leader_kill"] = await leader_run(args, Path(tmp))
        return out


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--updates", type=int, default=1000, help="updates per burst")
    parser.add_argument("--chats", type=int, default=100, help="distinct private chats")
    parser.add_argument("--workers", default="1,2,4", help="worker counts to measure")
    parser.add_argument(
        "--alerts", type=int, default=20_000, help="alerts in the kill run (0: none)"
    )
    parser.add_argument("--reps", type=int, default=1, help="bursts per worker count (median)")
    parser.add_argument("--logs", type=Path, default=None, help="keep the workers' logs here")
    args = parser.parse_args(argv)
    print(json.dumps(asyncio.run(main_async(args)), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
