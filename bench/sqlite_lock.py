"""Farmers' questions on SQLite while another process writes: a long import, or a held lock.

    .venv/bin/python -m bench.sqlite_lock [--rows 200000] [--hold-s 25] [--probe-s 0.2]

On a new SQLite database with the sample (markets, prices), FarmHub runs (in
this process, on the local Bot API server) and a registered farmer alternately
sends /help and 西红柿多少钱, one after another, while another process:

1. `hold`: holds the database's write lock for `--hold-s` seconds (BEGIN
   IMMEDIATE and an UPDATE, then waits);
2. `import`: runs `farmhub prices import` of a `--rows`-row price file (the
   sample's prices repeated further back in time).

For each phase: probes answered, failed (no answer within 15 s), p50 and max
seconds from the farmer's message to the answer, and how long the write lock
was held at a stretch (a third connection tries `BEGIN IMMEDIATE` without
waiting every 50 ms). One JSON line at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bot.core.config import load_settings
from bot.sandbox.harness import Harness

HOLDER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.execute("BEGIN IMMEDIATE")
db.execute("UPDATE users SET name = name")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("ROLLBACK")
"""


class LockWatch(threading.Thread):
    """Tries to take the write lock every 50 ms without waiting: the longest time it could not."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.stop = threading.Event()
        self.longest = 0.0
        self.held_total = 0.0

    def run(self) -> None:
        """Probe until stopped."""
        import sqlite3

        db = sqlite3.connect(self.path, isolation_level=None, timeout=0)
        since: float | None = None
        last = time.monotonic()
        while not self.stop.is_set():
            now = time.monotonic()
            try:
                db.execute("BEGIN IMMEDIATE")
                db.execute("ROLLBACK")
                if since is not None:
                    self.longest = max(self.longest, now - since)
                since = None
            except sqlite3.OperationalError:
                if since is None:
                    since = now
                self.held_total += now - last
            last = now
            time.sleep(0.05)
        if since is not None:
            self.longest = max(self.longest, time.monotonic() - since)
        db.close()


def price_file(path: Path, source: Path, rows: int) -> int:
    """The exported sample prices, repeated further back in time until `rows` rows."""
    with source.open(encoding="utf-8") as handle:
        sample = list(csv.DictReader(handle))
    days = [date.fromisoformat(r["date"]) for r in sample]
    span = (max(days) - min(days)).days + 1
    written = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(sample[0]))
        writer.writeheader()
        shift = 0
        while written < rows:
            for row in sample:
                if written >= rows:
                    break
                day = date.fromisoformat(row["date"]) - timedelta(days=span * shift)
                writer.writerow({**row, "date": day.isoformat(), "source": "bench"})
                written += 1
            shift += 1
    return written


async def probe(harness: Harness, until: asyncio.Event) -> dict[str, Any]:
    """The farmer asks, one question after another, until told to stop."""
    farmer = harness.user(10001, "张大爷")
    seconds: list[float] = []
    failed = 0
    texts = ["/help", "西红柿多少钱"]
    while not until.is_set():
        started = time.monotonic()
        try:
            await farmer.send(texts[len(seconds) % 2], within=15)
            seconds.append(time.monotonic() - started)
        except AssertionError:
            failed += 1
            seconds.append(time.monotonic() - started)
        harness.take_errors()
        await asyncio.sleep(0.2)
    return {
        "probes": len(seconds),
        "failed": failed,
        "p50_s": round(statistics.median(seconds), 3) if seconds else None,
        "max_s": round(max(seconds), 3) if seconds else None,
    }


async def phase(
    harness: Harness, path: Path, command: list[str], env: dict[str, str]
) -> dict[str, Any]:
    """Probe while `command` runs in another process; the figures."""
    watch = LockWatch(path)
    watch.start()
    until = asyncio.Event()
    prober = asyncio.create_task(probe(harness, until))
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(
        *command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, err = await process.communicate()
    took = time.monotonic() - started
    until.set()
    found = await prober
    watch.stop.set()
    watch.join()
    return {
        **found,
        "seconds": round(took, 1),
        "exit": process.returncode,
        "lock_longest_s": round(watch.longest, 2),
        "lock_held_s": round(watch.held_total, 1),
        **({"stderr": err.decode()[-300:]} if process.returncode else {}),
    }


async def bench(args: argparse.Namespace) -> dict[str, Any]:
    """Both phases on one new database."""
    from bot.core import migrate
    from bot.core.db import dispose_engine, init_engine, session_scope
    from bot.sample import load_all

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lock.db"
        url = f"sqlite+aiosqlite:///{path}"
        await migrate.upgrade(url)
        init_engine(url)
        async with session_scope() as session:
            await load_all(session, users=False)
        env = {**os.environ, "FARMHUB_DATABASE_URL": url, "FARMHUB_TELEGRAM_TOKEN": ""}
        exported = Path(tmp) / "sample.csv"
        export = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "prices", "export", str(exported), env=env
        )
        assert await export.wait() == 0
        rows = price_file(Path(tmp) / "prices.csv", exported, args.rows)
        settings = load_settings(database_url=url, admin_ids=[30001])
        results: dict[str, Any] = {}
        try:
            async with Harness.start(settings) as harness:
                farmer = harness.user(10001, "张大爷")
                await farmer.send("/start")
                hold = [sys.executable, "-c", HOLDER, str(path), str(args.hold_s)]
                results["hold"] = await phase(harness, path, hold, env)
                imp = [sys.executable, "-m", "bot", "prices", "import", f"{tmp}/prices.csv"]
                results["import"] = await phase(harness, path, imp, env)
                results["import"]["rows"] = rows
        finally:
            await dispose_engine()
    return {"bench": "sqlite_lock", "load_avg_1m": round(os.getloadavg()[0], 2), **results}


def main(argv: list[str] | None = None) -> int:
    """Run both phases and print the JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--hold-s", type=float, default=25.0)
    args = parser.parse_args(argv)
    import logging

    logging.basicConfig(level=logging.WARNING)
    print(json.dumps(asyncio.run(bench(args)), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
